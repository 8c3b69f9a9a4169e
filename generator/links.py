"""Links and anchors in hand-written pages and in model texts, checked before MkDocs builds.

A broken link fails a strict MkDocs build with a message that names neither the
file's line nor its language; `handbook check` finds the same mistakes first and
locates each at `path:line:col`, every one of every page and language in one run.

Hand-written pages (content/pages/<lang>/...) link as MkDocs resolves links:
relative to the page, to a page's Markdown file (`../roles/index.md`,
`guides/hr.md#steps`) or to another file in the same folder tree (an image).
MkDocs reads `roles/` or a link that starts with '/' as no page at all.

A relative link in a model text (a YAML text field) is written relative to the
language's pages folder (`[the matrix](compare/index.md)`), because one text is
shown on pages at every depth: `model_text_href` turns it into an address
relative to the page that shows it (text.py applies it while render.py renders
a page), with site.py's addresses.

Anchors (`#part`) are the ids MkDocs collects from a page: heading ids as the
toc extension makes them, explicit `{: #id }` attribute lists and ids in raw
HTML. The ids of a hand-written page come from rendering it with the site's
Markdown extensions; those of a generated page from rendering its template,
only when a link names one and the rest of the content is valid.
"""

from __future__ import annotations

import difflib
import html
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from . import text as _text
from .errors import ErrorCollector, Location
from .load import FRONT_MATTER, ContentTree, Document, read_text
from .model import ProsePage
from .pages import pair_ids
from .site import FOLDERS, SINGLE_PAGES, Site, href, markdown_link, source_path

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .schema import Glossary, Handbook

__all__ = ["Link", "ModelText", "check_handbook_links", "check_links", "generated_paths", "model_text_href",
           "model_texts", "page_anchors", "page_links"]

# The kind of generated page in each folder, for messages ("the model has no role 'x'").
_FOLDER_KIND = {folder: kind for kind, folder in FOLDERS.items() if kind != "pair"}
# A link that looks like a web address written without https://
_WEB = re.compile(r"www\.|[\w-]+\.(?:com|org|net|edu|gov|io|eu|ee)(?:/|$)")


# --- finding the links of a page ----------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One link or image target of a page, as written (escapes and entities resolved), and where it is written."""

    url: str
    line: int
    column: int
    image: bool = False


_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt  # only pages with links need it

        _PARSER = MarkdownIt("commonmark", {"store_labels": True}).enable("table")
    return _PARSER


# A note box (admonition) and its body, indented by four spaces: Python-Markdown reads the body
# as Markdown, CommonMark as a code block. The body is read one indentation level out.
_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)[ \t]+\S")
# Markdown inside HTML (md_in_html): the tag lines are left out, what is between them is read as Markdown.
_MD_OPEN = re.compile(r"^\s*<([A-Za-z][\w-]*)\b[^<>]*\bmarkdown\b[^<>]*>\s*$")
_CLOSE = re.compile(r"^\s*</([A-Za-z][\w-]*)\s*>\s*$")
# A code span: backticks, then anything up to the same number of backticks.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?:[^\\\[\]]|\\.)*\]:[ \t]*\n?[ \t]*(<[^<>\n]*>|\S+)")


def _prepare(text: str) -> tuple[list[str], list[int]]:
    """The page's lines as the link finder reads them, and how many characters each lost at its start.

    Line numbers stay as they are: front matter becomes empty lines, note boxes'
    bodies lose one indentation level, md_in_html tag lines become empty.
    """
    m = FRONT_MATTER.match(text)
    if m:
        text = "\n" * text.count("\n", 0, m.end()) + text[m.end():]
    lines = text.split("\n")
    shift = [0] * len(lines)
    html_open: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _MD_OPEN.match(line)
        closed = _CLOSE.match(line)
        if opened:
            html_open.append(opened.group(1).lower())
            lines[i] = ""
        elif closed and html_open and html_open[-1] == closed.group(1).lower():
            html_open.pop()
            lines[i] = ""
        box = _ADMONITION.match(lines[i])
        if box:
            body = box.group(1) + "    "
            j = i + 1
            while j < len(lines) and (lines[j].startswith(body) or not lines[j].strip()):
                if lines[j].startswith(body):
                    lines[j] = lines[j][:len(box.group(1))] + lines[j][len(body):]
                    shift[j] += 4
                j += 1
        i += 1
    return lines, shift


