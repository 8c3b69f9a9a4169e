"""Printouts fit by design: the long-text handbook (site_tests/longtext.py: 32 competencies,
12 roles, several-paragraph texts at the length `check` allows) printed in Chromium, both
languages: every pair on at most two A4 portrait sheets, the matrix on one A4 landscape
sheet, every role card on at most two sheets, and a draft never printed without saying so."""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
from itertools import combinations

import longtext
import pytest
from pypdf import PdfReader

from generator.build import build_site
from generator.pages import site_of
from generator.site import source_path
from generator.validate import load_model

A4 = (595, 842)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    root = longtext.write(tmp_path_factory.mktemp("long"))
    build_site(root, root / "site", strict=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    model = load_model(root)
    yield model, site_of(model), f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def printed(page, url: str, read: bool = True) -> tuple[int, tuple[int, int], str]:
    """Pages, sheet size and (when asked: extracting it is the slow part) text of a page printed to PDF."""
    page.goto(url)
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    box = reader.pages[0].mediabox
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages)) if read else ""
    return len(reader.pages), (round(float(box.width)), round(float(box.height))), text


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("lang", ["et", "en"])
def test_every_pair_prints_on_two_portrait_sheets_and_names_its_drafts(long_site, page, lang):
    model, site, server = long_site
    assert len(model.roles) == 12 and len(model.competencies) >= 30
    over, read = [], 0
    for a, b in combinations(model.roles, 2):
        drafts = [r for r in (a, b) if r.status == "draft"]
        pages, size, text = printed(page, f"{server}/{site.address(lang, source_path('pair', a.id, b.id))}", read=bool(drafts) or not read)
        if pages > 2 or size != A4:
            over.append((a.id, b.id, pages, size))
        if text:
            read += 1
            assert squash(model.label("print-more", lang)) in squash(text), "a shortened text says where the rest is"
            for role in drafts:
                assert squash(f"{model.label('status', lang)}: {model.label('status-draft', lang)}") in squash(text), (a.id, b.id, role.id)
    assert over == [] and read > 1


@pytest.mark.parametrize("lang", ["et", "en"])
def test_the_matrix_prints_on_one_landscape_sheet_without_anything_to_click(long_site, page, lang):
    model, site, server = long_site
    pages, size, text = printed(page, f"{server}/{site.address(lang, source_path('matrix'))}")
    assert (pages, size) == (1, (A4[1], A4[0]))
    drafts = [r for r in model.roles if r.status == "draft"]
    assert text.count(f"({model.label('draft-mark', lang)})") == len(drafts)
    for key in ("compare", "matrix-howto", "scroll-hint", "pair-comparisons"):
        assert squash(model.label(key, lang)) not in squash(text), key
    assert all(squash(c.title[lang]) in squash(text) for c in model.competencies), "every competency's name on the sheet"


@pytest.mark.parametrize("lang", ["et", "en"])
def test_every_role_card_prints_on_two_sheets_and_says_if_it_is_a_draft(long_site, page, lang):
    model, site, server = long_site
    over = []
    for role in model.roles:
        pages, size, text = printed(page, f"{server}/{site.address(lang, source_path('role', role.id))}")
        if pages > 2 or size != A4:
            over.append((role.id, pages))
        status = model.label(f"status-{role.status}", lang)
        assert squash(status) in squash(text), role.id
        others = model.distinctions_of(role)
        assert all(squash(f"{model.label('versus', lang)} {other.title[lang]}") in squash(text) for other, _ in others), role.id
    assert over == []
