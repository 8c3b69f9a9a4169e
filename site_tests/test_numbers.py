"""Every number and computed list a reader or HR sees, checked against the model, in every language.

Each expected value is worked out here from the model itself (levels, key
activities, glossary terms), never copied from the generator's own helpers, so
a template that swaps two columns, shifts a row or draws one role's bars as the
other's makes a test fail. The self-check's results are worked out the same way
for a few answer patterns and compared with what the browser shows.
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
from generator.pages import plan_files, plan_pages
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
    """Competencies by the difference between two roles, largest first, ties in the model's order."""
    return sorted(model.competencies, key=lambda c: -abs(a.levels[c.id] - b.levels[c.id]))


def pairs(model):
    return list(combinations(model.roles, 2))


# --- pair comparisons ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pair_tables_show_each_roles_own_levels(site, model, lang):
    """Every cell of every pair table: role A's level under A's name, B's under B's, the difference, in ranked order."""
    for a, b in pairs(model):
        doc = page_of(site, model, lang, "pair", a=a.id, b=b.id)
        table = after(heading(doc, model.label("levels-compared", lang)), "table")
        head = cells(table.find("tr"))
        assert head == [model.label("competency", lang), a.short[lang], b.short[lang], model.label("difference", lang)], (a.id, b.id)
        rows = table.find("tbody").find_all("tr")
        expected = ranked(model, a, b)[: len(rows)]
        assert len(rows) == min(len(model.competencies), 12)
        for row, comp in zip(rows, expected):
            diff = abs(a.levels[comp.id] - b.levels[comp.id])
            assert target_id(row.find("a")) == comp.id, (a.id, b.id)
            assert cells(row) == [comp.title[lang], str(a.levels[comp.id]), str(b.levels[comp.id]), str(diff) if diff else "–"], (a.id, b.id, comp.id)


def chart_rows(svg: BeautifulSoup) -> tuple[float, float, list[dict]]:
    """The chart as drawn: the axis (x of level 0, width of one level) and every bar with its label and number."""
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


