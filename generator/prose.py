"""The hand-written Markdown pages: one file per language under content/pages/<code>/, their titles and order.

Front matter is read with the same located YAML loader as the model, so its
errors name the page's own lines.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ErrorCollector, Location
from .load import ContentTree, read_text, split_page
from .messages import validate
from .model import ProsePage
from .schema import FrontMatter


def read_page(path: Path, errors: ErrorCollector) -> tuple[str | None, int] | None:
    """A hand-written page's title and order, from its front matter or its first '# ' line; None after an error.

    The front matter is read by the same loader as the model, so its errors are
    located on the page's own lines and it is refused where MkDocs would ignore it.
    """
    text = read_text(path, errors)
    if text is None:
        return None
    page = split_page(text, errors.relative(path), errors)
    if not page.ok:
        return None
    meta = FrontMatter()
    if page.front_matter is not None:
        meta = validate(page.front_matter, FrontMatter, errors, {}, "the front matter")
        if meta is None:
            return None
    title = meta.title or next((line[2:].strip() for line in page.body.splitlines() if line.startswith("# ")), None)
    return title, meta.order


def load_pages(content: Path, errors: ErrorCollector, tree: ContentTree, languages: list[str]) -> tuple[ProsePage, ...]:
    """The hand-written pages: the same path under content/pages/<code>/ for every language."""
    base = content / "pages"
    found: dict[str, dict[str, Path]] = {}
    for lang in languages:
        for p in tree.listing(base / lang, (".md",), errors, recursive=True):
            found.setdefault(p.relative_to(base / lang).as_posix(), {})[lang] = p
    pages = []
    for rel, by_lang in sorted(found.items()):
        titles: dict[str, str] = {}
        order = 100
        for lang in languages:
            if lang not in by_lang:
                src = next(iter(by_lang.values()))
                errors.add(Location(errors.relative(src)), f"missing translation: there is no {errors.relative(base / lang / rel)}; every page exists in every language")
                continue
            read = read_page(by_lang[lang], errors)
            if read is None:
                continue
            title, order = read
            if not title:
                errors.add(Location(errors.relative(by_lang[lang])), "the page has no title; start it with a '# Title' line")
            else:
                titles[lang] = title
        pages.append(ProsePage(rel, titles, order, {k: errors.relative(v) for k, v in by_lang.items()}))
    return tuple(pages)
