"""Read content files into plain Python data while remembering where every value came from.

PyYAML's constructors drop node marks and silently keep the last of two
duplicate keys. Composing the node graph ourselves keeps both the marks (for
`file:line:col` errors) and the chance to refuse duplicate keys.

Everything a maintainer (or their editor, or their file system) can put under
content/ ends here in data or in located errors, never in a traceback: files
that are folders, links out of content/, unreadable or mis-encoded files,
YAML tags that do not construct, and inputs built to exhaust memory, time or
the C stack (aliases that expand a billion times, nesting 100,000 deep).
"""

from __future__ import annotations

import codecs
import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ErrorCollector, Location

try:  # the C loader composes several times faster; marks are the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

# --- limits -------------------------------------------------------------------
# Each is far above what the handbook needs and far below what hurts. The shipped
# model's largest file, handbook.yml, is 14 KB with 428 values (as counted below)
# nested 5 deep, and its longest text is under 1,000 characters; the 40x benchmark
# model's largest file (also handbook.yml) is 22 KB with 872 values.

# Values in one file, counting an alias (*name) as every value it repeats. Aliases
# are expanded while converting, so without a limit an 11 KB file of nested
# anchors ("billion laughs") takes minutes and gigabytes.
MAX_VALUES = 100_000
# Levels of lists and mappings inside one another.
MAX_DEPTH = 50
# Characters in one text (or key).
MAX_TEXT = 100_000
# Bytes in one file, checked before it is read.
MAX_FILE_BYTES = 5_000_000


# --- finding content files ----------------------------------------------------


def ignored(name: str) -> bool:
    """Editor lock, backup and swap files (.#x.yml, x.yml~, #x.yml#, .x.yml.swp) and hidden files: never content.

    MkDocs leaves hidden files out of a site too.
    """
    return name.startswith((".", "#")) or name.endswith("~")


@dataclass
class ContentTree:
    """Every file and folder under content/, editor files left out and symbolic links checked.

    A link is followed only when it leads to a place inside content/ and does
    not loop; any other link is reported once, where it is, and left out.
    """

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def listing(self, folder: Path, suffixes: tuple[str, ...], errors: ErrorCollector, recursive: bool = False) -> list[Path]:
        """The files in `folder` (or anywhere under it) whose names end in one of `suffixes`, sorted.

        A folder named like such a file is reported: it is a mistake, not content.
        """

        def inside(p: Path) -> bool:
            return p.parent == folder or (recursive and p.is_relative_to(folder))

        for f in self.folders:
            if f.name.endswith(suffixes) and inside(f):
                errors.add(Location(errors.relative(f)), f"this is a folder, not a file; rename it so that its name does not end in {f.suffix}")
        return sorted(p for p in self.files if p.name.endswith(suffixes) and inside(p))


def scan_content(content: Path, errors: ErrorCollector) -> ContentTree:
    """Walk content/ once, without following a symbolic link out of it or round in a loop."""
    tree = ContentTree()
    try:
        base = content.resolve(strict=True)
    except (OSError, RuntimeError):
        return tree  # no content folder: the files' own checks say what is missing
    # Each folder to walk, with the real folders it was reached through, to see a link that loops.
    stack: list[tuple[Path, tuple[Path, ...]]] = [(content, (base,))]
    while stack:
        folder, chain = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            errors.add(Location(errors.relative(folder)), f"cannot read the folder: {_os_reason(exc)}")
            continue
        for entry in entries:
            if ignored(entry.name):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    target, problem = _link_target(path, base)
                    if problem is None and target.is_dir() and any(c.is_relative_to(target) for c in chain):
                        problem = "this is a symbolic link to a folder that holds it, a loop; replace it with a copy of the folder"
                    if problem:
                        errors.add(Location(errors.relative(path)), problem)
                    elif target.is_dir():
                        tree.folders.append(path)
                        stack.append((path, chain + (target,)))
                    else:
                        tree.files.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    tree.folders.append(path)
                    stack.append((path, chain + (chain[-1] / entry.name,)))
                else:
                    tree.files.append(path)
            except OSError as exc:
                errors.add(Location(errors.relative(path)), f"cannot read the file: {_os_reason(exc)}")
    return tree


