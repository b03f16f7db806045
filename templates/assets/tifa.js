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

/* Glossary filter: Chinese, pinyin with or without tones and spaces, or English. */
(function () {
  "use strict";
  var input = document.getElementById("tifa-filter");
  if (!input) { return; }
  function norm(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ü/g, "v")
      .toLowerCase().replace(/[\s'’"“”-]+/g, "");
  }
  var items = Array.prototype.map.call(document.querySelectorAll(".tifa-gl-item"), function (li) {
    return { li: li, key: norm(li.dataset.search) };
  });
  input.addEventListener("input", function () {
    var q = norm(input.value), shown = 0;
    items.forEach(function (it) {
      var hit = !q || it.key.indexOf(q) !== -1;
      it.li.hidden = !hit;
      if (hit) { shown += 1; }
    });
    document.querySelectorAll(".tifa-gl-list").forEach(function (ul) {
      var any = ul.querySelector(".tifa-gl-item:not([hidden])") !== null;
      ul.hidden = !any;
      var prev = ul.previousElementSibling;
      if (prev && prev.tagName === "H3") { prev.hidden = !any; }
    });
    document.querySelectorAll(".tifa-gl-group").forEach(function (g) {
      g.hidden = g.querySelector(".tifa-gl-item:not([hidden])") === null;
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
