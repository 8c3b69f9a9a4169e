// The self-check: answers live in this browser's localStorage only; nothing is sent anywhere.
// The model data comes from the page itself (#hb-sc-data), written at build time.
(function () {
  "use strict";
  var dataEl = document.getElementById("hb-sc-data");
  var form = document.getElementById("hb-selfcheck");
  if (!dataEl || !form) return;
  var D = JSON.parse(dataEl.textContent);
  var L = D.labels;
  // One key per site (its base path: both languages share it) and model version.
  var PREFIX = "handbook-selfcheck:";
  var SITE = PREFIX + new URL(D.siteRoot || "./", location.href).pathname + ":";
  var KEY = SITE + D.version;
  var SVG = "http://www.w3.org/2000/svg";
  var $ = function (id) { return document.getElementById(id); };
  var activityIds = {};
  D.competencies.forEach(function (c) { c.activities.forEach(function (a) { activityIds[a.id] = c.id; }); });
  var competencyIds = {};
  D.competencies.forEach(function (c) { competencyIds[c.id] = true; });
  var state = { answers: {}, notes: {}, role: "" };

  function fmt(text, n) { return text.replace("{n}", String(n)); }
  function say(text) { var s = $("hb-sc-status"); s.textContent = ""; setTimeout(function () { s.textContent = text; }, 30); }
  function storage() { try { return window.localStorage; } catch (e) { return null; } }
  function count(obj) { return Object.keys(obj).length; }
  function validValue(v) { return v === "na" || D.scale.indexOf(Number(v)) >= 0; }

  // Keep only what fits the current model; report how much did not.
  function clean(raw) {
    var out = { answers: {}, notes: {}, role: "" }, dropped = 0;
    var answers = raw && typeof raw.answers === "object" && raw.answers ? raw.answers : {};
    Object.keys(answers).forEach(function (id) {
      var v = String(answers[id]);
      if (activityIds[id] && validValue(v)) out.answers[id] = v; else dropped++;
    });
    var notes = raw && typeof raw.notes === "object" && raw.notes ? raw.notes : {};
    Object.keys(notes).forEach(function (id) {
      if (competencyIds[id] && typeof notes[id] === "string" && notes[id]) out.notes[id] = notes[id];
    });
    if (raw && D.roles.some(function (r) { return r.id === raw.role; })) out.role = raw.role;
    return { state: out, dropped: dropped };
  }

  // False, and said, when the browser refuses (no storage, quota, SecurityError); what was stored stays as it was.
  function save() {
    try {
      storage().setItem(KEY, JSON.stringify({ format: D.format, version: D.version, answers: state.answers, notes: state.notes, role: state.role }));
      return true;
    } catch (e) {
      if ($("hb-sc-status").textContent !== L["not-saved"]) say(L["not-saved"]);
      return false;
    }
  }

  // Model versions part by part: numbers as numbers ("2022.10" > "2022.9"), other parts as text.
  function compare(a, b) {
    var x = String(a).split("."), y = String(b).split(".");
    for (var i = 0; i < x.length || i < y.length; i++) {
      if (i >= x.length || i >= y.length) return i >= x.length ? -1 : 1;
      var p = x[i], q = y[i], c = /^\d+$/.test(p) && /^\d+$/.test(q) ? p - q : p < q ? -1 : p > q ? 1 : 0;
      if (c) return c < 0 ? -1 : 1;
    }
    return 0;
  }

  function read(k) { try { return JSON.parse(storage().getItem(k)); } catch (e) { return null; } }

  // Answers of this site and model version, or else carried over from the newest OLDER version: this
  // site's keys, or the former keys without a path (same version too). A newer version is left alone.
  function load() {
    var s = storage(), raw = read(KEY), from = null, list = [], i;
    if (!s) return;
    for (i = 0; !raw && i < s.length; i++) {
      var k = s.key(i) || "", own = k.indexOf(SITE) === 0, v = k.slice(own ? SITE.length : PREFIX.length);
      if (own ? v.indexOf("/") < 0 && compare(v, D.version) < 0 : !k.indexOf(PREFIX) && v.charAt(0) !== "/" && compare(v, D.version) <= 0) list.push({ k: k, v: v, own: own });
    }
    list.sort(function (a, b) { return compare(b.v, a.v) || b.own - a.own; });
    for (i = 0; !raw && i < list.length; i++) { from = list[i]; raw = read(from.k); }
    if (!raw) return;
    var result = clean(raw), n = count(result.state.answers);
    state = result.state;
    if (from) {
      // the older key goes only once its answers are safely stored under the new one
      var ok = save();
      if (ok) s.removeItem(from.k);
      say((result.dropped || from.v !== D.version ? fmt(L.carried, result.dropped) + " " : "") + fmt(L.restored, n) + (ok ? "" : " " + L["not-saved"]));
    } else if (n) {
      say(fmt(L.restored, n));
    }
  }

  function paint() {
    form.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.checked = state.answers[input.name] === input.value;
    });
    form.querySelectorAll("textarea[data-notes]").forEach(function (area) {
      area.value = state.notes[area.getAttribute("data-notes")] || "";
    });
    $("hb-sc-role").value = state.role;
    focusRole();
    results();
  }

  function role() {
    for (var i = 0; i < D.roles.length; i++) if (D.roles[i].id === state.role) return D.roles[i];
    return null;
  }

  // A chosen role puts its key activities first in each competency, or shows only them.
  function focusRole() {
    // No checkbox when no role has key activities.
    var r = role(), only = $("hb-sc-only") || {};
    only.disabled = !r;
    if (!r) only.checked = false;
    form.querySelectorAll(".hb-sc-competency").forEach(function (set) {
      var questions = Array.prototype.slice.call(set.querySelectorAll(".hb-sc-question"));
      var notes = set.querySelector(".hb-sc-notes");
      var visible = 0;
      questions.sort(function (a, b) {
        var ka = r && r.key.indexOf(a.getAttribute("data-activity")) >= 0 ? 0 : 1;
        var kb = r && r.key.indexOf(b.getAttribute("data-activity")) >= 0 ? 0 : 1;
        return ka - kb || a.getAttribute("data-order") - b.getAttribute("data-order");
      }).forEach(function (q) {
        var key = !!r && r.key.indexOf(q.getAttribute("data-activity")) >= 0;
        var mark = q.querySelector(".hb-sc-key");
        if (mark) mark.hidden = !key;
        q.classList.toggle("hb-sc-is-key", key);
        q.hidden = only.checked && !key;
        if (!q.hidden) visible++;
        set.insertBefore(q, notes);
      });
      set.hidden = only.checked && visible === 0;
    });
  }

  // Level per competency: the average of the rated activities, rounded to the nearest level.
  function scores() {
    return D.competencies.map(function (c) {
      var sum = 0, n = 0;
      c.activities.forEach(function (a) {
        var v = state.answers[a.id];
        if (v && v !== "na") { sum += Number(v); n++; }
      });
      var avg = n ? sum / n : null;
      return { c: c, n: n, avg: avg, level: n ? Math.round(avg) : null };
    });
  }

  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }

  function results() {
    var r = role(), rows = scores(), body = $("hb-sc-table").tBodies[0];
    $("hb-sc-results").hidden = !count(state.answers);
    body.textContent = "";
    rows.forEach(function (x) {
      var tr = document.createElement("tr"), th = document.createElement("th"), a = document.createElement("a");
      th.scope = "row"; a.href = x.c.url; a.textContent = x.c.title; th.appendChild(a); tr.appendChild(th);
      cell(tr, x.n + " / " + x.c.activities.length);
      cell(tr, x.n ? x.avg.toFixed(1) : "–");
      cell(tr, x.n ? x.level + " – " + D.levelNames[x.level - 1] : L["not-rated"]);
      var e = r && r.levels[x.c.id];
      cell(tr, e ? e + " – " + D.levelNames[e - 1] : r ? L["not-required"] : "–");
      tr.setAttribute("data-competency", x.c.id);
      body.appendChild(tr);
    });
    chart(rows, r);
    gaps(rows, r);
  }

  function gaps(rows, r) {
    var box = $("hb-sc-gaps");
    box.textContent = "";
    if (!r) { var p0 = document.createElement("p"); p0.textContent = L["choose-role"]; box.appendChild(p0); return; }
    // Only rated competencies the role requires have a gap; an unrated one is not a zero.
    var list = rows.filter(function (x) { return x.n && r.levels[x.c.id]; })
      .map(function (x) { return { x: x, gap: r.levels[x.c.id] - x.level }; })
      .filter(function (g) { return g.gap > 0; })
      .sort(function (a, b) { return b.gap - a.gap; });
    if (!list.length) { var p1 = document.createElement("p"); p1.textContent = L["no-gaps"]; box.appendChild(p1); return; }
    var ol = document.createElement("ol");
    ol.className = "hb-sc-gap-list";
    list.forEach(function (g) {
      var li = document.createElement("li"), head = document.createElement("a"), want = r.levels[g.x.c.id];
      li.setAttribute("data-competency", g.x.c.id);
      li.setAttribute("data-gap", g.gap);
      head.href = g.x.c.url; head.textContent = g.x.c.title;
      li.appendChild(head);
      li.appendChild(document.createTextNode(": " + L.you.toLowerCase() + " " + g.x.level + ", " +
        L.expected.toLowerCase() + " " + want + " (" + L.gap + " " + g.gap + "). " + L.develop + " "));
      var first = true;
      g.x.c.activities.forEach(function (a) {
        var v = state.answers[a.id];
        if (v === "na" || (v && Number(v) >= want)) return;
        if (!first) li.appendChild(document.createTextNode(", "));
        var link = document.createElement("a");
        link.href = a.url; link.textContent = a.title;
        li.appendChild(link);
        first = false;
      });
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  // A bar per competency; with a role chosen, its expected level as a hatched bar beneath.
  function chart(rows, r) {
    var labelW = 300, unit = 80, top = 10, rowH = r ? 34 : 22, max = D.scale.length;
    var w = labelW + unit * max + 30, h = top + rowH * rows.length + 24;
    var svg = el("svg", { viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-labelledby": "hb-sc-chart-t hb-sc-chart-d", "class": "hb-chart" });
    var desc = rows.map(function (x) {
      return x.c.title + ": " + (x.n ? x.level : L["not-rated"]) + (r ? " / " + (r.levels[x.c.id] || L["not-required"]) : "");
    }).join("; ");
    svg.appendChild(el("title", { id: "hb-sc-chart-t" }, L["chart-title"] + (r ? " – " + r.title : "")));
    svg.appendChild(el("desc", { id: "hb-sc-chart-d" }, desc));
    var defs = el("defs", {}), pat = el("pattern", { id: "hb-sc-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pat.appendChild(el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#000", "stroke-width": 2 }));
    defs.appendChild(pat); svg.appendChild(defs);
    for (var n = 0; n <= max; n++) {
      svg.appendChild(el("line", { x1: labelW + unit * n, y1: top, x2: labelW + unit * n, y2: h - 20, stroke: "#999", "stroke-dasharray": "2 3" }));
      svg.appendChild(el("text", { x: labelW + unit * n, y: h - 6, "font-size": 11, "text-anchor": "middle" }, n));
    }
    rows.forEach(function (x, i) {
      var y = top + rowH * i;
      svg.appendChild(el("text", { x: labelW - 8, y: y + 13, "font-size": 12, "text-anchor": "end" }, x.c.title));
      var v = x.level || 0;
      svg.appendChild(el("rect", { x: labelW, y: y + 2, width: unit * v, height: 13, fill: "#1f2a44" }));
      svg.appendChild(el("text", { x: labelW + unit * v + 5, y: y + 13, "font-size": 11 }, x.n ? v : "–"));
      if (r) {
        var e = r.levels[x.c.id] || 0;
        if (e) svg.appendChild(el("rect", { x: labelW, y: y + 17, width: unit * e, height: 11, fill: "url(#hb-sc-hatch)", stroke: "#000" }));
        svg.appendChild(el("text", { x: labelW + unit * e + 5, y: y + 27, "font-size": 11 }, e || "—"));
      }
    });
    var box = $("hb-sc-chart");
    box.textContent = "";
    box.appendChild(svg);
  }

  function exportFile() {
    var body = JSON.stringify({ format: D.format, version: D.version, exported: new Date().toISOString(), answers: state.answers, notes: state.notes, role: state.role }, null, 2);
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([body], { type: "application/json" }));
    a.download = "self-check-" + D.version + ".json";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    say(L.exported);
  }

  function importFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var parsed = null;
      try { parsed = JSON.parse(reader.result); } catch (e) { parsed = null; }
      if (!parsed || parsed.format !== D.format || typeof parsed.answers !== "object" || parsed.answers === null || Array.isArray(parsed.answers)) {
        say(L["import-error"]);
        return;
      }
      // The file's answers and notes win for what it has; the rest stay. Replacing any asks first.
      var result = clean(parsed), got = result.state, n = 0;
      if (!count(got.answers) && !count(got.notes)) { say(L["import-nothing"]); return; }
      ["answers", "notes"].forEach(function (part) {
        Object.keys(got[part]).forEach(function (id) { if (state[part][id] !== undefined && state[part][id] !== got[part][id]) n++; });
      });
      if (n && !window.confirm(fmt(L["import-confirm"], n))) { say(L["import-cancelled"]); return; }
      state = { answers: Object.assign({}, state.answers, got.answers), notes: Object.assign({}, state.notes, got.notes), role: got.role || state.role };
      var ok = save();
      paint();
      say(fmt(L.imported, count(got.answers)) + (result.dropped ? " " + fmt(L.carried, result.dropped) : "") + (ok ? "" : " " + L["not-saved"]));
    };
    reader.onerror = function () { say(L["import-error"]); };
    reader.readAsText(file);
  }

  form.querySelectorAll(".hb-sc-question").forEach(function (q, i) { q.setAttribute("data-order", i); });
  form.addEventListener("change", function (e) {
    var t = e.target;
    if (t.type === "radio") {
      state.answers[t.name] = t.value;
      if (save()) say(fmt(L.saved, count(state.answers)));
      results();
    }
  });
  form.addEventListener("input", function (e) {
    var id = e.target.getAttribute("data-notes");
    if (id) { if (e.target.value) state.notes[id] = e.target.value; else delete state.notes[id]; save(); }
  });
  $("hb-sc-role").addEventListener("change", function (e) { state.role = e.target.value; save(); focusRole(); results(); });
  if ($("hb-sc-only")) $("hb-sc-only").addEventListener("change", focusRole);
  $("hb-sc-export").addEventListener("click", exportFile);
  $("hb-sc-import").addEventListener("change", function (e) { if (e.target.files[0]) importFile(e.target.files[0]); e.target.value = ""; });
  $("hb-sc-reset").addEventListener("click", function () {
    if (!window.confirm(L["reset-confirm"])) return;
    state = { answers: {}, notes: {}, role: "" };
    var s = storage();
    if (s) s.removeItem(KEY);
    paint();
    say(L["reset-done"]);
  });
  // Exposed for the benchmark (the results of given answers, computed as the page does) and the tests.
  window.hbSelfCheck = { compare: compare, scores: function (answers) { var keep = state.answers; state.answers = answers; var out = scores(); state.answers = keep; return out; } };

  $("hb-sc-app").hidden = false;
  load();
  paint();
})();
