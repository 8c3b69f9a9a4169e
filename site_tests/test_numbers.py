"""Every number and computed list a reader or HR sees, checked against the model, in every language.

Each expected value is worked out here from the model itself (levels, key
activities, glossary terms), never copied from the generator's own helpers, so
a template that swaps two columns, shifts a row or draws one role's bars as the
other's makes a test fail. The self-check's results are worked out the same way
for a few answer patterns and compared with what the browser shows.

A role lists only the competencies it requires: one left out of its levels is
"not required", and every page must say so rather than show a level, a bar or a gap.
"""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import LANGS, addresses, html_file, page_url
from generator.pages import PAIR_ROWS, plan_files, plan_pages
from generator.site import KINDS


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_of(site: Path, model, lang: str, kind: str, **ids: str) -> BeautifulSoup:
    """The built page of a planned page kind, found through the plan (never by spelling its address)."""
    for spec in plan_pages(model, lang):
        if spec.kind == kind and all(_context_id(spec.context, k) == v for k, v in ids.items()):
            return _parse(html_file(site, lang, spec.path))
    raise LookupError(f"no {kind} page {ids}")


def _context_id(context: dict, key: str) -> str | None:
    value = context.get(key)
    return getattr(value, "id", None)


def article(doc: BeautifulSoup) -> Tag:
    return doc.select_one("article.md-content__inner")


def target_id(a: Tag) -> str:
    """The id an internal link points at: the last segment of its address."""
    return [p for p in a["href"].split("#")[0].split("/") if p and p != ".."][-1].removesuffix(".svg")


def heading(doc: BeautifulSoup, text: str, name: str = "h2") -> Tag:
    found = [h for h in article(doc).find_all(name) if h.get_text(" ", strip=True).rstrip("¶").strip() == text]
    assert len(found) == 1, f"expected one <{name}> '{text}', found {len(found)}"
    return found[0]


def after(h: Tag, name: str) -> Tag:
    """The first <name> element after a heading, before the next heading of the same rank."""
    for el in h.find_all_next():
        if el.name == h.name:
            break
        if el.name == name:
            return el
    raise AssertionError(f"no <{name}> after '{h.get_text(strip=True)}'")


def links_after(h: Tag) -> list[str]:
    """Ids of the items listed under a heading, up to the next heading of any rank."""
    ids = []
    for el in h.find_next_siblings():
        if re.fullmatch(r"h[1-6]", el.name):
            break
        ids += [target_id(a) for a in el.select("li a[href]")]
    return ids


def cells(row: Tag) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]


def level_text(model, level: int, lang: str) -> str:
    name = next(s.name[lang] for s in model.handbook.scale if s.level == level)
    return f"{level} – {name}"


def ranked(model, a, b) -> list:
    """The competencies either of two roles requires, largest distance first, ties in the model's order.

    The distance is the difference of two required levels, or the one required level
    where only one role requires the competency; one neither requires is no row at all.
    """
    either = [c for c in model.competencies if c.id in a.levels or c.id in b.levels]
    return sorted(either, key=lambda c: -abs(a.levels.get(c.id, 0) - b.levels.get(c.id, 0)))


def pair_counts(model, a, b) -> dict[str, int]:
    """How many competencies only A requires, only B, both at different levels, both at the same level."""
    la, lb = a.levels, b.levels
    return {
        "only_a": sum(1 for c in model.competencies if c.id in la and c.id not in lb),
        "only_b": sum(1 for c in model.competencies if c.id in lb and c.id not in la),
        "differ": sum(1 for c in model.competencies if c.id in la and c.id in lb and la[c.id] != lb[c.id]),
        "same": sum(1 for c in model.competencies if c.id in la and c.id in lb and la[c.id] == lb[c.id]),
    }


def pairs(model):
    return list(combinations(model.roles, 2))


