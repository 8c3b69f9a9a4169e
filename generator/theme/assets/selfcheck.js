// The self-check: answers live in this browser's localStorage only; nothing is sent anywhere.
// The model data comes from the page itself (#hb-sc-data), written at build time. Each competency's
// questions are a <template> of the page: one competency is on the page at a time, so it stays small.
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
  // Numbers and plural forms as the page's language writes them (a decimal comma in Estonian).
  var INT = new Intl.NumberFormat(D.lang), DEC = new Intl.NumberFormat(D.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var PLURAL = new Intl.PluralRules(D.lang);
  var C = D.competencies, activityIds = {}, competencyIds = {}, total = 0;
  C.forEach(function (c) { competencyIds[c.id] = true; c.activities.forEach(function (a) { activityIds[a.id] = c.id; total++; }); });
  var state = { answers: {}, notes: {}, role: "" };
  // What each level looks like: open beside the questions on a wide screen; above them on a phone, closed until asked for.
  var step = 0, view = "step", levelsOpen = !window.matchMedia || window.matchMedia("(min-width: 60em)").matches;

  function num(n) { return INT.format(n); }
  // A label with its {values}; with a count, in the plural form the language uses for it ("saved-one", else "saved").
  function fmt(key, values, count) {
    var text = (count != null && L[key + "-" + PLURAL.select(count)]) || L[key];
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] != null ? values[k] : m; });
  }
  function say(text) { var s = $("hb-sc-status"); s.textContent = ""; setTimeout(function () { s.textContent = text; }, 30); }
  function storage() { try { return window.localStorage; } catch (e) { return null; } }
  function count(obj) { return Object.keys(obj).length; }
  function validValue(v) { return v === "na" || D.scale.indexOf(Number(v)) >= 0; }
  function make(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function link(item) { var a = make("a", item.title); a.href = item.url; return a; }

  // Keep only what fits the current model; report how much did not.
  // An id renamed in a later version (changes.yml `renamed`) is read as the id it has now.
  function now(id) { return Object.prototype.hasOwnProperty.call(D.renamed || {}, id) ? D.renamed[id] : id; }
  function clean(raw) {
    var out = { answers: {}, notes: {}, role: "" }, dropped = 0;
    var answers = raw && typeof raw.answers === "object" && raw.answers ? raw.answers : {};
    Object.keys(answers).forEach(function (old) {
      var v = String(answers[old]), id = now(old);
      if (activityIds[id] && validValue(v)) out.answers[id] = v; else dropped++;
    });
    var notes = raw && typeof raw.notes === "object" && raw.notes ? raw.notes : {};
    Object.keys(notes).forEach(function (old) {
      var id = now(old);
      if (competencyIds[id] && typeof notes[old] === "string" && notes[old]) out.notes[id] = notes[old];
    });
    var role = raw && now(raw.role);
    if (role && D.roles.some(function (r) { return r.id === role; })) out.role = role;
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
    var result = clean(raw), n = count(result.state.answers), d = result.dropped;
    state = result.state;
    if (from) {
      // the older key goes only once its answers are safely stored under the new one
      var ok = save();
      if (ok) s.removeItem(from.k);
      say((d || from.v !== D.version ? fmt("carried", { n: num(d) }, d) + " " : "") + fmt("restored", { n: num(n) }, n) + (ok ? "" : " " + L["not-saved"]));
    } else if (n) {
      say(fmt("restored", { n: num(n) }, n));
    }
  }

  function role() {
    for (var i = 0; i < D.roles.length; i++) if (D.roles[i].id === state.role) return D.roles[i];
    return null;
  }
  function isKey(r, id) { return !!r && r.key.indexOf(id) >= 0; }
  function onlyKey() { var only = $("hb-sc-only"); return !!(only && only.checked && role()); }
  // With "only the role's key activities", a competency without any is skipped.
  function shown(i) { var r = role(); return !onlyKey() || C[i].activities.some(function (a) { return isKey(r, a.id); }); }
  function answered(c) { return c.activities.filter(function (a) { return state.answers[a.id]; }).length; }

  // --- one competency at a time ---------------------------------------------------------------

  function show(i, focus) {
    var c = C[i];
    view = "step"; step = i;
    form.textContent = "";
    form.appendChild($("hb-sc-t-" + c.id).content.cloneNode(true));
    form.querySelectorAll(".hb-sc-options[data-question]").forEach(function (box) {
      box.appendChild($("hb-sc-t-options").content.cloneNode(true));
      box.querySelectorAll("input").forEach(function (input) { input.name = box.getAttribute("data-question"); });
    });
    form.querySelectorAll(".hb-sc-question").forEach(function (q, n) { q.setAttribute("data-order", n); });
    form.querySelector(".hb-sc-step-of").textContent = fmt("step-of", { n: num(i + 1), total: num(C.length) });
    disclose(form.querySelector(".hb-sc-levels .hb-sc-toggle"), levelsOpen);
    fill();
    focusRole();
    form.hidden = $("hb-sc-pager").hidden = false;
    $("hb-sc-results").hidden = true;
    progress();
    if (focus) moveTo(form.querySelector(".hb-sc-heading"));
  }

  // A disclosure button (an activity's explanation, what each level looks like) and the part it shows.
  function disclose(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    $(button.getAttribute("aria-controls")).hidden = !open;
  }

  function moveTo(heading) { heading.focus({ preventScroll: true }); heading.scrollIntoView({ block: "start" }); }

  function fill() {
    form.querySelectorAll("input[type=radio]").forEach(function (input) { input.checked = state.answers[input.name] === input.value; });
    form.querySelectorAll("textarea[data-notes]").forEach(function (area) { area.value = state.notes[area.getAttribute("data-notes")] || ""; });
  }

  // A chosen role puts its key activities first, or shows only them.
  function focusRole() {
    // No checkbox when no role has key activities.
    var r = role(), only = $("hb-sc-only") || {}, box = form.querySelector(".hb-sc-questions");
    only.disabled = !r;
    if (!r) only.checked = false;
    if (!box) return;
    var notes = box.querySelector(".hb-sc-notes");
    Array.prototype.slice.call(box.querySelectorAll(".hb-sc-question")).sort(function (a, b) {
      return isKey(r, b.getAttribute("data-activity")) - isKey(r, a.getAttribute("data-activity")) || a.getAttribute("data-order") - b.getAttribute("data-order");
    }).forEach(function (q) {
      var key = isKey(r, q.getAttribute("data-activity")), mark = q.querySelector(".hb-sc-key");
      if (mark) mark.hidden = !key;
      q.classList.toggle("hb-sc-is-key", key);
      q.hidden = onlyKey() && !key;
      box.insertBefore(q, notes);
    });
  }

  function neighbour(dir) {
    for (var i = step + dir; i >= 0 && i < C.length; i += dir) if (shown(i)) return i;
    return -1;
  }

  // On a phone the list is one row that scrolls sideways: the current competency in view (after layout, not forcing it).
  function reveal(li) {
    var ol = li.parentNode;
    if (ol.scrollWidth > ol.clientWidth) ol.scrollLeft = li.offsetLeft - ol.offsetLeft - 16;
  }

  // The progress line, the list of competencies and the previous/next buttons.
  function progress() {
    var done = 0, n = count(state.answers);
    document.querySelectorAll(".hb-sc-steps [data-step]").forEach(function (b) {
      var id = b.getAttribute("data-step"), i = -1;
      C.forEach(function (c, j) { if (c.id === id) i = j; });
      var current = id ? view === "step" && i === step : view === "results";
      if (current) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
      if (current) requestAnimationFrame(function () { reveal(b.parentNode); });
      if (!id) return;
      var k = answered(C[i]), all = C[i].activities.length;
      if (k === all) done++;
      b.querySelector(".hb-sc-step-count").textContent = num(k) + "/" + num(all);
      b.classList.toggle("hb-sc-done", k === all);
      b.parentNode.hidden = !shown(i);
    });
    $("hb-sc-progress").textContent = fmt("progress-competencies", { n: num(done), total: num(C.length) }, done) + ", " +
      fmt("progress-questions", { n: num(n), total: num(total) }, n);
    $("hb-sc-bar").value = total ? n / total : 0;
    var prev = neighbour(-1), next = neighbour(1);
    $("hb-sc-prev").textContent = "← " + L.previous;
    $("hb-sc-next").textContent = L.next + " →";
    $("hb-sc-prev").hidden = prev < 0;
    $("hb-sc-next").hidden = next < 0;
    $("hb-sc-back").textContent = "← " + L.back;
  }

  // --- results ---------------------------------------------------------------------------------

  // Level per competency: the average of the rated activities, rounded to the nearest level.
  function scores() {
    return C.map(function (c) {
      var sum = 0, n = 0;
      c.activities.forEach(function (a) {
        var v = state.answers[a.id];
        if (v && v !== "na") { sum += Number(v); n++; }
      });
      var avg = n ? sum / n : null;
      return { c: c, n: n, avg: avg, level: n ? Math.round(avg) : null };
    });
  }

  function showResults(focus) {
    view = "results";
    form.hidden = $("hb-sc-pager").hidden = true;
    form.textContent = "";
    $("hb-sc-results").hidden = false;
    results();
    progress();
    if (focus) moveTo($("hb-sc-results-title"));
  }

  function levelText(n) { return num(n) + " – " + D.levelNames[n - 1]; }
  function cell(row, text) { var td = make("td", text); row.appendChild(td); return td; }

  function results() {
    var r = role(), rows = scores(), body = $("hb-sc-table").tBodies[0], n = count(state.answers);
    var rated = rows.some(function (x) { return x.n; }), select = $("hb-sc-role");
    $("hb-sc-compared").textContent = r ? fmt("compared-with", { role: select.options[select.selectedIndex].textContent }) : "";
    $("hb-sc-compared").hidden = !r;
    $("hb-sc-summary").textContent = rated ? $("hb-sc-progress").textContent : L["nothing-yet"];
    $("hb-sc-legend-expected").hidden = !r;
    document.querySelector(".hb-sc-legend").hidden = !rated;
    body.textContent = "";
    rows.forEach(function (x) {
      var tr = make("tr"), th = make("th");
      th.scope = "row"; th.appendChild(link(x.c)); tr.appendChild(th);
      cell(tr, num(x.n) + " / " + num(x.c.activities.length));
      cell(tr, x.n ? DEC.format(x.avg) : "–");
      cell(tr, x.n ? levelText(x.level) : L["not-rated"]);
      var e = r && r.levels[x.c.id];
      cell(tr, e ? levelText(e) : r ? L["not-required"] : "–");
      tr.setAttribute("data-competency", x.c.id);
      body.appendChild(tr);
    });
    chart(rows, r);
    gaps(rows, r);
    notes();
    return n;
  }

  function links(li, cls, label, items) {
    if (!items.length) return;
    var span = make("span", label + " ", cls);
    items.forEach(function (a, i) { if (i) span.appendChild(document.createTextNode(", ")); span.appendChild(link(a)); });
    li.appendChild(document.createTextNode(" "));
    li.appendChild(span);
  }

  // Gaps come only from rated activities; unrated ones are listed apart, as not yet rated (never as a zero).
  function gaps(rows, r) {
    var box = $("hb-sc-gaps");
    box.textContent = "";
    if (!r) { box.appendChild(make("p", L["choose-role"])); return; }
    var list = rows.filter(function (x) { return x.n && r.levels[x.c.id]; })
      .map(function (x) { return { x: x, gap: r.levels[x.c.id] - x.level }; })
      .filter(function (g) { return g.gap > 0; })
      .sort(function (a, b) { return b.gap - a.gap; });
    if (!list.length) box.appendChild(make("p", L["no-gaps"]));
    var ol = make("ol", null, "hb-sc-gap-list"), rank = 0;
    list.forEach(function (g) {
      var li = make("li"), want = r.levels[g.x.c.id];
      li.setAttribute("data-competency", g.x.c.id);
      li.setAttribute("data-gap", g.gap);
      li.appendChild(link(g.x.c));
      li.appendChild(document.createTextNode(": " + L.you.toLowerCase() + " " + num(g.x.level) + ", " +
        L.expected.toLowerCase() + " " + num(want) + " (" + L.gap + " " + num(g.gap) + ")."));
      links(li, "hb-sc-develop", L.develop, g.x.c.activities.filter(function (a) { var v = state.answers[a.id]; return v && v !== "na" && Number(v) < want; }));
      links(li, "hb-sc-unrated", L["not-yet-rated"], g.x.c.activities.filter(function (a) { return !state.answers[a.id]; }));
      var major = rank++ < SUGGESTED;
      if (!major) li.className = "hb-sc-minor";  // on paper, a smaller gap is one line: the plan keeps to two sheets
      suggest(li, g.x.c, g.x.level + 1, major);
      ol.appendChild(li);
    });
    if (list.length) box.appendChild(ol);
    var p = make("p", null, "hb-sc-unrated-required");
    links(p, "hb-sc-unrated", L["unrated-required"], rows.filter(function (x) {
      return !x.n && r.levels[x.c.id] && answered(x.c) < x.c.activities.length;
    }).map(function (x) { return x.c; }));
    if (p.firstChild) box.appendChild(p);
  }

  // The largest gaps show the next level's suggestions in full; every gap links to its competency's.
  var SUGGESTED = 3;
  function suggest(li, c, level, full) {
    var dev = c.dev || {}, items = dev[String(level)] || [];
    if (full && items.length) {
      li.appendChild(make("span", " " + fmt("next-step", { level: num(level) }), "hb-sc-next-step"));
      var ul = make("ul", null, "hb-sc-suggestions");
      items.forEach(function (x) { ul.appendChild(make("li", x)); });
      li.appendChild(ul);
    } else if (Object.keys(dev).length) {
      var p = make("span", null, "hb-sc-more");
      var a = make("a", L.suggestions);
      a.href = c.url + "#development";
      p.appendChild(document.createTextNode(" "));
      p.appendChild(a);
      li.appendChild(p);
    }
  }

  // The development goals, on screen and on paper with the results.
  function notes() {
    var box = $("hb-sc-notes-out");
    box.textContent = "";
    C.forEach(function (c) {
      if (!state.notes[c.id]) return;
      if (!box.firstChild) box.appendChild(make("h3", L.notes));
      var p = make("p");
      p.appendChild(make("strong", c.title + ":"));
      p.appendChild(document.createTextNode(" " + state.notes[c.id]));
      box.appendChild(p);
    });
  }

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  // A bar per competency under its title; with a role chosen, its expected level as a hatched bar beneath.
  // Titles above the bars leave the whole width to the bars, so the chart reads on a phone too.
  function chart(rows, r) {
    var max = D.scale.length, w = 440, pad = 6, unit = (w - pad - 26) / max, top = 2;
    var rowH = r ? 52 : 38, h = top + rowH * rows.length + 16, box = $("hb-sc-chart");
    box.textContent = "";
    box.hidden = !rows.some(function (x) { return x.n; });
    var svg = el("svg", { viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-labelledby": "hb-sc-chart-t hb-sc-chart-d", "class": "hb-chart" });
    var desc = rows.map(function (x) {
      return x.c.title + ": " + (x.n ? num(x.level) : L["not-rated"]) + (r ? " / " + (r.levels[x.c.id] ? num(r.levels[x.c.id]) : L["not-required"]) : "");
    }).join("; ");
    svg.appendChild(el("title", { id: "hb-sc-chart-t" }, L["chart-title"] + (r ? " – " + r.title : "")));
    svg.appendChild(el("desc", { id: "hb-sc-chart-d" }, desc));
    var defs = el("defs", {}), pat = el("pattern", { id: "hb-sc-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pat.appendChild(el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#000", "stroke-width": 2 }));
    defs.appendChild(pat); svg.appendChild(defs);
    for (var n = 0; n <= max; n++) {
      var x = pad + unit * n;
      svg.appendChild(el("line", { x1: x, y1: top + 16, x2: x, y2: h - 14, stroke: "#999", "stroke-dasharray": "2 3" }));
      svg.appendChild(el("text", { x: x, y: h - 2, "font-size": 13, "text-anchor": "middle" }, num(n)));
    }
    rows.forEach(function (x, i) {
      var y = top + rowH * i, v = x.level || 0;
      // a white halo keeps the grid lines out of the title's letters
      svg.appendChild(el("text", { x: pad, y: y + 14, "font-size": 15, "font-weight": 600, stroke: "#fff", "stroke-width": 4, "paint-order": "stroke" }, x.c.title));
      svg.appendChild(el("rect", { x: pad, y: y + 19, width: unit * v, height: 13, fill: "#1f2a44" }));
      svg.appendChild(el("text", { x: pad + unit * v + 4, y: y + 30, "font-size": 13 }, x.n ? num(v) : "–"));
      if (r) {
        var e = r.levels[x.c.id] || 0;
        if (e) svg.appendChild(el("rect", { x: pad, y: y + 35, width: unit * e, height: 11, fill: "url(#hb-sc-hatch)", stroke: "#000" }));
        svg.appendChild(el("text", { x: pad + unit * e + 4, y: y + 45, "font-size": 13 }, e ? num(e) : "—"));
      }
    });
    box.appendChild(svg);
  }

  // --- files -----------------------------------------------------------------------------------

  function exportFile() {
    var body = JSON.stringify({ format: D.format, version: D.version, exported: new Date().toISOString(), answers: state.answers, notes: state.notes, role: state.role }, null, 2);
    var a = make("a");
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
      var result = clean(parsed), got = result.state, n = 0, k = count(got.answers), d = result.dropped;
      if (!k && !count(got.notes)) { say(L["import-nothing"]); return; }
      ["answers", "notes"].forEach(function (part) {
        Object.keys(got[part]).forEach(function (id) { if (state[part][id] !== undefined && state[part][id] !== got[part][id]) n++; });
      });
      if (n && !window.confirm(fmt("import-confirm", { n: num(n) }, n))) { say(L["import-cancelled"]); return; }
      state = { answers: Object.assign({}, state.answers, got.answers), notes: Object.assign({}, state.notes, got.notes), role: got.role || state.role };
      var ok = save();
      paint();
      say(fmt("imported", { n: num(k) }, k) + (d ? " " + fmt("carried", { n: num(d) }, d) : "") + (ok ? "" : " " + L["not-saved"]));
    };
    reader.onerror = function () { say(L["import-error"]); };
    reader.readAsText(file);
  }

  // The whole page again from the state: after loading, importing or starting over.
  function paint() {
    $("hb-sc-role").value = state.role;
    var near = neighbour(1) >= 0 ? neighbour(1) : neighbour(-1);
    if (view === "results") showResults(false); else show(shown(step) || near < 0 ? step : near, false);
  }

  // --- events ----------------------------------------------------------------------------------

  form.addEventListener("change", function (e) {
    var t = e.target;
    if (t.type !== "radio") return;
    state.answers[t.name] = t.value;
    var n = count(state.answers);
    if (save()) say(fmt("saved", { n: num(n) }, n));
    progress();
  });
  form.addEventListener("input", function (e) {
    var id = e.target.getAttribute("data-notes");
    if (id) { if (e.target.value) state.notes[id] = e.target.value; else delete state.notes[id]; save(); }
  });
  form.addEventListener("click", function (e) {
    var b = e.target.closest(".hb-sc-toggle");
    if (!b) return;
    var open = b.getAttribute("aria-expanded") !== "true";
    disclose(b, open);
    // what each level looks like stays open or closed as the reader left it, from one competency to the next
    if (b.closest(".hb-sc-levels")) levelsOpen = open;
  });
  $("hb-sc-role").addEventListener("change", function (e) { state.role = e.target.value; save(); paint(); });
  if ($("hb-sc-only")) $("hb-sc-only").addEventListener("change", paint);
  document.querySelector(".hb-sc-steps").addEventListener("click", function (e) {
    var b = e.target.closest("[data-step]");
    if (!b) return;
    var id = b.getAttribute("data-step");
    if (!id) { showResults(true); return; }
    C.forEach(function (c, i) { if (c.id === id) show(i, true); });
  });
  $("hb-sc-prev").addEventListener("click", function () { show(neighbour(-1), true); });
  $("hb-sc-next").addEventListener("click", function () { show(neighbour(1), true); });
  $("hb-sc-pager").querySelector(".hb-sc-to-results").addEventListener("click", function () { showResults(true); });
  $("hb-sc-back").addEventListener("click", function () { show(step, true); });
  $("hb-sc-export").addEventListener("click", exportFile);
  $("hb-sc-import").addEventListener("change", function (e) { if (e.target.files[0]) importFile(e.target.files[0]); e.target.value = ""; });
  $("hb-sc-reset").addEventListener("click", function () {
    if (!window.confirm(L["reset-confirm"])) return;
    state = { answers: {}, notes: {}, role: "" };
    var s = storage();
    if (s) s.removeItem(KEY);
    step = 0;
    paint();
    say(L["reset-done"]);
  });
  // Paper always shows the results, whichever view is on screen.
  window.addEventListener("beforeprint", results);
  if (window.matchMedia) window.matchMedia("print").addEventListener("change", function (m) { if (m.matches) results(); });
  // Exposed for the benchmark (the results of given answers, computed as the page does) and the tests.
  window.hbSelfCheck = { compare: compare, scores: function (answers) { var keep = state.answers; state.answers = answers; var out = scores(); state.answers = keep; return out; } };

  document.documentElement.classList.add("hb-sc-on");
  $("hb-sc-app").hidden = false;
  // The plan's date: today, in the reader's own time zone (the name and date stay on this page only).
  if (!$("hb-sc-date").value) $("hb-sc-date").value = new Intl.DateTimeFormat(D.lang, { dateStyle: "long" }).format(new Date());
  load();
  // Back where the reader left off: the first competency with a question still open, or the results once all are answered.
  var open = -1;
  C.forEach(function (c, i) { if (open < 0 && answered(c) < c.activities.length) open = i; });
  $("hb-sc-role").value = state.role;
  if (open < 0 && count(state.answers)) showResults(false); else show(Math.max(open, 0), false);
})();