def _destination(s: str, i: int) -> tuple[int, str] | None:
    """The link destination that starts at s[i] (just after '('): its offset and its text as written."""
    while i < len(s) and s[i] in " \t":
        i += 1
    if i < len(s) and s[i] == "\n":
        i += 1
        while i < len(s) and s[i] in " \t":
            i += 1
    if i < len(s) and s[i] == "<":
        end = s.find(">", i + 1)
        if end < 0 or "\n" in s[i + 1:end]:
            return None
        return i + 1, s[i + 1:end]
    depth, k = 0, i
    while k < len(s):
        c = s[k]
        if c == "\\" and k + 1 < len(s):
            k += 2
            continue
        if c in " \t\n":
            break
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        k += 1
    return i, s[i:k]


def _masked(s: str) -> str:
    """The text with the contents of its code spans blanked out (newlines kept): no link is found in code."""
    return _CODE_SPAN.sub(lambda m: m.group(1) + re.sub(r"[^\n]", " ", m.group(2)) + m.group(1), s)


def page_links(text: str) -> list[Link]:
    """Every link and image target of a Markdown page and where it is written; links in code are not links.

    Found with a CommonMark parser (inline links, images, reference definitions,
    tables), each located at the first character of its target.
    """
    from markdown_it.common.utils import unescapeAll

    md = _parser()
    lines, shift = _prepare(text)
    env: dict[str, Any] = {}
    tokens = md.parse("\n".join(lines), env)
    found: list[Link] = []

    def position(first: int, block: str, offset: int) -> tuple[int, int]:
        line = first + block.count("\n", 0, offset)
        column = offset - (block.rfind("\n", 0, offset) + 1) + 1
        return line + 1, column + (shift[line] if line < len(shift) else 0)

    def walk(items: Sequence[Any], block_map: list[int] | None) -> None:
        for token in items:
            where = token.map or block_map
            if token.type != "inline" or not token.children or where is None:
                continue
            targets = [c for c in token.children if c.type in ("link_open", "image")
                       and c.markup not in ("autolink", "linkify") and "label" not in c.meta]
            if not targets:
                continue
            block = "\n".join(lines[where[0]:where[1]])
            scan = _masked(block)
            candidates = []
            for m in re.finditer(r"\]\(", scan):
                dest = _destination(scan, m.end())
                if dest is not None:
                    candidates.append((dest[0], block[dest[0]:dest[0] + len(dest[1])]))
            used: set[int] = set()
            for child in targets:
                url = str(child.attrs.get("href") if child.type == "link_open" else child.attrs.get("src", ""))
                match = next((c for c in candidates if c[0] not in used and md.normalizeLink(unescapeAll(c[1])) == url), None)
                if match is None:
                    found.append(Link(unquote(url), where[0] + 1, 1 + shift[where[0]], child.type == "image"))
                    continue
                used.add(match[0])
                line, column = position(where[0], block, match[0])
                found.append(Link(unescapeAll(match[1]), line, column, child.type == "image"))

    walk(tokens, None)
    for ref in env.get("references", {}).values():
        start, end = ref.get("map") or (0, 1)
        block = "\n".join(lines[start:end])
        m = _REFERENCE.match(block)
        if m:
            raw = m.group(1)[1:-1] if m.group(1).startswith("<") else m.group(1)
            offset = m.start(1) + (1 if m.group(1).startswith("<") else 0)
            line, column = position(start, block, offset)
            found.append(Link(unescapeAll(raw), line, column))
        else:
            found.append(Link(unquote(ref["href"]), start + 1, 1))
    return sorted(found, key=lambda x: (x.line, x.column))


# --- the anchors of a page ---------------------------------------------------------------


class _Ids:
    """Collects the ids of the finished element tree, as MkDocs does (and <a name>)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()

    def run(self, root: Any) -> None:
        for el in root.iter():
            if el.get("id"):
                self.ids.add(el.get("id"))
            if el.tag == "a" and el.get("name"):
                self.ids.add(el.get("name"))


class _RawIds(HTMLParser):
    """The ids in a page's raw HTML, which MkDocs reads from the source (after fenced code is set aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)

    def run(self, lines: list[str]) -> list[str]:
        self.feed("\n".join(lines))
        self.close()
        return lines


