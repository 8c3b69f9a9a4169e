"""The whole site, both languages, built once with --strict: pages, languages, links, hosts."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, addresses, html_file
from generator.pages import plan_pages

URL_ATTRS = ("href", "src", "srcset", "action", "poster", "data", "formaction", "content")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_planned_page_exists_in_both_languages(site, model):
    for lang in LANGS:
        planned = plan_pages(model, lang)
        assert len(planned) > 10
        for spec in planned:
            assert html_file(site, lang, spec.path).is_file(), f"{lang}: {spec.path} was not built"
        for prose in model.pages:
            assert html_file(site, lang, prose.path).is_file(), f"{lang}: {prose.path} was not built"


def test_same_paths_in_every_language(site):
    _first, *others = LANGS
    roots = {addresses().root(x).strip("/") for x in others}
    pages = {p.relative_to(site) for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in roots}
    for lang in others:
        assert {p.relative_to(site / addresses().root(lang)) for p in (site / addresses().root(lang)).rglob("index.html")} == pages


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_and_title(site, model, lang):
    for spec in plan_pages(model, lang):
        doc = soup(html_file(site, lang, spec.path))
        assert doc.html["lang"] == lang, spec.path
        assert doc.find("h1").get_text(strip=True).startswith(spec.title.split(" – ")[0]), spec.path


def every_page(model) -> list[str]:
    """Source paths of every page of a language: generated and hand-written."""
    return [spec.path for spec in plan_pages(model, LANGS[0])] + [p.path for p in model.pages]


def resolve(page_file: Path, href: str) -> Path:
    target = (page_file.parent / href).resolve()
    return target / "index.html" if href.endswith("/") or target.is_dir() else target


@pytest.mark.parametrize("lang", LANGS)
def test_language_menu_and_head_point_at_the_same_page_in_every_language(site, model, lang):
    """The language menu and <head>'s hreflang links of every page name its real counterparts,
    itself for its own language, and the first language as x-default."""
    for path in every_page(model):
        page_file = html_file(site, lang, path)
        doc = soup(page_file)
        assert doc.html["lang"] == lang, path
        expected = {other: html_file(site, other, path).resolve() for other in LANGS}
        menu = {a["lang"]: a["href"] for a in doc.select("a.hb-lang-link")}
        head = {link["hreflang"]: link["href"] for link in doc.head.select('link[rel="alternate"][hreflang]')}
        assert {x: resolve(page_file, h) for x, h in menu.items()} == expected, f"{lang} {path}: menu"
        assert head.pop("x-default") == head[LANGS[0]], path
        assert {x: resolve(page_file, h) for x, h in head.items()} == expected, f"{lang} {path}: head"
        assert resolve(page_file, head[lang]) == page_file.resolve(), "its own language points at itself"
        current = doc.select("a.hb-lang-link[aria-current]")
        assert [a["lang"] for a in current] == [lang]
        assert all(target.is_file() for target in expected.values())


def test_404_page_in_each_language_links_home(site, model):
    for lang in LANGS:
        doc = soup(site / addresses().root(lang) / "404.html")
        assert doc.html["lang"] == lang
        assert doc.find("h1").get_text(strip=True) == model.label("not-found", lang)
        home = [a for a in doc.select("article a[href]") if a.get_text(strip=True).endswith(model.handbook.title[lang])]
        assert [a["href"] for a in home] == ["/" + addresses().root(lang)]


def test_internal_links_resolve(site):
    """Every relative link and asset on every page points at a built file (MkDocs checks Markdown links; this also covers raw HTML)."""
    broken = []
    for path in all_pages(site):
        for el in soup(path).find_all(href=True) + soup(path).find_all(src=True):
            ref = el.get("href") or el.get("src")
            if re.match(r"^(#|mailto:|data:|javascript:)", ref) or urlparse(ref).scheme:
                continue
            clean = ref.split("#")[0].split("?")[0]
            # 404.html is served at any depth, so MkDocs gives it root-absolute links
            target = (site / clean.lstrip("/")).resolve() if clean.startswith("/") else (path.parent / clean).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {ref}")
    assert broken == []


def test_no_url_points_to_another_host(site):
    """No page asks for or links to another host: no fonts from a CDN, no analytics, no outside links."""
    offenders = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            for el in soup(path).find_all(True):
                for attr in URL_ATTRS:
                    value = el.get(attr)
                    if isinstance(value, str) and re.search(r"(?:https?:)?//[^\s\"']+", value):
                        if el.name == "meta" and attr == "content" and not value.startswith(("http", "//")):
                            continue
                        offenders.append(f"{path.relative_to(site)}: <{el.name} {attr}={value!r}>")
        elif path.suffix == ".css":
            for m in re.finditer(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text(encoding="utf-8", errors="replace")):
                offenders.append(f"{path.relative_to(site)}: {m.group(1)}")
            if re.search(r"@import\s+(url\()?['\"]?(https?:)?//", path.read_text(encoding="utf-8", errors="replace")):
                offenders.append(f"{path.relative_to(site)}: @import from another host")
    assert offenders == []


def test_estonian_search_keeps_estonian_words(site):
    """lunr's English stemmer, stop words and trimmer must not touch Estonian (the trimmer eats õ ä ö ü)."""
    import json

    et = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site / addresses().root("en") / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert et["config"]["pipeline"] == []
    assert en["config"]["pipeline"], "English keeps Material's English pipeline"
    texts = " ".join(d["text"] + d["title"] for d in et["docs"])
    assert "kliendikogemuse" in texts.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_roles_not_their_comparisons(site, model, lang):
    """A role's name leads to its profile: the pair pages, which repeat two profiles each, stay out of the index."""
    import json

    index = json.loads((site / addresses().root(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    kinds = {addresses().url(spec.path): spec.kind for spec in plan_pages(model, lang)}
    assert {url for url, kind in kinds.items() if kind in ("role", "competency", "matrix")} <= pages, "the matrix, which links every comparison, is found"
    assert not [p for p in pages if kinds.get(p) == "pair"]


def test_navigation_does_not_grow_with_the_model(site, model):
    """Material renders the whole nav on every page: it must list overview pages, not every activity."""
    doc = soup(site / "index.html")
    nav_links = doc.select("nav.md-nav--primary a.md-nav__link[href]")
    hrefs = " ".join(a["href"] for a in nav_links)
    assert "activities/" not in hrefs
    assert len(nav_links) < 30