def shade_of(model, level: int) -> int:
    """A level's shade, 0 (lightest) to 8 (darkest): its place on the scale, so the lowest level is 0 and the top 8."""
    places = [s.level for s in model.handbook.scale]
    return round(places.index(level) * 8 / (len(places) - 1))


# --- pair comparisons ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pair_tables_show_each_roles_own_levels(site, model, lang):
    """Every cell of every pair table: role A's level under A's name, B's under B's, the difference, in ranked order.

    The table has exactly the competencies either role requires (up to PAIR_ROWS); where
    only one role requires a competency, the other's cell is a dash and the last column
    names the role that requires it instead of a difference.
    """
    for a, b in pairs(model):
        doc = page_of(site, model, lang, "pair", a=a.id, b=b.id)
        table = after(heading(doc, model.label("levels-compared", lang)), "table")
        head = cells(table.find("tr"))
        assert head == [model.label("competency", lang), a.short_name(lang), b.short_name(lang), model.label("difference", lang)], (a.id, b.id)
        rows = table.find("tbody").find_all("tr")
        expected = ranked(model, a, b)
        assert len(rows) == min(len(expected), PAIR_ROWS), (a.id, b.id)
        assert [target_id(row.find("a")) for row in rows] == [c.id for c in expected[:PAIR_ROWS]], (a.id, b.id)
        for row, comp in zip(rows, expected):
            la, lb = a.levels.get(comp.id), b.levels.get(comp.id)
            if la is not None and lb is not None:
                last = str(abs(la - lb)) if la != lb else "–"
            else:
                only = a if lb is None else b
                last = model.label("only-requires", lang).format(role=only.short_name(lang))
            shown = [comp.title[lang], "—" if la is None else str(la), "—" if lb is None else str(lb), last]
            assert cells(row) == shown, (a.id, b.id, comp.id)


@pytest.mark.parametrize("lang", LANGS)
def test_pair_summary_counts_each_kind_of_competency(site, model, lang):
    """The sentence above the chart: competencies only A requires, only B, both at different levels, both at the same level."""
    for a, b in pairs(model):
        doc = page_of(site, model, lang, "pair", a=a.id, b=b.id)
        counts = pair_counts(model, a, b)
        assert sum(counts.values()) == len(ranked(model, a, b)), "every competency either role requires is counted once"
        sentence = model.label("pair-summary", lang).format(a=a.short_name(lang), b=b.short_name(lang), a_only=counts["only_a"],
                                                            b_only=counts["only_b"], differ=counts["differ"], same=counts["same"])
        summary = after(heading(doc, model.label("levels-compared", lang)), "p")
        assert " ".join(summary.get_text(" ", strip=True).split()) == sentence, (a.id, b.id)


def chart_rows(svg: BeautifulSoup) -> tuple[float, float, list[dict]]:
    """The chart as drawn: the axis (x of level 0, width of one level) and every bar with its label and number, top to bottom."""
    grid = sorted({float(line["x1"]) for line in svg.find_all("line") if line.get("stroke-dasharray")})
    origin, unit = grid[0], grid[1] - grid[0]
    # the legend's swatches are 14 units wide; every other rectangle at the axis is a bar
    bars = [r for r in svg.find_all("rect") if r.get("x") and float(r["x"]) == origin and r.get("width") not in (None, "100%", "14")]
    numbers = [t for t in svg.find_all("text") if t.get("text-anchor") is None and t.get_text().strip().isdigit()]
    out = []
    for bar in bars:
        y, h = float(bar["y"]), float(bar["height"])
        # the number printed at the end of the bar: the text whose baseline is within the bar's height
        label = [t for t in numbers if y <= float(t["y"]) <= y + h and float(t["x"]) > origin]
        out.append({"y": y, "solid": not bar["fill"].startswith("url("), "level": float(bar["width"]) / unit,
                    "number": label[0].get_text().strip() if label else None})
    return origin, unit, sorted(out, key=lambda x: x["y"])


