"""Search as the reader uses it: Estonian words in any form find their pages, through Material's own
search box, on the session's one build; the lexicon behind it covers every word of the pages."""

from __future__ import annotations

import json
import re

import pytest

from conftest import LANGS, addresses, page_url
from generator.search import PLUGIN_PATH, Lexicon, index_words, lexicon_path, search_settings
from generator.site import source_path

# The languages that ship a search lexicon (here Estonian) and the others (English, lunr's own stemmer).
LEXICON_LANGS = [lang for lang in LANGS if lexicon_path(lang)]
OTHER_LANGS = [lang for lang in LANGS if not lexicon_path(lang)]
ET = LEXICON_LANGS[0] if LEXICON_LANGS else None

# Inflected forms a reader types (case, number, compounds, an action noun for a title's verb),
# each with the page that must be among the first three results.
ESTONIAN_QUERIES = [
    ("kliendikogemuse juhti", source_path("role", "customer-experience-manager")),  # partitive
    ("kvaliteedijuhile", source_path("role", "quality-manager")),  # compound, allative
    ("meeskonnajuhtide", source_path("role", "customer-service-team-lead")),  # compound, plural genitive
    ("kliendimõistmist", source_path("competency", "customer-insight")),  # compound, partitive
    ("kliendikogemuse strateegiast", source_path("competency", "cx-strategy")),  # elative
    ("mõõtmisest", source_path("competency", "measurement")),  # action noun, elative
    ("kliendisegmentidesse", source_path("activity", "map-customer-segments")),  # compound, plural illative
    ("kokkupuutepunktide", source_path("activity", "design-consistent-touchpoints")),  # compound, plural genitive
    ("algpõhjuste", source_path("activity", "analyse-root-causes")),  # compound, plural genitive
    ("korduvad vead", source_path("activity", "prevent-recurring-failures")),  # two words, plural
    ("prototüüpidega", source_path("activity", "prototype-and-test")),  # plural comitative of the title's noun "prototüüpe"
    ("arenguvajadusi", source_path("glossary")),  # compound, plural partitive
    ("rollide võrdlus", source_path("matrix")),  # "võrdlus" is part of the title's compound "võrdlustabel"
]
# A role's name in the genitive, as in "the customer experience manager's tasks": its own page comes first.
ROLE_GENITIVES = {
    "customer-experience-manager": "kliendikogemuse juhi",
    "customer-service-manager": "klienditeeninduse juhi",
    "quality-manager": "kvaliteedijuhi",
    "customer-service-team-lead": "klienditeeninduse meeskonnajuhi",
    "customer-relationship-manager": "kliendisuhete juhi",
    "hr-manager": "kliendikeskse ettevõtte personalijuhi",
}
ENGLISH_QUERIES = [
    ("customer relationship manager", source_path("role", "customer-relationship-manager")),
    ("customer insight", source_path("competency", "customer-insight")),
    ("root causes", source_path("activity", "analyse-root-causes")),
    ("service blueprints", source_path("activity", "draw-service-blueprints")),
    ("touchpoints", source_path("activity", "design-consistent-touchpoints")),
    ("role comparison", source_path("matrix")),
    ("measurement", source_path("competency", "measurement")),
    ("customer journeys", source_path("activity", "build-customer-journeys")),
    ("complaint handling", source_path("activity", "handle-complaints-systematically")),
    ("stakeholders", source_path("activity", "map-stakeholders")),
]

needs_lexicon = pytest.mark.skipif(ET is None, reason="no language of the handbook ships a search lexicon")


