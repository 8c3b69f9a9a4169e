// Print buttons and the paper header's date and address. No network, no storage.
(function () {
  "use strict";
  function stamp() {
    var lang = document.documentElement.lang || "et";
    var date = new Date().toLocaleDateString(lang === "et" ? "et-EE" : "en-GB", { year: "numeric", month: "long", day: "numeric" });
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
