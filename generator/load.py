"""Read YAML files into plain Python data while remembering where every value came from.

PyYAML's constructors drop node marks and silently keep the last of two
duplicate keys. Composing the node graph ourselves keeps both the marks (for
`file:line:col` errors) and the chance to refuse duplicate keys.
"""

from __future__ import annotations

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


@dataclass
class Document:
    """One parsed YAML file: its data and the mark of every value and key in it."""

    path: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def location(self, *path: str | int, key: bool = False) -> Location:
        """The location of the value (or key) at `path`, or of its nearest existing parent."""
        p: Path_ = tuple(path)
        if key and p in self.key_marks:
            return Location(self.path, *self.key_marks[p])
        while p not in self.value_marks and p:
            p = p[:-1]
        line, col = self.value_marks.get(p, (1, 1))
        return Location(self.path, line, col)


_scalar_constructor = yaml.constructor.SafeConstructor()


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, doc: Document, path: Path_, errors: ErrorCollector) -> Any:
    doc.value_marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                errors.add(Location(doc.path, *_mark(key_node)), "a key must be a plain word, not a list or mapping")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                errors.add(Location(doc.path, *_mark(key_node)), "merge keys (<<) are not supported; write the keys out")
                continue
            key = _scalar_constructor.construct_object(key_node)
            if key in seen:
                first_line = seen[key].start_mark.line + 1
                errors.add(
                    Location(doc.path, *_mark(key_node)),
                    f"duplicate key '{key}' (first defined on line {first_line}); remove one of them",
                )
                continue
            seen[key] = key_node
            doc.key_marks[path + (key,)] = _mark(key_node)
            result[key] = _convert(value_node, doc, path + (key,), errors)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, doc, path + (i,), errors) for i, item in enumerate(node.value)]
    # Most scalars are plain text or small numbers: skip PyYAML's generic constructor for them.
    if node.tag == _STR:
        return node.value
    if node.tag == _INT and node.value.isdigit() and (node.value == "0" or node.value[0] != "0"):
        return int(node.value)
    return _scalar_constructor.construct_object(node)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


def load_yaml(path: Path, errors: ErrorCollector) -> Document | None:
    """Parse one YAML file; report syntax errors, duplicate keys and emptiness to `errors`."""
    rel = errors.relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        errors.add(Location(rel), f"the file is not valid UTF-8 text ({exc.reason}); save it as UTF-8")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        cm = exc.context_mark
        if cm is not None and exc.problem_mark is not None and cm.line != exc.problem_mark.line:
            context += f" that starts at line {cm.line + 1}, column {cm.column + 1}"
        errors.add(Location(rel, line, col), f"YAML syntax error: {problem}{context}")
        return None
    except yaml.YAMLError as exc:
        errors.add(Location(rel), f"YAML error: {exc}")
        return None
    if node is None:
        errors.add(Location(rel), "the file is empty; it must hold a mapping of keys (see the maintainer's guide in README.md)")
        return None
    doc = Document(rel, None)
    try:
        doc.data = _convert(node, doc, (), errors)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        errors.add(Location(rel, line, col), f"unsupported YAML value: {exc.problem}")
        return None
    # A duplicate key was reported above; the rest of the file is still checked
    # so that the maintainer sees every problem in one run.
    return doc
