"""Which interface words the page templates need, and the package's own words for them.

The templates name their labels as t("key"). Estonian and English words for
every one of them ship in generator/words/<code>.yml; a handbook's `labels`
replace any of them, and a handbook in another language gives its own. A
missing one must be a located content error at check time, not a KeyError
halfway through a build.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
WORDS = Path(__file__).parent / "words"
_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9-]+)["']\s*[,)]""")

# Labels whose key is put together at render time, and those the plugin and theme use.
COMPOSED = {
    "status": ("published", "draft", "published-text", "draft-text"),
}
FIXED = ("home", "model", "version", "printed", "print", "not-found", "not-found-text")


@lru_cache(maxsize=1)
def template_labels() -> frozenset[str]:
    found = set(FIXED)
    for path in TEMPLATES.glob("*.j2"):
        found.update(_CALL.findall(path.read_text(encoding="utf-8")))
    for prefix, suffixes in COMPOSED.items():
        found.update(f"{prefix}-{s}" for s in suffixes)
    return frozenset(found)


def required_labels(page_folders: set[str]) -> frozenset[str]:
    """Every label a build needs: the templates' and one section title per folder of prose pages."""
    return template_labels() | {f"section-{f}" for f in page_folders}


@cache
def default_words(lang: str) -> dict[str, str]:
    """The package's words for a language (a regional code such as pt-BR falls back to pt), or none for a language it does not speak."""
    import yaml

    for code in dict.fromkeys((lang, lang.split("-")[0])):
        path = WORDS / f"{code}.yml"
        if path.is_file():
            words = yaml.safe_load(path.read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in words.items()}
    return {}
