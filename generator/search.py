"""Search for a language that lunr has no stemmer for, through a lexicon of word forms.

Material's search runs lunr in the reader's browser, and lunr can only stem the
languages lunr-languages ships. For any other language the handbook may ship a
lexicon, `generator/search/<code>.json`: every word of the handbook's pages in
that language, and every inflected form of their lemmas, mapped to the lemma,
and compounds to their parts as well. It is made at development time with a
morphological analyser (`python -m generator.lexicon`, see that module), so
neither the build nor the reader needs the analyser.

The build writes the lexicon into the site as lunr's language plugin
(`assets/javascripts/lunr/min/lunr.<code>.min.js`, the file Material's search
worker loads for a language), with `search/lunr-lexicon.js`: one function turns
a word of a page into its lemmas when the index is built in the browser, and the
same function turns a word of the query into its lemmas. Nothing is fetched
from anywhere but the site itself.

A language with neither a lunr stemmer nor a lexicon keeps words whole, as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import material

from .site import THEME_FALLBACK_LANGUAGE

# The shipped lexicons, one per language that has one (benchmarks/search_eval.py builds with another folder).
LEXICONS = Path(__file__).resolve().parent / "search"
SCRIPT = LEXICONS / "lunr-lexicon.js"
MATERIAL_LUNR = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
# Where Material's search worker looks for lunr's plugin for a language (relative to the site of that language).
PLUGIN_PATH = "assets/javascripts/lunr/min/lunr.{lang}.min.js"
# The edges of a token that are not part of the word: quotes, apostrophes, entities' & and ; (lunr-lexicon.js trims alike).
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def lexicon_path(lang: str, lexicons: Path | None = None) -> Path | None:
    """The lexicon shipped for a language, or None."""
    path = (lexicons or LEXICONS) / f"{lang}.json"
    return path if path.is_file() else None


def search_settings(lang: str, lexicons: Path | None = None) -> dict[str, Any]:
    """Material search settings for a language.

    Its own lunr stemmer where Material ships one; the handbook's lexicon where
    there is one (the plugin also writes it into the site, see `write_lunr_plugin`);
    otherwise an empty pipeline keeps words whole (the English trimmer would eat
    letters such as õ ä ö ü).
    """
    if (MATERIAL_LUNR / f"lunr.{lang}.min.js").exists():
        return {"lang": [lang]}
    if lexicon_path(lang, lexicons):
        # The lexicon plugin replaces lunr's pipeline with its own; nothing of lunr's English one stays.
        return {"lang": [lang], "pipeline": []}
    base = {"lang": [THEME_FALLBACK_LANGUAGE]}
    return base if lang == THEME_FALLBACK_LANGUAGE else {**base, "pipeline": []}


def lunr_plugin(lang: str, lexicons: Path | None = None) -> str | None:
    """The JavaScript of lunr's plugin for a language with a lexicon: the lexicon and the code that reads it."""
    path = lexicon_path(lang, lexicons)
    if path is None:
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    lexicon = {key: data[key] for key in ("paradigms", "lemmas", "extra", "also")}
    # JSON is JavaScript: the data goes into the script as it is (a worker loads it with importScripts, no page holds it).
    return SCRIPT.read_text(encoding="utf-8").replace("__LANG__", json.dumps(lang)).replace(
        "__LEXICON__", json.dumps(lexicon, ensure_ascii=False, separators=(",", ":"))
    )


def write_lunr_plugin(site_dir: Path, lang: str, lexicons: Path | None = None) -> Path | None:
    """Write the language's lunr plugin into a built site; None when the language has no lexicon."""
    script = lunr_plugin(lang, lexicons)
    if script is None:
        return None
    out = Path(site_dir) / PLUGIN_PATH.format(lang=lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(script, encoding="utf-8")
    return out


# --- the lexicon, read as the browser reads it -----------------------------------


@dataclass
class Lexicon:
    """Word form → the lemmas it may be a form of, and lemma → its parts when it is a compound."""

    forms: dict[str, list[str]] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Lexicon:
        """Expand a lexicon file exactly as lunr-lexicon.js does."""
        data = json.loads(path.read_text(encoding="utf-8"))
        lex = cls()
        also = {lemma: more for lemma, *more in data["also"]}  # an action noun's forms read as its verb too
        paradigms = [p.split(",") if p else [] for p in data["paradigms"]]
        for lemma, paradigm, *parts in data["lemmas"]:
            lex._add(lemma, lemma, also)
            for form in paradigms[paradigm]:
                lex._add(apply_ending(lemma, form), lemma, also)
            if parts:
                lex.parts[lemma] = parts
        for form, *lemmas in data["extra"]:
            for lemma in lemmas:
                lex._add(form, lemma, also)
        return lex

    def _add(self, form: str, lemma: str, also: dict[str, list[str]]) -> None:
        known = self.forms.setdefault(form, [])
        for reading in (lemma, *also.get(lemma, ())):
            if reading not in known:
                known.append(reading)


def apply_ending(lemma: str, ending: str) -> str:
    """A form from its lemma and an ending written as `<letters to drop><letters to add>` ("1i": juht → juhi)."""
    digits = len(ending) - len(ending.lstrip("0123456789"))
    cut = int(ending[:digits])
    return (lemma[:-cut] if cut else lemma) + ending[digits:]


def ending_of(lemma: str, form: str) -> str:
    """The inverse of `apply_ending`."""
    common = 0
    for a, b in zip(lemma, form):
        if a != b:
            break
        common += 1
    return f"{len(lemma) - common}{form[common:]}"


def index_words(search_index: dict[str, Any]) -> set[str]:
    """The words of a built search index as the browser's tokenizer reads them: text between tags,
    split at the index's separator, lowercased, edges trimmed."""
    separator = re.compile(search_index["config"]["separator"])
    words: set[str] = set()
    for doc in search_index["docs"]:
        for value in (doc.get("title", ""), doc.get("text", "")):
            words.update(_words(value, separator))
    return words


def _words(html: str, separator: re.Pattern[str]) -> Iterable[str]:
    for block in re.split(r"<[^>]*>", html):
        for token in separator.split(block):
            word = _EDGES.sub("", token.lower())
            if word:
                yield word