def chart_dashes(svg: BeautifulSoup, origin: float, unit: float) -> list[float]:
    """Where the chart marks a level as not required: the dashes drawn where a bar would start (their y)."""
    dashes = [t for t in svg.find_all("text") if t.get_text().strip() == "—"]
    assert all(origin <= float(t["x"]) < origin + unit for t in dashes), "a dash stands where the bar would start"
    return [float(t["y"]) for t in dashes]


@pytest.mark.parametrize("lang", LANGS)
def test_pair_charts_draw_each_role_at_its_level_in_table_order(site, model, lang):
    """Each bar's length and number against the two roles' levels; role A solid, role B hatched; rows in the table's order.

    A role that does not require a competency gets no bar for it, only a dash where
    its bar would start, and the text alternative says "not required".
    """
    not_required = model.label("not-required", lang).lower()
    for spec in plan_files(model, lang):
        if spec.kind != "chart":
            continue
        a, b = spec.context["a"], spec.context["b"]
        svg = BeautifulSoup(html_file(site, lang, spec.path).read_text(encoding="utf-8"), "html.parser")
        origin, unit, bars = chart_rows(svg)
        # the legend names A beside the solid swatch and B beside the hatched one
        swatches = [r for r in svg.find_all("rect") if r.get("width") == "14"]
        legend = {("solid" if not s["fill"].startswith("url(") else "hatched"): s.find_next_sibling("text").get_text() for s in swatches}
        assert legend == {"solid": a.short_name(lang), "hatched": b.short_name(lang)}, spec.path
        shown = ranked(model, a, b)[:PAIR_ROWS]
        labels = [t.get_text() for t in svg.find_all("text") if t.get("text-anchor") == "end"]
        assert " ".join(labels) == " ".join(c.title[lang] for c in shown), spec.path
        # Top to bottom, each row marks A's level, then B's: a bar where the role requires the competency, a dash where not.
        expected = [(solid, level.get(c.id)) for c in shown for solid, level in ((True, a.levels), (False, b.levels))]
        marks = sorted([(bar["y"], (bar["solid"], bar["level"], bar["number"])) for bar in bars]
                       + [(y, None) for y in chart_dashes(svg, origin, unit)], key=lambda m: m[0])
        assert len(marks) == len(expected), spec.path
        assert len(bars) == sum(1 for _, level in expected if level is not None), f"{spec.path}: a bar for every required level, none for the others"
        for (_, drawn), (solid, level) in zip(marks, expected):
            if level is None:
                assert drawn is None, f"{spec.path}: a bar for a level the role does not require"
                continue
            assert drawn is not None, f"{spec.path}: no bar for a required level"
            is_solid, length, number = drawn
            assert is_solid == solid, spec.path
            assert math.isclose(length, level) and number == str(level), (spec.path, solid, level, length, number)
        desc = svg.find("desc").get_text()
        for comp in shown:
            la, lb = a.levels.get(comp.id, not_required), b.levels.get(comp.id, not_required)
            assert f"{comp.title[lang]}: {a.short_name(lang)} {la}, {b.short_name(lang)} {lb}." in desc, (spec.path, comp.id)


@pytest.mark.parametrize("lang", LANGS)
def test_pair_key_activity_lists(site, model, lang):
    """'Only in A', 'only in B' and 'shared' list exactly the right key activities, in the model's order."""
    order = [x.id for x in model.activities]
    for a, b in pairs(model):
        doc = page_of(site, model, lang, "pair", a=a.id, b=b.id)
        ka, kb = set(a.key_activities), set(b.key_activities)
        expected = {
            model.label("only-in", lang).format(role=a.title[lang]): [x for x in order if x in ka - kb],
            model.label("only-in", lang).format(role=b.title[lang]): [x for x in order if x in kb - ka],
            model.label("shared-activities", lang): [x for x in order if x in ka & kb],
        }
        for title, ids in expected.items():
            assert links_after(heading(doc, title, "h3")) == ids, (a.id, b.id, title)


