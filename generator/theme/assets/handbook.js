// Print buttons and the paper header's date and address. No network, no storage.
(function () {
  "use strict";
  function stamp() {
    // The date in the page's own language, as the browser writes dates in it.
    var date = new Date().toLocaleDateString(document.documentElement.lang || undefined, { year: "numeric", month: "long", day: "numeric" });
    document.querySelectorAll(".hb-print-date").forEach(function (el) { el.textContent = date; });
    document.querySelectorAll(".hb-print-url").forEach(function (el) { el.textContent = location.href.split("#")[0]; });
  }
  stamp();
  window.addEventListener("beforeprint", stamp);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-hb-print]");
    if (button) { window.print(); }
  });
})();