@pytest.mark.parametrize("lang", LANGS)
def test_pair_charts_draw_each_role_at_its_level_in_table_order(site, model, lang):
    """Each bar's length and number against the two roles' levels; role A solid, role B hatched; rows in the table's order."""
    for spec in plan_files(model, lang):
        if spec.kind != "chart":
            continue
        a, b = spec.context["a"], spec.context["b"]
        svg = BeautifulSoup(html_file(site, lang, spec.path).read_text(encoding="utf-8"), "html.parser")
        _origin, _unit, bars = chart_rows(svg)
        # the legend names A beside the solid swatch and B beside the hatched one
        swatches = [r for r in svg.find_all("rect") if r.get("width") == "14"]
        legend = {("solid" if not s["fill"].startswith("url(") else "hatched"): s.find_next_sibling("text").get_text() for s in swatches}
        assert legend == {"solid": a.short[lang], "hatched": b.short[lang]}, spec.path
        shown = ranked(model, a, b)[: len(bars) // 2]
        assert len(bars) == 2 * min(len(model.competencies), 12)
        labels = [t.get_text() for t in svg.find_all("text") if t.get("text-anchor") == "end"]
        assert " ".join(labels) == " ".join(c.title[lang] for c in shown), spec.path
        for i, comp in enumerate(shown):
            bar_a, bar_b = bars[2 * i], bars[2 * i + 1]
            assert bar_a["solid"] and not bar_b["solid"], (spec.path, comp.id)
            assert math.isclose(bar_a["level"], a.levels[comp.id]), (spec.path, comp.id, "A")
            assert math.isclose(bar_b["level"], b.levels[comp.id]), (spec.path, comp.id, "B")
            assert bar_a["number"] == str(a.levels[comp.id]) and bar_b["number"] == str(b.levels[comp.id]), (spec.path, comp.id)
        desc = svg.find("desc").get_text()
        for comp in shown:
            assert f"{comp.title[lang]}: {a.short[lang]} {a.levels[comp.id]}, {b.short[lang]} {b.levels[comp.id]}." in desc


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
    """Every cell of the matrix: the column's role, the row's competency, that role's level for it."""
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
            level = role.levels[comp.id]
            assert td.get_text(strip=True) == str(level), (comp.id, role.id)
            assert f"hb-level-{level}" in td["class"], (comp.id, role.id)
            assert td.find("a")["title"] == f"{role.short[lang]}: {level_text(model, level, lang)}", (comp.id, role.id)


@pytest.mark.parametrize("lang", LANGS)
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


@pytest.mark.parametrize("lang", LANGS)
def test_role_pages_show_each_level_and_key_activity(site, model, lang):
    for role in model.roles:
        doc = page_of(site, model, lang, "role", role=role.id)
        table = after(heading(doc, model.label("levels-per-competency", lang)), "table")
        rows = table.find("tbody").find_all("tr")
        assert [target_id(r.find("a")) for r in rows] == [c.id for c in model.competencies], role.id
        for row, comp in zip(rows, model.competencies):
            assert cells(row) == [comp.title[lang], level_text(model, role.levels[comp.id], lang)], (role.id, comp.id)
        listed = links_after(heading(doc, model.label("key-activities", lang)))
        order = [x.id for x in model.activities]
        assert listed == [x for x in order if x in set(role.key_activities)], role.id


@pytest.mark.parametrize("lang", LANGS)
def test_competency_pages_list_every_role_at_its_level(site, model, lang):
    for comp in model.competencies:
        doc = page_of(site, model, lang, "competency", competency=comp.id)
        table = after(heading(doc, model.label("roles-needing", lang)), "table")
        shown = {target_id(r.find("a")): cells(r)[1] for r in table.find("tbody").find_all("tr")}
        assert shown == {r.id: level_text(model, r.levels[comp.id], lang) for r in model.roles}, comp.id
        levels = [int(v.split(" ")[0]) for v in shown.values()]
        assert levels == sorted(levels, reverse=True), "highest level first"
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

# The kinds whose users print them: HR prints role profiles, comparisons and the matrix; readers their self-check.
PRINTED_KINDS = ("role", "pair", "matrix", "self-check")


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


def expected_results(model, answers: dict[str, str], role) -> tuple[dict, list]:
    """What the results table and the gap list must show for these answers, worked out from the model."""
    table, gaps = {}, []
    for comp in model.competencies:
        rated = [int(answers[a.id]) for a in comp.activities if answers.get(a.id, "na") != "na"]
        if not rated:
            table[comp.id] = None
            continue
        avg = sum(rated) / len(rated)
        level = js_round(avg)
        table[comp.id] = (f"{len(rated)} / {len(comp.activities)}", f"{avg:.1f}", level)
        want = role.levels[comp.id]
        if want > level:
            develop = [a.id for a in comp.activities if answers.get(a.id) != "na" and not (a.id in answers and int(answers[a.id]) >= want)]
            gaps.append((comp.id, want - level, develop))
    gaps.sort(key=lambda g: -g[1])
    return table, gaps


def patterns(model):
    """Answer patterns: some at exactly the role's expected level, some below, some above, some not applicable."""
    cxm = model.roles[0]
    top = max(s.level for s in model.handbook.scale)
    first = {}
    for i, comp in enumerate(model.competencies[:4]):
        want = cxm.levels[comp.id]
        acts = comp.activities
        first[acts[0].id] = str(want)  # exactly at the expected level: not to develop
        first[acts[1].id] = str(max(1, want - 1 - i % 2))
        if len(acts) > 2:
            first[acts[2].id] = "na"
    second = {a.id: str(1 + (j % top)) for j, a in enumerate(model.activities[::3])}
    return [(cxm, first), (model.roles[-1], second), (model.roles[2], first)]


@pytest.mark.parametrize("lang", LANGS)
def test_selfcheck_results_averages_and_gaps(page, server, model, lang):
    page.goto(page_url(server, lang, next(s.path for s in plan_pages(model, lang) if s.kind == "self-check")))
    for role, answers in patterns(model):
        page.evaluate("localStorage.clear()")
        page.reload()
        for activity, value in answers.items():
            page.check(f'input[name="{activity}"][value="{value}"]')
        page.select_option("#hb-sc-role", role.id)
        table, gaps = expected_results(model, answers, role)
        for comp in model.competencies:
            row = [c.strip() for c in page.locator(f'#hb-sc-table tr[data-competency="{comp.id}"] td').all_text_contents()]
            expected_role = level_text(model, role.levels[comp.id], lang)
            if table[comp.id] is None:
                assert row == [f"0 / {len(comp.activities)}", "–", model.label("sc-not-rated", lang), expected_role], comp.id
            else:
                n, avg, level = table[comp.id]
                assert row == [n, avg, level_text(model, level, lang), expected_role], (role.id, comp.id)
        items = page.locator("#hb-sc-gaps li")
        shown = []
        for i in range(items.count()):
            li = items.nth(i)
            develop = [target_id_from_href(h) for h in li.locator("a").evaluate_all("els => els.slice(1).map(e => e.getAttribute('href'))")]
            shown.append((li.get_attribute("data-competency"), int(li.get_attribute("data-gap")), develop))
        assert shown == gaps, role.id


def target_id_from_href(href: str) -> str:
    return [p for p in href.split("/") if p and p != ".."][-1]
