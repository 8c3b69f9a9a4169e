"""Comparisons HR can trust on any screen: where a page is, its neighbours, drafts said in words,
one distinction per pair, a chart that reads on a phone, a matrix that scrolls instead of breaking
names, and the page that compares any two roles by the same rules as the static pair pages."""

from __future__ import annotations

import re
import shutil
from itertools import combinations

import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, MINIMAL, addresses, copy_project, html_file, page_url
from generator.build import build_site
from generator.pages import NARROW, PAIR_PAGES_MAX
from generator.site import source_path
from generator.validate import load_model


def soup(site, lang: str, path: str) -> BeautifulSoup:
    return BeautifulSoup(html_file(site, lang, path).read_text(encoding="utf-8"), "html.parser")


def words(tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ", strip=True)).strip()


# --- where a page is, and what comes before and after it ---------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_generated_page_shows_its_trail_and_leads_to_its_neighbours(site, model, lang):
    label = lambda key: model.label(key, lang)  # noqa: E731
    home, overview, roles, matrix = label("home"), label("model-overview"), label("roles"), label("compare-matrix")
    kinds = {
        "competency": ([(c.id,) for c in model.competencies], lambda ids: [home, overview]),
        "activity": ([(a.id,) for a in model.activities], lambda ids: [home, overview, model.activity_index[ids[0]][0].title[lang]]),
        "role": ([(r.id,) for r in model.roles], lambda ids: [home, roles]),
        "pair": ([(a.id, b.id) for a, b in combinations(model.roles, 2)], lambda ids: [home, roles, matrix]),
    }
    for kind, (items, trail) in kinds.items():
        titles = []
        for ids in items:
            doc = soup(site, lang, source_path(kind, *ids))
            titles.append(words(doc.select_one("article h1")).rstrip("¶").strip())
            crumbs = doc.select("nav.md-path a")
            assert [words(a) for a in crumbs] == trail(ids), (kind, ids)
            for a in crumbs:  # each crumb leads to a page that exists
                assert (html_file(site, lang, source_path(kind, *ids)).parent / a["href"]).resolve().exists(), (kind, ids, a["href"])
        for i, ids in enumerate(items):
            doc = soup(site, lang, source_path(kind, *ids))
            before = doc.select_one(".md-footer__link--prev .md-ellipsis")
            after = doc.select_one(".md-footer__link--next .md-ellipsis")
            assert (words(before) if before else None) == (titles[i - 1] if i else None), (kind, ids)
            assert (words(after) if after else None) == (titles[i + 1] if i + 1 < len(items) else None), (kind, ids)


# --- drafts and distinctions ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_draft_says_so_in_words_on_its_comparisons_and_in_the_matrix(site, model, lang):
    draft, mark = model.label("status-draft", lang), f"({model.label('draft-mark', lang)})"
    drafts = {r.id for r in model.roles if r.status == "draft"}
    assert drafts and len(drafts) < len(model.roles)
    for a, b in combinations(model.roles, 2):
        article = soup(site, lang, source_path("pair", a.id, b.id)).select_one("article")
        note = article.select_one(".admonition.warning")
        named = [r for r in (a, b) if r.id in drafts]
        assert (note is not None) == bool(named), (a.id, b.id)
        if note:
            assert draft in words(note) and all(r.title[lang] in words(note) for r in named)
        boxes = article.select(".hb-side-by-side > div")
        for box, role in zip(boxes, (a, b)):
            assert f"{model.label('status', lang)}: {model.label(f'status-{role.status}', lang)}" in words(box), (a.id, b.id)
    heads = soup(site, lang, source_path("matrix")).select("table.hb-matrix:not(.hb-pairs) thead th")[1:]
    assert [mark in words(th) for th in heads] == [r.id in drafts for r in model.roles]


@pytest.mark.parametrize("lang", LANGS)
def test_what_sets_two_roles_apart_appears_once_on_each_page_that_shows_it(site, model, lang):
    seen = 0
    for a, b in combinations(model.roles, 2):
        text = model.distinction(a, b)
        written = [r for r in (a, b) if any(d.role == (b if r is a else a).id for d in r.distinctions)]
        assert len(written) <= 1, (a.id, b.id)
        pair = words(soup(site, lang, source_path("pair", a.id, b.id)).select_one("article"))
        first = re.sub(r"\s+", " ", text[lang].split("\n\n")[0]).strip()[:60] if text else None
        if first:
            seen += 1
            assert pair.count(first) == 1, (a.id, b.id)
            for role in (a, b):
                page = words(soup(site, lang, source_path("role", role.id)).select_one("article"))
                assert page.count(first) == 1, (role.id, a.id, b.id)
    assert seen >= 4


# --- on a phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_pair_chart_reads_on_a_phone(browser, server, site, model, lang):
    """At 390 px every word of the chart is at least 12 CSS px: the narrow chart at the content's width."""
    a, b = model.roles[0], model.roles[-1]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(page_url(server, lang, source_path("pair", a.id, b.id)))
    shown, source = page.evaluate("() => { const i = document.querySelector('img.hb-chart'); return [i.clientWidth, i.currentSrc]; }")
    context.close()
    assert source.endswith(".narrow.svg")
    for x, y in combinations(model.roles, 2):
        svg = (html_file(site, lang, source_path("chart-narrow", x.id, y.id))).read_text(encoding="utf-8")
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
        assert width == NARROW["width"] and min(sizes) * shown / width >= 12, (x.id, y.id, min(sizes), shown)
    # the desktop keeps the wide chart
    wide = html_file(site, lang, source_path("chart", a.id, b.id)).read_text(encoding="utf-8")
    assert "viewBox" in wide


@pytest.mark.parametrize("lang", LANGS)
def test_the_matrix_never_breaks_a_name_mid_word_and_says_when_it_scrolls(browser, server, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(page_url(server, lang, source_path("matrix")))
    broken = page.evaluate("""() => {
        const out = [];
        for (const el of document.querySelectorAll('table.hb-matrix th, table.hb-matrix th a')) {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const re = /\\S+/g; let m;
            while ((m = re.exec(node.data))) {
              const range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
              const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
              if (lines.size > 1) out.push(m[0]);
            }
          }
        }
        return out; }""")
    hints = page.evaluate("() => [...document.querySelectorAll('.hb-scroll-hint')].map(h => !h.hidden)")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(100)
    wide = page.evaluate("() => [...document.querySelectorAll('.hb-scroll-hint')].map(h => !h.hidden)")
    context.close()
    assert broken == []
    assert hints and all(hints), "on a phone the matrix says it scrolls"
    assert not any(wide), "on a wide screen it fits and says nothing"


# --- any two roles ----------------------------------------------------------------------------------


def _compare_any(page, server, lang, a, b):
    page.goto(page_url(server, lang, source_path("compare-any")) + f"?a={a.id}&b={b.id}")
    result = page.locator("#hb-any-result")
    return {
        "table": result.locator("table").inner_text(),
        "summary": result.locator("h2 + p").first.inner_text(),
        "lists": result.locator("ul").all_inner_texts(),
        "headings": result.locator("h2, h3").all_inner_texts(),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_any_two_roles_get_the_same_comparison_as_their_pair_page(page, server, model, lang):
    for a, b in combinations(model.roles, 2):
        drawn = _compare_any(page, server, lang, b, a)  # in either order
        page.goto(page_url(server, lang, source_path("pair", a.id, b.id)))
        article = page.locator("article")
        assert drawn["table"] == article.locator("table").first.inner_text(), (a.id, b.id)
        assert drawn["summary"] == article.locator("h2 + p").first.inner_text(), (a.id, b.id)
        static_lists = [t for t in article.locator("h3 + ul").all_inner_texts()]
        assert [t for t in drawn["lists"] if t] == static_lists, (a.id, b.id)


def test_the_any_two_page_sends_no_request_after_load_and_passes_axe(browser, server, model):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    page = context.new_page()
    page.goto(page_url(server, LANGS[0], source_path("compare-any")))
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for role in model.roles[1:]:
        page.select_option("#hb-any-b", role.id)
    page.select_option("#hb-any-a", model.roles[-2].id)
    assert page.locator("#hb-any-result table tbody tr").count() > 0
    assert requests == []
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    context.close()
    assert result.violations_count == 0, result.generate_report()


def test_a_handbook_may_declare_its_pair_pages_and_compare_the_rest_on_the_any_two_page(tmp_path, browser):
    """pairs: [] leaves no pair page; the matrix and role pages lead to the any-two page set to the pair instead."""
    root = copy_project(tmp_path, content=MINIMAL / "content")
    hb = root / "content" / "model" / "handbook.yml"
    hb.write_text(hb.read_text(encoding="utf-8").replace("labels:\n", "pairs: []\nlabels:\n"), encoding="utf-8")
    build_site(root, root / "site", strict=True)
    model = load_model(root)
    site = addresses(root)
    lang = model.handbook.languages[0].code
    a, b = model.roles[0], model.roles[1]
    assert not html_file(root / "site", lang, source_path("pair", a.id, b.id), site).exists()
    matrix = html_file(root / "site", lang, source_path("matrix"), site)
    links = [x["href"] for x in BeautifulSoup(matrix.read_text(encoding="utf-8"), "html.parser").select("table.hb-pairs a")]
    assert links and all(re.search(r"choose/\?a=[a-z-]+&b=[a-z-]+$", x) for x in links)
    role = BeautifulSoup(html_file(root / "site", lang, source_path("role", a.id), site).read_text(encoding="utf-8"), "html.parser")
    assert any(x["href"].endswith(f"?a={a.id}&b={b.id}") for x in role.select("article a"))
    assert len(model.roles) <= PAIR_PAGES_MAX
    shutil.rmtree(root / "site")
