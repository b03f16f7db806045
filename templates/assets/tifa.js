/* tifa reader: language view switch (remembered across pages). */
(function () {
  "use strict";
  var KEY = "tifa.view";
  var root = document.documentElement;

  function remember(view) {
    try { localStorage.setItem(KEY, view); } catch (e) { /* private mode: no memory */ }
  }

  function showView(view) {
    root.dataset.tifaView = view;
    document.querySelectorAll(".tifa-viewswitch [data-view]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    });
  }

  document.querySelectorAll(".tifa-viewswitch").forEach(function (sw) {
    sw.hidden = false;
    sw.addEventListener("click", function (event) {
      var button = event.target.closest("[data-view]");
      if (!button) { return; }
      showView(button.dataset.view);
      remember(button.dataset.view);
    });
  });
  showView(root.dataset.tifaView || "both");

})();

/* Citing a paragraph: a Cite button, added to each paragraph's tools, opens a menu under the
   paragraph with the full citation as text, BibTeX and RIS, each to copy or download; the
   notice that one was copied closes by itself. The report's data comes from the page's
   .tifa-where line, its slug from the tifa-report meta. */
(function () {
  "use strict";
  var where = document.querySelector(".tifa-where");
  var strings = window.tifaStrings || {};
  var lang = document.documentElement.lang;
  var reportMeta = document.querySelector('meta[name="tifa-report"]');
  if (!where) { return; }
  var menu = null, opener = null, noticeTimer = null;

  function iso(day) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return day.getFullYear() + "-" + two(day.getMonth() + 1) + "-" + two(day.getDate());
  }

  function fill(pattern, values) {
    // an empty value drops its placeholder and the punctuation after it
    return pattern.replace(/\{(\w+)\}([.,，：。]?\s?)/g, function (all, key, tail) {
      return values[key] ? values[key] + tail : "";
    });
  }

  function details(pair) {
    var d = where.dataset, zh = lang.indexOf("zh") === 0;
    var time = where.querySelector("time");  // the report's date, as shown and as ISO
    var day = time ? time.textContent : "", date = time ? time.dateTime : "";
    var today = new Date();
    return {
      pid: pair.id, report: reportMeta ? reportMeta.content : "", section: d.section,
      url: location.href.split(/[?#]/)[0] + "#" + pair.id,  // without a search's ?hl=
      issuer: d.issuer, title: d.title, day: day || date, date: date,
      author: (zh ? d.issuerZh : d.issuerEn) || d.issuerZh || d.issuerEn,
      plainTitle: zh ? d.titleZh + (d.titleEn ? "（" + d.titleEn + "）" : "")
                     : (d.titleEn || d.titleZh) + (d.titleEn && d.titleZh ? " (" + d.titleZh + ")" : ""),
      language: (d.languages || "zh-Hans").split(" ")[0],
      accessed: today.toLocaleDateString(zh ? "zh-Hans-CN" : "en-US",
                                         { year: "numeric", month: "long", day: "numeric" }),
      accessedIso: iso(today),
      where: d.section + ", " + (strings.paragraph || "paragraph") + " " + pair.id
    };
  }

  function plainText(c) { return fill(strings.cite || "{issuer}. {title}. {day}. {section}, paragraph {pid}. {url}", c); }

  function bib(value) {
    return value.replace(/[\\{}&%$#_~^]/g, function (ch) {
      return { "\\": "\\textbackslash{}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" }[ch] || "\\" + ch;
    });
  }

  function bibtex(c) {
    var fields = [["author", c.author && "{" + bib(c.author) + "}"], ["title", "{" + bib(c.plainTitle) + "}"],
                  ["date", bib(c.date)], ["year", bib(c.date.slice(0, 4))], ["note", bib(c.where)],
                  ["url", c.url], ["urldate", c.accessedIso], ["langid", c.language === "en" ? "english" : "chinese"]];
    return "@misc{tifa-" + c.report + "-" + c.pid + ",\n" + fields.filter(function (f) { return f[1]; })
      .map(function (f) { return "  " + f[0] + " = {" + f[1] + "}"; }).join(",\n") + "\n}\n";
  }

  function ris(c) {
    var lines = [["TY", "RPRT"], ["AU", c.author], ["TI", c.plainTitle], ["T2", c.section],
                 ["PY", c.date.slice(0, 4)], ["DA", c.date.replace(/-/g, "/")], ["PB", c.author],
                 ["LA", c.language], ["N1", c.where], ["UR", c.url],
                 ["Y2", c.accessedIso.replace(/-/g, "/")], ["DB", "tifa · 提法"], ["ER", ""]];
    return lines.filter(function (l) { return l[1] || l[0] === "ER"; })
      .map(function (l) { return l[0] + "  - " + l[1]; }).join("\r\n") + "\r\n";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function notice(text) {
    var status = menu.querySelector(".tifa-cite-notice");
    status.textContent = text;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "tifa-cite-action";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function row(name, text, file, type) {
    var div = document.createElement("div");
    div.className = "tifa-cite-row";
    div.setAttribute("role", "group");
    div.setAttribute("aria-label", name);
    var label = document.createElement("span");
    label.className = "tifa-cite-format";
    label.textContent = name;
    div.appendChild(label);
    div.appendChild(button(strings.copy || "Copy", function () {
      copyText(text).then(function () { notice((strings.copiedShort || "Citation copied") + " · " + name); },
                          function () { notice(text); });
    }));
    if (file) {
      var a = document.createElement("a");
      a.className = "tifa-cite-action";
      a.download = file;
      a.href = "data:" + type + ";charset=utf-8," + encodeURIComponent(text);
      a.textContent = strings.download || "Download";
      div.appendChild(a);
    }
    return div;
  }

  function close() {
    if (!menu) { return; }
    clearTimeout(noticeTimer);
    menu.remove();
    menu = null;
    opener.setAttribute("aria-expanded", "false");
    var back = opener;
    opener = null;
    return back;
  }

  function open(cite) {
    var pair = cite.closest(".tifa-pair");
    var c = details(pair);
    var text = plainText(c);
    menu = document.createElement("div");
    menu.className = "tifa-cite-menu";
    menu.id = "tifa-cite-menu";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", (strings.citeTitle || "Cite paragraph %(pid)s").replace("%(pid)s", c.pid));
    var shown = document.createElement("p");
    shown.className = "tifa-cite-text";
    shown.textContent = text;
    menu.appendChild(shown);
    var name = "tifa-" + c.report + "-" + c.pid;
    menu.appendChild(row(strings.citeText || "Text", text, "", ""));
    menu.appendChild(row("BibTeX", bibtex(c), name + ".bib", "application/x-bibtex"));
    menu.appendChild(row("RIS", ris(c), name + ".ris", "application/x-research-info-systems"));
    var status = document.createElement("p");
    status.className = "tifa-cite-notice";
    status.setAttribute("role", "status");
    menu.appendChild(status);
    pair.appendChild(menu);
    opener = cite;
    cite.setAttribute("aria-expanded", "true");
    cite.setAttribute("aria-controls", menu.id);
  }

  document.querySelectorAll(".tifa-pair > .tifa-tools").forEach(function (tools) {
    var cite = document.createElement("button");
    cite.type = "button";
    cite.className = "tifa-cite";
    cite.textContent = strings.citeLabel || "Cite";
    cite.setAttribute("aria-label", (strings.citeTitle || "Cite paragraph %(pid)s")
      .replace("%(pid)s", tools.parentElement.id));
    cite.setAttribute("aria-expanded", "false");
    tools.appendChild(cite);
    cite.addEventListener("click", function () {
      var was = opener;
      close();
      if (was !== cite) { open(cite); }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && menu) {
      var back = close();
      if (back) { back.focus({ preventScroll: true }); }
    }
  });
})();

/* The printed page names its own address; the language links keep the paragraph anchor. */
(function () {
  "use strict";
  document.querySelectorAll(".tifa-print-url").forEach(function (span) {
    if (!span.textContent.trim()) { span.textContent = location.href.split(/[?#]/)[0]; }
  });
  function keepAnchor() {
    document.querySelectorAll("a.tifa-lang-link").forEach(function (a) {
      a.href = a.href.split("#")[0] + location.hash;
    });
  }
  keepAnchor();
  window.addEventListener("hashchange", keepAnchor);
})();

/* Gloss cards: a term is a plain link to its entry (<a class="tifa-term" href=".../glossary/slug/">);
   its card is built here, the first time it is opened, from the interface's glossary/cards.json
   (one file for every page, read once per page): the definition and notes are the build's own
   sanitised HTML, everything else is set as text. Cards open on hover, keyboard focus and tap;
   Esc closes; kept inside the viewport. */
(function () {
  "use strict";
  var open = null;
  var wanted = null;  // the link whose card is awaited while the cards file loads
  var lastPointer = "mouse";
  var closeTimer = null;
  var cards = null;  // the promise of the cards file
  var holder = null;  // the element holding the cards built so far
  var reportMeta = document.querySelector('meta[name="tifa-report"]');
  var report = reportMeta ? reportMeta.content : "";
  var LANGS = { zh: "zh-Hans", en: "en" };

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function slugOf(link) {
    var parts = new URL(link.href, location.href).pathname.split("/").filter(Boolean);
    return decodeURIComponent(parts[parts.length - 1] || "");
  }

  function load() {
    if (!cards) {
      cards = fetch(new URL("glossary/cards.json", window.__md_scope).href)  // tifa-head.js
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return cards;
  }

  function element(tag, css, text, lang) {
    var el = document.createElement(tag);
    if (css) { el.className = css; }
    if (text) { el.textContent = text; }
    if (lang) { el.lang = lang; }
    return el;
  }

  function part(css, html, lang, labels) {  // a definition or note, in its own language
    var div = element("div", css, "", LANGS[lang]);
    if (lang === "en" && /^zh/.test(document.documentElement.lang)) {
      div.appendChild(element("small", "tifa-en-only", labels.englishOnly, "zh-Hans"));
    }
    div.insertAdjacentHTML("beforeend", html);  // the build's sanitised HTML
    return div;
  }

  function build(data, slug, link) {
    var term = data.terms[slug], labels = data.labels;
    var card = element("div", "tifa-card");
    card.id = "tifa-card-" + slug;
    card.hidden = true;
    card.setAttribute("role", "tooltip");
    var head = element("p", "tifa-card-head");
    head.appendChild(element("span", "tifa-card-zh", term.zh, "zh-Hans"));
    head.appendChild(element("span", "tifa-card-pinyin", term.pinyin));
    card.appendChild(head);
    card.appendChild(element("p", "tifa-card-en", term.en, "en"));
    card.appendChild(part("tifa-card-def", term.definition[0], term.definition[1], labels));
    if (own(term.notes, report)) {
      var note = term.notes[report];
      var box = element("div", "tifa-card-note");
      box.appendChild(element("strong", "", labels.here));
      box.appendChild(part("tifa-card-note-text", note[0], note[1], labels));
      card.appendChild(box);
    }
    var foot = element("p", "tifa-card-foot", term.count + " · ");
    var entry = element("a", "", labels.entry);
    entry.href = link.getAttribute("href");
    foot.appendChild(entry);
    card.appendChild(foot);
    card.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    card.addEventListener("mouseleave", hideSoon);
    if (!holder) {
      holder = element("div", "tifa-cards");
      (document.querySelector(".md-content .md-typeset") || document.body).appendChild(holder);
    }
    holder.appendChild(card);
    return card;
  }

  function cardFor(link, data) {  // the term's card (built if need be), or null
    var slug = slugOf(link);
    if (!data || !own(data.terms, slug)) { return null; }
    var card = document.getElementById("tifa-card-" + slug) || build(data, slug, link);
    link.setAttribute("aria-describedby", card.id);
    return card;
  }

  function place(link, card) {
    var r = link.getBoundingClientRect();
    var margin = 8;
    card.style.maxWidth = Math.min(352, window.innerWidth - 2 * margin) + "px";
    var w = card.offsetWidth, h = card.offsetHeight;
    var left = Math.min(Math.max(margin, r.left), window.innerWidth - w - margin);
    var top = r.bottom + 6;
    if (top + h > window.innerHeight - margin && r.top - h - 6 > margin) { top = r.top - h - 6; }
    card.style.left = Math.max(margin, left) + "px";
    card.style.top = Math.max(margin, top) + "px";
  }

  function show(link) {
    clearTimeout(closeTimer);
    wanted = link;
    load().then(function (data) {
      if (wanted !== link) { return; }
      var card = cardFor(link, data);
      if (!card) { return; }
      if (open && open.card !== card) { hide(); }
      card.hidden = false;
      link.setAttribute("aria-expanded", "true");
      place(link, card);
      open = { link: link, card: card };
    });
  }

  function hide() {
    wanted = null;
    if (!open) { return; }
    open.card.hidden = true;
    open.link.setAttribute("aria-expanded", "false");
    open = null;
  }

  function hideSoon() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(hide, 250);
  }

  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; }, true);
  document.addEventListener("touchstart", function () { lastPointer = "touch"; },
                            { capture: true, passive: true });

  document.querySelectorAll("a.tifa-term").forEach(function (link) {
    link.setAttribute("aria-expanded", "false");
    link.addEventListener("mouseenter", function () { if (lastPointer === "mouse") { show(link); } });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", function (e) {
      if (!open || !open.card.contains(e.relatedTarget)) { hideSoon(); }
    });
    var openAtPress = false;
    link.addEventListener("pointerdown", function () { openAtPress = !!(open && open.link === link); });
    link.addEventListener("touchstart", function () { openAtPress = !!(open && open.link === link); },
                          { passive: true });
    link.addEventListener("click", function (e) {
      if (lastPointer === "touch" && !openAtPress) {
        e.preventDefault();
        show(link);
      }
    });
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && open) {
      var link = open.link;
      hide();
      link.focus({ preventScroll: true });
      clearTimeout(closeTimer);
      hide();
    }
  });
  document.addEventListener("click", function (e) {
    if (open && !open.card.contains(e.target) && !open.link.contains(e.target)) { hide(); }
  });
  window.addEventListener("scroll", function () { if (open) { place(open.link, open.card); } }, { passive: true });
  window.addEventListener("resize", function () { if (open) { place(open.link, open.card); } });
})();

/* Glossary filter: Chinese, pinyin with or without tones and spaces, or English. A query with
   tone marks matches the toned pinyin only (liǎng finds liǎng gè, not zhìliàng); one without
   matches toneless. While a query is typed, the A–Z part is hidden: each match is shown once,
   under its category. */
(function () {
  "use strict";
  var input = document.getElementById("tifa-filter");
  if (!input) { return; }
  var TONES = /[\u0300\u0301\u0304\u030c]/;  // the four tone marks (not the diaeresis of ü)
  function squeeze(text) { return text.toLowerCase().replace(/[\s'’"“”-]+/g, ""); }
  function norm(text) {  // toneless; ü, written as u or v, is u (as in the toneless keys)
    return squeeze(text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/v/gi, "u"));
  }
  function toned(text) { return squeeze(text.normalize("NFC")); }
  var items = Array.prototype.map.call(document.querySelectorAll(".tifa-gl-item"), function (li) {
    return { li: li, key: norm(li.dataset.search), pinyin: toned(li.dataset.pinyin || "") };
  });
  var az = document.querySelector(".tifa-gl-az");
  input.addEventListener("input", function () {
    var raw = input.value, withTones = TONES.test(raw.normalize("NFD")), shown = 0;
    var q = withTones ? toned(raw) : norm(raw);
    items.forEach(function (it) {
      var hit = !q || (withTones ? it.pinyin : it.key).indexOf(q) !== -1;
      it.li.hidden = !hit;
      if (hit && !(az && az.contains(it.li))) { shown += 1; }
    });
    document.querySelectorAll(".tifa-gl-list").forEach(function (ul) {
      var any = ul.querySelector(".tifa-gl-item:not([hidden])") !== null;
      ul.hidden = !any;
      var prev = ul.previousElementSibling;
      if (prev && prev.tagName === "H3") { prev.hidden = !any; }
    });
    document.querySelectorAll(".tifa-gl-group").forEach(function (g) {
      g.hidden = g.querySelector(".tifa-gl-item:not([hidden])") === null || (!!q && g === az);
    });
    document.querySelector(".tifa-gl-none").hidden = shown !== 0;
  });
})();

/* Sortable number tables (the comparison page): each column head becomes a button and sorts
   by what its cells say, as its data-sort asks: "text", "number" (the number a cell starts
   with, "1,234 5.6" → 1234) or "order" (the order the rows were written in: by change, then by
   count). Without JavaScript the table stays in that order. */
(function () {
  "use strict";
  var written = new WeakMap();
  function value(row, index, how) {
    var text = row.cells[index].textContent.trim();
    if (how === "order") { return written.get(row); }
    return how === "number" ? Number(text.split(/\s/)[0].replace(/[^\d.]/g, "")) : text;
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.getAttribute("aria-sort") === "ascending";
    var how = th.dataset.sort;
    rows.sort(function (a, b) {
      var x = value(a, index, how), y = value(b, index, how);
      var order = typeof x === "number" ? x - y : x.localeCompare(y, document.documentElement.lang);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  document.querySelectorAll("table.tifa-sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, n) { written.set(row, n); });
    table.querySelectorAll("thead th[data-sort]").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tifa-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });
})();

/* The home's list of reports: filter by year and by document type. The controls stay hidden
   without JavaScript, and the whole list shows. */
(function () {
  "use strict";
  var box = document.querySelector(".tifa-report-filter");
  var list = document.querySelector(".tifa-reports");
  if (!box || !list) { return; }
  var items = Array.prototype.slice.call(list.children);
  var selects = box.querySelectorAll("select");
  var status = box.querySelector("[role=status]");
  function apply() {
    var year = box.querySelector('[data-filter="year"]').value;
    var type = box.querySelector('[data-filter="type"]').value;
    var shown = 0;
    items.forEach(function (li) {
      var hit = (!year || li.dataset.year === year) && (!type || li.dataset.type === type);
      li.hidden = !hit;
      if (hit) { shown += 1; }
    });
    status.textContent = box.dataset.count.replace("{shown}", shown.toLocaleString(document.documentElement.lang));
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  box.hidden = false;
  apply();
})();
/* Corrections (tifa.corrections): a "Report" link in each paragraph's tools opening a new GitHub
   issue with the paragraph's address and its text (or the words selected in it); the page's own
   "Report a problem" link gets the page's address. Only where the page has a .tifa-fix line. */
(function () {
  "use strict";
  var fix = document.querySelector(".tifa-fix");
  if (!fix) { return; }
  var LIMIT = 1500;  // characters quoted from each language: GitHub refuses very long addresses
  var chosen = null;  // the last words selected inside a paragraph: {pid, text}

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function quoted(text) {
    text = text.trim().replace(/\s*\n\s*/g, "\n");
    if (text.length > LIMIT) { text = text.slice(0, LIMIT) + "…"; }
    return text ? text.split("\n").map(function (line) { return "> " + line; }).join("\n") : "";
  }

  function sideText(pair, side) {
    var part = pair.querySelector(":scope > .tifa-" + side);
    if (!part) { return ""; }
    var copy = part.cloneNode(true);
    copy.querySelectorAll(".tifa-missing, .tifa-origin, .tifa-card").forEach(function (n) { n.remove(); });
    return copy.textContent;
  }

  function pageUrl(pid) {
    return location.href.split(/[?#]/)[0] + (pid ? "#" + pid : "");
  }

  function issueUrl(pair) {
    var pid = pair.id;
    var text = chosen && chosen.pid === pid ? quoted(chosen.text)
      : [quoted(sideText(pair, "zh")), quoted(sideText(pair, "en"))].filter(Boolean).join("\n>\n");
    var values = { pid: pid, url: pageUrl(pid), quote: text };
    return fix.dataset.new + "?title=" + encodeURIComponent(fill(fix.dataset.title, values)) +
      "&body=" + encodeURIComponent(fill(fix.dataset.body, values));
  }

  document.addEventListener("selectionchange", function () {
    var sel = document.getSelection();
    if (!sel || sel.isCollapsed || !sel.anchorNode) { return; }
    var start = sel.anchorNode.parentElement && sel.anchorNode.parentElement.closest(".tifa-pair");
    var text = sel.toString();
    chosen = start && text.trim() ? { pid: start.id, text: text } : null;
  });

  document.querySelectorAll(".tifa-pair > .tifa-tools").forEach(function (tools) {
    var pair = tools.parentElement;
    var link = document.createElement("a");
    link.className = "tifa-fix-para";
    link.textContent = fix.dataset.label;
    link.setAttribute("aria-label", fill(fix.dataset.aria, { pid: pair.id }));
    link.target = "_blank";
    link.rel = "noopener";
    link.href = issueUrl(pair);
    function refresh() { link.href = issueUrl(pair); }
    link.addEventListener("pointerdown", refresh);
    link.addEventListener("focus", refresh);
    link.addEventListener("click", function () { refresh(); chosen = null; });
    tools.appendChild(link);
  });

  var report = fix.querySelector(".tifa-fix-report");
  if (report) {
    var address = new URL(report.href);
    var body = address.searchParams.get("body") || "";
    address.searchParams.set("body", fill(fix.dataset.body.split("\n")[0], { url: pageUrl("") }) +
      "\n" + body);
    report.href = address.toString();
  }
}());
