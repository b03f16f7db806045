/* tifa search: a dialog in the header, backed by the Pagefind index in <site>/pagefind/.
   Opens with "/" or a click; results point at paragraphs; report, section and type filters. */
(function () {
  "use strict";
  function metaUrl(name, fallback) {
    var meta = document.querySelector('meta[name="' + name + '"]');
    return new URL((meta ? meta.content : fallback).replace(/\/?$/, "/"), location.href).href;
  }
  var root = metaUrl("tifa-root", ".");
  var bundle = metaUrl("tifa-search", "./pagefind");
  var header = document.querySelector(".md-header__inner");
  if (!header || !window.HTMLDialogElement) { return; }
  var L = window.tifaStrings || {};
  function t(key, fallback) { return L[key] || fallback; }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button tifa-search-open";
  button.setAttribute("aria-label", t("search", "Search"));
  button.setAttribute("aria-keyshortcuts", "/");
  button.innerHTML = '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">' +
    '<circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M15 15l6 6" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>';
  header.appendChild(button);

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
    '<ol class="tifa-search-results"></ol>';
  document.body.appendChild(dialog);
  var input = dialog.querySelector("input");
  input.placeholder = t("placeholder", "Search in Chinese, English or pinyin");
  input.setAttribute("aria-label", t("search", "Search"));
  dialog.querySelector(".tifa-search-close").textContent = t("close", "Close");
  var status = dialog.querySelector(".tifa-search-status");
  var list = dialog.querySelector(".tifa-search-results");
  var filtersBox = dialog.querySelector(".tifa-search-filters");
  var pagefind = null, timer = null, serial = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.init().then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // The filter lists grow with the number of reports: fetch them only when a reader asks.
  var more = dialog.querySelector(".tifa-search-more");
  more.querySelector("summary").textContent = t("filters", "Filter by report or section");
  more.addEventListener("toggle", function () {
    if (more.open && !filtersBox.hasChildNodes()) {
      load().then(function (pf) { return pf.filters(); }).then(buildFilters);
    }
  });

  function buildFilters(filters) {
    [["type", t("type", "Type")], ["report", t("report", "Report")],
     ["section", t("section", "Section")]].forEach(function (pair) {
      var values = filters[pair[0]];
      if (!values || Object.keys(values).length < 2) { return; }
      var label = document.createElement("label");
      label.textContent = pair[1] + " ";
      var select = document.createElement("select");
      select.dataset.filter = pair[0];
      select.appendChild(new Option(t("all", "All"), ""));
      Object.keys(values).sort().forEach(function (v) { select.appendChild(new Option(v, v)); });
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

  function show(results, query) {
    list.innerHTML = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + (r.meta.url || r.url).replace(/^\//, "");
      var title = document.createElement("strong");
      title.textContent = r.meta.title;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = r.excerpt;
      a.appendChild(title);
      if (r.meta.report) {
        var where = document.createElement("small");
        where.textContent = r.meta.report;
        a.appendChild(where);
      }
      a.appendChild(excerpt);
      li.appendChild(a);
      list.appendChild(li);
    });
    status.textContent = results.length ? "" :
      t("none", "No results for") + " \u201c" + query + "\u201d.";
    dialog.dataset.done = query;
  }

  function normalise(query) {
    // Pagefind cannot match a quoted Chinese phrase; our terms are indexed whole, so quotes
    // around a Chinese query only need to group it.
    return /[\u3400-\u9fff]/.test(query) ? query.replace(/["\u201c\u201d\u300c\u300d]/g, " ").trim() : query;
  }

  function run() {
    var query = input.value.trim();
    var mine = ++serial;
    if (!query) { list.innerHTML = ""; status.textContent = ""; return; }
    status.textContent = t("searching", "Searching\u2026");
    load().then(function (pf) {
      return pf.search(normalise(query), { filters: chosenFilters() });
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (mine === serial) { show(results, query); }
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

  button.addEventListener("click", open);
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  dialog.addEventListener("click", function (e) { if (e.target === dialog) { dialog.close(); } });
  document.addEventListener("keydown", function (e) {
    var target = e.target, typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      open();
    }
  });
})();
