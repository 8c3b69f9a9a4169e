// Any two roles compared in the browser: the same rows, order, counts and lists as a
// static pair page (generator/pages.py PairComparison), drawn from the data embedded
// in the page. Texts are written with textContent; the roles' purposes and distinctions
// come from <template> elements the generator rendered. No request, no storage.
(function () {
  "use strict";
  var data = document.getElementById("hb-any-data");
  if (!data) return;
  var D = JSON.parse(data.textContent), L = D.labels, SVG = "http://www.w3.org/2000/svg";
  var form = document.getElementById("hb-any-form"), out = document.getElementById("hb-any-result");
  var pickA = document.getElementById("hb-any-a"), pickB = document.getElementById("hb-any-b");

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m; });
  }
  function byId(list, id) { for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i]; return null; }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }
  function link(item) { return el("a", item.title, { href: item.url }); }
  function template(id) {
    var t = document.getElementById(id);
    return t ? t.content.cloneNode(true) : null;
  }

  // The competencies either role requires, the largest distance first, ties in the model's order.
  function rows(a, b) {
    var list = [];
    D.competencies.forEach(function (c, i) {
      var la = a.levels[c.id] || null, lb = b.levels[c.id] || null;
      if (la || lb) list.push({ c: c, a: la, b: lb, i: i, distance: Math.abs((la || 0) - (lb || 0)) });
    });
    list.sort(function (x, y) { return y.distance - x.distance || x.i - y.i; });
    return list;
  }
  function category(row) {
    if (!row.b) return "only_a";
    if (!row.a) return "only_b";
    return row.a === row.b ? "same" : "differ";
  }

  function chart(a, b, shown) {
    var G = D.chart, labelW = G.label_w, unit = G.unit, barH = G.bar_h, rowH = G.row_h, top = G.top, levels = D.levels.length;
    var w = labelW + unit * levels + 40, h = top + rowH * shown.length + 30;
    var s = svg("svg", { viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "class": "hb-chart",
      "font-family": "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif", fill: "#111" });
    s.appendChild(svg("title", {}, fmt(L["chart-title"], { a: a.title, b: b.title })));
    s.appendChild(svg("desc", {}, shown.map(function (r) {
      return r.c.title + ": " + a.short + " " + (r.a || L["not-required"].toLowerCase()) + ", " + b.short + " " + (r.b || L["not-required"].toLowerCase()) + ".";
    }).join(" ")));
    var defs = svg("defs", {}), pat = svg("pattern", { id: "hb-any-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pat.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#000", "stroke-width": 2 }));
    defs.appendChild(pat); s.appendChild(defs);
    s.appendChild(svg("rect", { x: labelW, y: 6, width: 14, height: 12, fill: "#1f2a44" }));
    s.appendChild(svg("text", { x: labelW + 20, y: 16, "font-size": 12 }, a.short));
    s.appendChild(svg("rect", { x: labelW + 170, y: 6, width: 14, height: 12, fill: "url(#hb-any-hatch)", stroke: "#000" }));
    s.appendChild(svg("text", { x: labelW + 190, y: 16, "font-size": 12 }, b.short));
    for (var n = 0; n <= levels; n++) {
      s.appendChild(svg("line", { x1: labelW + unit * n, y1: top - 8, x2: labelW + unit * n, y2: h - 24, stroke: "#999", "stroke-dasharray": "2 3" }));
      s.appendChild(svg("text", { x: labelW + unit * n, y: h - 10, "font-size": 11, "text-anchor": "middle" }, n));
    }
    shown.forEach(function (r, i) {
      var y = top + rowH * i;
      s.appendChild(svg("text", { x: labelW - 8, y: y + 18, "font-size": 12, "text-anchor": "end" }, r.c.title));
      [[r.a, y, "#1f2a44", null], [r.b, y + barH + 2, "url(#hb-any-hatch)", "#000"]].forEach(function (bar) {
        if (bar[0]) {
          var attrs = { x: labelW, y: bar[1], width: unit * bar[0], height: barH, fill: bar[2] };
          if (bar[3]) attrs.stroke = bar[3];
          s.appendChild(svg("rect", attrs));
        }
        s.appendChild(svg("text", { x: labelW + unit * (bar[0] || 0) + 5, y: bar[1] + barH - 2, "font-size": 11 }, bar[0] || "—"));
      });
    });
    return s;
  }

  function draw() {
    var a = byId(D.roles, pickA.value), b = byId(D.roles, pickB.value);
    out.textContent = "";
    if (!a || !b) return;
    if (a.id === b.id) { out.appendChild(el("p", L["same-role"])); return; }
    // The pair in the handbook's order, as the static pages are.
    if (D.roles.indexOf(a) > D.roles.indexOf(b)) { var x = a; a = b; b = x; }

    var drafts = [a, b].filter(function (r) { return r.status === "draft"; });
    if (drafts.length) {
      var note = el("div", null, { "class": "admonition warning" });
      note.appendChild(el("p", L["status-draft"], { "class": "admonition-title" }));
      note.appendChild(el("p", fmt(L["pair-draft-text"], { roles: drafts.map(function (r) { return r.title; }).join("; ") })));
      out.appendChild(note);
    }
    var sides = el("div", null, { "class": "hb-side-by-side" });
    [a, b].forEach(function (r) {
      var box = el("div"), h = el("h2");
      h.appendChild(link(r)); box.appendChild(h);
      [[L.scope, r.scope], [L.status, r.statusName]].forEach(function (fact) {
        if (!fact[1]) return;
        var p = el("p"); p.appendChild(el("strong", fact[0] + ":")); p.appendChild(document.createTextNode(" " + fact[1])); box.appendChild(p);
      });
      var purpose = template("hb-purpose-" + r.id);
      if (purpose) box.appendChild(purpose);
      sides.appendChild(box);
    });
    out.appendChild(sides);

    var all = rows(a, b), shown = all.slice(0, D.rows), counts = { only_a: 0, only_b: 0, differ: 0, same: 0 };
    all.forEach(function (r) { counts[category(r)]++; });
    out.appendChild(el("h2", L["levels-compared"]));
    out.appendChild(el("p", fmt(L["pair-summary"], { a: a.short, b: b.short, a_only: counts.only_a, b_only: counts.only_b, differ: counts.differ, same: counts.same })));
    var fig = el("figure", null, { "class": "hb-chart-figure" });
    fig.appendChild(chart(a, b, shown));
    fig.appendChild(el("figcaption", L["chart-caption"]));
    out.appendChild(fig);
    var table = el("table"), head = el("tr"), body = el("tbody");
    [L.competency, a.short, b.short, L.difference].forEach(function (text) { head.appendChild(el("th", text, { scope: "col" })); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    shown.forEach(function (r) {
      var tr = el("tr"), first = el("td"), cat = category(r);
      first.appendChild(link(r.c)); tr.appendChild(first);
      tr.appendChild(el("td", r.a || "—")); tr.appendChild(el("td", r.b || "—"));
      tr.appendChild(el("td", cat === "only_a" ? fmt(L["only-requires"], { role: a.short }) : cat === "only_b" ? fmt(L["only-requires"], { role: b.short }) : String(Math.abs(r.a - r.b) || "–")));
      body.appendChild(tr);
    });
    table.appendChild(body);
    var wrap = el("div", null, { "class": "hb-scroll" }); wrap.appendChild(table); out.appendChild(wrap);
    if (all.length > shown.length) out.appendChild(el("p", fmt(L["pair-rows-left-out"], { shown: shown.length, total: all.length, rest: all.length - shown.length }), { "class": "hb-note" }));

    var ka = a.key, kb = b.key, keyed = D.activities.filter(function (x) { return ka.indexOf(x.id) >= 0 || kb.indexOf(x.id) >= 0; });
    if (keyed.length) {
      out.appendChild(el("h2", L["key-activities"]));
      [[fmt(L["only-in"], { role: a.title }), keyed.filter(function (x) { return kb.indexOf(x.id) < 0; })],
       [fmt(L["only-in"], { role: b.title }), keyed.filter(function (x) { return ka.indexOf(x.id) < 0; })],
       [L["shared-activities"], keyed.filter(function (x) { return ka.indexOf(x.id) >= 0 && kb.indexOf(x.id) >= 0; })]].forEach(function (group) {
        out.appendChild(el("h3", group[0]));
        if (!group[1].length) { out.appendChild(el("p", L.none)); return; }
        var ul = el("ul");
        group[1].forEach(function (x) { var li = el("li"); li.appendChild(link(x)); ul.appendChild(li); });
        out.appendChild(ul);
      });
    }
    var distinction = template("hb-distinction-" + a.id + "--" + b.id);
    if (distinction) { out.appendChild(el("h2", L.distinctions)); out.appendChild(distinction); }
  }

  var params = new URLSearchParams(location.search);
  [[pickA, params.get("a")], [pickB, params.get("b")]].forEach(function (pick) {
    if (pick[1] && byId(D.roles, pick[1])) pick[0].value = pick[1];
  });
  form.hidden = false;
  form.addEventListener("change", draw);
  draw();
})();
