"""The downloads: the model as JSON and CSV in every language's site, listed on the Downloads page, and read back.

The JSON must load back into the very model `load_model` makes (the same pydantic
models check it), validate against its published schema, and the CSV tables must
have one row per thing of the model, in every language.
"""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, MINIMAL, addresses, html_file
from generator.opendata import FORMAT, csv_tables, download_files, load_download, model_json
from generator.site import source_path
from generator.validate import load_model

NAMES = ("model.json", "model.schema.json", "competencies.csv", "activities.csv", "roles.csv", "role-levels.csv", "glossary.csv",
         "handbook.schema.json", "competency.schema.json", "role.schema.json", "glossary.schema.json", "changes.schema.json", "chooser.schema.json")


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for spreadsheets"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_download_is_in_every_language_and_linked_from_its_downloads_page(site, model):
    files = download_files(model)
    assert set(files) == set(NAMES)
    for lang in LANGS:
        folder = site / addresses().address(lang, source_path("download", "x")).rsplit("/", 1)[0]
        for name in NAMES:
            assert (folder / name).read_bytes() == files[name], (lang, name)
        page = BeautifulSoup(html_file(site, lang, source_path("downloads")).read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == lang
        links = {a["href"] for a in page.select("article a[href]")}
        assert set(NAMES) <= links, set(NAMES) - links
        overview = BeautifulSoup(html_file(site, lang, source_path("model")).read_text(encoding="utf-8"), "html.parser")
        assert any(a["href"].rstrip("/").endswith("downloads") for a in overview.select("article a[href]")), "the model overview links to the downloads"
        nav = BeautifulSoup(html_file(site, lang, source_path("home")).read_text(encoding="utf-8"), "html.parser")
        assert any(a["href"].rstrip("/").endswith("downloads") for a in nav.select("nav a[href]")), "the downloads are in the navigation"


def test_the_json_download_loads_back_into_the_same_model(site, model):
    data = (site / source_path("download", "model.json")).read_bytes()
    back = load_download(data, LANGS)
    assert back.format == FORMAT and back.version == model.handbook.version
    assert back.handbook == model.handbook
    assert back.competencies == list(model.competencies)
    assert back.roles == list(model.roles)
    assert back.glossary == model.glossary
    assert back.changes == list(model.changes)


def test_the_json_download_validates_against_its_published_schema(site):
    data = json.loads((site / source_path("download", "model.json")).read_bytes())
    schema = json.loads((site / source_path("download", "model.schema.json")).read_bytes())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["format"] == FORMAT
    del data["roles"][0]["title"][LANGS[-1]]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


def test_csv_row_counts_and_columns_follow_the_model(model):
    tables = {name: rows(data) for name, data in csv_tables(model).items()}
    assert [r["id"] for r in tables["competencies.csv"]] == [c.id for c in model.competencies]
    assert [r["id"] for r in tables["activities.csv"]] == [a.id for a in model.activities]
    assert [r["id"] for r in tables["roles.csv"]] == [r.id for r in model.roles]
    assert [r["id"] for r in tables["glossary.csv"]] == [t.id for t in model.glossary.terms]
    cells = [(r["role_id"], r["competency_id"], int(r["level"])) for r in tables["role-levels.csv"]]
    assert sorted(cells) == sorted((r.id, cid, lv) for r in model.roles for cid, lv in r.levels.items())
    for lang in LANGS:  # every language in every row
        assert [r[f"title_{lang}"] for r in tables["competencies.csv"]] == [c.title[lang] for c in model.competencies]
        assert [r[f"term_{lang}"] for r in tables["glossary.csv"]] == [t.term[lang] for t in model.glossary.terms]
        assert all(r[f"level_name_{lang}"] == model.level_name(int(r["level"]), lang) for r in tables["role-levels.csv"])
    counts = {c.id: int(r["activities"]) for c, r in zip(model.competencies, tables["competencies.csv"])}
    assert counts == {c.id: len(c.activities) for c in model.competencies}


def test_a_spreadsheet_does_not_run_a_text_as_a_formula(tmp_path):
    import shutil

    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    glossary = tmp_path / "content" / "model" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    model = load_model(tmp_path)
    term = model.glossary.terms[0]
    glossary.write_text(text.replace(term.term[LANGS[0]], "=HYPERLINK(x)", 1), encoding="utf-8")
    model = load_model(tmp_path)
    assert rows(csv_tables(model)["glossary.csv"])[0][f"term_{LANGS[0]}"] == "'=HYPERLINK(x)"
    assert load_download(model_json(model), LANGS).glossary.terms[0].term[LANGS[0]] == "=HYPERLINK(x)", "the JSON keeps the text as it is"