def _link_target(path: Path, base: Path) -> tuple[Path, str | None]:
    """Where a symbolic link leads, or why it must not be followed."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop so
        return path, "this is a symbolic link that leads back to itself, a loop; replace it with the file itself"
    except FileNotFoundError:
        return path, "this is a symbolic link to a file that does not exist; remove it or copy the file here instead"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return path, "this is a symbolic link that leads back to itself, a loop; replace it with the file itself"
        return path, f"cannot follow the symbolic link: {_os_reason(exc)}"
    if not target.is_relative_to(base):
        what = "folder" if target.is_dir() else "file"
        return target, f"this is a symbolic link to a place outside content/; copy the {what} instead"
    return target, None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


# --- reading one file -----------------------------------------------------------


def read_text(path: Path, errors: ErrorCollector) -> str | None:
    """The text of one content file, or None after reporting why it cannot be used.

    The file must lie inside content/ (also after following links), be a file,
    be readable, and be UTF-8 without a byte order mark.
    """
    where = Location(errors.relative(path))
    try:
        base = errors.content_folder()
        if path.is_symlink():
            _, problem = _link_target(path, base)
        elif not path.resolve(strict=True).is_relative_to(base):  # a folder above it is a link out
            problem = "this file is reached through a symbolic link to a place outside content/; copy the folder instead"
        else:
            problem = None
    except (OSError, RuntimeError):
        problem = None  # a loop or a missing file: opening it below says which
    if problem:
        errors.add(where, problem)
        return None
    try:
        if path.is_dir():
            errors.add(where, "this is a folder, not a file; rename or move the folder")
            return None
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            errors.add(where, "the file is missing")
        elif isinstance(exc, RuntimeError) or exc.errno == 40:  # ELOOP
            errors.add(where, "this is a symbolic link that leads back to itself, a loop; replace it with the file itself")
        else:
            errors.add(where, f"cannot read the file: {_os_reason(exc)}")
        return None
    if len(data) > MAX_FILE_BYTES:
        errors.add(where, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; a content file is a few kilobytes, split it")
        return None
    return decode(data, where.path, errors)


def decode(data: bytes, rel: str, errors: ErrorCollector) -> str | None:
    """UTF-8 bytes as text with '\\n' line ends; anything else is a located error."""
    if data.startswith(codecs.BOM_UTF8):
        errors.add(Location(rel), "the file starts with a byte order mark (BOM); save it as UTF-8 without BOM")
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        errors.add(Location(rel), "the file is UTF-16 text; save it as UTF-8 without BOM")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        errors.add(Location(rel, line, column), f"the file is not valid UTF-8 text ({exc.reason} 0x{data[exc.start]:02x}); save it as UTF-8")
        return None
    if "\r" in text:  # as Python's text mode reads it
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --- YAML -----------------------------------------------------------------------


@dataclass
class Document:
    """One parsed YAML file: its data and the mark of every value and key in it."""

    path: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Values the loader already reported (a tag that did not construct, a text too
    # long): the file's own checks leave them alone, so each mistake is told once.
    reported: set[Path_] = field(default_factory=set)

    def location(self, *path: str | int, key: bool = False) -> Location:
        """The location of the value (or key) at `path`, or of its nearest existing parent."""
        p: Path_ = tuple(path)
        if key and p in self.key_marks:
            return Location(self.path, *self.key_marks[p])
        while p not in self.value_marks and p:
            p = p[:-1]
        line, col = self.value_marks.get(p, (1, 1))
        return Location(self.path, line, col)

    def was_reported(self, path: Path_) -> bool:
        """Whether the loader reported the value at `path` or one that holds it."""
        return any(path[:i] in self.reported for i in range(len(path) + 1)) if self.reported else False


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

_scalar_constructor = yaml.constructor.SafeConstructor()
# The tags a value may have, each with its constructor and what it asks for. They are
# called directly, not through construct_object, which would remember every node it
# ever saw (a leak under `handbook serve`).
_SCALARS = {
    _INT: (_scalar_constructor.construct_yaml_int, "a whole number"),
    _FLOAT: (_scalar_constructor.construct_yaml_float, "a number"),
    _BOOL: (_scalar_constructor.construct_yaml_bool, "true or false"),
    _NULL: (_scalar_constructor.construct_yaml_null, "nothing"),
}


def _tag_name(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Abort(Exception):
    """The file cannot be converted further: too many values or too deep."""

    def __init__(self, location: Location, message: str):
        self.location, self.message = location, message


class _Converter:
    """Turns one composed YAML document into plain data, recording marks and reporting bad values."""

    def __init__(self, doc: Document, errors: ErrorCollector, line_offset: int):
        self.doc, self.errors, self.line_offset = doc, errors, line_offset
        self.count = 0

    def mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def report(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.errors.add(Location(self.doc.path, *self.mark(node)), message)
        self.doc.reported.add(path)

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        doc = self.doc
        start = node.start_mark
        doc.value_marks[path] = (start.line + 1 + self.line_offset, start.column + 1)
        self.count += 1
        # Most values are plain text within the limits: no further checks or calls.
        if node.tag == _STR and len(node.value) <= MAX_TEXT and isinstance(node, yaml.ScalarNode) and self.count <= MAX_VALUES:
            return node.value
        if self.count > MAX_VALUES:
            top = doc.location(*path[:1], key=True)
            raise _Abort(top, f"the file holds more than {MAX_VALUES:,} values, counting each alias (*name) as all the values it repeats; "
                              "write the values out instead of nesting anchors and aliases")
        if len(path) > MAX_DEPTH:
            raise _Abort(Location(doc.path, *self.mark(node)), f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; the handbook's files need a few")
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self.report(node, path, f"the YAML tag '{_tag_name(node.tag)}' is not supported; remove it")
            result: dict[Any, Any] = {}
            seen: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.errors.add(Location(doc.path, *self.mark(key_node)), "a key must be a plain word, not a list or mapping")
                    continue
                if key_node.tag == _MERGE:
                    self.errors.add(Location(doc.path, *self.mark(key_node)), "merge keys (<<) are not supported; write the keys out")
                    continue
                key = key_node.value if key_node.tag == _STR and len(key_node.value) <= MAX_TEXT else self.scalar(key_node, path + ("[key]",))
                if key is _BAD:
                    continue
                if key in seen:
                    first_line = seen[key].start_mark.line + 1 + self.line_offset
                    self.errors.add(
                        Location(doc.path, *self.mark(key_node)),
                        f"duplicate key '{key}' (first defined on line {first_line}); remove one of them",
                    )
                    continue
                seen[key] = key_node
                start = key_node.start_mark
                doc.key_marks[path + (key,)] = (start.line + 1 + self.line_offset, start.column + 1)
                result[key] = self.convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.report(node, path, f"the YAML tag '{_tag_name(node.tag)}' is not supported; remove it")
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        value = self.scalar(node, path)
        return node.value if value is _BAD else value

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        """A scalar's value, or _BAD after reporting why it has none."""
        value, tag = node.value, node.tag
        if len(value) > MAX_TEXT:
            self.report(node, path, f"the text is {len(value):,} characters long; a text can be at most {MAX_TEXT:,}")
            return _BAD
        # Most scalars are plain text or small numbers: no constructor needed.
        if tag == _STR:
            return value
        if tag == _INT and value.isdigit() and (value == "0" or value[0] != "0"):
            return int(value)
        if tag in _SCALARS:
            construct, wanted = _SCALARS[tag]
            try:
                return construct(node)  # type: ignore[arg-type]  # a scalar tag is on a ScalarNode
            except Exception:  # each constructor fails its own way (IndexError, KeyError, ValueError)
                shown = value if len(value) <= 40 else value[:40] + "..."
                self.report(node, path, f"'{shown}' is not {wanted}, as the tag '{_tag_name(tag)}' asks; fix the value or remove the tag")
                return _BAD
        if tag == _TIMESTAMP and not getattr(node, "style", None) and _scalar_constructor.timestamp_regexp.match(value):  # plain: style None or ''
            self.report(node, path, f"'{value}' is read as a date, and the handbook has no dates; put it in quotes to keep it as text: \"{value}\"")
            return _BAD
        self.report(node, path, f"the YAML tag '{_tag_name(tag)}' is not supported; remove it")
        return _BAD


