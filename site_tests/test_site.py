"""The whole site, both languages, built once with --strict: pages, languages, links, hosts."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from generator import LANGUAGES
from generator.build import language_dir
from generator.pages import plan_pages

URL_ATTRS = ("href", "src", "srcset", "action", "poster", "data", "formaction", "content")


def html_of(site: Path, lang: str, url: str) -> Path:
    return language_dir(site, lang) / url / "index.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_planned_page_exists_in_both_languages(site, model):
    for lang in LANGUAGES:
        planned = plan_pages(model, lang)
        assert len(planned) > 10
        for spec in planned:
            assert html_of(site, lang, spec.url).is_file(), f"{lang}: {spec.path} was not built"
        for prose in model.pages:
            url = "" if prose.path == "index.md" else prose.path[: -len(".md")].removesuffix("index") + "/"
            assert html_of(site, lang, url.replace("//", "/")).is_file()


def test_same_paths_in_both_languages(site):
    et = {p.relative_to(site) for p in site.rglob("index.html") if not p.relative_to(site).parts[0] == "en"}
    en = {p.relative_to(site / "en") for p in (site / "en").rglob("index.html")}
    assert et == en


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_lang_and_title(site, model, lang):
    for spec in plan_pages(model, lang):
        doc = soup(html_of(site, lang, spec.url))
        assert doc.html["lang"] == lang, spec.path
        assert doc.find("h1").get_text(strip=True).startswith(spec.title.split(" – ")[0]), spec.path


def test_language_switch_lands_on_the_same_page(site):
    """The language menu of every page links to the same page in each language, and the target exists."""
    for path in all_pages(site):
        rel = path.relative_to(site).as_posix()
        if rel.endswith("404.html"):
            continue
        lang = "en" if rel.startswith("en/") else "et"
        same = rel.removeprefix("en/")
        doc = soup(path)
        links = {a["lang"]: a["href"] for a in doc.select("a.hb-lang-link")}
        assert set(links) == set(LANGUAGES), rel
        for target_lang, href in links.items():
            target = (path.parent / href).resolve() / "index.html" if not href.endswith(".html") else (path.parent / href).resolve()
            expected = (site / ("" if target_lang == "et" else target_lang) / same).resolve()
            assert target == expected, f"{rel}: {target_lang} link {href} -> {target}"
            assert target.is_file(), f"{rel}: {target_lang} link {href} is broken"
        assert doc.html["lang"] == lang


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
    en = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert et["config"]["pipeline"] == []
    assert en["config"]["pipeline"], "English keeps Material's English pipeline"
    texts = " ".join(d["text"] + d["title"] for d in et["docs"])
    assert "kliendikogemuse" in texts.lower()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_roles_not_their_comparisons(site, model, lang):
    """A role's name leads to its profile: the pair pages, which repeat two profiles each, stay out of the index."""
    import json

    index = json.loads((language_dir(site, lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    assert {f"roles/{r.id}/" for r in model.roles} <= pages
    assert {f"competencies/{c.id}/" for c in model.competencies} <= pages
    assert "compare/" in pages, "the matrix, which links every comparison, is found"
    assert not [p for p in pages if p.startswith("compare/") and p != "compare/"]


def test_navigation_does_not_grow_with_the_model(site, model):
    """Material renders the whole nav on every page: it must list overview pages, not every activity."""
    doc = soup(site / "index.html")
    nav_links = doc.select("nav.md-nav--primary a.md-nav__link[href]")
    hrefs = " ".join(a["href"] for a in nav_links)
    assert "activities/" not in hrefs
    assert len(nav_links) < 30
