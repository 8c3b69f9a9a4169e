/* The job description's "Copy as text" button: the description as plain text, for HR's own template.
   Headings stand on their own lines, list items start with "- ", table rows become "cell: cell". */
(function () {
  "use strict";

  function clean(s) { return s.replace(/\s+/g, " ").trim(); }
  // A heading's words without its permalink mark.
  function heading(el) {
    var copy = el.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (a) { a.remove(); });
    return clean(copy.textContent);
  }

  function lines(node, out) {
    Array.prototype.forEach.call(node.children, function (el) {
      var tag = el.tagName.toLowerCase();
      if (/^h[1-6]$/.test(tag)) {
        out.push("", heading(el).toUpperCase(), "");
      } else if (tag === "ul" || tag === "ol") {
        Array.prototype.forEach.call(el.children, function (li) { out.push("- " + clean(li.textContent)); });
        out.push("");
      } else if (tag === "table") {
        Array.prototype.forEach.call(el.querySelectorAll("tr"), function (tr) {
          out.push(Array.prototype.map.call(tr.children, function (cell) { return clean(cell.textContent); }).join(": "));
        });
        out.push("");
      } else if (tag === "p") {
        out.push(clean(el.textContent), "");
      } else {
        lines(el, out);
      }
    });
    return out;
  }

  function asText(root) {
    var title = document.querySelector("article h1");
    var out = lines(root, title ? [heading(title), ""] : []);
    return out.join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy"));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-hb-copy]");
    if (!button) return;
    var root = document.getElementById(button.getAttribute("data-hb-copy"));
    var status = button.parentNode.querySelector(".hb-copy-status");
    if (!root) return;
    var text = asText(root);
    button.hbText = text;  // what was copied, for tests and for a second look
    copy(text).then(function () {
      if (status) status.textContent = button.getAttribute("data-hb-copied");
    }, function () {
      if (status) status.textContent = button.getAttribute("data-hb-failed");
    });
  });
})();
