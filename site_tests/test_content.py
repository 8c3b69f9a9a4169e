"""The handbook's content: the full model, both languages everywhere, every figure of the sources."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from pydantic import BaseModel

from conftest import ROOT, html_file
from generator.model import Text


def texts(obj, path=""):
    """Every bilingual text in a model object, with where it sits."""
    if isinstance(obj, Text):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for key in type(obj).model_fields:
            yield from texts(getattr(obj, key), f"{path}.{key}")
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from texts(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from texts(item, f"{path}[{key}]")


def all_texts(model):
    for name, obj in [("handbook", model.handbook), ("glossary", model.glossary), *[(c.id, c) for c in model.competencies], *[(r.id, r) for r in model.roles]]:
        yield from texts(obj, name)


def test_ten_competencies_77_activities_six_roles(model):
    assert len(model.competencies) == 10
    assert len(model.activities) == 77
    assert len({a.id for a in model.activities}) == 77
    assert [r.id for r in model.roles] == [
        "customer-experience-manager", "customer-service-manager", "quality-manager",
        "customer-service-team-lead", "customer-relationship-manager", "hr-manager",
    ]


def test_activities_spread_by_subject_not_mechanically(model):
    counts = [len(c.activities) for c in model.competencies]
    assert len(set(counts)) > 1 and min(counts) >= 4


def test_roles_require_what_they_need_and_the_cx_manager_needs_all_ten(model):
    levels = {s.level for s in model.handbook.scale}
    assert 4 <= len(levels) <= 5
    every = {c.id for c in model.competencies}
    for role in model.roles:
        assert set(role.levels) <= every and len(role.levels) >= 5, role.id
        assert set(role.levels.values()) <= levels
        assert role.key_activities
    assert set(model.role_index["customer-experience-manager"].levels) == every
    # The HR and quality managers do not need every customer-experience competency, and say so.
    assert set(model.role_index["hr-manager"].levels) < every and set(model.role_index["quality-manager"].levels) < every
    assert {c for r in model.roles for c in r.levels} == every, "every competency is required by some role"


def test_only_the_cx_manager_profile_is_published(model):
    assert {r.id: r.status for r in model.roles} == {
        "customer-experience-manager": "published", **{r.id: "draft" for r in model.roles[1:]}
    }


def test_every_text_in_both_languages_and_never_identical(model):
    from generator.labels import default_words

    found = list(all_texts(model))
    # the interface words every page shows: the handbook's own and the package's
    found += [(f"label {key}", {"et": model.label(key, "et"), "en": model.label(key, "en")}) for key in default_words("en")]
    assert len(found) > 600
    same = [f"{path}: {t['et']}" for path, t in found if t["et"].strip() == t["en"].strip()]
    assert same == []
    for path, t in found:
        assert t["et"].strip() and t["en"].strip(), path


def test_competency_has_knowledge_skills_attitudes_and_every_level(model):
    for c in model.competencies:
        assert c.knowledge and c.skills and c.attitudes and c.related
        assert sorted(c.levels) == [s.level for s in model.handbook.scale]
        for a in c.activities:
            assert 2 <= len(a.examples) <= 4


def article_text(lang: str) -> str:
    folder = ROOT / "content" / "pages" / lang / "articles"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))


# Every figure of the sources' sections 1 to 3, as each language writes it.
FIGURES = {
    "et": [r"21% \(8 vastajat 38-st\)", r"67% \(22 vastajat 33-st\)", r"64% \(18 vastajat 28-st\)", r"\b2012\b",
           r"Human Sigma.{0,40}2005", r"üheksa kuud", r"nelja lainena", r"28–38", r"10 kompetentsi.{0,30}77 tegevust",
           r"märts(is)? 2021|2021\. aasta märtsis", r"jaanuari viimasel nädalal", r"\| 4 \|", r"\| 3 \|"],
    "en": [r"21% \(8 of 38\)", r"67% \(22 of 33\)", r"64% \(18 of 28\)", r"\b2012\b", r"Human Sigma.{0,40}2005",
           r"nine months", r"four waves", r"28 and 38", r"10 competencies expressed by 77 activities", r"March 2021",
           r"last week of January 2021", r"\| 4 \|", r"\| 3 \|"],
}
NAMES = ["Ulrich", "HR from the Outside In", "Alan Ryan", "Forbes", "Fleming", "Personali Praktik", "Facebook", "Pip"]


@pytest.mark.parametrize("lang", ["et", "en"])
def test_every_figure_of_the_sources_is_in_the_articles(lang):
    text = article_text(lang)
    missing = [f for f in FIGURES[lang] if not re.search(f, text)]
    missing += [n for n in NAMES if n not in text]
    assert missing == []


def test_ulrich_four_waves_in_order():
    et, en = article_text("et"), article_text("en")
    for text, words in ((et, ["Administratiivne", "uuendamine", "Strateegiline", "Väljastpoolt sisse"]),
                        (en, ["Administrative HR", "Innovation in HR practices", "Strategic HR", "HR from the outside in"])):
        positions = [text.index(w) for w in words]
        assert positions == sorted(positions)


def test_glossary_has_every_source_term(model):
    terms_et = {t.term["et"] for t in model.glossary.terms}
    for term in ["kliendikesksus", "kliendikogemus", "töötajakogemus", "kompetents", "kompetentsimudel", "tegevus",
                 "kliendikeskne personalijuhtimine", "personalijuht", "eesliin", "kokkupuutepunkt", "kliendi teekond",
                 "sisekliendid", "arenguvajadus", "arengueesmärk", "enesehindamine", "tagasiside", "värbamine",
                 "sisseelamisprogramm"]:
        assert term in terms_et, term


def main_text(path) -> str:
    doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = doc.select_one("article.md-content__inner")
    for el in article.select(".hb-print-header, .headerlink"):
        el.decompose()
    return article.get_text(" ")


# Words that only occur in the other language (short, frequent, unambiguous).
ENGLISH = re.compile(r"\b(the|and|of|with|which|should|customer|employee)\b", re.I)
ESTONIAN_LETTERS = re.compile(r"[õäöüÕÄÖÜšž]")
# Where the other language belongs by design: the glossary gives each term in both,
# and the first article lists the job titles in both.
BILINGUAL_BY_DESIGN = {"glossary", "articles/role-and-model"}


def test_no_english_on_estonian_pages_and_no_estonian_on_english_pages(site):
    problems = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).parent.as_posix()
        lang = "en" if rel.startswith("en") else "et"
        key = rel.removeprefix("en").strip("/")
        if key in BILINGUAL_BY_DESIGN or key in ("search",):
            continue
        text = main_text(path)
        if lang == "et":
            text = text.replace("HR from the Outside In", "")  # a book's title stays in its language
            problems += [f"{rel}: '{m.group(0)}'" for m in ENGLISH.finditer(text)]
        else:
            # Estonian proper names and the source site's name are fine on English pages.
            cleaned = re.sub(r"Personali Praktik|kliendikesksus\.ee|Kliendikogemuse juht\. Kompetentsimudel 2022", "", text)
            problems += [f"{rel}: '{cleaned[max(0, m.start() - 20): m.end() + 20]}'" for m in ESTONIAN_LETTERS.finditer(cleaned)]
    assert problems == []


def language_text(model, lang: str) -> str:
    """Every word a reader sees in one language: the model's texts, the interface words and the pages."""
    from generator.labels import default_words

    texts = [t[lang] for _, t in all_texts(model)] + [model.label(k, lang) for k in default_words(lang)]
    pages = ROOT / "content" / "pages" / lang
    return "\n".join(texts + [p.read_text(encoding="utf-8") for p in sorted(pages.rglob("*.md"))])


