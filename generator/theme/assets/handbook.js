// Print buttons, the paper header's date and address, and scroll hints. No network, no storage.
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
  // A wide table that does not fit says so above it (.hb-scroll-hint), only while it overflows.
  function hints() {
    document.querySelectorAll(".hb-scroll-hint").forEach(function (hint) {
      var box = hint.nextElementSibling;
      hint.hidden = !box || box.scrollWidth <= box.clientWidth + 1;
    });
  }
  hints();
  window.addEventListener("resize", hints);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-hb-print]");
    if (button) { window.print(); }
  });
})();
