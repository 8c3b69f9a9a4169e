"""HR prints these: every pair comparison, the matrix and every role page, in both languages, in Chromium."""

from __future__ import annotations

import io
import re
from itertools import combinations, pairwise

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import LANGS, html_file, page_url
from generator.pages import PAIR_ROWS
from generator.site import source_path

# Interface text that must never reach paper: navigation, search, skip link, footer.
CHROME = {
    "et": ["Otsi", "Keri sisuni", "Navigatsioon", "Eelmine", "Järgmine", "Avaleht", "Enesehindamine", "Prindi"],
    "en": ["Search", "Skip to content", "Navigation", "Previous", "Next", "Home", "Self-check", "Print"],
}
A4 = (595, 842)


def print_pdf(page, url: str) -> PdfReader:
    page.goto(url)
    return printed(page)


def printed(page) -> PdfReader:
    """The page as it is now, printed to PDF as the browser prints it."""
    page.emulate_media(media="print")
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


def pdf_text(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def page_size(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def squash(s: str) -> str:
    """PDF text extraction may break lines anywhere a browser wrapped them."""
    return re.sub(r"\s+", "", s)


def required_by_either(model, a, b) -> list:
    """The competencies at least one of two roles requires: the rows of their comparison, in the model's order."""
    return [c for c in model.competencies if c.id in a.levels or c.id in b.levels]


def distance(a, b, competency_id: str) -> int:
    """How far apart two roles are on a competency: the difference of their levels, a level it does not require counting as 0."""
    return abs(a.levels.get(competency_id, 0) - b.levels.get(competency_id, 0))


def ranked(model, a, b) -> list:
    """A pair page's rows: the largest distance first, ties in the model's order."""
    return sorted(required_by_either(model, a, b), key=lambda c: -distance(a, b, c.id))


def summary(model, lang: str, a, b) -> str:
    """The pair page's sentence counting the competencies only A requires, only B, both at different levels, both at the same."""
    la, lb = a.levels, b.levels
    both = [c.id for c in model.competencies if c.id in la and c.id in lb]
    return model.label("pair-summary", lang).format(
        a=a.short_name(lang), b=b.short_name(lang),
        a_only=sum(1 for c in model.competencies if c.id in la and c.id not in lb),
        b_only=sum(1 for c in model.competencies if c.id in lb and c.id not in la),
        differ=sum(1 for c in both if la[c] != lb[c]), same=sum(1 for c in both if la[c] == lb[c]))


def assert_clean_paper(text: str, lang: str, model) -> None:
    for word in CHROME[lang]:
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), f"'{word}' reached the paper"
    assert model.handbook.title[lang] in text
    assert model.handbook.version in text
    assert "http://127.0.0.1" in text, "the page's address is on the paper"
    if model.handbook.attribution is not None:  # whose work is what, on every printout of the model
        assert squash(model.handbook.attribution[lang].split(":")[0]) in squash(text)


@pytest.mark.parametrize("lang", LANGS)
def test_pair_comparisons_print_on_two_a4_pages(page, server, model, lang):
    """Both purposes, the counts, the chart, the table and the key activities fit on two sheets, for every pair."""
    for a, b in combinations(model.roles, 2):
        reader = print_pdf(page, page_url(server, lang, source_path("pair", a.id, b.id)))
        text = pdf_text(reader)
        where = f"{lang} {a.id}--{b.id}"
        assert page_size(reader) == A4, where
        assert len(reader.pages) <= 2, f"{where}: {len(reader.pages)} pages"
        assert page.evaluate("() => { const i = document.querySelector('img.hb-chart'); return i.complete && i.naturalWidth > 0 }"), f"{where}: the chart did not load"
        for role in (a, b):
            assert squash(role.title[lang]) in squash(text), where
        for c in ranked(model, a, b)[:PAIR_ROWS]:
            assert squash(c.title[lang]) in squash(text), f"{where}: {c.id}"
        assert squash(summary(model, lang, a, b)) in squash(text), f"{where}: the counts are not on the paper"
        assert_clean_paper(text, lang, model)


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_prints_on_one_a4_landscape_page(page, server, model, lang):
    reader = print_pdf(page, page_url(server, lang, source_path("matrix")))
    text = pdf_text(reader)
    assert len(reader.pages) == 1
    assert page_size(reader) == (A4[1], A4[0])
    for r in model.roles:
        assert squash(r.short_name(lang)) in squash(text)
    for c in model.competencies:
        assert squash(c.title[lang]) in squash(text)
    assert_clean_paper(text, lang, model)


@pytest.mark.parametrize("lang", LANGS)
def test_role_cards_print_on_two_a4_pages(page, server, model, lang):
    for role in model.roles:
        reader = print_pdf(page, page_url(server, lang, source_path("role", role.id)))
        text = pdf_text(reader)
        assert page_size(reader) == A4
        assert len(reader.pages) <= 2, f"{lang} {role.id}: {len(reader.pages)} pages"
        assert squash(role.title[lang]) in squash(text)
        for c in model.competencies:  # those it does not require are named too, on the line after the levels
            assert squash(c.title[lang]) in squash(text), f"{role.id}: {c.id}"
        assert_clean_paper(text, lang, model)


def test_print_date_is_filled_in(page, server):
    page.goto(page_url(server, LANGS[0], source_path("matrix")))
    assert re.search(r"\d{4}", page.locator(".hb-print-date").first.text_content())


def test_every_pair_page_is_linked_from_both_roles(site, model):
    for lang in LANGS:
        for a, b in combinations(model.roles, 2):
            target = html_file(site, lang, source_path("pair", a.id, b.id)).resolve()
            assert target.is_file()
            for role in (a, b):
                role_page = html_file(site, lang, source_path("role", role.id))
                hrefs = {(role_page.parent / x["href"]).resolve() / "index.html"
                         for x in BeautifulSoup(role_page.read_text(encoding="utf-8"), "html.parser").select("article a[href]")}
                assert target in hrefs, f"{lang}: {role.id} does not link to {a.id}--{b.id}"


def test_every_chart_has_a_title_and_text_alternative(site, model):
    for lang in LANGS:
        for a, b in combinations(model.roles, 2):
            page_file = html_file(site, lang, source_path("pair", a.id, b.id))
            img = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser").select_one("figure.hb-chart-figure img.hb-chart")
            assert img is not None and a.title[lang] in img["alt"] and b.title[lang] in img["alt"]
            assert int(img["width"]) > 0 and int(img["height"]) > 0, "the page keeps room for the chart before it loads"
            chart = (page_file.parent / img["src"]).resolve()
            assert chart == html_file(site, lang, source_path("chart", a.id, b.id)).resolve()
            svg = BeautifulSoup(chart.read_text(encoding="utf-8"), "html.parser").svg
            assert svg["viewbox"] == f"0 0 {img['width']} {img['height']}"
            assert a.title[lang] in svg.title.text and b.title[lang] in svg.title.text
            rows = ranked(model, a, b)[:PAIR_ROWS]
            for c in rows:
                assert c.title[lang] in svg.desc.text
            # readable in black and white: one role solid, the other hatched, every bar labelled with its number;
            # a role that does not require a competency has no bar for it, only a dash
            levels = [r.levels[c.id] for c in rows for r in (a, b) if c.id in r.levels]
            assert svg.select("pattern") and len(svg.select("rect")) == len(levels) + 3, "a bar per required level, two legend swatches, the background"
            numbers = [t.text for t in svg.select("text")]
            for level in set(levels):
                assert str(level) in numbers
            assert numbers.count("—") == 2 * len(rows) - len(levels), f"{a.id}--{b.id}: a dash for every level not required"


def test_largest_differences_come_first(site, model):
    """The rows either role requires, the largest distance first: a one-sided row ranks by its one level, ties keep the model's order."""
    # a pair where one role requires what the other does not (and both require something at different levels)
    a, b = next((a, b) for a, b in combinations(model.roles, 2)
                if set(a.levels) != set(b.levels) and any(a.levels[c] != b.levels[c] for c in set(a.levels) & set(b.levels)))
    page = html_file(site, LANGS[0], source_path("pair", a.id, b.id))
    rows = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article table:not(.hb-matrix) tbody tr")
    shown = [(page.parent / r.select_one("td a")["href"]).resolve().name for r in rows]
    either = [c.id for c in required_by_either(model, a, b)]
    assert set(shown) <= set(either) and len(shown) == min(len(either), PAIR_ROWS), "only competencies either role requires"
    assert [distance(a, b, c) for c in shown] == sorted((distance(a, b, c) for c in either), reverse=True)[:len(shown)]
    for x, y in pairwise(shown):
        if distance(a, b, x) == distance(a, b, y):
            assert either.index(x) < either.index(y), f"{x} and {y} are tied: the model's order"
    assert any(c not in a.levels or c not in b.levels for c in shown), "the pair has a one-sided row"


def test_competency_pages_link_to_the_matrix(site, model):
    for lang in LANGS:
        for c in model.competencies:
            page = html_file(site, lang, source_path("competency", c.id))
            links = [(page.parent / a["href"]).resolve() for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article a[href]")]
            assert html_file(site, lang, source_path("matrix")).parent.resolve() in links


def test_matrix_links_every_cell_role_and_pair(site, model):
    matrix = html_file(site, LANGS[0], source_path("matrix"))
    doc = BeautifulSoup(matrix.read_text(encoding="utf-8"), "html.parser")
    targets = [(matrix.parent / a["href"]).resolve() / "index.html" for a in doc.select("table.hb-matrix a")]
    for r in model.roles:
        assert html_file(site, LANGS[0], source_path("role", r.id)).resolve() in targets
    for c in model.competencies:  # the row's heading and each cell of a role that requires it (a dash links nowhere)
        needing = sum(1 for r in model.roles if c.id in r.levels)
        assert targets.count(html_file(site, LANGS[0], source_path("competency", c.id)).resolve()) == 1 + needing, c.id
    for a, b in combinations(model.roles, 2):
        assert targets.count(html_file(site, LANGS[0], source_path("pair", a.id, b.id)).resolve()) == 2