def test_estonian_numerals_take_their_case_endings_with_a_hyphen(model):
    """38-st, 2022. aastal: a case ending on a numeral is written with a hyphen."""
    text = language_text(model, "et")
    assert re.findall(r"\b\d+(?:st|le|lt|ni|ga|ks|ta|sse|s|l)\b", text) == []


@pytest.mark.parametrize("lang", ["et", "en"])
def test_one_term_for_each_concept_as_the_glossary_says(model, lang):
    """Each glossary term's `avoid` words, in any case form (a word that starts so), are nowhere in that language:
    huvirühm (not sidusrühm), kontaktkeskus (not kõnekeskus, not call centre), vea heastamine (not teenuse taastamine)."""
    text = language_text(model, lang).lower()
    avoided = [(term.id, word.lower()) for term in model.glossary.terms for a in term.avoid if (word := a.get(lang))]
    assert avoided, "the glossary names words to avoid in this language"
    found = [(tid, word) for tid, word in avoided if re.search(rf"(?<!\w){re.escape(word)}", text)]
    assert found == []


def test_no_colloquial_estonian():
    """'päriselt' is spoken Estonian: the handbook writes 'tegelikult'."""
    for path in sorted((ROOT / "content").rglob("*.*")):
        assert "päriselt" not in path.read_text(encoding="utf-8").lower(), path


