"""The model as open data: a JSON file, CSV tables and JSON Schemas, all worked out from the model and schema.py.

Nothing here is written by hand twice: the JSON is the validated model dumped by
its own pydantic models (so it loads back into the same model), and every JSON
Schema is generated from those models, with the handbook's language codes put
into the texts' shape (schema.py gets them from the validation context instead,
which a JSON Schema cannot have).
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from .model import Model
from .schema import Change, Changes, Chooser, Competency, Glossary, Handbook, Role
from .text import MAX_LENGTH

# The shape of the JSON download: raised when a field is renamed, moved or removed, not when one is added.
FORMAT: Final = 1


class Download(BaseModel):
    """The whole model in one JSON file: the handbook file, every competency and role in the handbook's order, the glossary."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    format: Literal[1]  # FORMAT
    version: str  # the handbook's version, repeated at the top for whoever only reads that
    handbook: Handbook
    competencies: list[Competency]
    roles: list[Role]
    glossary: Glossary
    changes: list[Change] = []  # the change notes, newest first (changes.yml)


# The YAML file kinds under content/model/ and the model of each: `handbook schema` writes <kind>.schema.json.
FILE_KINDS: dict[str, type[BaseModel]] = {"handbook": Handbook, "competency": Competency, "role": Role, "glossary": Glossary, "changes": Changes, "chooser": Chooser}
# The JSON download's schema, published next to it.
DOWNLOAD_SCHEMA = "model"


def model_json(model: Model) -> bytes:
    """The JSON download: ids are the keys that stay; every text has all its languages."""
    data = Download(
        format=FORMAT,
        version=model.handbook.version,
        handbook=model.handbook,
        competencies=list(model.competencies),
        roles=list(model.roles),
        glossary=model.glossary,
        changes=list(model.changes),
    ).model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def load_download(data: bytes | str, languages: Sequence[str]) -> Download:
    """A JSON download read back and checked by the same models the loader uses."""
    return Download.model_validate_json(data, context={"languages": tuple(languages)})


# --- CSV ---------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula; such a text gets a leading apostrophe,
# which spreadsheets show as text (the JSON download keeps every text exactly).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _table(header: list[str], rows: list[list[Any]]) -> bytes:
    """CSV as spreadsheets open it: UTF-8 with a byte order mark (Excel then reads õ ä ö ü right), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def csv_tables(model: Model) -> dict[str, bytes]:
    """One table per kind of thing, by file name; a text's every language in a column of its own (title_<code>)."""
    langs = [x.code for x in model.handbook.languages]

    def cols(*names: str) -> list[str]:
        return [f"{name}_{code}" for name in names for code in langs]

    def texts(*values: Any) -> list[str]:
        return [v[code] if v is not None else "" for v in values for code in langs]

    level_name: Callable[[int], list[str]] = lambda n: [model.level_name(n, code) for code in langs]  # noqa: E731
    return {
        "competencies.csv": _table(
            ["id", "position", *cols("title", "summary", "description"), "activities"],
            [[c.id, i, *texts(c.title, c.summary, c.description), len(c.activities)] for i, c in enumerate(model.competencies, 1)],
        ),
        "activities.csv": _table(
            ["id", "competency_id", "position", *cols("title", "description")],
            [[a.id, c.id, i, *texts(a.title, a.description)] for c in model.competencies for i, a in enumerate(c.activities, 1)],
        ),
        "roles.csv": _table(
            ["id", "position", *cols("title", "short", "purpose"), "status", "scope"],
            [[r.id, i, *texts(r.title, r.short, r.purpose), r.status or "", r.scope or ""] for i, r in enumerate(model.roles, 1)],
        ),
        # One row per required cell of the matrix: a competency a role does not require has no row.
        "role-levels.csv": _table(
            ["role_id", "competency_id", "level", *cols("role", "competency", "level_name")],
            [[r.id, c.id, r.levels[c.id], *texts(r.title, c.title), *level_name(r.levels[c.id])]
             for r in model.roles for c in model.competencies if c.id in r.levels],
        ),
        "glossary.csv": _table(
            ["id", *cols("term", "definition")],
            [[t.id, *texts(t.term, t.definition)] for t in model.glossary.terms],
        ),
    }


# --- JSON Schema -------------------------------------------------------------

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(cls: type[BaseModel], languages: Sequence[str], title: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one model, for a handbook with these languages.

    pydantic writes a text as "an object of strings"; the loader knows more from
    the handbook's languages: a text has exactly one string per language, a label
    some of them. Level keys of a competency are whole numbers.
    """
    schema = copy.deepcopy(cls.model_json_schema())
    defs = schema.get("$defs", {})
    text = {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH}
    if "Text" in defs:
        defs["Text"].update(properties={code: dict(text) for code in languages}, required=list(languages), additionalProperties=False)
    if "Label" in defs:
        defs["Label"].update(properties={code: dict(text) for code in languages}, minProperties=1, additionalProperties=False)
    # A competency's level texts are keyed by level numbers: in YAML `1:`, in JSON "1".
    competency = schema if cls is Competency else defs.get("Competency")
    if competency is not None:
        competency["properties"]["levels"]["propertyNames"] = {"pattern": "^[0-9]+$"}
    return {"$schema": SCHEMA_DIALECT, **schema, **({"title": title} if title else {})}


def editor_schemas(languages: Sequence[str]) -> dict[str, dict[str, Any]]:
    """<kind>.schema.json for each YAML file kind, and the JSON download's (model.schema.json)."""
    return copy.deepcopy(_editor_schemas(tuple(languages)))


@lru_cache(maxsize=8)
def _editor_schemas(languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    # They follow schema.py and the languages only: every build and every preview rebuild asks for the same ones.
    out = {f"{kind}.schema.json": json_schema(cls, languages, f"{kind}.yml") for kind, cls in FILE_KINDS.items()}
    out[f"{DOWNLOAD_SCHEMA}.schema.json"] = json_schema(Download, languages, "The model as JSON")
    return out


def schema_bytes(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def download_files(model: Model) -> dict[str, bytes]:
    """Every download by file name: the JSON with its schema, the CSV tables, the editors' schemas."""
    langs = [x.code for x in model.handbook.languages]
    files = {"model.json": model_json(model), **csv_tables(model)}
    files.update({name: schema_bytes(s) for name, s in editor_schemas(langs).items()})
    return files
