"""The wording of validation errors: pydantic's error records as plain, located sentences a maintainer can act on."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import ErrorCollector
from .load import Document

_TYPE_NAMES = {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true/false", float: "a number", type(None): "nothing"}


def found(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def message(err: Any, languages: dict[str, str]) -> str:
    kind = err["type"]
    loc = err["loc"]
    where = ".".join(str(p) for p in loc)
    parent = ".".join(str(p) for p in loc[:-1])
    if kind == "unknown_language":
        if err["input"] is None:
            # {et: Tere, maailm, en: ...} splits at the comma: the rest of the text became a key
            return f"'{parent}': a comma inside {{et: ..., en: ...}} ends the text, and '{loc[-1]}' became a key; put the text in quotes"
        return f"'{parent}': {err['msg']}; translate into the handbook's languages only, or add the language under 'languages' in handbook.yml"
    if kind == "missing":
        name = loc[-1]
        if name in languages:
            return f"missing translation: '{parent}' has no '{name}' ({languages[name]}) text; add `{name}: ...`"
        return f"missing required key '{name}'" + (f" in '{'.'.join(str(p) for p in loc[:-1])}'" if len(loc) > 1 else "")
    if kind == "extra_forbidden":
        if " " in str(loc[-1]):
            # {et: Tere, maailm, en: ...} splits at the comma: the rest of the text became a key
            return f"unknown key '{loc[-1]}': a comma inside {{et: ..., en: ...}} ends the text; put the text in quotes"
        return f"unknown key '{loc[-1]}'; check the spelling (see the maintainer's guide in README.md for the keys of this file)"
    if kind in ("string_type", "int_type", "list_type", "dict_type", "model_type", "bool_type", "literal_error", "int_from_float"):
        expected = {
            "string_type": "text", "int_type": "a whole number", "list_type": "a list (lines starting with '- ')",
            "dict_type": "a mapping of keys", "model_type": "a mapping of keys", "bool_type": "true or false",
            "int_from_float": "a whole number",
        }.get(kind)
        if kind == "literal_error":
            return f"'{where}': {err['msg'].lower()}, found '{err['input']}'"
        return f"'{where}': expected {expected}, found {found(err['input'])} ({err['input']!r:.40})"
    if kind == "string_pattern_mismatch" and len(loc) == 3 and loc[0] == "languages" and loc[2] == "code":
        return f"'{where}': '{err['input']}' is not a language code; use a lowercase code such as et, en or pt-BR"
    if kind == "string_pattern_mismatch" and loc == ("version",):
        return f"'version': '{err['input']}' is not a version; write numbers with dots, like 2022.1 or 2.0 (optionally -beta)"
    if kind == "string_pattern_mismatch":
        return f"'{where}': '{err['input']}' is not a valid id; use lowercase letters, digits and single hyphens (like customer-insight)"
    if kind == "string_too_long":
        return f"'{where}': '{err['input']:.30}...' is {len(err['input'])} characters long; an id becomes part of a file name and can have at most {err['ctx']['max_length']}"
    if kind in ("too_short", "too_long"):
        return f"'{where}': {err['msg'].lower()}"
    if kind == "value_error":
        return f"'{where}': {err['msg'].removeprefix('Value error, ')}"
    return f"'{where}': {err['msg']}"


def validate(doc: Document, model: type[BaseModel], errors: ErrorCollector, languages: dict[str, str], what: str = "the file") -> Any:
    """The file's data as a checked model, or None after adding every problem to `errors`.

    `languages` (code -> name) are the handbook's: every text must have exactly these.
    """
    if not isinstance(doc.data, dict):
        errors.add(doc.location(), f"{what} must hold a mapping of keys, found {found(doc.data)}")
        return None
    try:
        return model.model_validate(doc.data, context={"languages": tuple(languages)})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if p != "[key]")
            if doc.was_reported(loc):
                continue  # the loader has said what is wrong with this value
            key = err["type"] in ("extra_forbidden", "unknown_language") or "[key]" in err["loc"]
            # pydantic marks a mapping key's own error with '[key]': located on the key, named by its path
            errors.add(doc.location(*loc, key=key), message({**err, "loc": loc}, languages))
        return None
