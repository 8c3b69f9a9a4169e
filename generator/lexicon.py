"""Make a language's search lexicon (generator/search/<code>.json) with a morphological analyser.

Run at development time, when the handbook's words change (site_tests/test_search.py
fails and says so):

    pip install -e '.[lexicon]'
    python -m generator.lexicon --lang <code>

It builds the site, reads every word of that language's search index as the browser
does, and asks EstNLTK's Vabamorf for each word's lemmas and compound parts, then for
every inflected form of those lemmas (all fourteen cases in both numbers for nouns and
adjectives, the common forms of verbs). The lexicon stores each lemma once with the
number of a shared list of endings, so it stays small. Neither the build nor the tests
need EstNLTK: the lexicon is committed.

`--tool snowball` makes a lexicon from the Snowball stemmer instead (word → stem for
the handbook's words and the words of `--also`), for comparing the two in benchmarks/.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .search import LEXICONS, ending_of, index_words

# Vabamorf's form codes. Nouns, adjectives, numerals, pronouns and names: every case in both
# numbers, and the short illative. Verbs: the forms a reader might type.
NOMINAL_FORMS = ["adt"] + [f"{n} {c}" for n in ("sg", "pl") for c in (
    "n", "g", "p", "ill", "in", "el", "all", "ad", "abl", "tr", "ter", "es", "ab", "kom")]
VERB_FORMS = ["ma", "mas", "mast", "mata", "maks", "da", "des", "b", "d", "n", "me", "te", "vad", "s", "sid", "sin",
              "sime", "site", "nud", "tud", "takse", "ti", "v", "tav", "ks", "ksid", "gu", "o", "ge", "nuks", "vat"]
NOMINAL = set("SACUNOPH")
VERB = "V"


def handbook_words(root: Path, lang: str) -> set[str]:
    """Every word of one language's search index, built from the handbook at `root`."""
    from . import search
    from .build import build_site
    from .pages import site_of

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        shipped, search.LEXICONS = search.LEXICONS, Path(tmp)  # the words do not depend on a lexicon, even a broken one
        try:
            model = build_site(root, out, strict=False)
        finally:
            search.LEXICONS = shipped
        index = site_of(model).folder(out, lang) / "search" / "search_index.json"
        return index_words(json.loads(index.read_text(encoding="utf-8")))


def vabamorf_lexicon(words: Iterable[str]) -> dict[str, Any]:
    """Lemmas, compound parts and every inflected form of the lemmas, from Vabamorf."""
    try:
        from estnltk.vabamorf.morf import Vabamorf, synthesize
    except ImportError:
        sys.exit("EstNLTK is not installed: pip install -e '.[lexicon]'")
    import estnltk

    vm = Vabamorf.instance()
    words = sorted(set(words))

    def analyses(batch: list[str], guess: bool) -> list[list[dict[str, Any]]]:
        return [w["analysis"] for w in vm.analyze(batch, disambiguate=False, guess=guess, propername=False)]

    pos: dict[str, set[str]] = {}  # lemma -> parts of speech: the lemmas whose forms are made
    guessed: dict[str, set[str]] = {}  # lemmas Vabamorf only guessed: their forms are not made (a guess's forms would take real words)
    compound: dict[str, list[str]] = {}  # lemma -> its parts' lemmas
    of_word: dict[str, set[str]] = {}  # word -> lemmas
    heads: dict[str, str] = {}  # a non-final part as written -> looked up below
    known = analyses(words, guess=False)
    unknown = [w for w, found in zip(words, known) if not found]
    guesses = dict(zip(unknown, analyses(unknown, guess=True)))
    for word, found in zip(words, known):
        for a in found or guesses[word]:
            lemma = a["lemma"].lower().replace("=", "")
            if not lemma:
                continue
            # A compound's first part cut off by a hyphen ("juhtimis- ja arenguprotsessid") is that part's action noun.
            if not found and word.endswith("mis") and word[:-3] + "mine" in pos:
                lemma = word[:-3] + "mine"
            of_word.setdefault(word, set()).add(lemma)
            (pos if found else guessed).setdefault(lemma, set()).add(a["partofspeech"])
            tokens = [t.lower() for t in a["root_tokens"]]
            if found and len(tokens) > 1:
                prefix = "".join(tokens[:-1])
                last = lemma[len(prefix):] if lemma.startswith(prefix) and len(lemma) > len(prefix) else tokens[-1]
                compound[lemma] = [*tokens[:-1], last]
                pos.setdefault(last, set()).add(a["partofspeech"])
                for t in tokens[:-1]:
                    heads[t] = t
        of_word.setdefault(word, {word})
    # A compound's first parts are written in a case form (kliendi-, teeninduse-): index them by their lemmas.
    # Only what Vabamorf knows: a guess at a part (juhtimis- as a noun "juhtimi") would add made-up lemmas.
    # An action noun's compound form (juhtimis-, mõõtmis-) is the action noun (juhtimine, mõõtmine).
    head_list = sorted(heads)
    head_lemmas: dict[str, list[str]] = {}
    for head, found in zip(head_list, vm.analyze(head_list, disambiguate=False, guess=False, propername=False)):
        lemmas = []
        for a in found["analysis"]:
            lemma = a["lemma"].lower().replace("=", "")
            if lemma and lemma not in lemmas:
                lemmas.append(lemma)
                pos.setdefault(lemma, set()).add(a["partofspeech"])
        if not lemmas and head.endswith("mis") and head[:-3] + "mine" in pos:
            lemmas = [head[:-3] + "mine"]
        head_lemmas[head] = lemmas or [head]
    parts: dict[str, list[str]] = {}
    for lemma, tokens in compound.items():
        out: list[str] = []
        for t in tokens[:-1]:
            out += [x for x in head_lemmas.get(t, [t]) if x not in out and len(x) > 1]
        if tokens[-1] not in out:
            out.append(tokens[-1])
        parts[lemma] = out

    # An action noun reads as its verb too (juhtimine: juhtima; prototüüpimine: prototüüpima), so that
    # "prototüüpimine" finds "Prototüübib ja testib lahendusi".
    nouns = sorted(lemma for lemma, tags in pos.items() if lemma.endswith("mine") and "S" in tags)
    nouns += sorted(lemma for lemma, tags in guessed.items() if lemma.endswith("mine") and "S" in tags and lemma not in pos)
    verbs = [noun[:-4] + "ma" for noun in nouns]
    also: dict[str, list[str]] = {}
    for noun, verb, found in zip(nouns, verbs, analyses(verbs, guess=False)):
        if VERB in pos.get(verb, ()) or VERB in guessed.get(verb, ()) or any(a["partofspeech"] == VERB and a["lemma"].lower().replace("=", "") == verb for a in found):
            also[noun] = [verb]
            if verb not in guessed:
                pos.setdefault(verb, set()).add(VERB)

    forms: dict[str, set[str]] = {}
    for lemma, tags in sorted(pos.items()):
        made: set[str] = set()
        for tag in tags:
            codes = NOMINAL_FORMS if tag in NOMINAL else VERB_FORMS if tag == VERB else []
            for code in codes:
                for form in synthesize(lemma, code, partofspeech=tag):
                    made.add(form.lower().replace("=", "").replace("+", ""))
        made.discard(lemma)
        forms[lemma] = made
    # A form of a noun and of a verb (juhi: juht, juhtima) reads as the noun first: readers search for things.
    order = {lemma: min(0 if tag in NOMINAL else 2 if tag == VERB else 1 for tag in pos.get(lemma, {"X"})) for lemma in forms}
    every = {form for lemma in forms for form in forms[lemma]} | set(forms)
    extra = {word: sorted(lemmas, key=lambda x: (order.get(x, 1), x)) for word, lemmas in of_word.items()
             if word not in every or not all(word == lemma or word in forms.get(lemma, ()) for lemma in lemmas)}
    return pack(forms, parts, extra, f"EstNLTK {estnltk.__version__} Vabamorf", order, also)


