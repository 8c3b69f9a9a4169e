"""Every check of the model, one small mistake at a time, with the exact located line it must give.

Each case edits the small fixture (site_tests/fixtures/minimal) and lists every
error `handbook check` must print for it, so a check that stops firing, fires
at the wrong place or loses its advice fails here. The broken-input corpus
(broken/) covers YAML syntax and file-level mistakes; this covers the rest.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, errors_of
from generator.errors import ModelError
from generator.validate import load_model

HB = "content/model/handbook.yml"
AG = "content/model/roles/agent.yml"
LE = "content/model/roles/lead.yml"
PL = "content/model/competencies/planning.yml"
LI = "content/model/competencies/listening.yml"
GL = "content/model/glossary.yml"

# name -> {file: [(text, replacement), ...]}
CASES = {
 "scale-gap": {HB: [("  - level: 3\n", "  - level: 4\n")]},
 "listing-duplicate-and-unknown": {HB: [("competencies:\n  - listening\n", "competencies:\n  - listening\n  - listening\n  - speaking\n"),
                                        ("roles:\n  - lead\n  - agent\n", "roles:\n  - lead\n  - agent\n  - agent\n  - boss\n")]},
 "not-listed": {HB: [("competencies:\n  - listening\n  - planning\n", "competencies:\n  - listening\n"), ("roles:\n  - lead\n  - agent\n", "roles:\n  - lead\n")]},
 "activity-twice": {PL: [("  - id: set-goals\n", "  - id: take-notes\n")]},
 "competency-levels": {PL: [("  3: {et: Planeerib üksuse tööd., en: Plans the unit's work.}\n", "  4: {et: Planeerib üksuse tööd., en: Plans the unit's work.}\n")]},
 "related": {PL: [("activities:\n", "related: [planning, listening, listening, speaking]\nactivities:\n")]},
 "role-levels": {AG: [("  listening: 2\n  planning: 1\n", "  listening: 4\n  speaking: 1\n")]},
 "key-activities": {AG: [("  - take-notes\n", "  - take-notes\n  - take-notes\n  - dance\n")]},
 "distinctions": {AG: [("  - role: lead\n", "  - role: agent\n    text: {et: Ise., en: Self.}\n  - role: boss\n")]},
 "glossary-duplicate": {GL: [("terms:\n", "terms:\n  - id: customer\n    term: {et: klient, en: customer}\n    definition: {et: Teine., en: Another.}\n")]},
 "file-id": {AG: [("id: agent\n", "id: agents\n")]},
 "types": {AG: [("status: draft\n", "status: maybe\n"), ("scope: operational\n", "scope: 3\n"), ("typical_titles:\n  - {et: Teenindaja, en: Service agent}\n", "typical_titles: Service agent\n"),
                ("  planning: 1\n", "  planning: one\n"), ("leads: {et: Ei kedagi, en: Nobody}\n", "leads: [Nobody]\n")]},
 "lists": {LE: [("levels:\n", "levels: {}\nxlevels:\n")], LI: [("knowledge:\n", "knowledge: []\nxknowledge:\n")]},
 "ids": {PL: [("  - id: set-goals\n", "  - id: Set_Goals\n")]},
 "comma": {AG: [("purpose: {et: Teenindab kliente., en: Serves customers.}\n", "purpose: {et: Teenindab, kliente., en: Serves customers.}\n")]},
 "languages": {AG: [("title: {et: Teenindaja, en: Agent}\n", "title: {et: Teenindaja, fr: Agent}\n")]},
 "version": {HB: [('version: "1.0"\n', 'version: "one"\n')]},
 "bool-and-float": {HB: [("  - level: 1\n", "  - level: 1.5\n"), ("audiences: []\n", "audiences: true\n")]},
 "guide": {HB: [("audiences: []\n", "audiences:\n  - id: hr\n    title: {et: Personal, en: HR}\n    description: {et: Personal., en: HR.}\n    guide: guides/none.md\n")]},
 "missing-key": {LE: [("purpose:", "porpose:")]},
 "languages-bad": {HB: [("  - {code: en, name: English}\n", "  - {code: EN!, name: English}\n")]},
 "competency-file-id": {PL: [("id: planning\n", "id: plans\n")]},
 "nested-comma": {PL: [("    title: {et: Seab eesmärgid, en: Sets goals}\n", "    title: {et: Seab, eesmärgid, en: Sets goals}\n")]},
 "nested-missing-key": {PL: [("    description: {et: Sõnastab eesmärgid., en: Puts goals into words.}\n", "")]},
 "number-for-text": {AG: [("title: {et: Teenindaja, en: Agent}\n", "title: {et: 5, en: Agent}\n")]},
 "bad-keys": {AG: [("  listening: 2\n", "  Listen_ing: 2\n")], PL: [("  1: {et: Järgib kava., en: Follows a plan.}\n", "  one: {et: Järgib kava., en: Follows a plan.}\n")]},
 "date-in-text": {AG: [("title: {et: Teenindaja, en: Agent}\n", "title: {et: 2024-01-01, en: Agent}\n")]},
 "unknown-tag": {AG: [("status: draft\n", "status: !foo draft\n")]},
 "long-tagged-value": {AG: [("scope: operational\n", "scope: !!int 1234567890123456789012345678901234567890abc\n")]},
 "distinction-twice": {LE: [("  - ask-questions\n", "  - ask-questions\ndistinctions:\n  - role: agent\n    text: {et: Juhib., en: Leads.}\n")]},
 "pairs": {HB: [("labels:\n", "pairs:\n  - [lead, agent]\n  - [agent, lead]\n  - [lead, lead]\n  - [lead, boss]\nlabels:\n")]},
 "tag-and-other-mistakes": {AG: [("status: draft\n", "status: !!int \"\"\nsalary: 1\n"), ("  planning: 1\n", "  planning: 9\n")]},
}


EXPECTED = {
    'scale-gap': [
        'content/model/competencies/listening.yml:14:3: level 3 is outside the scale (1, 2, 4)',
        'content/model/competencies/planning.yml:14:3: level 3 is outside the scale (1, 2, 4)',
        'content/model/handbook.yml:12:3: the scale levels must be 1, 2, 3, ... without gaps or repeats; found 1, 2, 4',
        'content/model/roles/lead.yml:12:14: level 3 is outside the scale (1, 2, 4)',
        'content/model/roles/lead.yml:13:13: level 3 is outside the scale (1, 2, 4)',
    ],
    'listing-duplicate-and-unknown': [
        "content/model/handbook.yml:30:5: duplicate competency id 'listening' (already used at position 1); ids must be unique",
        "content/model/handbook.yml:31:5: unknown competency 'speaking': there is no content/model/competencies/speaking.yml",
        "content/model/handbook.yml:36:5: duplicate role id 'agent' (already used at position 2); ids must be unique",
        "content/model/handbook.yml:37:5: unknown role 'boss': there is no content/model/roles/boss.yml",
    ],
    'not-listed': [
        "content/model/competencies/planning.yml:1:5: competency 'planning' is not listed under 'competencies' in content/model/handbook.yml; add it there",
        "content/model/roles/agent.yml:1:5: role 'agent' is not listed under 'roles' in content/model/handbook.yml; add it there",
    ],
    'activity-twice': [
        "content/model/competencies/planning.yml:16:9: duplicate activity id 'take-notes' (already used in competency 'listening'); activity ids must be unique across the model",
        "content/model/roles/lead.yml:15:5: unknown activity 'set-goals' in 'key_activities'",
    ],
    'competency-levels': [
        'content/model/competencies/planning.yml:14:3: level 4 is outside the scale (1, 2, 3)',
    ],
    'related': [
        'content/model/competencies/planning.yml:15:11: a competency cannot be related to itself',
        "content/model/competencies/planning.yml:15:32: duplicate related competency id 'listening' (already used at position 2); ids must be unique",
        "content/model/competencies/planning.yml:15:43: unknown competency 'speaking' in 'related'",
    ],
    'role-levels': [
        'content/model/roles/agent.yml:12:14: level 4 is outside the scale (1, 2, 3)',
        "content/model/roles/agent.yml:13:3: unknown competency 'speaking' in 'levels'",
    ],
    'key-activities': [
        "content/model/roles/agent.yml:16:5: duplicate key activity id 'take-notes' (already used at position 1); ids must be unique",
        "content/model/roles/agent.yml:17:5: unknown activity 'dance' in 'key_activities'",
    ],
    'distinctions': [
        'content/model/roles/agent.yml:17:11: a role cannot be distinguished from itself',
        "content/model/roles/agent.yml:19:11: unknown role 'boss' in 'distinctions'",
    ],
    'glossary-duplicate': [
        "content/model/glossary.yml:5:9: duplicate term id 'customer' (already used at position 1); ids must be unique",
    ],
    'file-id': [
        "content/model/roles/agent.yml:1:5: id 'agents' does not match the file name 'agent.yml'; rename the file to 'agents.yml' or fix the id",
        "content/model/roles/agent.yml:1:5: role 'agents' is not listed under 'roles' in content/model/handbook.yml; add it there",
    ],
    'types': [
        "content/model/roles/agent.yml:4:9: 'status': input should be 'published' or 'draft', found 'maybe'",
        "content/model/roles/agent.yml:5:8: 'scope': expected text, found a whole number (3)",
        "content/model/roles/agent.yml:8:8: 'leads': expected a mapping of keys, found a list (['Nobody'])",
        "content/model/roles/agent.yml:9:17: 'typical_titles': expected a list (lines starting with '- '), found text ('Service agent')",
        "content/model/roles/agent.yml:12:13: 'levels.planning': expected a whole number, found text ('one')",
    ],
    'lists': [
        "content/model/competencies/listening.yml:6:1: unknown key 'xknowledge'; check the spelling (see the maintainer's guide in README.md for the keys of this file)",
        "content/model/roles/lead.yml:11:9: 'levels': dictionary should have at least 1 item after validation, not 0",
        "content/model/roles/lead.yml:12:1: unknown key 'xlevels'; check the spelling (see the maintainer's guide in README.md for the keys of this file)",
        "content/model/roles/lead.yml:16:5: key activity 'set-goals' belongs to competency 'planning', which the role does not require; add 'planning' under 'levels' or remove the activity",
        "content/model/roles/lead.yml:17:5: key activity 'ask-questions' belongs to competency 'listening', which the role does not require; add 'listening' under 'levels' or remove the activity",
    ],
    'ids': [
        "content/model/competencies/planning.yml:16:9: 'activities.0.id': 'Set_Goals' is not a valid id; use lowercase letters, digits and single hyphens (like customer-insight)",
    ],
    'comma': [
        "content/model/roles/agent.yml:6:26: 'purpose': a comma inside {et: ..., en: ...} ends the text, and 'kliente.' became a key; put the text in quotes",
    ],
    'languages': [
        "content/model/roles/agent.yml:2:8: missing translation: 'title' has no 'en' (English) text; add `en: ...`",
        "content/model/roles/agent.yml:2:25: 'title': 'fr' is not a language of this handbook (et, en); translate into the handbook's languages only, or add the language under 'languages' in handbook.yml",
    ],
    'version': [
        "content/model/handbook.yml:6:10: 'version': 'one' is not a version; write numbers with dots, like 2022.1 or 2.0 (optionally -beta)",
    ],
    'bool-and-float': [
        "content/model/handbook.yml:12:12: 'scale.0.level': expected a whole number, found a number (1.5)",
        "content/model/handbook.yml:27:12: 'audiences': expected a list (lines starting with '- '), found true/false (True)",
    ],
    'guide': [
        "content/model/handbook.yml:31:12: guide page 'guides/none.md' does not exist under content/pages/<language>/ for every language",
    ],
    'missing-key': [
        "content/model/roles/lead.yml:1:1: missing required key 'purpose'",
        "content/model/roles/lead.yml:6:1: unknown key 'porpose'; check the spelling (see the maintainer's guide in README.md for the keys of this file)",
    ],
    'languages-bad': [
        "content/model/handbook.yml:3:12: 'languages.1.code': 'EN!' is not a language code; use a lowercase code such as et, en or pt-BR",
    ],
    'competency-file-id': [
        "content/model/competencies/planning.yml:1:5: competency 'plans' is not listed under 'competencies' in content/model/handbook.yml; add it there",
        "content/model/competencies/planning.yml:1:5: id 'plans' does not match the file name 'planning.yml'; rename the file to 'plans.yml' or fix the id",
    ],
    'nested-comma': [
        "content/model/competencies/planning.yml:17:23: 'activities.0.title': a comma inside {et: ..., en: ...} ends the text, and 'eesmärgid' became a key; put the text in quotes",
    ],
    'nested-missing-key': [
        "content/model/competencies/planning.yml:16:5: missing required key 'description' in 'activities.0'",
    ],
    'number-for-text': [
        "content/model/roles/agent.yml:2:13: 'title.et': expected text, found a whole number (5)",
    ],
    'bad-keys': [
        "content/model/competencies/planning.yml:12:3: 'levels.one': expected a whole number, found text ('one')",
        "content/model/roles/agent.yml:12:3: 'levels.Listen_ing': 'Listen_ing' is not a valid id; use lowercase letters, digits and single hyphens (like customer-insight)",
    ],
    'date-in-text': [
        'content/model/roles/agent.yml:2:13: \'2024-01-01\' is read as a date, and the handbook has no dates; put it in quotes to keep it as text: "2024-01-01"',
    ],
    'unknown-tag': [
        "content/model/roles/agent.yml:4:9: the YAML tag '!foo' is not supported; remove it",
    ],
    'long-tagged-value': [
        "content/model/roles/agent.yml:5:8: '1234567890123456789012345678901234567890...' is not a whole number, as the tag '!!int' asks; fix the value or remove the tag",
        "content/model/roles/agent.yml:5:8: unknown scope '1234567890123456789012345678901234567890abc'; declare it under 'scopes' in content/model/handbook.yml (now: operational, strategic, tactical)",
    ],
    'distinction-twice': [
        "content/model/roles/agent.yml:17:11: what sets 'agent' and 'lead' apart is already written in content/model/roles/lead.yml; write it once, in either file (both role pages and their comparison show it)",
    ],
    'pairs': [
        'content/model/handbook.yml:36:5: the pair [agent, lead] is already listed at position 1; list each pair once',
        'content/model/handbook.yml:37:5: the pair [lead, lead] compares a role with itself; name two different roles',
        "content/model/handbook.yml:38:12: unknown role 'boss' in 'pairs'; use ids listed under 'roles'",
    ],
    'tag-and-other-mistakes': [
        "content/model/roles/agent.yml:4:9: '' is not a whole number, as the tag '!!int' asks; fix the value or remove the tag",
        "content/model/roles/agent.yml:5:1: unknown key 'salary'; check the spelling (see the maintainer's guide in README.md for the keys of this file)",
        'content/model/roles/agent.yml:14:13: level 9 is outside the scale (1, 2, 3)',
    ],
}



def fixture_copy(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    return tmp_path


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_gives_its_located_errors(name, tmp_path):
    root = fixture_copy(tmp_path)
    for rel, replacements in CASES[name].items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"the fixture changed: {old!r} is not in {rel}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    assert errors_of(root) == EXPECTED[name]


def test_a_file_that_is_not_a_mapping(tmp_path):
    root = fixture_copy(tmp_path)
    (root / AG).write_text("- id: agent\n- title: Agent\n", encoding="utf-8")
    assert errors_of(root) == [f"{AG}:1:1: the file must hold a mapping of keys, found a list"]


def test_every_case_changes_something():
    """A case whose edit no longer produces an error would pass for the wrong reason."""
    assert all(EXPECTED[name] for name in CASES)


def test_a_missing_model_file(tmp_path):
    root = fixture_copy(tmp_path)
    (root / GL).unlink()
    assert errors_of(root) == [f"{GL}:1:1: the file is missing"]


def test_pages_are_checked_even_when_the_languages_cannot_be_read(tmp_path):
    """A broken languages list must not hide the pages' own mistakes: the page folders that exist are checked."""
    root = fixture_copy(tmp_path)
    hb = root / HB
    hb.write_text(hb.read_text(encoding="utf-8").replace("languages:\n", "languagez:\n", 1), encoding="utf-8")
    (root / "content/pages/en/about.md").write_text("# About\n", encoding="utf-8")
    errors = errors_of(root)
    assert "content/pages/en/about.md:1:1: missing translation: there is no content/pages/et/about.md; every page exists in every language" in errors
    assert f"{HB}:1:1: missing required key 'languages'" in errors