_BAD = object()


def _nesting_check(text: str, rel: str, errors: ErrorCollector, line_offset: int) -> bool:
    """Whether the text is shallow enough to compose; a located error if not.

    libyaml's composer calls itself once per level in C, so some 30,000 levels of
    lists ('[[[[...') crash Python outright, before any of our checks runs. The
    depth cannot exceed the number of '[' and '{' plus the longest line (a block
    level takes at least one column), so most files need no closer look; the
    others are read as a stream of events first, which takes constant stack.
    """
    bound = text.count("[") + text.count("{") + max(map(len, text.split("\n"))) + 1
    if bound <= 1000:
        return True
    message = f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; the handbook's files need a few"

    def too_deep(mark: Any) -> bool:
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        errors.add(Location(rel, line + line_offset, column), message)
        return False

    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return too_deep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # Newer libyaml stops deep flow collections itself (at 1,000 levels), before
        # any event reaches us: the same mistake, located where libyaml stopped.
        if "nesting depth" in str(exc.problem):
            return too_deep(exc.problem_mark)
        return True  # any other syntax error is reported by the real load, with its context
    return True


def load_yaml_text(text: str, rel: str, errors: ErrorCollector, first_line: int = 1, empty: str | None = None) -> Document | None:
    """Parse YAML text that starts on line `first_line` of the file `rel` (front matter starts on line 2).

    Syntax errors, duplicate keys, bad values and limits go to `errors`. Empty text
    is reported with the message `empty`, or is an empty mapping when `empty` is None.
    """
    offset = first_line - 1
    try:
        if not _nesting_check(text, rel, errors, offset):
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (first_line, 1)
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        cm = exc.context_mark
        if cm is not None and exc.problem_mark is not None and cm.line != exc.problem_mark.line:
            context += f" that starts at line {cm.line + 1 + offset}, column {cm.column + 1}"
        errors.add(Location(rel, line, col), f"YAML syntax error: {problem}{context}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        pos = max(exc.position, 0)
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8
            pos = len(text.encode("utf-8")[:pos].decode("utf-8", "ignore"))
        pos = min(pos, len(text))
        line = text.count("\n", 0, pos) + 1 + offset
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        errors.add(Location(rel, line, col), f"YAML syntax error: the character {char} is not allowed ({exc.reason}); remove it")
        return None
    except yaml.YAMLError as exc:
        errors.add(Location(rel, first_line), f"YAML error: {exc}")
        return None
    if node is None:
        if empty is not None:
            errors.add(Location(rel, first_line), empty)
            return None
        return Document(rel, {})
    doc = Document(rel, None)
    try:
        doc.data = _Converter(doc, errors, offset).convert(node, ())
    except _Abort as exc:
        errors.add(exc.location, exc.message)
        return None
    # A duplicate key or a bad value was reported above; the rest of the file is
    # still checked so that the maintainer sees every problem in one run.
    return doc


# Files parsed without a problem, by their path and text: `handbook serve` loads the model after every
# save, and a large model's hundreds of files parse again only when they changed.
_PARSED: OrderedDict[tuple[str, str], Document] = OrderedDict()
_PARSED_MAX = 8192


def load_yaml(path: Path, errors: ErrorCollector) -> Document | None:
    """Read and parse one YAML file; report what is wrong with it to `errors`."""
    text = read_text(path, errors)
    if text is None:
        return None
    key = (errors.relative(path), text)
    if key in _PARSED:
        _PARSED.move_to_end(key)
        return _PARSED[key]
    before = len(errors.errors)
    doc = load_yaml_text(
        text, key[0], errors,
        empty="the file is empty; it must hold a mapping of keys (see the maintainer's guide in README.md)",
    )
    if doc is not None and len(errors.errors) == before:
        _PARSED[key] = doc
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    return doc


# --- Markdown pages -------------------------------------------------------------

# MkDocs' own pattern for a page's front matter (mkdocs.utils.meta.YAML_RE): what
# it takes for front matter, and nothing else, is checked as front matter.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


@dataclass
class PageText:
    """A Markdown page split into its front matter (parsed, located) and its body."""

    front_matter: Document | None  # None when the page has none, or it could not be parsed
    body: str
    ok: bool  # False when the front matter could not be parsed (the error is reported)


def split_page(text: str, rel: str, errors: ErrorCollector) -> PageText:
    """Parse a page's front matter with the same loader, marks and limits as the model's files."""
    m = FRONT_MATTER.match(text)
    if m:
        doc = load_yaml_text(m.group(1), rel, errors, first_line=2)
        return PageText(doc, text[m.end():], doc is not None)
    if re.match(r"-{3}[ \t]*\n", text):
        # MkDocs would show the would-be front matter as text under a horizontal rule.
        errors.add(Location(rel), "the front matter that starts here has no closing '---' line; end it with a line of three dashes")
        return PageText(None, text, False)
    return PageText(None, text, True)
