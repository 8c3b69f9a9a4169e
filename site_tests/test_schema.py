"""The JSON Schemas for editors: generated from the pydantic models, committed up to date, and in agreement with the loader.

A schema sees one file's shape: keys, types, required fields, one text per
language, id patterns and lengths. What the loader finds across files (unknown or
duplicate ids, levels outside the handbook's scale), in the Markdown of a text
(raw HTML, images, links) or in the YAML itself (duplicate keys, tags, syntax)
is out of its reach; `handbook check` stays the full check.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import LANGS, MINIMAL, ROOT
from generator.cli import main
from generator.opendata import editor_schemas, schema_bytes

BROKEN = Path(__file__).parent / "broken"
SCHEMA_DIR = ROOT / "schema"

# Every corpus case: whether the loader refuses it for its shape (the schema must refuse it too),
# or why the schema cannot see the mistake (the schema must then accept the file: it is never stricter than the loader).
CORPUS = {
    "unknown-key": "shape",
    "wrong-type": "shape",
    "id-too-long": "shape",
    "missing-translation": "shape",
    "empty-file": "shape",
    "unknown-id": "a reference to another file",
    "duplicate-id": "a reference to another file",
    "level-outside-scale": "the handbook's scale, in another file",
    "raw-html": "the Markdown inside a text (text.py)",
    "raw-html-evasions": "the Markdown inside a text (text.py)",
    "image-in-text": "the Markdown inside a text (text.py)",
    "attr-list-in-text": "the Markdown inside a text (text.py)",
    "javascript-link": "the Markdown inside a text (text.py)",
    "duplicate-key": "YAML: a parser keeps one of the two keys",
    "yaml-syntax": "YAML: the file cannot be read",
    "yaml-tags": "YAML: the tags",
    "front-matter": "a page, not a model file",
    "missing-page-translation": "a page, not a model file",
    "page-address": "a page, not a model file",
    "page-encoding": "a page, not a model file",
}


def kind_of(path: Path) -> str:
    return {"handbook.yml": "handbook", "glossary.yml": "glossary", "changes.yml": "changes", "chooser.yml": "chooser"}.get(path.name) or {"competencies": "competency", "roles": "role"}[path.parent.name]


def validator(languages: tuple[str, ...] | list[str], kind: str) -> jsonschema.Draft202012Validator:
    schema = editor_schemas(languages)[f"{kind}.schema.json"]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def model_files(content: Path) -> list[Path]:
    return sorted((content / "model").rglob("*.yml"))


def languages_of(content: Path) -> list[str]:
    return [x["code"] for x in yaml.safe_load((content / "model" / "handbook.yml").read_text(encoding="utf-8"))["languages"]]


def test_the_committed_schemas_are_up_to_date_with_the_models():
    """`handbook schema` writes them; run it after changing generator/schema.py, and commit schema/."""
    expected = {name: schema_bytes(s) for name, s in editor_schemas(LANGS).items()}
    found = {p.name: p.read_bytes() for p in SCHEMA_DIR.glob("*.json")}
    assert found == expected, "schema/ is out of date: run `handbook schema` and commit schema/"


def test_handbook_schema_writes_them(tmp_path, capsys):
    assert main(["--root", str(ROOT), "schema", "--out", str(tmp_path)]) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {p.name: p.read_bytes() for p in SCHEMA_DIR.glob("*.json")}


def test_every_shipped_file_names_its_schema_and_passes_it():
    for path in model_files(ROOT / "content"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (SCHEMA_DIR / f"{kind_of(path)}.schema.json").resolve(), path
        errors = [e.message for e in validator(LANGS, kind_of(path)).iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert not errors, (path, errors)


@pytest.mark.parametrize("content", [MINIMAL / "content", ROOT / "examples" / "data-team" / "content", MINIMAL.parent / "seven-levels" / "content"],
                         ids=["minimal", "data-team", "seven-levels"])
def test_other_valid_handbooks_pass_their_schemas(content):
    if not content.is_dir():
        pytest.skip(f"no {content}")
    languages = languages_of(content)
    for path in model_files(content):
        errors = [e.message for e in validator(languages, kind_of(path)).iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert not errors, (path, errors)


def test_every_corpus_case_is_classified():
    assert set(CORPUS) == {p.name for p in BROKEN.iterdir() if p.is_dir()}


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_the_schema_and_the_loader_agree_on_the_broken_corpus(case):
    """A shape mistake the loader refuses, the schema refuses too; any other, the schema lets through."""
    languages = languages_of(MINIMAL / "content")
    files = model_files(BROKEN / case / "content") if (BROKEN / case / "content" / "model").is_dir() else []
    if CORPUS[case] != "shape" and not files:
        return  # a page: nothing for a model schema to read
    assert files, case
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, ValueError):  # PyYAML's own tags raise ValueError on a bad value
            assert CORPUS[case].startswith("YAML"), case
            continue
        errors = list(validator(languages, kind_of(path)).iter_errors(data))
        if CORPUS[case] == "shape":
            assert errors, f"{case}: the loader refuses {path.name} for its shape, the schema lets it through"
        else:
            assert not errors, f"{case}: {CORPUS[case]} is the loader's to find, yet the schema refuses {path.name}: {[e.message for e in errors]}"


def test_a_text_has_exactly_the_handbooks_languages():
    check = validator(["aa", "bb"], "glossary")  # any codes: the schema is made for the handbook's
    good = {"terms": [{"id": "x", "term": {"aa": "a", "bb": "b"}, "definition": {"aa": "a", "bb": "b"}}]}
    assert not list(check.iter_errors(good))
    missing = json.loads(json.dumps(good))
    del missing["terms"][0]["term"]["bb"]
    extra = json.loads(json.dumps(good))
    extra["terms"][0]["term"]["cc"] = "c"
    assert list(check.iter_errors(missing)) and list(check.iter_errors(extra))
