"""Which {placeholders} a label may use: the values the templates pass it.

A template calls t("chart-title", a=..., b=...) and the label's text is
formatted with str.format. A label that uses {c}, {0}, {a.attr} or a lone brace
would fail the build with a KeyError, IndexError or ValueError far from the
label; at check time it is a located error on the label instead.

The templates are read as text, not parsed with Jinja: `handbook check` does
not import Jinja, and a t() call's keyword arguments are plain to see.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
# The start of a call with a literal key: t("key", or t("key") (not reject("x"), not foo.t()).
_CALL = re.compile(r"""(?<![\w.])t\(\s*(["'])([a-z0-9-]+)\1\s*([,)])""")
_KEYWORD = re.compile(r"\s*([A-Za-z_]\w*)\s*=(?!=)")
_CLOSE = {"(": ")", "[": "]", "{": "}"}


def _arguments(source: str, start: int) -> list[str]:
    """The top-level arguments of a call whose '(' is before `start`: split at commas, up to its ')'."""
    args, depth, quote, begin = [], 0, "", start
    i = start
    while i < len(source):
        ch = source[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                args.append(source[begin:i])
                return args
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(source[begin:i])
            begin = i + 1
        i += 1
    return args  # an unclosed call: Jinja reports it when the template is compiled


def calls(source: str) -> list[tuple[str, frozenset[str]]]:
    """Each t("key", name=value, ...) call in a template: its key and the names of the values it passes."""
    found = []
    for m in _CALL.finditer(source):
        names: set[str] = set()
        if m.group(3) == ",":
            for arg in _arguments(source, m.end()):
                kw = _KEYWORD.match(arg)
                if kw:
                    names.add(kw.group(1))
        found.append((m.group(2), frozenset(names)))
    return found


@lru_cache(maxsize=1)
def template_values() -> dict[str, frozenset[str]]:
    """For each label formatted with values: the names every one of its calls passes.

    A label called without values is shown as written (braces and all) and is not
    listed. A label called with different values in different places may use only
    the names that all of them pass.
    """
    out: dict[str, frozenset[str]] = {}
    for path in sorted(TEMPLATES.glob("*.j2")):
        for key, names in calls(path.read_text(encoding="utf-8")):
            if names:
                out[key] = out[key] & names if key in out else names
    return out


def label_problem(key: str, text: str, names: frozenset[str]) -> str | None:
    """Why formatting the label `text` with values named `names` would fail, or None."""
    allowed = ", ".join(f"{{{n}}}" for n in sorted(names))
    try:
        fields = [(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"label '{key}' is not a valid text with placeholders ({str(exc)[:1].lower()}{str(exc)[1:]}); write {{{{ and }}}} for a brace, and placeholders as {allowed}"
    for name, conversion, spec in fields:
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if base not in names:
            return f"label '{key}' uses {shown}, which the page does not provide; it can use {allowed}"
        if base != name or conversion or spec:
            return f"label '{key}' uses {shown}; write the placeholder as plain {{{base}}}"
    return None
