"""Versions and change notes: `handbook check` refuses a changed model whose version was not raised, and the "What changed" page.

The previous version is the JSON download kept in the handbook folder
(published/model.json); the fixture publishes the minimal model, then changes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import LANGS, MINIMAL
from generator import text
from generator.cli import main
from generator.opendata import load_download, model_json
from generator.pages import plan_pages, site_of
from generator.render import render_page
from generator.site import source_path
from generator.validate import load_model
from generator.versions import PUBLISHED, version_key

HB = "content/model/handbook.yml"
NOTES = """changes:
  - version: "1.1"
    date: "2026-11-29"
    text: {et: Lisandus **tegevus**., en: An **activity** was added.}
  - version: "1.0"
    text: {et: Esimene versioon., en: The first version.}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The minimal handbook with its version 1.0 published."""
    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    (tmp_path / PUBLISHED).parent.mkdir()
    (tmp_path / PUBLISHED).write_bytes(model_json(load_model(tmp_path)))
    return tmp_path


def check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.err.strip().splitlines()


def change_a_title(root: Path) -> None:
    path = root / "content" / "model" / "competencies" / "planning.yml"
    model = load_model(root)
    old = model.competency_index["planning"].title[LANGS[-1]]
    path.write_text(path.read_text(encoding="utf-8").replace(old, old + " and more", 1), encoding="utf-8")


def set_version(root: Path, version: str) -> None:
    path = root / HB
    path.write_text(path.read_text(encoding="utf-8").replace('version: "1.0"', f'version: "{version}"'), encoding="utf-8")


def test_the_published_model_unchanged_keeps_its_version(root, capsys):
    assert check(root, capsys)[0] == 0


def test_a_changed_model_must_raise_its_version(root, capsys):
    change_a_title(root)
    code, lines = check(root, capsys)
    assert code == 1
    assert lines == [
        f"{HB}:6:10: the model differs from version 1.0, published in {PUBLISHED}, but its version is still 1.0; "
        "raise 'version' and say what changed in content/model/changes.yml",
        "1 error; fix them and run again.",
    ]
    set_version(root, "1.1")
    assert check(root, capsys)[0] == 0


def test_a_version_never_goes_down(root, capsys):
    set_version(root, "0.9")
    code, lines = check(root, capsys)
    assert code == 1 and lines[0] == f"{HB}:6:10: version 0.9 is lower than version 1.0, published in {PUBLISHED}; a version only goes up"


def test_an_unreadable_published_model_is_one_located_error(root, capsys):
    (root / PUBLISHED).write_text("{", encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1 and lines[0].startswith(f"{PUBLISHED}:1:1: the published model cannot be read")


def test_versions_are_ordered_as_numbers():
    assert version_key("1.10") > version_key("1.9") > version_key("1.9-beta") > version_key("1.8.5")
    assert version_key("2022.1") == version_key("2022.1")


def test_change_notes_make_a_page_and_go_into_the_json(root, capsys):
    assert not [p for p in plan_pages(load_model(root), LANGS[0]) if p.kind == "changes"], "no notes, no page"
    (root / "content" / "model" / "changes.yml").write_text(NOTES, encoding="utf-8")
    set_version(root, "1.1")
    model = load_model(root)
    assert [c.version for c in model.changes] == ["1.1", "1.0"]
    assert load_download(model_json(model), LANGS).changes == list(model.changes)
    for lang in LANGS:
        (spec,) = [p for p in plan_pages(model, lang) if p.kind == "changes"]
        assert spec.path == source_path("changes")
        body = render_page(spec, model, lang, site_of(model))
        newest, first = (text.block(c.text[lang]) for c in model.changes)
        assert "<strong>" in newest and body.index(newest) < body.index(first), "the notes as Markdown, newest first"
        assert text.inline("2026-11-29") in body
        overview = next(p for p in plan_pages(model, lang) if p.kind == "model")
        assert "changes.md" in render_page(overview, model, lang, site_of(model))


def test_a_version_has_one_note(root, capsys):
    (root / "content" / "model" / "changes.yml").write_text(NOTES.replace('"1.0"', '"1.1"'), encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1
    assert "content/model/changes.yml:5:14: version '1.1' already has a note (entry 1); write one note per version" in lines


def test_a_change_note_is_a_model_text_like_any_other(root, capsys):
    """Raw HTML in a note is refused at its place, as in every model text (the page renders it through text.py)."""
    (root / "content" / "model" / "changes.yml").write_text(NOTES.replace("An **activity** was added.", "<script>alert(1)</script>"), encoding="utf-8")
    code, lines = check(root, capsys)
    assert code == 1 and lines[0].startswith("content/model/changes.yml:4:") and "raw HTML '<script>' is not allowed" in lines[0]
