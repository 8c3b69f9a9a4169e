"""The one sanitised path by which a model text becomes HTML.

Model texts (titles, descriptions, examples, labels, ...) are short Markdown:
**bold**, *italic*, `code` and [links](https://...). The templates paste them
into generated Markdown pages, which MkDocs renders a second time with
attr_list, tables, md_in_html, def_list, admonition and toc. So a text is

1. rendered once by python-markdown with only what a model text may use
   (inline Markdown; for `block`, also paragraphs and lists),
2. cleaned by nh3 against an allow-list of tags, attributes and URL schemes,
3. written out again so that the second Markdown pass cannot read anything
   into it: every character of the text that Markdown could interpret is a
   numeric character reference (`{` is `&#123;`), newlines are spaces, and the
   only tags are the ones written here.

`problems` says, in words a maintainer can act on, what the first two steps
would remove or change; `handbook check` refuses a text that has any.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import nh3

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown import Markdown

__all__ = ["EMPTY", "MAX_BRACKETS", "MAX_LENGTH", "attribute", "block", "inline", "links_for_page", "plain", "problems", "url_scheme"]

# Python-Markdown's inline parser takes quadratic time on some inputs (thousands
# of unmatched '['), so Markdown is read only in texts up to this length; a longer
# text is refused by `problems` and shown as plain text by `inline` and `block`.
# The longest text of the shipped model has under 500 characters.
MAX_LENGTH = 2000
# Each unmatched '[' makes it scan to the end of the text: their number is limited too.
MAX_BRACKETS = 100

EMPTY = "the text is empty; write the text or remove the key"

INLINE_TAGS = frozenset({"a", "em", "strong", "code", "br"})
BLOCK_TAGS = INLINE_TAGS | {"p", "ul", "ol", "li"}
_BLOCK_LEVEL = frozenset({"p", "ul", "ol", "li"})
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Every ASCII character that Markdown (with the site's extensions) could read
# as syntax somewhere in a line: escapes, code, emphasis, attribute lists,
# links and images, headings, lists, tables, raw HTML and entities, definition
# lists, setext underlines, and quotes for attribute values.
_SYNTAX = "\\`*_{}[]()#+-.!|<>&:=~^\"'"
# In an attribute value written here only what Markdown reads before it sees the
# tag as raw HTML matters (code, escapes, links, autolinks, tables, attr_list),
# plus what ends the value; '/', ':', '.', '#' stay readable.
_ATTR_SYNTAX = "\\`[]<>|{}\"'&! "
_CONTROLS = {c: None for c in range(32)} | {0x7F: None} | {ord(c): " " for c in "\t\n\r\v\f"}
_TEXT_TABLE = _CONTROLS | {ord(c): f"&#{ord(c)};" for c in _SYNTAX}
_ATTR_TABLE = _CONTROLS | {ord(c): f"&#{ord(c)};" for c in _ATTR_SYNTAX}

# Texts without any of these characters are plain words for the inline renderer:
# `inline` encodes them directly (a test checks that this is what rendering gives).
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&!\x00-\x1f\x7f]")
# Texts without any of these cannot hold raw HTML ('<'), attribute lists ('{'),
# links or images ('](', or ']:' for a reference), or a note box ('!!!') even
# under the site's full Markdown: `problems` has nothing to render (a test
# checks this against rendering). Most texts are plain sentences.
_SUSPECT = re.compile(r"[<{]|\]\(|\]:|!!!")
# A label's {placeholder} is filled in before Markdown sees it ({onclick} is not one).
_PLACEHOLDER = re.compile(r"\{(?![Oo][Nn])\w+\}")


def _suspect(text: str) -> bool:
    """Could rendering find anything in the text? (The labels' placeholders alone cannot.)"""
    return bool(_SUSPECT.search(_PLACEHOLDER.sub("", text) if "{" in text else text))
# A brace group as attr_list reads it: {: ...}, {#id}, {.class}, {key=value}, {onclick};
# also one left open at the end of a line, which a template's own '{: #id }' would close.
_BRACES = re.compile(r"(?<!\\)\{[^}\n]*(?:\}|$)", re.MULTILINE)
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_SPACES = re.compile(r" {2,}")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def _too_long(text: str) -> bool:
    return len(text) > MAX_LENGTH or text.count("[") > MAX_BRACKETS


def _encode(text: str) -> str:
    """Text as HTML in which Markdown sees no syntax: one line, punctuation as numeric references."""
    out = text.translate(_TEXT_TABLE).strip()
    return _SPACES.sub(" ", out) if "  " in out else out


def _encode_attr(value: str) -> str:
    return value.translate(_ATTR_TABLE)


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in a URL ('javascript' in ' Java\\tScript:x'), or None if it is relative."""
    # As the WHATWG URL parser: leading and trailing C0 controls and spaces go,
    # tabs and newlines anywhere are removed, then the scheme is matched.
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(33)))))
    m = _SCHEME.match(cleaned)
    return m.group(1).lower() if m else None


def _allowed_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in URL_SCHEMES


# --- the Markdown renderers, one of each kind per thread, reused ---------------

_local = threading.local()


def _markdown(kind: str) -> Markdown:
    found: Markdown | None = getattr(_local, kind, None)
    if found is None:
        found = _make(kind)
        setattr(_local, kind, found)
    found.reset()
    return found


def _make(kind: str) -> Markdown:
    import markdown  # only texts with Markdown in them need it: a plain `handbook check` stays fast

    if kind == "check":
        # What the text would do if pasted into a page as it is: the site's extensions.
        md = markdown.Markdown(extensions=["admonition", "attr_list", "def_list", "md_in_html", "tables"])
        md.treeprocessors.register(_KeepTree(md), "handbook_keep_tree", -100)  # type: ignore[arg-type]  # a Treeprocessor by duck typing
        return md
    md = markdown.Markdown()
    keep = {"empty", "paragraph"} if kind == "inline" else {"empty", "indent", "olist", "ulist", "paragraph"}
    # No headings, quotes, code blocks, rules or reference definitions: their
    # characters are shown as written.
    for name in [p.name for p in md.parser.blockprocessors._priority]:  # type: ignore[attr-defined]  # Registry has no public listing
        if name not in keep:
            md.parser.blockprocessors.deregister(name)
    return md


class _KeepTree:
    """A last treeprocessor that keeps the finished element tree for `problems` to walk."""

    def __init__(self, md: Any) -> None:
        self.md = md
        self.root: Element | None = None

    def run(self, root: Element) -> None:
        self.root = root


def _cleaner(tags: frozenset[str]) -> Any:
    options: dict[str, Any] = {
        "tags": set(tags),
        "attributes": {t: a for t, a in ATTRIBUTES.items() if t in tags},
        "url_schemes": set(URL_SCHEMES),
        "strip_comments": True,
    }
    if hasattr(nh3, "Cleaner"):
        return nh3.Cleaner(**options).clean
    return lambda fragment: nh3.clean(fragment, **options)


_CLEAN = {"inline": _cleaner(INLINE_TAGS), "block": _cleaner(BLOCK_TAGS)}


# --- writing the cleaned HTML out again, inert for the second Markdown pass ----


class _Inert(HTMLParser):
    """Re-writes nh3's output: the allowed tags as written here, all text encoded."""

    def __init__(self, tags: frozenset[str], text_only: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.tags = tags
        self.text_only = text_only
        self.out: list[str] = []
        self.depth = 0  # open block-level elements
        self.open: list[str] = []  # the open block-level elements, innermost last
        self.auto_p = False  # a <p> opened here around loose inline content
        self.links: list[bool] = []  # for each open <a>: was it written (it had an allowed href)?

    def _inline_at_top(self) -> None:
        if "p" in self.tags and self.depth == 0 and not self.auto_p:
            self.out.append("<p>")
            self.auto_p = True

    def _close_auto_p(self) -> None:
        if self.auto_p:
            self.out.append("</p>\n")
            self.auto_p = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.tags or self.text_only:
            return
        if tag in _BLOCK_LEVEL:
            self._close_auto_p()
            self.depth += 1
            self.open.append(tag)
        else:
            self._inline_at_top()
        written = []
        for name, value in attrs:
            if value is None or name not in ATTRIBUTES.get(tag, ()):
                continue
            if name == "href" and not _allowed_url(value):
                continue
            if name == "start" and not value.isdigit():
                continue
            written.append(f' {name}="{_encode_attr(value)}"')
        if tag == "a":
            self.links.append(bool(written))
            if not written:
                return  # a link whose address was removed is its text alone
            written.append(' rel="noopener noreferrer"')
        self.out.append(f"<{tag}{''.join(written)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.tags or self.text_only or tag == "br":
            return
        if tag == "a" and not (self.links.pop() if self.links else False):
            return
        if tag in _BLOCK_LEVEL:
            self._close_auto_p()
            self.depth -= 1
            if self.open:
                self.open.pop()
        self.out.append(f"</{tag}>")
        if tag in _BLOCK_LEVEL and self.depth == 0:
            self.out.append("\n")  # one line per top-level block: Markdown passes each through as it is

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("ul", "ol") and not data.strip():
            return  # the newlines between list items
        if not self.text_only and self.depth == 0 and not self.auto_p and "p" in self.tags:
            if not data.strip():
                return  # the newlines between blocks
            self._inline_at_top()
        self.out.append(data.translate(_TEXT_TABLE))

    def result(self) -> str:
        self.close()
        self._close_auto_p()
        out = _SPACES.sub(" ", "".join(self.out))
        if "p" in self.tags:
            out = re.sub(r"<(p|li)> ", r"<\1>", out)
            out = re.sub(r" </(p|li)>", r"</\1>", out)
            out = out.replace("<p></p>\n", "").replace("<p></p>", "")
        return out.strip()


def _render(text: str, kind: str, text_only: bool = False) -> str:
    md = _markdown(kind)
    cleaned = _CLEAN[kind](md.convert(text))
    writer = _Inert(INLINE_TAGS if kind == "inline" else BLOCK_TAGS, text_only)
    writer.feed(cleaned)
    return writer.result()


# --- the public API -------------------------------------------------------------


# How the page being rendered writes the address of a text's link (render.py sets it per page):
# the rendering of a text is cached without it, the addresses are rewritten afterwards.
_LINKS: ContextVar[Callable[[str], str] | None] = ContextVar("handbook_text_links", default=None)
_HREF = re.compile(r'<a href="([^"]*)"')


@contextmanager
def links_for_page(address: Callable[[str], str]) -> Iterator[None]:
    """Within the block, `inline` and `block` write each link's address as `address(url)` gives it.

    A relative link in a model text is written relative to the language's pages
    folder; the page that shows the text knows where that folder is from it.
    """
    token = _LINKS.set(address)
    try:
        yield
    finally:
        _LINKS.reset(token)


def _linked(out: str) -> str:
    """Rendered HTML with its links' addresses as the current page writes them (see links_for_page)."""
    if '<a href="' not in out:
        return out
    address = _LINKS.get()
    if address is None:
        return out

    def rewrite(m: re.Match[str]) -> str:
        url = address(html.unescape(m.group(1)))
        return f'<a href="{_encode_attr(url)}"' if _allowed_url(url) else m.group(0)

    return _HREF.sub(rewrite, out)


def inline(text: str) -> str:
    """Inline Markdown (**bold**, *italic*, `code`, [link](url)) as sanitised HTML on one line, inert for Markdown.

    The result goes anywhere in a Markdown page where a line of text can: a
    paragraph, a heading, a list item, a table cell. Raw HTML, images and
    links other than http(s), mailto and relative ones are removed.
    """
    return _linked(_inline(text))


@lru_cache(maxsize=65536)
def _inline(text: str) -> str:
    if _too_long(text):
        return plain(text)
    if not _INLINE_SYNTAX.search(text):
        return _encode(text)
    return _render(text, "inline")


def block(text: str) -> str:
    """Paragraphs, bulleted and numbered lists and inline Markdown as one sanitised HTML block.

    Put it in a Markdown page on a line of its own with blank lines around it:
    it starts with <p>, <ul> or <ol>, so Markdown passes it through as it is
    (also inside a `<div markdown>` block). A list needs a blank line before it.
    """
    return _linked(_block(text))


@lru_cache(maxsize=16384)
def _block(text: str) -> str:
    if _too_long(text):
        return f"<p>{plain(text)}</p>" if text.strip() else ""
    return _render(text, "block")


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """The text as written, Markdown not interpreted: HTML-escaped and inert for Markdown, on one line."""
    return _encode(text)


@lru_cache(maxsize=16384)
def attribute(text: str) -> str:
    """The words of a text without its Markdown, for an HTML or SVG attribute value or SVG text.

    Everything but letters, digits and spaces that could end the value or mean
    something to Markdown is a numeric character reference, quotes included.
    """
    if _too_long(text) or not _INLINE_SYNTAX.search(text):
        return plain(text)
    return _render(text, "inline", text_only=True)


def words(text: str) -> str:
    """The words of a text without its Markdown, as plain characters: for a script that shows them with textContent."""
    return html.unescape(attribute(text))


def title(text: str) -> str:
    """A text as MkDocs and Material keep a title (page and navigation titles, the site name): its words,
    with the characters that could start markup or end an attribute written as entities.

    Material prints such titles without escaping them, also inside attributes.
    """
    return html.escape(words(text), quote=False).replace('"', "&quot;")


def problems(text: str) -> list[str]:
    """What the sanitiser would remove or change in a text, as messages for `handbook check`; [] if nothing.

    Raw HTML, attribute lists, links with a scheme other than http, https or
    mailto, images, link titles, and empty or over-long texts. Text in a
    code span (`<b>`) is shown as code and is fine.
    """
    if not text.strip():
        return [EMPTY]
    if len(text) > MAX_LENGTH:
        return [f"the text is {len(text):,} characters long; a text may have at most {MAX_LENGTH:,}: shorten it or split it"]
    if text.count("[") > MAX_BRACKETS:
        return [f"the text has {text.count('['):,} '[' characters; a text may have at most {MAX_BRACKETS} (one per link)"]
    if not _suspect(text):
        return []
    return list(_problems(text))


def _shown(value: str, limit: int = 60) -> str:
    """A value fit to quote in a message: control characters visible, long values shortened."""
    value = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _raw_html_message(tag: str) -> str:
    return (
        f"raw HTML '{tag}' is not allowed in a text field; use Markdown instead "
        f"(**bold**, *italic*, [link](url)), or put it in backticks to show it as code: `{tag}`"
    )


def _first_tag(raw: str) -> str:
    raw = raw.strip()
    end = raw.find("-->") + 3 if raw.startswith("<!--") else raw.find(">") + 1
    return _shown(raw[:end] if end > 0 else raw)


def _attr_groups(text: str) -> list[str]:
    """Brace groups that attr_list would read as attributes ({: ...}, {#id}, {.class}, {key=value}, {onclick})."""
    from markdown.extensions.attr_list import get_attrs_and_remainder

    found = []
    for m in _BRACES.finditer(text):
        inner = m.group(0)[1:].removesuffix("}").strip()
        if inner.startswith(":"):
            found.append(m.group(0))
            continue
        attrs, _ = get_attrs_and_remainder(inner)
        unclosed = not m.group(0).endswith("}")  # a template's own '{: #id }' after the text would close it
        if any(k in (".", "id") or v is not None or k.lower().startswith("on") or unclosed for k, v in attrs):
            found.append(m.group(0))
    return found


@lru_cache(maxsize=4096)
def _problems(text: str) -> tuple[str, ...]:
    md = _markdown("check")
    found: list[tuple[int, str]] = []
    seen: set[str] = set()

    def add(position: int, message: str) -> None:
        if message not in seen:
            seen.add(message)
            found.append((position if position >= 0 else len(text), message))

    contexts = [text]
    flush = "\n".join(line.lstrip() for line in text.split("\n"))
    if flush != text:
        # Indented, '<script>' is a code block; after a template's '- ' or a line of
        # text it is raw HTML again. Rendered without indentation, it is found.
        contexts.append(flush)
    if "{" in text:
        # After a template's line of text attr_list reads '{...}' on the text's first line.
        contexts.append("x\n" + flush)
    # In a heading (or a table cell) every line is inline Markdown: no raw HTML block
    # (which md_in_html may swallow whole) hides a tag, and attr_list reads '{...}' at
    # the end without a line of its own.
    contexts.append("# x " + " ".join(flush.splitlines()))
    bad_attrs: list[tuple[str, str]] = []
    for source in contexts:
        md.reset()
        md.convert(source)
        for raw in md.htmlStash.rawHtmlBlocks:
            if not isinstance(raw, str) or raw == "":
                # md_in_html took a raw HTML block ('<div markdown>') into the tree and left this behind
                m = _TAG.search(source)
                tag = _shown(m.group(0)) if m else "<"
                add(text.find(tag), _raw_html_message(tag))
            elif raw.lstrip().startswith("<"):
                tag = _first_tag(raw)
                if tag.startswith("</") and any(m.startswith(f"raw HTML '<{tag[2:-1]}") for m in seen):
                    continue  # the end of an element already reported
                add(text.find(tag), _raw_html_message(tag))
        root = md.treeprocessors["handbook_keep_tree"].root  # type: ignore[attr-defined]  # our _KeepTree
        raw_found = any(m.startswith("raw HTML") for m in seen)
        for el in root.iter() if root is not None else ():
            if el is not root:  # the <div> Markdown wraps the document in
                _check_element(el, text, add, bad_attrs, raw_found)
    groups = _attr_groups(text) if "{" in text else []
    for g in groups:
        add(text.find(g), f"the attribute list '{_shown(g)}' is not allowed in a text field: Markdown would turn it into "
                          "HTML attributes; remove it (model texts cannot set attributes)")
    if not groups and bad_attrs and "{" in text:
        # Braces that are no attribute list by their look ({a, b}) but become one at the end of a heading.
        for m in _BRACES.finditer(text):
            if not re.fullmatch(r"\{\w+\}", m.group(0)):
                g = m.group(0)
                add(m.start(), f"the braces '{_shown(g)}' would become HTML attributes where the text ends a heading or "
                               f"a table cell; reword, or put them in backticks to show them as code: `{g}`")
                groups.append(g)
    if not groups:
        for tag, name in bad_attrs[:1]:
            add(-1, f"the Markdown here gives a <{tag}> element the HTML attribute '{name}', which a text field may not "
                    "set; write it without that Markdown (**bold**, *italic*, `code` and [link](url) are fine)")
    return tuple(message for _, message in sorted(found, key=lambda f: f[0]))


# The elements Markdown itself writes with the site's extensions; any other came from raw HTML.
_MARKDOWN_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "hr", "a", "img",
    "em", "strong", "br", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "div",
})


def _check_element(el: Element, text: str, add: Any, bad_attrs: list[tuple[str, str]], raw_found: bool) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "div" and "admonition" in (el.get("class") or "").split():
        add(text.find("!!!"), "a note box ('!!! note') is not allowed in a text field; write the text as a paragraph")
        return
    if tag == "p" and el.get("class") == "admonition-title":
        return
    if (tag and tag not in _MARKDOWN_TAGS) or tag == "div":
        if not raw_found:  # an element that can only have come from raw HTML
            add(text.find(f"<{tag}"), _raw_html_message(f"<{tag}>"))
        return
    for name, value in el.attrib.items():
        value = value or ""
        decoded = html.unescape(value)  # what the browser reads: 'java&#x09;script:' is 'java\tscript:'
        if tag == "img" and name == "src":
            add(text.find("!["), f"images are not allowed in model text; remove the image '{_shown(decoded)}' (![...](...))")
        elif tag == "a" and name == "href":
            if not _allowed_url(decoded):
                add(text.find("["), f"the link to '{_shown(decoded)}' is not allowed: its address starts with "
                                    f"'{url_scheme(decoded)}:'; a link may only be http:, https:, mailto: or a relative address")
        elif tag == "a" and name == "title":
            add(text.find("["), f"the link title '{_shown(decoded)}' is not shown; write the link as [text](address) without a title")
        elif (tag == "img" and name in ("alt", "title")) or name in ATTRIBUTES.get(tag, ()):
            continue
        elif name in ("style",) and tag in ("th", "td"):
            continue  # a table's column alignment
        else:
            # {placeholder} at the end of a heading: attr_list makes it an empty attribute,
            # but the templates fill labels' placeholders in before Markdown sees them.
            if value in ("", name) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and not name.lower().startswith("on") \
                    and "{" + name + "}" in text:
                continue
            bad_attrs.append((tag, name))
    if tag == "img" and "src" not in el.attrib:
        add(text.find("!["), "images are not allowed in model text; remove the image (![...](...))")
