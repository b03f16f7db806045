/* tifa search, the part every page loads: the header button and "/" open the dialog (in
   search-dialog.js, fetched on first use), and the words of a search are marked on the
   paragraph a result landed on (?hl=…#p12). */
(function () {
  "use strict";
  var HAN = /[\u3400-\u9fff]/;
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function pattern(words) {  // longest first, so a whole term wins over its parts
    var list = words.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    return list.length ? new RegExp(list.map(function (w) {
      return HAN.test(w) ? escapeRe(w) : "\\b" + escapeRe(w).replace(/ /g, "\\s+");
    }).join("|"), "gi") : null;
  }
  function marked(text, re) {  // text as nodes, the matches in <mark>: escaped by construction
    var frag = document.createDocumentFragment(), last = 0, m;
    for (re && (re.lastIndex = 0); re && (m = re.exec(text));) {
      if (!m[0]) { re.lastIndex++; continue; }
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(document.createElement("mark")).textContent = m[0];
      last = m.index + m[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }
  function markLanding() {
    var words = new URLSearchParams(location.search).get("hl"), nodes = [];
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var re = words && pattern(words.split("|"));
    if (!target || !re) { return; }
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      re.lastIndex = 0;
      if (!node.parentNode.closest("mark") && re.test(node.data)) {
        var frag = marked(node.data, re);
        frag.querySelectorAll("mark").forEach(function (mk) { mk.className = "tifa-found"; });
        node.parentNode.replaceChild(frag, node);
      }
    });
  }
  markLanding();
  window.addEventListener("hashchange", markLanding);

  var header = document.querySelector(".md-header__inner");
  var script = document.currentScript && document.currentScript.src;
  var T = window.tifaStrings || {}, api = { HAN: HAN, pattern: pattern, marked: marked };
  window.tifaSearch = api;
  if (!header || !script || !window.HTMLDialogElement) { return; }
  var button = document.createElement("button"), loading = null;
  button.type = "button";
  button.className = "md-header__button tifa-search-open";
  button.setAttribute("aria-label", T.search || "Search");
  button.setAttribute("aria-keyshortcuts", "/");
  button.innerHTML = '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">' +
    '<circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M15 15l6 6" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>';
  header.appendChild(button);
  function open() {
    loading = loading || new Promise(function (done) {
      var s = document.createElement("script");
      s.src = script.replace(/search\.js(\?.*)?$/, "search-dialog.js");
      s.onload = done;
      document.head.appendChild(s);
    });
    loading.then(function () { api.open(); });
  }
  button.addEventListener("click", open);
  document.addEventListener("keydown", function (e) {
    var target = e.target, typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      open();
    }
  });
})();