def _markdown_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions a page is rendered with: MkDocs' own and the plugin's (with the toc's settings)."""
    from .plugin import MARKDOWN_EXTENSIONS  # the plugin's list is the one source; imported only for anchors

    names = list(dict.fromkeys(["toc", "tables", "fenced_code", *MARKDOWN_EXTENSIONS]))
    return names, {k: dict(v) for k, v in MARKDOWN_EXTENSIONS.items() if v}


def page_anchors(markdown_text: str) -> frozenset[str]:
    """The anchors a link may name on a page: every id MkDocs collects from it.

    Headings get their ids from the toc extension (MkDocs' default slugify,
    `_1` for a repeated heading), or from an attribute list (`## Part {: #part }`);
    elements with an id attribute in raw HTML count too.
    """
    import markdown

    names, configs = _markdown_extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    tree_ids, raw_ids = _Ids(), _RawIds()
    md.preprocessors.register(raw_ids, "handbook_raw_ids", 21)  # type: ignore[arg-type]  # a Preprocessor by duck typing, where MkDocs puts its own
    md.treeprocessors.register(tree_ids, "handbook_ids", 5)  # type: ignore[arg-type]  # after the toc, as MkDocs' own
    m = FRONT_MATTER.match(markdown_text)
    md.convert(markdown_text[m.end():] if m else markdown_text)
    return frozenset(tree_ids.ids | raw_ids.ids)


# --- the pages a link may lead to ----------------------------------------------------------


def generated_paths(handbook: Handbook, comps: Mapping[str, tuple[Document, Any]], roles: Mapping[str, tuple[Document, Any]],
                    has_changes: bool = False, chooser: Any = None) -> tuple[set[str], set[str]]:
    """The source paths of the generated pages and files (as pages.plan_files makes them), and the
    folders whose pages cannot be known yet (the activities of a competency whose file did not load).

    Computed from the handbook's listing, so that a link to the page of an object
    whose file has errors of its own is not reported as well.
    """
    # the "What changed" page is made only for a handbook with change notes, the role chooser only with chooser.yml
    optional = {"changes": has_changes, "chooser": chooser is not None}
    paths = {path for kind, path in SINGLE_PAGES.items() if optional.get(kind, True)}
    unknown: set[str] = set()
    for cid in handbook.competencies:
        paths.add(source_path("competency", cid))
        if cid not in comps:
            unknown.add(FOLDERS["activity"])
            continue
        for act in getattr(comps[cid][1], "activities", ()):
            paths.add(source_path("activity", act.id))
    for rid in handbook.roles:
        paths.update(source_path(kind, rid) for kind in ("role", "job", "interview"))
    for a, b in pair_ids(handbook):
        paths.add(source_path("pair", a, b))
        paths.add(source_path("chart", a, b))
        paths.add(source_path("chart-narrow", a, b))
    return paths, unknown


@dataclass(frozen=True)
class ModelText:
    """One language's version of a text field of a YAML file."""

    doc: Document
    path: tuple[str | int, ...]  # the field's path in the file, the language code last
    lang: str
    text: str


def model_texts(doc: Document, languages: Collection[str]) -> Iterator[ModelText]:
    """The texts of a file that may hold a link: the values of its {lang: text} mappings (texts and labels) with '](' in them.

    Read from the file's data, which the loader has already turned into plain
    lists, mappings and strings: a large model has some hundred thousand values.
    """
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(doc.data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str):
                    if key in languages and "](" in item:
                        yield ModelText(doc, (*path, key), key, item)
                elif isinstance(item, (dict, list)):
                    stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(value) if isinstance(item, (dict, list)))


def _text_hrefs(s: str) -> list[str]:
    """The addresses of a text's links, as text.py renders them."""
    if "](" not in s:
        return []
    return [html.unescape(m) for m in re.findall(r'<a href="([^"]*)"', _text.block(s))]


# --- model texts on pages ------------------------------------------------------------------


def _text_target(path: str) -> str | None:
    """A model text link's target path inside the language's pages folder, or None when it leaves it."""
    target = posixpath.normpath(path)
    if target in (".", "..") or target.startswith("../") or path.startswith(("/", "\\")):
        return None
    return target