def snowball_lexicon(words: Iterable[str]) -> dict[str, Any]:
    """Word → Snowball stem, for the words given (the stemmer is a function of the word alone)."""
    try:
        import snowballstemmer
    except ImportError:
        sys.exit("snowballstemmer is not installed: pip install snowballstemmer")
    stemmer = snowballstemmer.stemmer("estonian")
    stems: dict[str, set[str]] = {}
    for word in sorted(set(words)):
        stems.setdefault(stemmer.stemWord(word), set()).add(word)
    extra = {w: [stem] for stem, ws in stems.items() for w in ws if w != stem}
    return pack({stem: set() for stem in stems}, {}, extra, f"snowballstemmer {getattr(snowballstemmer, '__version__', '')} Estonian".strip())


def pack(forms: dict[str, set[str]], parts: dict[str, list[str]], extra: dict[str, list[str]], tool: str,
         order: dict[str, int] | None = None, also: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The lexicon file: each lemma once, with the number of its list of endings (shared by every lemma inflected alike).

    Lemmas come in `order` (lower first), then alphabetically: of a form's readings, the first one read is the main one.
    `also`: lemma → further readings of all its forms (an action noun's verb).
    """
    paradigms: dict[str, int] = {"": 0}
    lemmas = []
    for lemma in sorted(forms, key=lambda x: ((order or {}).get(x, 1), x)):
        endings = ",".join(sorted({ending_of(lemma, f) for f in forms[lemma]}))
        number = paradigms.setdefault(endings, len(paradigms))
        lemmas.append([lemma, number, *parts.get(lemma, [])])
    return {
        "about": f"Made by `python -m generator.lexicon` with {tool}; do not edit by hand.",
        "paradigms": list(paradigms),
        "lemmas": lemmas,
        "extra": [[w, *ls] for w, ls in sorted(extra.items())],
        "also": [[lemma, *more] for lemma, more in sorted((also or {}).items())],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.lexicon", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", required=True, help="the language code of the handbook's pages to read")
    parser.add_argument("--root", type=Path, default=Path("."), help="the handbook folder (default: here)")
    parser.add_argument("--tool", choices=("vabamorf", "snowball"), default="vabamorf")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="a text file whose words are added (for comparing stemmers on benchmark queries)")
    parser.add_argument("--out", type=Path, help=f"where to write (default: {LEXICONS}/<code>.json)")
    args = parser.parse_args(argv)
    words = handbook_words(args.root.resolve(), args.lang)
    for extra in args.also:
        words |= index_words({"config": {"separator": r"[\s\-–—,.;:!?()\"/\t]+"}, "docs": [{"text": extra.read_text(encoding="utf-8")}]})
    data = (vabamorf_lexicon if args.tool == "vabamorf" else snowball_lexicon)(words)
    out = args.out or LEXICONS / f"{args.lang}.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {len(words)} words of the handbook, {len(data['lemmas'])} lemmas, {len(data['paradigms'])} lists of endings, "
          f"{out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
