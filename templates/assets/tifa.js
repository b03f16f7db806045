/* tifa reader: language view switch (remembered across pages) and copy-citation buttons. */
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

  function announce(text) {
    var status = document.querySelector(".tifa-status");
    if (status) { status.textContent = text; }
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

  function citation(button) {
    var pid = button.closest(".tifa-pair").id;
    var sw = document.querySelector(".tifa-viewswitch");
    var url = location.href.split(/[?#]/)[0] + "#" + pid;  // without a search's ?hl=
    var word = (window.tifaStrings || {}).paragraph || "paragraph";
    return (sw ? sw.dataset.cite : document.title) + ", " + word + " " + pid + ". " + url;
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

  document.querySelectorAll(".tifa-cite").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = citation(button);
      var copied = (window.tifaStrings || {}).copied || "Citation copied:";
      copyText(text).then(function () { announce(copied + " " + text); },
                          function () { announce(text); });
    });
  });
})();

/* Gloss cards: open on hover, keyboard focus and tap; Esc closes; kept inside the viewport. */
(function () {
  "use strict";
  var open = null;
  var lastPointer = "mouse";
  var closeTimer = null;

  function cardFor(link) {
    return document.getElementById(link.getAttribute("aria-describedby"));
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
    var card = cardFor(link);
    if (!card) { return; }
    if (open && open.card !== card) { hide(); }
    card.hidden = false;
    link.setAttribute("aria-expanded", "true");
    place(link, card);
    open = { link: link, card: card };
  }

  function hide() {
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

  document.querySelectorAll(".tifa-card").forEach(function (card) {
    card.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    card.addEventListener("mouseleave", hideSoon);
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

/* Sortable number tables (the comparison page): each column head becomes a button; a cell's
   data-value, where it has one, is what is sorted. Without JavaScript the table stays in the
   order it was written (by change, then by count). */
(function () {
  "use strict";
  function value(row, index) {
    var cell = row.cells[index];
    return cell.dataset.value !== undefined ? Number(cell.dataset.value) : cell.textContent.trim();
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.getAttribute("aria-sort") === "ascending";
    rows.sort(function (a, b) {
      var x = value(a, index), y = value(b, index);
      var order = typeof x === "number" ? x - y : x.localeCompare(y, document.documentElement.lang);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  document.querySelectorAll("table.tifa-sortable").forEach(function (table) {
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
