"""Render planned pages to Markdown with Jinja2; the templates hold the layout, the model the words."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import text
from .links import model_text_href
from .model import SLUG, Model
from .pages import MATRIX_COLUMNS, NARROW, TRAIL_LABELS, PageSpec, compare_any_data, path_of, questions, selfcheck_data, shade, trail
from .site import Site, href, markdown_link, source_path


def bytecode_cache(name: str = "jinja") -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (keyed by each template's checksum): a rebuild skips compiling.
    The generator's own templates are kept under 'jinja', the theme's (Material's and ours) under 'theme'."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "competency-handbook" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home only costs the compile time
    return jinja2.FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' environment: every value a template prints goes through `_finalize`.

    The output is Markdown, which MkDocs renders again with attr_list, tables and
    raw HTML, so Jinja's HTML autoescape is not enough: a text from the model is
    turned into sanitised, Markdown-inert HTML by text.inline unless the template
    chose another path of text.py (block, attr) or prints something the generator
    made itself (a link, JSON for a script, a checked id).
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        bytecode_cache=bytecode_cache(),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # _finalize does more than HTML escaping: see above
        finalize=_finalize,
    )
    env.filters["tojson_script"] = _json_for_script
    env.filters["block"] = lambda value: Markup(text.block(str(value)))
    env.filters["attr"] = lambda value: Markup(text.attribute(str(value)))
    env.filters["slug"] = _slug
    return env


def _finalize(value: Any) -> Any:
    """Every printed value: numbers and generator-made Markup as they are, any other text through text.inline."""
    if isinstance(value, (Markup, int, float)) and not isinstance(value, bool):
        return value
    return Markup(text.inline(str(value)))


# An id, or ids joined with '--' (a pair; a competency rated as a whole): only [a-z0-9-].
ANSWER_KEY = SLUG.replace("(?:-", "(?:--?")


def _slug(value: Any) -> Markup:
    """An id, printed as it is where an attribute or an anchor needs it unencoded; ids are checked slugs."""
    if not re.fullmatch(ANSWER_KEY, str(value)):
        raise ValueError(f"not an id: {value!r}")
    return Markup(str(value))


def _json_for_script(value: Any) -> Markup:
    """JSON that is safe inside <script>: no '</script>' or '<!--' can end the element early."""
    out = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_page(spec: PageSpec, model: Model, lang: str, site: Site) -> str:
    """The Markdown source of one planned page (or the text of a generated file such as a chart)."""
    here = site.url(spec.path)

    def t(key: str, **values: Any) -> str:
        label = model.label(key, lang)
        return label.format(**values) if values else label

    def link_to(target: Any, other: Any = None) -> Markup:
        """A Markdown link to an object's page: MkDocs checks it and turns it into an address."""
        return Markup(markdown_link(spec.path, path_of(model, target, other)))

    def href_to(target: Any, other: Any = None) -> Markup:
        """An address for raw HTML, which MkDocs does not rewrite."""
        return Markup(href(here, site.url(path_of(model, target, other))))

    def pair_href(a: Any, b: Any) -> Markup:
        """The comparison of two roles: their own page where the handbook has one, else the pick-any-two page set to them."""
        if model.has_pair_page(a, b):
            return href_to(a, b)
        return Markup(f"{href_to('compare-any')}?a={_slug(a.id)}&amp;b={_slug(b.id)}")

    context = {
        "link_to": link_to,
        "pair_href": pair_href,
        "href_to": href_to,
        # A file of the downloads (generator/opendata.py), which MkDocs checks like a page link.
        "download_link": lambda name: Markup(markdown_link(spec.path, source_path("download", name))),
        "chart_href": lambda a, b, kind="chart": Markup(href(here, site.url(source_path(kind, a.id, b.id)))),
        "narrow": NARROW,
        "matrix_columns": MATRIX_COLUMNS,
        "model": model,
        "hb": model.handbook,
        "lang": lang,
        "t": t,
        "page": spec,
        "level_name": lambda n: model.level_name(n, lang),
        "scope_name": lambda scope: model.scope_name(scope, lang),
        "shade": lambda n: shade(model, n),
        "questions": lambda c: questions(model, c),
        **spec.context,
    }
    if spec.kind == "compare-any":
        context.update(compare_any_data(model, lang, href_to))
    if spec.kind == "self-check":
        context.update(selfcheck_data(model, lang, href_to))
        # The whole site's root (above every language's folder): saved answers are kept per site, shared by its languages.
        context["site_root"] = href(site.address(lang, spec.path), "")
    attribution = model.handbook.attribution
    with text.links_for_page(lambda url: model_text_href(site, spec.path, url)):  # a model text's links lead from this page
        body = environment().get_template(spec.template).render(context)
        if attribution is not None and spec.behaviour.model and spec.path.endswith(".md"):
            # Whose work is what, at the end of every page that shows the model, on screen and on paper.
            line = text.inline(attribution[lang].replace("{version}", model.handbook.version))
            body = body.rstrip("\n") + f'\n\n<p class="hb-attribution">{line}</p>\n'
    if not spec.path.endswith(".md"):
        return body  # a file that is not a page: a pair's chart
    # The theme reads what a page does (print button, landscape paper, hidden sidebars, search) from its front matter.
    # The title MkDocs gives the page (navigation, footer, search, <title>): the heading's words,
    # HTML-escaped as MkDocs keeps titles, not the heading's Markdown-inert encoding.
    crumbs = [{"title": text.title(t(TRAIL_LABELS[step]) if isinstance(step, str) else step.title[lang]), "href": href_to(step)} for step in trail(spec)]
    fields = {"title": text.title(spec.title), **spec.behaviour.meta(), **({"crumbs": crumbs} if crumbs else {})}
    meta = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
    return f"---\n{meta}---\n\n{body}"