# --- the matrix ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_cells_are_each_roles_levels(site, model, lang):
    """Every cell of the matrix: the column's role, the row's competency, that role's level for it.

    A required level is a number, shaded by its place on the scale; a competency the
    role does not require is a dash, with no number and no link, named in words for
    screen readers and in the cell's tooltip.
    """
    doc = page_of(site, model, lang, "matrix")
    table = article(doc).select_one("table.hb-matrix:not(.hb-pairs)")
    columns = [target_id(a) for a in table.find("thead").select("th a")]
    assert columns == [r.id for r in model.roles]
    rows = table.find("tbody").find_all("tr")
    assert [target_id(r.find("th").find("a")) for r in rows] == [c.id for c in model.competencies]
    for row, comp in zip(rows, model.competencies):
        tds = row.find_all("td")
        assert len(tds) == len(model.roles)
        for td, role in zip(tds, model.roles):
            level = role.levels.get(comp.id)
            levels = [c for c in td["class"] if c.startswith(("hb-level-", "hb-shade-"))]
            if level is None:
                hidden = td.select_one(".hb-visually-hidden")
                visible = [x.get_text(strip=True) for x in td.find_all(string=True) if not (hidden and x.parent is hidden) and x.strip()]
                assert visible == ["—"], (comp.id, role.id)
                assert hidden is not None and hidden.get_text(strip=True) == model.label("not-required", lang), (comp.id, role.id)
                assert not any(ch.isdigit() for ch in td.get_text()), f"{comp.id}, {role.id}: a number in a not-required cell"
                assert {"hb-cell", "hb-not-required"} <= set(td["class"]) and levels == [], (comp.id, role.id)
                assert td.find("a") is None and td["title"] == f"{role.short_name(lang)}: {model.label('not-required', lang)}", (comp.id, role.id)
                continue
            assert td.get_text(strip=True) == str(level), (comp.id, role.id)
            assert "hb-cell" in td["class"] and "hb-not-required" not in td["class"], (comp.id, role.id)
            assert sorted(levels) == [f"hb-level-{level}", f"hb-shade-{shade_of(model, level)}"], (comp.id, role.id)
            assert td.find("a")["title"] == f"{role.short_name(lang)}: {level_text(model, level, lang)}", (comp.id, role.id)
    dashes = len(table.select("td.hb-not-required"))
    assert dashes == sum(1 for r in model.roles for c in model.competencies if c.id not in r.levels)


def plan_path(model, kind: str, a, b) -> str:
    return next(s.path for s in plan_pages(model, LANGS[0]) if s.kind == kind and s.context["a"] == a and s.context["b"] == b)


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_links_every_pair_to_its_comparison(site, model, lang):
    doc = page_of(site, model, lang, "matrix")
    table = article(doc).select_one("table.hb-pairs")
    for row, r in zip(table.find("tbody").find_all("tr"), model.roles):
        for td, o in zip(row.find_all("td"), model.roles):
            a = td.find("a")
            if o.id == r.id:
                assert a is None
                continue
            first, second = sorted((r, o), key=lambda x: model.roles.index(x))
            assert target_id(a) == addresses().url(plan_path(model, "pair", first, second)).strip("/").split("/")[-1], (r.id, o.id)


# --- role, competency, activity and overview pages ----------------------------


def not_required_line(doc: BeautifulSoup, model, lang: str) -> Tag | None:
    """The paragraph "Competencies this role does not require: ..." of a role page, if it has one."""
    label = f"{model.label('not-required-list', lang)}:"
    found = [p for p in article(doc).find_all("p") if p.find("strong") and p.find("strong").get_text(strip=True) == label]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize("lang", LANGS)