def test_a_hand_written_page_in_a_generated_folder(tmp_path):
    root = fixture_copy(tmp_path)
    for lang in ("et", "en"):
        (root / "content/pages" / lang / "model").mkdir()
        (root / "content/pages" / lang / "model" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    errors = [e for e in errors_of(root) if "notes.md" in e]
    assert len(errors) == 2 and all("model/" in e for e in errors), errors


def test_the_content_folder_can_have_another_name(tmp_path):
    shutil.copytree(MINIMAL / "content", tmp_path / "handbook-content")
    model = load_model(tmp_path, "handbook-content")
    assert [c.id for c in model.competencies] == ["listening", "planning"]
    (tmp_path / "handbook-content" / GL.removeprefix("content/")).unlink()
    with pytest.raises(ModelError) as caught:
        load_model(tmp_path, "handbook-content")
    assert [str(e) for e in caught.value.errors] == ["handbook-content/model/glossary.yml:1:1: the file is missing"]


def test_windows_line_endings_read_like_unix_ones(tmp_path):
    root = fixture_copy(tmp_path)
    for path in [*(root / "content").rglob("*.yml"), *(root / "content").rglob("*.md")]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    page = root / "content/pages/en/index.md"
    page.write_bytes(b"---\r\norder: 3\r\ntitle: Start\r\n---\r\n# Home\r\n")
    model = load_model(root)
    home = next(p for p in model.pages if p.path == "index.md")
    assert (home.order, home.titles["en"]) == (3, "Start")
    (root / AG).write_bytes((root / AG).read_bytes().replace(b"status: draft", b"status: maybe"))
    assert errors_of(root) == [f"{AG}:4:9: 'status': input should be 'published' or 'draft', found 'maybe'"]


def test_the_limits_are_exact(tmp_path):
    """A text of exactly the longest length and lists nested exactly as deep as allowed still load; one more does not."""
    from generator.load import MAX_DEPTH, MAX_TEXT

    root = fixture_copy(tmp_path)
    gl = root / GL
    original = gl.read_text(encoding="utf-8")
    gl.write_text(original.replace("en: customer}", "en: " + "x" * MAX_TEXT + "}"), encoding="utf-8")
    # the loader's own bound (the sanitiser refuses much shorter texts with its own words)
    assert not [e for e in errors_of(root) if "a text can be at most" in e]
    gl.write_text(original.replace("en: customer}", "en: " + "x" * (MAX_TEXT + 1) + "}"), encoding="utf-8")
    assert [e for e in errors_of(root) if "a text can be at most" in e] == [f"{GL}:3:28: the text is {MAX_TEXT + 1:,} characters long; a text can be at most {MAX_TEXT:,}"]
    # MAX_DEPTH lists inside the file's own mapping load; one more is refused where it opens
    gl.write_text(original + "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", encoding="utf-8")
    assert not [e for e in errors_of(root) if "nested" in e]
    gl.write_text(original + "x: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", encoding="utf-8")
    assert [e for e in errors_of(root) if "nested" in e] == [
        f"{GL}:5:{4 + MAX_DEPTH}: lists and mappings are nested more than {MAX_DEPTH} levels deep here; the handbook's files need a few"]
