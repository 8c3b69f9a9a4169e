"""Render planned pages to Markdown with Jinja2; the templates hold the layout, the model the words."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .model import Model
from .pages import PageSpec, pair_id, relative_file_href, relative_href, relative_link


# Wide pages get the full width: the matrix and the comparisons have no use for a table of contents.
HIDE = {"matrix": ("navigation", "toc"), "pair": ("toc",), "self-check": ("toc",)}
# Pair pages repeat what the two role pages say, and a large model has hundreds of
# them: in the search index they would crowd out the role pages they come from.
NOT_SEARCHED = {"pair"}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (keyed by each template's checksum): a rebuild skips compiling."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "competency-handbook" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home only costs the compile time
    return jinja2.FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown; model texts are Markdown already checked for raw HTML
    )
    env.filters["tojson_script"] = _json_for_script
    env.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    return env


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside <script>: no '</script>' or '<!--' can end the element early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(spec: PageSpec, model: Model, lang: str, extra: dict[str, Any] | None = None) -> str:
    """The Markdown source of one planned page."""

    def t(key: str, **values: Any) -> str:
        text = model.label(key, lang)
        return text.format(**values) if values else text

    def link(target: str) -> str:
        return relative_link(spec.path, target)

    def href(target: str) -> str:
        return relative_href(spec.path, target)

    context = {
        "href": href,
        "file_href": lambda target: relative_file_href(spec.path, target),
        "model": model,
        "hb": model.handbook,
        "lang": lang,
        "t": t,
        "link": link,
        "page": spec,
        "level_name": lambda n: model.level_name(n, lang),
        "pair_link": lambda a, b: link(f"compare/{pair_id(*sorted_pair(model, a, b))}.md"),
        "pair_path": lambda a, b: f"{pair_id(*sorted_pair(model, a, b))}.md",
        **spec.context,
        **(extra or {}),
    }
    body = environment().get_template(spec.template).render(context)
    if not spec.path.endswith(".md"):
        return body  # a file that is not a page: a pair's chart
    # The page kind tells the theme which pages get a Print button and print layout.
    hide = HIDE.get(spec.kind)
    meta = f"kind: {spec.kind}\n" + (f"hide: [{', '.join(hide)}]\n" if hide else "")
    if spec.kind in NOT_SEARCHED:
        meta += "search:\n  exclude: true\n"
    return f"---\n{meta}---\n\n{body}"


def sorted_pair(model: Model, a: str, b: str) -> tuple[str, str]:
    """The two role ids in handbook order, as the pair pages are named."""
    order = model.role_position
    return (a, b) if order[a] < order[b] else (b, a)