def test_role_pages_show_each_level_and_key_activity(site, model, lang):
    """The levels table lists only the competencies the role requires, in the model's order; a line below names the others."""
    for role in model.roles:
        doc = page_of(site, model, lang, "role", role=role.id)
        required = [c for c in model.competencies if c.id in role.levels]
        unrequired = [c for c in model.competencies if c.id not in role.levels]
        table = after(heading(doc, model.label("levels-per-competency", lang)), "table")
        rows = table.find("tbody").find_all("tr")
        assert [target_id(r.find("a")) for r in rows] == [c.id for c in required], role.id
        for row, comp in zip(rows, required):
            assert cells(row) == [comp.title[lang], level_text(model, role.levels[comp.id], lang)], (role.id, comp.id)
        line = not_required_line(doc, model, lang)
        if unrequired:
            assert line is not None, f"{role.id}: no line names the competencies it does not require"
            assert [target_id(x) for x in line.find_all("a")] == [c.id for c in unrequired], role.id
            expected = f"{model.label('not-required-list', lang)}: " + ", ".join(c.title[lang] for c in unrequired)
            assert " ".join(line.get_text(" ", strip=True).split()).replace(" ,", ",").replace(" :", ":") == expected, role.id
        else:
            assert line is None, f"{role.id} requires every competency"
        order = [x.id for x in model.activities]
        if role.key_activities:
            listed = links_after(heading(doc, model.label("key-activities", lang)))
            assert listed == [x for x in order if x in set(role.key_activities)], role.id


@pytest.mark.parametrize("lang", LANGS)
def test_competency_pages_list_every_role_at_its_level(site, model, lang):
    """"Roles that need it": exactly the roles that require the competency, highest level first (ties in the model's order)."""
    for comp in model.competencies:
        doc = page_of(site, model, lang, "competency", competency=comp.id)
        needing = [r for r in model.roles if comp.id in r.levels]
        h = heading(doc, model.label("roles-needing", lang))
        if not needing:
            assert model.label("no-role-needs", lang) in h.find_next("p").get_text(" ", strip=True), comp.id
            continue
        rows = after(h, "table").find("tbody").find_all("tr")
        shown = [(target_id(r.find("a")), cells(r)[1]) for r in rows]
        expected = sorted(needing, key=lambda r: -r.levels[comp.id])
        assert shown == [(r.id, level_text(model, r.levels[comp.id], lang)) for r in expected], comp.id
        if comp.activities:
            acts = links_after(heading(doc, f"{model.label('activities', lang)} ({len(comp.activities)})"))
            assert acts == [x.id for x in comp.activities]


@pytest.mark.parametrize("lang", LANGS)
def test_activity_pages_name_the_roles_that_carry_them(site, model, lang):
    for comp in model.competencies:
        for act in comp.activities:
            doc = page_of(site, model, lang, "activity", activity=act.id)
            carriers = [r for r in model.roles if act.id in r.key_activities]
            if not carriers:
                assert model.label("no-role-carries", lang) in article(doc).get_text()
                continue
            lis = after(heading(doc, model.label("roles-carrying", lang)), "ul").find_all("li")
            assert [target_id(li.find("a")) for li in lis] == [r.id for r in carriers], act.id
            for li, r in zip(lis, carriers):
                assert li.get_text(" ", strip=True).endswith(f"{level_text(model, r.levels[comp.id], lang)})"), (act.id, r.id)