def test_estonian_pages_write_a_decimal_comma(site, model):
    """1,9 in Estonian, never 1.9: only the model's version numbers keep their dots."""
    versions = {model.handbook.version, *(c.version for c in model.changes)}
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).parent.as_posix()
        if rel.startswith("en") or rel == "search":
            continue
        numbers = set(re.findall(r"(?<![\w.])\d+\.\d+(?![\w.])", main_text(path)))
        assert numbers <= versions, (rel, numbers - versions)


# A count of one with a plural noun, as a template that forgets the singular would write it.
PLURAL_AFTER_ONE = {
    "et": re.compile(r"(?<![\d,.])1 (kompetentsi|tegevust|rolli|vastust|küsimust|taset|lehekülge|lõhet)\b"),
    "en": re.compile(r"(?<![\d,.])1 (competencies|activities|roles|answers|questions|levels|pages|gaps)\b"),
}


def test_a_count_of_one_takes_the_singular(site, model):
    """Every built page, and every interface word that has a singular form for a count of one."""
    from generator.labels import default_words

    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).parent.as_posix()
        lang = "en" if rel.startswith("en") else "et"
        assert not PLURAL_AFTER_ONE[lang].search(main_text(path)), rel
    for lang in ("et", "en"):
        words = default_words(lang)
        singular = [key for key in words if f"{key}-one" in words]
        assert singular, "count labels come with a singular form"
        for key in singular:
            one = re.sub(r"\{\w+\}", "5", model.label(f"{key}-one", lang).replace("{n}", "1"))  # one of five
            assert not PLURAL_AFTER_ONE[lang].search(one), (lang, key, one)


def test_every_pair_of_roles_is_told_apart_and_every_activity_is_key_to_a_role(model):
    """The confusable titles are the reason the handbook exists: each pair has a distinction; no activity is orphaned."""
    for i, a in enumerate(model.roles):
        for b in model.roles[i + 1:]:
            assert model.distinction(a, b) is not None, (a.id, b.id)
    assert [a.id for a in model.activities if not model.carriers[a.id]] == []


def test_every_model_page_says_whose_work_is_what(site, model):
    """The attribution line ends every page that shows the model, in every language, with the handbook's version."""
    from generator.pages import plan_pages

    assert model.handbook.attribution is not None
    for lang in ("et", "en"):
        for spec in plan_pages(model, lang):
            doc = BeautifulSoup(html_file(site, lang, spec.path).read_text(encoding="utf-8"), "html.parser")
            line = doc.select("article p.hb-attribution")
            if not spec.behaviour.model:
                assert not line, spec.path
                continue
            assert len(line) == 1, spec.path
            assert "kliendikesksus.ee" in line[0].get_text() and model.handbook.version in line[0].get_text(), spec.path
