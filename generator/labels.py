"""Which interface words (labels in handbook.yml) the page templates need.

The templates name their labels as t("key"); a missing one must be a located
content error at check time, not a KeyError halfway through a build.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9-]+)["']\s*[,)]""")

# Labels whose key is put together at render time, and those the plugin and theme use.
COMPOSED = {
    "scope": ("strategic", "tactical", "operational"),
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