@pytest.mark.parametrize("lang", LANGS)
def test_model_overview_counts_activities(site, model, lang):
    doc = page_of(site, model, lang, "model")
    table = after(heading(doc, model.label("competencies", lang)), "table")
    rows = table.find("tbody").find_all("tr")
    for i, (row, comp) in enumerate(zip(rows, model.competencies), start=1):
        values = cells(row)
        assert (values[0], values[1], values[3]) == (str(i), comp.title[lang], str(len(comp.activities)))
    assert cells(rows[-1])[-1] == str(sum(len(c.activities) for c in model.competencies)) == str(len(model.activities))
    assert str(len(model.activities)) in article(doc).select_one(".hb-lead").get_text()
    assert str(len(model.competencies)) in article(doc).select_one(".hb-lead").get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_names_each_term_in_every_other_language(site, model, lang):
    doc = page_of(site, model, lang, "glossary")
    others = [x for x in LANGS if x != lang]
    for term in model.glossary.terms:
        h = article(doc).find(id=term.id)
        assert h is not None and h.get_text(strip=True).rstrip("¶") == term.term[lang]
        line = h.find_next("p").get_text(" ", strip=True)
        expected = f"{model.label('in-other-language', lang)}: " + ", ".join(term.term[o] for o in others)
        assert line == expected, term.id


# --- print buttons ------------------------------------------------------------

# The kinds whose users print them: HR prints role profiles, comparisons, the matrix, job descriptions, interview
# guides and the role chooser; readers their self-check (the development plan).
PRINTED_KINDS = ("role", "pair", "matrix", "self-check", "compare-any", "job", "interview", "chooser")


def test_the_printed_kinds_promise_a_print_button():
    assert {k.name for k in KINDS.values() if k.print} == set(PRINTED_KINDS)


