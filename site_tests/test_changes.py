"""A new version against the last published one: the change list is found from the two models, a renamed
id is declared once in changes.yml, and readers' saved self-check answers follow it."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL, addresses, html_file
from generator.build import build_site
from generator.errors import ModelError
from generator.site import source_path
from generator.validate import load_model
from generator.versions import PUBLISHED

CHANGES = """changes:
  - version: "1.1"
    date: "2026-11-29"
    text: {et: Tegevus sai uue tunnuse., en: An activity got a new id.}
    renamed:
      take-notes: write-notes
  - version: "1.0"
    text: {et: Esimene versioon., en: The first version.}
"""


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def next_version(tmp_path_factory):
    """The small fixture published as 1.0, then changed into 1.1: an activity renamed, a level lowered, a requirement dropped."""
    root = tmp_path_factory.mktemp("versions")
    shutil.copytree(MINIMAL / "content", root / "content")
    build_site(root, root / "site", strict=True)
    (root / PUBLISHED).parent.mkdir()
    shutil.copy(html_file(root / "site", "en", source_path("downloads"), addresses(root)).parent / "model.json", root / PUBLISHED)
    model_dir = root / "content" / "model"
    for rel in ("competencies/listening.yml", "roles/agent.yml"):
        edit(model_dir / rel, "take-notes", "write-notes")
    edit(model_dir / "handbook.yml", 'version: "1.0"', 'version: "1.1"')
    edit(model_dir / "roles" / "lead.yml", "  listening: 3\n", "  listening: 2\n")
    edit(model_dir / "roles" / "agent.yml", "  planning: 1\n", "")
    (model_dir / "changes.yml").write_text(CHANGES, encoding="utf-8")
    build_site(root, root / "site", strict=True)
    return root


def test_the_change_list_is_found_from_the_two_versions(next_version):
    found = load_model(next_version).change_list
    assert found.previous == "1.0"
    assert [(x.old, x.new.id) for x in found.renamed["activities"]] == [("take-notes", "write-notes")]
    assert not any(found.added.values()) and not any(found.removed.values())
    assert not found.renamed["competencies"] and not found.renamed["roles"]
    assert [(x.role.id, x.competency.id, x.before, x.after) for x in found.levels] == [("lead", "listening", 3, 2), ("agent", "planning", 1, None)]


@pytest.mark.parametrize("lang", ["et", "en"])
def test_the_what_changed_page_lists_them_under_the_new_version(next_version, lang):
    model = load_model(next_version)
    page = BeautifulSoup(html_file(next_version / "site", lang, source_path("changes"), addresses(next_version)).read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.select_one("article").get_text(" ", strip=True).split())
    assert model.label("changes-found", lang).format(version="1.0") in text
    assert model.label("changes-renamed", lang).format(old="take-notes", new="write-notes") in text
    lead, agent = model.role_index["lead"], model.role_index["agent"]
    listening, planning = model.competency_index["listening"], model.competency_index["planning"]
    assert f"{lead.title[lang]}, {listening.title[lang]}: 3 → 2" in text
    assert f"{agent.title[lang]}, {planning.title[lang]}: 1 → —" in text
    # the older version's note has no list of its own
    assert text.count(model.label("changes-found", lang).format(version="1.0")) == 1


def test_a_rename_must_lead_from_an_id_that_is_gone_to_one_that_is_there(next_version, tmp_path):
    root = tmp_path / "bad"
    shutil.copytree(next_version / "content", root / "content")
    edit(root / "content" / "model" / "changes.yml", "      take-notes: write-notes\n", "      take-notes: write-notes\n      set-goals: make-goals\n      gone: nowhere\n")
    with pytest.raises(ModelError) as caught:
        load_model(root)
    assert [str(e) for e in caught.value.errors] == [
        "content/model/changes.yml:7:7: 'set-goals' is renamed to 'make-goals' but is still an id of the model; rename it or remove the line",
        "content/model/changes.yml:7:18: 'set-goals' is renamed to 'make-goals', which is no competency, activity or role of the model",
        "content/model/changes.yml:8:13: 'gone' is renamed to 'nowhere', which is no competency, activity or role of the model",
    ]


def test_saved_answers_follow_a_renamed_activity_into_the_new_version(next_version, browser):
    """A reader who answered 'take-notes' under 1.0 finds the answer under 'write-notes' in 1.1."""
    site = next_version / "site"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    old = {"format": "handbook-selfcheck", "version": "1.0", "answers": {"take-notes": "2", "ask-questions": "1"}, "notes": {"listening": "Listen more"}, "role": "agent"}
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ localStorage.setItem('handbook-selfcheck:/:1.0', {json.dumps(json.dumps(old))}); sessionStorage.setItem('seeded', '1'); }}")
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{addresses(next_version).address('en', source_path('self-check'))}")
        page.wait_for_timeout(300)
        stored = page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map(k => [k, JSON.parse(localStorage.getItem(k))]))")
    finally:
        context.close()
        httpd.shutdown()
    assert list(stored) == ["handbook-selfcheck:/:1.1"], "carried into the new version's key, the old one removed"
    now = stored["handbook-selfcheck:/:1.1"]
    assert now["answers"] == {"write-notes": "2", "ask-questions": "1"}
    assert now["notes"] == {"listening": "Listen more"} and now["role"] == "agent"