def search_index(site, lang: str) -> dict:
    return json.loads((site / addresses().root(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))


def open_search(page, server: str, lang: str) -> None:
    page.goto(page_url(server, lang, source_path("home")))
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.wait_for_selector("input.md-search__input:focus")


def search(page, query: str) -> tuple[int, list[str]]:
    """Type a query into the search box: the number of results it reports, and the result pages in order."""
    box = "input.md-search__input"
    page.fill(box, "")
    page.press(box, "End")  # Material reads the box on key-up
    idle = json.loads(page.inner_text("#__config"))["translations"]["search.result.placeholder"]  # "Type to start searching"
    page.wait_for_function("idle => document.querySelector('.md-search-result__meta').innerText === idle", arg=idle)
    page.fill(box, query)
    page.press(box, "End")
    page.wait_for_function("idle => document.querySelector('.md-search-result__meta').innerText !== idle", arg=idle)
    page.wait_for_timeout(30)  # the list follows the count
    count = re.search(r"\d+", page.inner_text(".md-search-result__meta"))
    hrefs = page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link", "els => els.map(a => a.getAttribute('href'))")
    # Each result is a page and the sections of it that matched, each a link: the page counts once.
    return (int(count.group()) if count else 0), list(dict.fromkeys(href.split("?")[0].split("#")[0] for href in hrefs))


def href_of(server: str, lang: str, path: str) -> str:
    """A page's link as the result list writes it (a full address, without the highlight and the section)."""
    return page_url(server, lang, path)


def ranks(page, server: str, queries: list[tuple[str, str]], lang: str) -> list[str]:
    """Every query whose page is not among the first three, with the rank it got."""
    misses = []
    for query, path in queries:
        _, pages = search(page, query)
        want = href_of(server, lang, path)
        rank = pages.index(want) + 1 if want in pages else None
        if rank is None or rank > 3:
            misses.append(f"{query!r}: {want} ranked {rank or 'not in the list'}; first: {pages[:3]}")
    return misses


@needs_lexicon
def test_the_lexicon_knows_every_word_of_the_pages(site):
    """A word the lexicon lacks only matches its exact form: when the pages change, the lexicon is made again."""
    for lang in LEXICON_LANGS:
        path = lexicon_path(lang)
        assert path is not None
        missing = sorted(index_words(search_index(site, lang)) - Lexicon.read(path).forms.keys())
        assert missing == [], (
            f"{len(missing)} words of the {lang} pages are not in {path.name}: {missing[:20]}; "
            f"remake it: pip install -e '.[lexicon]' && python -m generator.lexicon --lang {lang}"
        )


@needs_lexicon
def test_the_lexicon_ships_as_lunr_plugin_of_its_language_only(site):
    """Material's search worker loads lunr.<code>.min.js for the index's language: the lexicon is that file."""
    for lang in LANGS:
        plugin = site / addresses().root(lang) / PLUGIN_PATH.format(lang=lang)
        config = search_index(site, lang)["config"]
        if lang in LEXICON_LANGS:
            assert config["lang"] == [lang] and config["pipeline"] == []
            script = plugin.read_text(encoding="utf-8")
            assert not re.search(r"fetch\(|XMLHttpRequest|importScripts|WebSocket|sendBeacon", script), "the plugin reads nothing from anywhere"
        else:
            assert not plugin.exists()


def test_a_lexicon_file_reads_back_as_the_forms_it_was_made_from(tmp_path):
    """The file stores each lemma once with a shared list of endings; reading it gives every form its lemmas back."""
    from generator.lexicon import pack

    forms = {"juht": {"juhi", "juhti", "juhtide"}, "kvaliteet": {"kvaliteedi"}, "juhtimine": {"juhtimise"}, "juhtima": {"juhib", "juhi"},
             "kogemus": {"kogemuse", "kogemust"}, "teenus": {"teenuse", "teenust"}}
    data = pack(forms, {"kvaliteedijuht": ["kvaliteet", "juht"]}, {"parem": ["hea"]}, "test", order={"juhtima": 2},
                also={"juhtimine": ["juhtima"]})
    path = tmp_path / "xx.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    lexicon = Lexicon.read(path)
    assert lexicon.forms["juhi"] == ["juht", "juhtima"], "the noun reading first"
    assert lexicon.forms["juhtide"] == ["juht"] and lexicon.forms["kvaliteedi"] == ["kvaliteet"] and lexicon.forms["parem"] == ["hea"]
    assert lexicon.forms["juhtimise"] == ["juhtimine", "juhtima"], "an action noun reads as its verb too"
    assert set(lexicon.forms) == {form for lemma, made in forms.items() for form in {lemma, *made}} | {"parem"}
    number = {lemma: n for lemma, n, *_ in data["lemmas"]}
    assert number["kogemus"] == number["teenus"] != number["juht"], "lemmas inflected alike share one list of endings"


def test_search_settings_follow_the_language_data(tmp_path):
    """lunr's own stemmer where Material ships one; a lexicon where the package has one; whole words otherwise."""
    (tmp_path / "xx.json").write_text("{}", encoding="utf-8")
    assert search_settings("fi", tmp_path) == {"lang": ["fi"]}
    assert search_settings("xx", tmp_path) == {"lang": ["xx"], "pipeline": []}
    assert search_settings("yy", tmp_path)["pipeline"] == []  # no stemmer, no lexicon: lunr's English trimmer would eat õ ä ö ü


@needs_lexicon
def test_inflected_and_compound_estonian_words_find_their_page(site, server, page):
    assert ET is not None
    open_search(page, server, ET)
    assert ranks(page, server, ESTONIAN_QUERIES, ET) == []


@needs_lexicon
def test_a_role_is_the_first_result_for_its_name_in_the_genitive(site, server, page, model):
    assert ET is not None
    open_search(page, server, ET)
    wrong = []
    for role in model.roles:
        query = ROLE_GENITIVES.get(role.id)
        if query is None:
            continue
        _, pages = search(page, query)
        if pages[:1] != [href_of(server, ET, source_path("role", role.id))]:
            wrong.append(f"{query!r}: {pages[:3]}")
    assert wrong == []


@needs_lexicon
def test_any_form_of_a_word_finds_as_many_pages_as_any_other(site, server, page):
    """'kliendikogemust' (partitive) used to find 6 results where 'kliendikogemus' found 74."""
    assert ET is not None
    open_search(page, server, ET)
    counts = {q: search(page, q)[0] for q in ("kliendikogemus", "kliendikogemust", "kliendikogemusele", "kliendikogemustes")}
    assert min(counts.values()) == max(counts.values()) > 20, counts


@needs_lexicon
def test_a_word_that_is_not_in_the_lexicon_still_finds_by_prefix_parts_or_without_diacritics(site, server, page):
    """Typing is searching: half a word finds the words it starts; a compound the pages never use finds its parts;
    a word typed without õ ä ö ü finds the word with them."""
    assert ET is not None
    open_search(page, server, ET)
    _, pages = search(page, "kvaliteedij")
    assert href_of(server, ET, source_path("role", "quality-manager")) in pages[:3]
    count, _ = search(page, "kliendikogemusjuhtidele")  # not a word of the pages: kliendikogemus + juht
    assert count > 0
    _, pages = search(page, "kliendimoistmist")  # typed without õ
    assert href_of(server, ET, source_path("competency", "customer-insight")) in pages[:3]


def test_english_finds_its_pages_as_before(site, server, page):
    lang = next((x for x in OTHER_LANGS if search_index(site, x)["config"]["lang"] == [x]), None)
    if lang is None:
        pytest.skip("no language with lunr's own stemmer")
    open_search(page, server, lang)
    assert ranks(page, server, ENGLISH_QUERIES, lang) == []


def test_searching_asks_no_other_host(site, server, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for lang in LANGS:
        open_search(page, server, lang)
        search(page, "kliendikogemuse juhi" if lang in LEXICON_LANGS else "customer")
    assert any("search_index.json" in r for r in requests)
    assert [r for r in requests if not r.startswith(server + "/")] == []