@pytest.mark.parametrize("lang", LANGS)
def test_printable_pages_have_one_print_button_and_others_none(site, model, lang):
    for spec in plan_pages(model, lang):
        doc = _parse(html_file(site, lang, spec.path))
        buttons = doc.select("article button.hb-print-button[data-hb-print]")
        assert len(buttons) == (1 if spec.kind in PRINTED_KINDS else 0), spec.path
        if buttons:
            assert buttons[0].get_text(strip=True) == model.label("print", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_print_buttons_open_the_print_dialog(browser, server, model, lang):
    """Clicking the button calls the browser's print, once, on one page of every printable kind."""
    context = browser.new_context()
    context.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page = context.new_page()
    try:
        seen = set()
        for spec in plan_pages(model, lang):
            if spec.kind not in PRINTED_KINDS or spec.kind in seen:
                continue
            seen.add(spec.kind)
            page.goto(page_url(server, lang, spec.path))
            page.locator("article .hb-print-button").click()
            assert page.evaluate("window.__printed") == 1, spec.path
        assert seen == set(PRINTED_KINDS)
    finally:
        context.close()


# --- the self-check's results ---------------------------------------------------


def js_round(x: float) -> int:
    return math.floor(x + 0.5)


def expected_results(model, answers: dict[str, str], role, lang: str) -> tuple[dict, list, list]:
    """What the results table, the gap list and the "not yet rated" line must show for these answers, worked out from the model.

    A competency the role does not require has no expected level, so it is never a gap. Gaps come from rated
    activities only: those rated below the expected level are to develop, the unanswered ones are "not yet rated".
    """
    table, gaps, unrated = {}, [], []
    for comp in model.competencies:
        rated = [int(answers[a.id]) for a in comp.activities if answers.get(a.id, "na") != "na"]
        want = role.levels.get(comp.id)
        if not rated:
            table[comp.id] = None
            if want is not None and any(a.id not in answers for a in comp.activities):
                unrated.append(comp.id)
            continue
        avg = sum(rated) / len(rated)
        level = js_round(avg)
        shown = f"{avg:.1f}".replace(".", DECIMAL[lang])
        table[comp.id] = (f"{len(rated)} / {len(comp.activities)}", shown, level)
        if want is not None and want > level:
            develop = [a.id for a in comp.activities if a.id in answers and answers[a.id] != "na" and int(answers[a.id]) < want]
            not_yet = [a.id for a in comp.activities if a.id not in answers]
            gaps.append((comp.id, want - level, develop, not_yet))
    gaps.sort(key=lambda g: -g[1])
    return table, gaps, unrated


# How each language writes a decimal number: Estonian with a comma.
DECIMAL = {"et": ",", "en": "."}


def patterns(model):
    """Answer patterns: some at exactly the role's expected level, some below, some above, some not applicable.

    The last rates half the activities at the lowest level for the role that leaves out the
    most competencies: those it requires are gaps, those it does not require must not be.
    """
    cxm = model.roles[0]
    top = max(s.level for s in model.handbook.scale)
    lowest = min(s.level for s in model.handbook.scale)
    first = {}
    for i, comp in enumerate(model.competencies[:4]):
        want = cxm.levels.get(comp.id, top)
        acts = comp.activities
        first[acts[0].id] = str(want)  # exactly at the expected level: not to develop
        first[acts[1].id] = str(max(1, want - 1 - i % 2))
        if len(acts) > 2:
            first[acts[2].id] = "na"
    second = {a.id: str(1 + (j % top)) for j, a in enumerate(model.activities[::3])}
    sparse = max(model.roles, key=lambda r: len(model.competencies) - len(r.levels))
    low = {a.id: str(lowest) for a in model.activities[::2]}
    return [(cxm, first), (model.roles[-1], second), (model.roles[2], first), (sparse, low)]


def selfcheck_answer(page, model, answers: dict[str, str]) -> None:
    """Rate activities as a reader does: one competency at a time, chosen from the list of competencies."""
    for activity, value in answers.items():
        radio = page.locator(f'#hb-selfcheck input[name="{activity}"][value="{value}"]')
        if not radio.count():
            page.click(f'.hb-sc-steps button[data-step="{model.activity_index[activity][0].id}"]')
        radio.check()


@pytest.mark.parametrize("lang", LANGS)
def test_selfcheck_results_averages_and_gaps(page, server, model, lang):
    page.goto(page_url(server, lang, next(s.path for s in plan_pages(model, lang) if s.kind == "self-check")))
    rated_but_not_required = 0
    for role, answers in patterns(model):
        page.evaluate("localStorage.clear()")
        page.reload()
        selfcheck_answer(page, model, answers)
        page.select_option("#hb-sc-role", role.id)
        page.click('.hb-sc-steps button[data-step=""]')  # the results
        table, gaps, unrated = expected_results(model, answers, role, lang)
        for comp in model.competencies:
            row = [c.strip() for c in page.locator(f'#hb-sc-table tr[data-competency="{comp.id}"] td').all_text_contents()]
            required = comp.id in role.levels
            expected_role = level_text(model, role.levels[comp.id], lang) if required else model.label("not-required", lang)
            rated_but_not_required += table[comp.id] is not None and not required
            if table[comp.id] is None:
                assert row == [f"0 / {len(comp.activities)}", "–", model.label("sc-not-rated", lang), expected_role], comp.id
            else:
                n, avg, level = table[comp.id]
                assert row == [n, avg, level_text(model, level, lang), expected_role], (role.id, comp.id)
        items = page.locator("#hb-sc-gaps ol.hb-sc-gap-list > li")
        shown = []
        for i in range(items.count()):
            li = items.nth(i)
            develop = [target_id_from_href(h) for h in li.locator(".hb-sc-develop a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
            not_yet = [target_id_from_href(h) for h in li.locator(".hb-sc-unrated a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
            shown.append((li.get_attribute("data-competency"), int(li.get_attribute("data-gap")), develop, not_yet))
        assert not [c for c, _, _, _ in shown if c not in role.levels], f"{role.id}: a gap in a competency the role does not require"
        assert shown == gaps, role.id
        named = page.locator(".hb-sc-unrated-required a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert [target_id_from_href(h) for h in named] == unrated, role.id
    leaves_out = any(len(r.levels) < len(model.competencies) for r in model.roles)
    assert rated_but_not_required or not leaves_out, "the patterns rate a competency the chosen role does not require"


def target_id_from_href(href: str) -> str:
    return [p for p in href.split("/") if p and p != ".."][-1]
