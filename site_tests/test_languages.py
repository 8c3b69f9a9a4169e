"""Any number of languages: the first at the site's root, the others in /<code>/, each with its own menu,
alternates, canonical addresses, sitemap and 404 page. Built from the small fixture, rewritten into one and three languages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import MINIMAL, addresses, copy_project, html_file
from generator.build import build_site
from generator.errors import ModelError
from generator.labels import default_words, required_labels
from generator.pages import plan_pages
from generator.site import source_path
from generator.validate import load_model

SITE_URL = "https://handbook.example.org/kasiraamat/"


def relanguage(data, languages: list[str]):
    """Every {et: ..., en: ...} text of the fixture, rewritten for other languages (a new one gets the English text, tagged)."""
    if isinstance(data, dict) and set(data) == {"et", "en"}:
        return {code: data[code] if code in data else f"{data['en']} ({code})" for code in languages}
    if isinstance(data, dict):
        return {k: relanguage(v, languages) for k, v in data.items()}
    if isinstance(data, list):
        return [relanguage(v, languages) for v in data]
    return data


def project(tmp_path: Path, languages: list[tuple[str, str]], site_url: str | None = None) -> Path:
    root = copy_project(tmp_path, content=MINIMAL / "content")
    codes = [code for code, _ in languages]
    for path in (root / "content" / "model").rglob("*.yml"):
        data = relanguage(yaml.safe_load(path.read_text(encoding="utf-8")), codes)
        if path.name == "handbook.yml":
            data["languages"] = [{"code": code, "name": name} for code, name in languages]
            # a language the package has no words for brings its own (here the English ones, tagged)
            for code in codes:
                if not default_words(code):
                    for key in required_labels(set()):
                        data.setdefault("labels", {}).setdefault(key, {})[code] = f"{default_words('en')[key]} ({code})"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pages = root / "content" / "pages"
    for code in codes:
        if not (pages / code).exists():
            shutil.copytree(pages / "en", pages / code)
    for folder in pages.iterdir():
        if folder.name not in codes:
            shutil.rmtree(folder)
    if site_url:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: {site_url}\n", encoding="utf-8")
    return root


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def every_page(root: Path, lang: str) -> list[str]:
    model = load_model(root)
    return [spec.path for spec in plan_pages(model, lang)] + [p.path for p in model.pages]


@pytest.fixture(scope="module")
def one_language(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("one"), [("en", "English")])
    build_site(root, root / "site", strict=True)
    return root


@pytest.fixture(scope="module")
def three_languages(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("three"), [("fi", "Suomi"), ("et", "Eesti"), ("en", "English")], SITE_URL)
    build_site(root, root / "site", strict=True)
    return root


def test_one_language_builds_at_the_root_without_a_language_menu(one_language):
    site = one_language / "site"
    assert addresses(one_language).languages == ("en",)
    assert not (site / "en").exists() and not (site / "et").exists()
    for path in every_page(one_language, "en"):
        doc = soup(html_file(site, "en", path, addresses(one_language)))
        assert doc.html["lang"] == "en", path
        assert doc.select(".md-select, a.hb-lang-link") == [], f"{path}: no menu to switch to a language that is not there"
        assert doc.head.select('link[rel="alternate"][hreflang]') == [], path
    assert soup(site / "404.html").find("h1").get_text(strip=True) == "Page not found"


def test_three_languages_each_page_knows_its_counterparts(three_languages):
    site_dir = three_languages / "site"
    site = addresses(three_languages)
    assert [site.root(x) for x in site.languages] == ["", "et/", "en/"]
    for lang in site.languages:
        for path in every_page(three_languages, lang):
            page_file = html_file(site_dir, lang, path, site)
            doc = soup(page_file)
            assert doc.html["lang"] == lang, path
            menu = {a["lang"]: a["href"] for a in doc.select("a.hb-lang-link")}
            expected_files = {x: html_file(site_dir, x, path, site).resolve() for x in site.languages}
            # the menu links relatively, so that the site works from any folder
            assert {x: (page_file.parent / h).resolve() / ("index.html" if h.endswith("/") else "") for x, h in menu.items()} == expected_files
            # <head> and the sitemap use the public address, because site_url is set
            head = {link["hreflang"]: link["href"] for link in doc.head.select('link[rel="alternate"][hreflang]')}
            expected = {x: SITE_URL + site.address(x, path) for x in site.languages}
            assert head == {**expected, "x-default": expected["fi"]}, path
            assert doc.head.select_one('link[rel="canonical"]')["href"] == expected[lang], path


def test_three_languages_get_their_own_interface_words_and_404(three_languages):
    site_dir = three_languages / "site"
    site = addresses(three_languages)
    home = {lang: soup(html_file(site_dir, lang, source_path("home"), site)) for lang in site.languages}
    # Material's own words (the search box's label) follow the page's language
    labels = {lang: doc.select_one("input.md-search__input")["aria-label"] for lang, doc in home.items()}
    assert labels["et"] == "Otsi" and labels["en"] == "Search" and labels["fi"] not in (labels["et"], labels["en"])
    for lang in site.languages:
        missing = soup(site_dir / site.root(lang) / "404.html")
        assert missing.html["lang"] == lang
        link = missing.select_one("article a[href]")
        assert link["href"] == "/kasiraamat/" + site.root(lang)


def test_sitemap_lists_every_page_with_its_alternates(three_languages):
    site_dir = three_languages / "site"
    site = addresses(three_languages)
    for lang in site.languages:
        tree = ElementTree.parse(site_dir / site.root(lang) / "sitemap.xml")
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
        urls = {u.findtext("s:loc", namespaces=ns).strip(): {x.get("hreflang"): x.get("href") for x in u.findall("x:link", ns)}
                for u in tree.getroot().findall("s:url", ns)}
        paths = every_page(three_languages, lang)
        assert len(urls) == len(paths)
        for path in paths:
            own = SITE_URL + site.address(lang, path)
            alternates = {x: SITE_URL + site.address(x, path) for x in site.languages}
            assert urls[own] == {**alternates, "x-default": alternates["fi"]}, path


def test_no_language_code_in_the_generator_outside_the_address_module():
    """Adding a language is a change in the handbook file: the code does not name one."""
    project = Path(__file__).resolve().parent.parent
    offenders = []
    for path in sorted([*(project / "generator").rglob("*"), *(project / "overrides").rglob("*"), project / "mkdocs.yml"]):
        if path.suffix not in (".py", ".j2", ".html", ".js", ".css", ".xml", ".yml") or path.name == "site.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""["'](et|en)["']|\b(lang|language): (et|en)\b""", line):
                offenders.append(f"{path.relative_to(project)}:{n}: {line.strip()}")
    assert offenders == []


def test_a_language_without_the_packages_words_is_told_exactly_which_labels_it_lacks(tmp_path):
    """A handbook in a language the generator has no words for gives its own; check names every one still missing."""
    root = project(tmp_path, [("fi", "Suomi")])
    hb = root / "content" / "model" / "handbook.yml"
    data = yaml.safe_load(hb.read_text(encoding="utf-8"))
    del data["labels"]["print"], data["labels"]["glossary"]
    hb.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(root)
    assert [str(e).split(": ", 1)[1] for e in caught.value.errors] == [
        f"missing label '{key}' for fi: the pages use it and the generator has no word for it in that language; add `{key}: {{fi: ...}}` under 'labels'"
        for key in ("glossary", "print")
    ]
