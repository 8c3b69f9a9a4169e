"""HR prints these: every pair comparison, the matrix and every role page, in both languages, in Chromium."""

from __future__ import annotations

import io
import re
from itertools import combinations

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import LANGS, html_file, page_url
from generator.site import source_path

# Interface text that must never reach paper: navigation, search, skip link, footer.
CHROME = {
    "et": ["Otsi", "Keri sisuni", "Navigatsioon", "Eelmine", "Järgmine", "Avaleht", "Enesehindamine", "Prindi"],
    "en": ["Search", "Skip to content", "Navigation", "Previous", "Next", "Home", "Self-check", "Print"],
}
A4 = (595, 842)


def print_pdf(page, url: str) -> PdfReader:
    page.goto(url)
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


def assert_clean_paper(text: str, lang: str, model) -> None:
    for word in CHROME[lang]:
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), f"'{word}' reached the paper"
    assert model.handbook.title[lang] in text
    assert model.handbook.version in text
    assert "http://127.0.0.1" in text, "the page's address is on the paper"


@pytest.mark.parametrize("lang", LANGS)
def test_pair_comparisons_print_on_two_a4_pages(page, server, model, lang):
    for a, b in combinations(model.roles, 2):
        reader = print_pdf(page, page_url(server, lang, source_path("pair", a.id, b.id)))
        text = pdf_text(reader)
        where = f"{lang} {a.id}--{b.id}"
        assert page_size(reader) == A4, where
        assert len(reader.pages) <= 2, f"{where}: {len(reader.pages)} pages"
        assert page.evaluate("() => { const i = document.querySelector('img.hb-chart'); return i.complete && i.naturalWidth > 0 }"), f"{where}: the chart did not load"
        for role in (a, b):
            assert squash(role.title[lang]) in squash(text), where
        for c in model.competencies:
            assert squash(c.title[lang]) in squash(text), f"{where}: {c.id}"
        assert_clean_paper(text, lang, model)


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_prints_on_one_a4_landscape_page(page, server, model, lang):
    reader = print_pdf(page, page_url(server, lang, source_path("matrix")))
    text = pdf_text(reader)
    assert len(reader.pages) == 1
    assert page_size(reader) == (A4[1], A4[0])
    for r in model.roles:
        assert squash(r.short[lang]) in squash(text)
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
        for c in model.competencies:
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
            for c in model.competencies:
                assert c.title[lang] in svg.desc.text
            # readable in black and white: one role solid, the other hatched, every bar labelled with its number
            assert svg.select("pattern") and len(svg.select("rect")) >= 2 * len(model.competencies)
            numbers = [t.text for t in svg.select("text")]
            for c in model.competencies:
                assert str(a.levels[c.id]) in numbers and str(b.levels[c.id]) in numbers


def test_largest_differences_come_first(site, model):
    a, b = model.roles[0], model.roles[3]
    html = html_file(site, LANGS[0], source_path("pair", a.id, b.id)).read_text(encoding="utf-8")
    rows = BeautifulSoup(html, "html.parser").select("article table:not(.hb-matrix) tbody tr")
    diffs = [abs(a.levels[c.id] - b.levels[c.id]) for c in model.competencies]
    shown = [int(td.text) if td.text.strip().isdigit() else 0 for td in (r.select("td")[-1] for r in rows)]
    assert shown == sorted(diffs, reverse=True)


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
    for c in model.competencies:
        assert targets.count(html_file(site, LANGS[0], source_path("competency", c.id)).resolve()) >= len(model.roles)
    for a, b in combinations(model.roles, 2):
        assert targets.count(html_file(site, LANGS[0], source_path("pair", a.id, b.id)).resolve()) == 2
