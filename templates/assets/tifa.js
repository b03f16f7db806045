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
    var url = location.href.split("#")[0] + "#" + pid;
    return (sw ? sw.dataset.cite : document.title) + ", paragraph " + pid + ". " + url;
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
      copyText(text).then(function () { announce("Citation copied: " + text); },
                          function () { announce(text); });
    });
  });
})();