def model_text_href(site: Site, page_path: str, url: str) -> str:
    """The address, on the page at `page_path`, of a link in a model text.

    A relative link in a model text is written relative to the language's pages
    folder (`compare/index.md`, `articles/x.md#part`): on every page it leads to
    the same place. Other links (https:, mailto:, '#part' alone) are kept as written.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return url
    target = _text_target(parts.path)
    if target is None:
        return url
    out = href(site.url(page_path), site.url(target))
    return out + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


# --- the check -----------------------------------------------------------------------------


@dataclass
class _Language:
    """What the links of one language may lead to."""

    lang: str
    folder: str  # content/pages/<lang>, as the maintainer sees it
    files: set[str]  # every file under it, pages and others
    pages: dict[str, str]  # hand-written page path -> its file, relative to the project root
    generated: Collection[str]
    unknown: Collection[str]  # folders of generated pages that cannot be listed yet
    anchors: dict[str, frozenset[str] | None] = field(default_factory=dict)

    def exists(self, target: str) -> bool:
        return target in self.files or target in self.generated or (target.endswith(".md") and target.split("/")[0] in self.unknown)

    def known(self) -> list[str]:
        return sorted(self.files | set(self.generated))


@dataclass
class _Checker:
    errors: ErrorCollector
    languages: dict[str, _Language]
    generated_anchors: Callable[[str, str], frozenset[str] | None] | None
    texts: dict[str, str] = field(default_factory=dict)  # YAML files read for locating a link inside a text

    def anchors(self, lang: _Language, target: str) -> frozenset[str] | None:
        """The ids of a page, worked out once and only when a link names one; None if they cannot be known."""
        if target not in lang.anchors:
            found: frozenset[str] | None = None
            if target in lang.pages:
                source = read_text(self.errors.root / lang.pages[target], ErrorCollector(self.errors.root, content_dir=self.errors.content_dir))
                found = page_anchors(source) if source is not None else None
            elif target in lang.generated and self.generated_anchors is not None:
                found = self.generated_anchors(lang.lang, target)
            lang.anchors[target] = found
        return lang.anchors[target]

    def problem(self, lang: _Language, url: str, page: str | None, image: bool = False) -> str | None:
        """What is wrong with a link on the page `page` (a source path), or in a model text when `page` is None."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None  # an address on the web, mailto:
        what = "image" if image else "link"
        in_text = page is None
        base = "" if in_text else posixpath.dirname(page or "")
        if url.startswith(("/", "\\")):
            guess = self.guess(lang, posixpath.normpath(unquote(parts.path).lstrip("/\\")), parts, page)
            example = guess or ("compare/index.md" if in_text else markdown_link(page or "", "compare/index.md"))
            where = f"relative to {lang.folder}/" if in_text else "relative to this page"
            return (f"absolute {what} '{url}': a link that starts with '/' breaks when the site is not at the root of its "
                    f"address; write it {where}, like '{example}'")
        if not parts.path:
            if not parts.fragment:
                return None
            if in_text:
                return (f"the link '{url}' names no page: a model text is shown on several pages; "
                        f"write the page too, like 'glossary.md#{parts.fragment}'")
            return self.anchor_problem(lang, url, page or "", parts.fragment, page or "")
        path = unquote(parts.path)
        target = posixpath.normpath(posixpath.join(base, path))
        if target in (".", "..") or target.startswith("../"):
            rule = f"a link in a model text is relative to {lang.folder}/ (like 'compare/index.md')" if in_text else "a link leads to a page or file of the same language"
            return f"broken {what} '{url}': it leads out of {lang.folder}/; {rule}"
        if lang.exists(target):
            if parts.fragment and target.endswith(".md"):
                return self.anchor_problem(lang, url, target, parts.fragment, page)
            return None
        guess = self.guess(lang, target, parts, page)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        rule = f"; a link in a model text is relative to {lang.folder}/" if in_text else ""
        if not posixpath.splitext(target)[1]:
            return (f"broken {what} '{url}': a link names a page's Markdown file, not a folder or an address"
                    f"{rule}; link to {repr(guess) if guess else 'the .md file'}")
        if image or not target.endswith(".md"):
            web = " (an address on the web starts with https://)" if not hint and _WEB.match(path) else ""
            return f"broken {what} '{url}': no file {lang.folder}/{target}{rule}; put the file there or fix the path{hint}{web}"
        folder, _, name = target.partition("/")
        if target in SINGLE_PAGES.values() or folder in FOLDERS.values():
            kind = _FOLDER_KIND.get(folder)
            why = f" (the model has no {kind} '{name[:-3]}')" if kind and "/" not in name else ""
            return f"broken link '{url}': no generated page {target}{why}{rule}; link to an existing page{hint}"
        return f"broken link '{url}': no page {lang.folder}/{target}{rule}; link to an existing page{hint}"

    def anchor_problem(self, lang: _Language, url: str, target: str, fragment: str, page: str | None) -> str | None:
        ids = self.anchors(lang, target)
        if ids is None or fragment in ids:
            return None
        if target == page:
            what = "this page"
        elif target in lang.pages:
            what = f"the page {lang.folder}/{target}"
        else:
            what = f"the generated page {target}"
        close = difflib.get_close_matches(fragment, sorted(ids), n=1)
        if close:
            hint = f" (did you mean '#{close[0]}'?)"
        elif ids:
            shown = sorted(ids)
            hint = f" (its anchors: {', '.join('#' + x for x in shown[:6])}{', ...' if len(shown) > 6 else ''})"
        else:
            hint = ""
        return f"broken link '{url}': {what} has no heading or anchor '#{fragment}'; link to one of its headings{hint}"

    def guess(self, lang: _Language, target: str, parts: Any, page: str | None) -> str | None:
        """What the link probably meant, written as the link should be: as MkDocs guesses, else the closest name."""
        stem = target.removesuffix(".html")
        tries = [stem + ".md", posixpath.join(target, "index.md"), posixpath.join(target, "README.md")]
        found = next((t for t in tries if lang.exists(t) and t != target), None)
        if found is None:
            # A misspelt name in the right folder, or a misspelt folder.
            folder, name = posixpath.split(target)
            known = lang.known()
            here = {posixpath.basename(k): k for k in known if posixpath.dirname(k) == folder and k != target}
            close = difflib.get_close_matches(name, sorted(here), n=1, cutoff=0.75)
            found = here[close[0]] if close else next(iter(difflib.get_close_matches(target, known, n=1, cutoff=0.85)), None)
        if found is None:
            return None
        link = found if page is None else markdown_link(page, found)
        return link + (f"#{parts.fragment}" if parts.fragment else "")

    def check_page(self, lang: _Language, page: str, source: str) -> None:
        for link in page_links(source):
            problem = self.problem(lang, link.url, page, link.image)
            if problem:
                self.errors.add(Location(lang.pages[page], link.line, link.column), problem)

    def check_text(self, lang: _Language, item: ModelText) -> None:
        start = -1
        for url in _text_hrefs(item.text):
            problem = self.problem(lang, url, None)
            found = self.locate(item, url, start)
            if found is not None:
                start = found[0]
            if problem:
                where = Location(item.doc.path, *found[1:]) if found else item.doc.location(*item.path)
                self.errors.add(where, f"'{'.'.join(str(p) for p in item.path)}': {problem}")

    def locate(self, item: ModelText, url: str, after: int) -> tuple[int, int, int] | None:
        """Where in its YAML file a text's link target is written: (offset, line, column), or None."""
        if item.doc.path not in self.texts:
            try:
                self.texts[item.doc.path] = (self.errors.root / item.doc.path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[item.doc.path] = ""
        source = self.texts[item.doc.path]
        mark = item.doc.location(*item.path)
        lines = source.split("\n")
        if not source or mark.line > len(lines):
            return None
        begin = max(sum(len(x) + 1 for x in lines[:mark.line - 1]) + mark.column - 1, after + 1)
        window = source[begin:begin + 2 * len(item.text) + 200]
        for before in ("](", "](<", ""):
            at = window.find(before + url)
            if at >= 0:
                offset = begin + at + len(before)
                line = source.count("\n", 0, offset) + 1
                return offset, line, offset - (source.rfind("\n", 0, offset) + 1) + 1
        return None


def check_links(
    errors: ErrorCollector,
    pages: Sequence[ProsePage],
    languages: Sequence[str],
    files: Mapping[str, Collection[str]],
    generated: Collection[str],
    texts: Iterable[ModelText] = (),
    generated_anchors: Callable[[str, str], frozenset[str] | None] | None = None,
    unknown: Collection[str] = (),
) -> None:
    """Every link of every hand-written page and model text leads somewhere; each broken one is an error.

    `files`: by language, every file under content/pages/<lang>/ (relative to it);
    `generated`: the source paths of the generated pages and files; `generated_anchors`
    gives a generated page's ids (None: not known, any anchor is accepted); links
    into the folders in `unknown` are accepted.
    """
    content = errors.root / errors.content_dir / "pages"
    found = {
        lang: _Language(lang, errors.relative(content / lang), set(files.get(lang, ())),
                        {p.path: p.sources[lang] for p in pages if lang in p.sources}, generated, unknown)
        for lang in languages
    }
    checker = _Checker(errors, found, generated_anchors)
    scratch = ErrorCollector(errors.root, content_dir=errors.content_dir)  # a page that cannot be read was reported already
    for lang in found.values():
        for path, source_file in sorted(lang.pages.items()):
            source = read_text(errors.root / source_file, scratch)
            if source is not None and ("](" in source or "]:" in source):
                checker.check_page(lang, path, source)
    for item in texts:
        if item.lang in found and "](" in item.text:
            checker.check_text(found[item.lang], item)


def check_handbook_links(
    errors: ErrorCollector,
    tree: ContentTree,
    pages: Sequence[ProsePage],
    hb_doc: Document,
    handbook: Handbook,
    comps: Mapping[str, tuple[Document, Any]],
    roles: Mapping[str, tuple[Document, Any]],
    gl_doc: Document | None,
    glossary: Glossary | None,
    has_changes: bool = False,
    chooser: Any = None,
) -> None:
    """The link check of load_model: the handbook has loaded; the model need not be valid yet.

    The anchors of generated pages are checked only when everything else is valid
    (they come from rendering the page); until then any anchor into one is accepted.
    """
    languages = [x.code for x in handbook.languages]
    base = errors.root / errors.content_dir / "pages"
    files: dict[str, set[str]] = {lang: set() for lang in languages}
    for lang in languages:
        prefix = str(base / lang) + os.sep
        files[lang] = {Path(str(p)[len(prefix):]).as_posix() for p in tree.files if str(p).startswith(prefix)}
    generated, unknown = generated_paths(handbook, comps, roles, has_changes, chooser)
    docs = [hb_doc, *(doc for doc, _ in comps.values()), *(doc for doc, _ in roles.values()), *([gl_doc] if gl_doc else [])]
    texts = [item for doc in docs for item in model_texts(doc, languages)]
    anchors = None
    if not errors.errors and glossary is not None:
        anchors = _generated_anchors(handbook, comps, roles, glossary, pages, chooser)
    check_links(errors, pages, languages, files, generated, texts, anchors, unknown)


def _generated_anchors(
    handbook: Handbook, comps: Mapping[str, tuple[Document, Any]], roles: Mapping[str, tuple[Document, Any]], glossary: Glossary, pages: Sequence[ProsePage],
    chooser: Any = None,
) -> Callable[[str, str], frozenset[str] | None]:
    """A generated page's anchors, from rendering it: the model is put together only when a link needs it."""
    state: dict[str, Any] = {}

    def anchors(lang: str, path: str) -> frozenset[str] | None:
        from .model import Model
        from .pages import plan_pages, site_of
        from .render import render_page

        if "model" not in state:
            state["model"] = Model(
                handbook=handbook,
                competencies=tuple(comps[c][1] for c in handbook.competencies),
                roles=tuple(roles[r][1] for r in handbook.roles),
                glossary=glossary,
                pages=tuple(sorted(pages, key=lambda p: (p.order, p.path))),
                chooser=chooser,
            )
            state["site"] = site_of(state["model"])
        model = state["model"]
        specs = state.setdefault(lang, {s.path: s for s in plan_pages(model, lang)})
        spec = specs.get(path)
        return page_anchors(render_page(spec, model, lang, state["site"])) if spec is not None else None

    return anchors
