/* tifa search, the dialog: loaded by search.js when a reader first opens the search. Backed by
   the Pagefind bundles in <site>/pagefind/. Whole-term matches first, glossary entries in one row,
   results ten records at a time with a count, excerpts cut around the words found. Filters (report,
   year, body, type) load when opened. */
(function () {
  "use strict";
  var root = window.__md_scope.href, bundle = window.tifaPagefind;  // from tifa-head.js
  var zhUI = /^zh/i.test(document.documentElement.getAttribute("lang") || "");
  var L = window.tifaStrings || {};
  function t(key, fallback) { return L[key] || fallback; }
  var PAGE = 10, AHEAD = 4, GLOSSARY_ROW = 4;
  var api = window.tifaSearch, HAN = api.HAN, pattern = api.pattern, marked = api.marked;
  var GROUPS = " \u2016 ", FORMS = " | ", PART = "\u2e3f";  // as tifa/search.py writes them

  /* ---------- Text helpers ---------- */
  function fold(s) {  // compare forms: case, tones and spaces do not matter
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, "");
  }
  function unquote(q) {
    return q.replace(/["\u201c\u201d\u300c\u300d\u300a\u300b]/g, " ").replace(/\s+/g, " ").trim();
  }
  function chineseWords(q) {  // the browser's split of a Chinese query, used as a fallback
    if (!window.Intl || !Intl.Segmenter) { return q.split(" "); }
    var seg = new Intl.Segmenter("zh", { granularity: "word" });
    return Array.from(seg.segment(q)).filter(function (s) { return s.isWordLike; })
      .map(function (s) { return s.segment; });
  }
  /* What to mark in a result: the forms of each whole term the query names (so an English or
     pinyin query marks the Chinese term too), else the query and its words. */
  function marksFor(query, terms) {
    var q = unquote(query), fq = fold(q), whole = [];
    (terms || "").split(GROUPS).forEach(function (group) {
      var forms = group.split(FORMS);
      if (forms.some(function (f) { var ff = fold(f); return ff && (ff.indexOf(fq) >= 0 || fq.indexOf(ff) >= 0); })) {
        whole = whole.concat(forms);
      }
    });
    var parts = HAN.test(q) ? [q].concat(chineseWords(q)) : q.split(" ");
    var long = parts.filter(function (w) { return w.length > 1; });
    return { whole: whole.concat([q]), parts: long.length ? long : parts };
  }

  /* An excerpt centred on the first whole-term match (else on the first word found). */
  function excerpt(content, marks) {
    var whole = pattern(marks.whole), any = pattern(marks.whole.concat(marks.parts));
    var at = -1, m;
    [whole, any].some(function (re) {
      if (re) { re.lastIndex = 0; m = re.exec(content); if (m) { at = m.index; } }
      return at >= 0;
    });
    var span = HAN.test(content.slice(Math.max(at, 0), Math.max(at, 0) + 40)) ? 36 : 90;
    var start = Math.max(0, at - span), end = Math.min(content.length, Math.max(at, 0) + span * 2);
    var text = (start > 0 ? "\u2026" : "") + content.slice(start, end) + (end < content.length ? "\u2026" : "");
    if (whole) { whole.lastIndex = 0; }
    var shown = whole && whole.test(content) ? whole : pattern(marks.parts);
    return { nodes: marked(text, shown), words: shown ? content.match(shown) || [] : [] };
  }

  /* ---------- The dialog ---------- */
  var dialog = document.createElement("dialog");
  dialog.className = "tifa-search";
  dialog.setAttribute("aria-label", t("search", "Search"));
  dialog.innerHTML =
    '<form method="dialog" class="tifa-search-bar" role="search">' +
    '<input type="search" name="q" autocomplete="off" spellcheck="false">' +
    '<button type="submit" value="close" class="tifa-search-close"></button></form>' +
    '<details class="tifa-search-more"><summary></summary>' +
    '<div class="tifa-search-filters"></div></details>' +
    '<p class="tifa-search-status" role="status" aria-live="polite"></p>' +
    '<div class="tifa-search-glossary" hidden><strong></strong><ul></ul></div>' +
    '<ol class="tifa-search-results"></ol>' +
    '<button type="button" class="md-button tifa-search-next" hidden></button>';
  document.body.appendChild(dialog);
  var input = dialog.querySelector("input");
  input.placeholder = t("placeholder", "Search in Chinese, English or pinyin");
  input.setAttribute("aria-label", t("search", "Search"));
  dialog.querySelector(".tifa-search-close").textContent = t("close", "Close");
  var status = dialog.querySelector(".tifa-search-status");
  var list = dialog.querySelector(".tifa-search-results");
  var glossaryRow = dialog.querySelector(".tifa-search-glossary");
  glossaryRow.querySelector("strong").textContent = t("glossary", "Glossary");
  var next = dialog.querySelector(".tifa-search-next");
  next.textContent = t("more", "More results");
  var filtersBox = dialog.querySelector(".tifa-search-filters");
  var pagefind = null, timer = null, serial = 0, current = null;

  var SHARD = { baseUrl: "/", ranking: { metaWeights: { terms: 10, title: 2 } } };
  var OPTIONS = Object.assign({ noWorker: true }, SHARD);
  /* The reports' paragraphs are indexed in shards (tifa/search.py), each a bundle of its own
     that Pagefind merges into the glossary's: it runs on this bundle's script and WebAssembly. */
  function merge(pf) {
    return fetch(bundle + "tifa-shards.json").then(function (r) { return r.json(); })
      .then(function (listed) {
        return Promise.all(listed.shards.map(function (name) {
          return pf.mergeIndex(bundle + name + "/", SHARD);
        }));
      });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options(OPTIONS)
          .then(function () {
            // Pagefind takes the language it splits queries in from <html lang> when it starts:
            // on zh pages it would cut 两个确立 into 两|个|确立, on en pages not. Both interfaces
            // search one index, so it starts under one neutral language in both.
            var html = document.documentElement, lang = html.getAttribute("lang"), ready;
            html.setAttribute("lang", "und");
            try { ready = pf.init(); } finally { html.setAttribute("lang", lang); }
            return ready;
          }).then(function () { return merge(pf); }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // The filter lists grow with the number of reports: fetch them only when a reader asks.
  var more = dialog.querySelector(".tifa-search-more");
  more.querySelector("summary").textContent = t("filters", "Filter by report, year, body or type");
  more.addEventListener("toggle", function () {
    if (more.open && !filtersBox.hasChildNodes()) {
      load().then(function (pf) { return pf.filters(); }).then(buildFilters);
    }
  });

  function buildFilters(filters) {
    [["report", t("report", "Report")], ["year", t("year", "Year")],
     ["body", t("body", "Issuing body")], ["doctype", t("doctype", "Document type")]].forEach(function (pair) {
      // the Chinese interface shows the Chinese values of a filter where the index has them
      var key = zhUI && filters[pair[0] + "_zh"] ? pair[0] + "_zh" : pair[0];
      var values = filters[key];
      if (!values || Object.keys(values).length < 2) { return; }
      var label = document.createElement("label");
      label.textContent = pair[1] + " ";
      var select = document.createElement("select");
      select.dataset.filter = key;
      select.appendChild(new Option(t("all", "All"), ""));
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b, zhUI ? "zh" : "en"); }).forEach(function (v) { select.appendChild(new Option(v, v)); });
      select.addEventListener("change", run);
      label.appendChild(select);
      filtersBox.appendChild(label);
    });
  }

  function chosenFilters() {
    var chosen = {};
    filtersBox.querySelectorAll("select").forEach(function (s) {
      if (s.value) { chosen[s.dataset.filter] = s.value; }
    });
    return chosen;
  }

  /* Candidates for a query. Latin script: Pagefind's own matching. Chinese: first the query
     as typed (A: matched whole against the terms field and indexed words; when no word starts
     with it, Pagefind falls back to a shorter prefix). When A's first results do not all hold
     the query whole, also the browser's words of it of two characters or more (B, all
     required; single characters match nearly everything): B's results, those also in A
     first, then A's others. `showMore` puts whole matches first as results load. */
  function hits(pf, query, filters) {
    var q = unquote(query);
    var split = HAN.test(q) ? chineseWords(q).filter(function (w) { return w.length > 1; }).join(" ") : q;
    return pf.search(q, { filters: filters }).then(function (sa) {
      var a = sa.results;
      if (!split || split === q) { return a; }
      return Promise.all(a.slice(0, PAGE).map(function (r) { return r.data(); })).then(function (rows) {
        if (rows.length && rows.every(function (d) { return holds(d, query); })) { return a; }
        return pf.search(split, { filters: filters }).then(function (sb) {
          var inA = {}, inB = {}, b = sb.results;
          a.forEach(function (r) { inA[r.id] = 1; });
          b.forEach(function (r) { inB[r.id] = 1; });
          return b.filter(function (r) { return inA[r.id]; }).concat(
            b.filter(function (r) { return !inA[r.id]; }), a.filter(function (r) { return !inB[r.id]; }));
        });
      });
    });
  }

  /* Does a loaded result hold the query whole: in its text, or as one of its terms? */
  function holds(data, query) {
    var q = unquote(query);
    if (!HAN.test(q) && !/\d/.test(q)) { return true; }  // Latin words: Pagefind's match
    var fq = fold(q), text = fold(data.content || "");
    return text.indexOf(fq) >= 0 || (data.meta.terms || "").split(GROUPS).some(function (g) {
      return g.split(FORMS).some(function (f) { return fold(f) === fq; });
    });
  }

  /* A record's page and paragraphs, from the file it was indexed from (record_file in
     tifa/search.py): reports/<slug>/<section>/p11-p12.html holds paragraphs p11 and p12 of that
     page, glossary/<slug>.html is a term page. */
  function target(data) {
    var m = data.url.replace(/^\//, "").match(/^(.*\/)?([^\/]+)\.html$/) || ["", "", ""];
    var dir = m[1] || "", name = m[2];
    return /^reports\//.test(dir) && /^p\d+(-p\d+)*$/.test(name) ? { path: dir, pids: name.split("-") } :
      { path: dir + name + "/", pids: [] };
  }

  function landing(path, pid, words) {
    var hl = words.filter(function (w, i) { return w && words.indexOf(w) === i; }).slice(0, 8);
    return root + path + (hl.length ? "?hl=" + encodeURIComponent(hl.join("|")) : "") +
      (pid ? "#" + pid : "");
  }

  /* The rows of a record: each of its paragraphs that holds the query (else the first that
     matches any of its words, else the first), linked and labelled by its number. */
  function items(data, query) {
    var to = target(data), parts = (data.content || "").split(PART), marks = marksFor(query, data.meta.terms);
    if (parts.length !== to.pids.length) { parts = [parts.join(" ")]; }
    var any = pattern(marks.whole.concat(marks.parts)), chosen = [];
    parts.forEach(function (part, i) { if (holds({ content: part, meta: {} }, query) && any && (any.lastIndex = 0, any.test(part))) { chosen.push(i); } });
    if (!chosen.length) {
      var first = parts.findIndex(function (part) { return any && (any.lastIndex = 0, any.test(part)); });
      chosen = [Math.max(first, 0)];
    }
    return chosen.map(function (i) {
      var li = document.createElement("li"), a = document.createElement("a"), pid = to.pids[i] || to.pids[0];
      var cut = excerpt(parts[i], marks);
      a.href = landing(to.path, pid, cut.words);
      var title = document.createElement("strong");
      title.textContent = data.meta.title + (pid ? " \u00b6" + pid : "");
      a.appendChild(title);
      var report = zhUI ? data.meta.report_zh : data.meta.report;
      if (report) {
        var where = document.createElement("small");
        where.textContent = report;
        a.appendChild(where);
      }
      var p = document.createElement("p");
      p.appendChild(cut.nodes);
      a.appendChild(p);
      li.appendChild(a);
      return li;
    });
  }

  function glossaryItem(data, query) {
    var li = document.createElement("li"), a = document.createElement("a");
    var to = target(data);
    a.href = landing(to.path, "", []);
    a.appendChild(marked(data.meta.title, pattern(marksFor(query, data.meta.terms).whole)));
    li.appendChild(a);
    return li;
  }

  function countText(n) {
    return n === 1 ? t("one", "1 result") : t("many", "{n} results").replace("{n}", n);
  }

  /* Ten more paragraphs. Results load a few ahead, and those that hold the query whole go
     before those that matched only some of its characters. */
  function showMore() {
    var s = current, mine = serial;
    var batch = s.pending.splice(0, s.pool.length ? PAGE : PAGE + AHEAD);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (rows) {
      if (mine !== serial) { return; }
      rows.forEach(function (d) { s.pool.push({ data: d, whole: holds(d, s.query), at: s.seen++ }); });
      s.pool.sort(function (x, y) { return (y.whole - x.whole) || (x.at - y.at); });
      s.pool.splice(0, PAGE).forEach(function (e) {
        if (!e.whole && !list.querySelector(".tifa-search-partial")) {
          var note = document.createElement("li");
          note.className = "tifa-search-partial";
          note.textContent = t("partial", "Matching only some of the words:");
          list.appendChild(note);
        }
        items(e.data, s.query).forEach(function (li) { list.appendChild(li); });
      });
      next.hidden = !s.pool.length && !s.pending.length;
    });
  }

  function show(found, glossary, query) {
    list.innerHTML = "";
    var row = glossaryRow.querySelector("ul");
    row.innerHTML = "";
    glossaryRow.hidden = true;
    var ids = {};
    glossary.forEach(function (r) { ids[r.id] = 1; });
    current = { query: query, pool: [], seen: 0,
      pending: found.filter(function (r) { return !ids[r.id]; }) };
    var n = current.pending.length;
    status.textContent = n || glossary.length ? countText(n) :
      t("none", "No results for") + " \u201c" + query + "\u201d.";
    return Promise.all([
      Promise.all(glossary.slice(0, GLOSSARY_ROW + 1).map(function (r) { return r.data(); })).then(function (rows) {
        rows.filter(function (d) { return holds(d, query); }).slice(0, GLOSSARY_ROW).forEach(function (d) {
          row.appendChild(glossaryItem(d, query));
          glossaryRow.hidden = false;
        });
      }),
      showMore()
    ]);
  }

  function run() {
    var query = input.value.trim();
    var mine = ++serial;
    if (!query) {
      list.innerHTML = ""; status.textContent = ""; glossaryRow.hidden = true; next.hidden = true;
      return;
    }
    status.textContent = t("searching", "Searching\u2026");
    var filters = chosenFilters(), narrowed = Object.keys(filters).length > 0;
    load().then(function (pf) {
      return Promise.all([hits(pf, query, Object.assign({ kind: "paragraph" }, filters)),
        narrowed ? [] : hits(pf, query, { kind: "glossary" })]);
    }).then(function (both) {
      if (mine !== serial) { return; }
      return show(both[0], both[1], query).then(function () {
        if (mine === serial) { dialog.dataset.done = query; }
      });
    }).catch(function () {
      status.textContent = t("failed", "Search is not available here.");
    });
  }

  function open() {
    if (!dialog.open) { dialog.showModal(); }
    input.focus();
    input.select();
    load();
  }

  next.addEventListener("click", showMore);
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  dialog.addEventListener("click", function (e) { if (e.target === dialog) { dialog.close(); } });
  // A search field takes the first Esc to clear itself; the dialog should close at once.
  dialog.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); dialog.close(); }
  });
  window.tifaSearch.open = open;
})();
