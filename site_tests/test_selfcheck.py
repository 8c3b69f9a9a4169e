"""The self-check in a real browser: answers kept, levels right, export/import, carry-over, privacy, accessibility."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import LANGS, page_url
from generator.site import source_path

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
ROOT_ASSETS = Path(__file__).resolve().parent.parent / "generator" / "theme" / "assets"


def url(server: str, lang: str = LANGS[0]) -> str:
    return page_url(server, lang, source_path("self-check"))


def answer(page, answers: dict[str, str]) -> None:
    for activity, value in answers.items():
        page.check(f'input[name="{activity}"][value="{value}"]')


def row(page, competency: str) -> list[str]:
    return [c.strip() for c in page.locator(f'#hb-sc-table tr[data-competency="{competency}"] td').all_text_contents()]


def status(page) -> str:
    page.wait_for_function("document.getElementById('hb-sc-status').textContent.length > 0")
    return page.text_content("#hb-sc-status")


@pytest.fixture
def fresh(page, server):
    page.goto(url(server))
    page.evaluate("localStorage.clear()")
    page.reload()
    return page


def test_every_activity_is_a_question_named_by_its_id(fresh, model):
    names = fresh.eval_on_selector_all("#hb-selfcheck input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
    assert names == [a.id for a in model.activities]
    per_question = fresh.locator('input[name="define-cx-vision"]').count()
    assert per_question == len(model.handbook.scale) + 1  # the scale and "not applicable"


def test_answers_survive_a_reload(fresh, server):
    answer(fresh, {"map-customer-segments": "3", "define-cx-vision": "na"})
    fresh.fill("#notes-customer-insight", "Kuulata 10 kõnet kuus")
    fresh.reload()
    assert fresh.is_checked('input[name="map-customer-segments"][value="3"]')
    assert fresh.is_checked('input[name="define-cx-vision"][value="na"]')
    assert fresh.input_value("#notes-customer-insight") == "Kuulata 10 kõnet kuus"
    assert "2" in status(fresh)
    # the other language reads the same answers: they are keyed by activity id, not by wording
    fresh.goto(url(server, "en"))
    assert fresh.is_checked('input[name="map-customer-segments"][value="3"]')


def test_known_answers_give_expected_levels(fresh):
    answer(fresh, {"map-customer-segments": "3", "run-customer-research": "2", "collect-feedback-all-channels": "4",
                   "define-cx-vision": "4", "set-cx-priorities": "4", "build-cx-roadmap": "na",
                   "choose-cx-metrics": "1", "build-cx-dashboard": "2"})
    assert row(fresh, "customer-insight") == ["3 / 9", "3.0", "3 – Kogenud", "–"]
    assert row(fresh, "cx-strategy") == ["2 / 8", "4.0", "4 – Eestvedav", "–"]
    # 1.5 rounds to the nearest level, 2
    assert row(fresh, "measurement") == ["2 / 8", "1.5", "2 – Rakendav", "–"]
    assert row(fresh, "business-value")[2] == "hindamata"


def test_choosing_a_role_shows_gaps_largest_first(fresh):
    answer(fresh, {"map-customer-segments": "3", "define-cx-vision": "1", "choose-cx-metrics": "2", "assess-cx-maturity": "4"})
    assert "Vali ülal roll" in fresh.text_content("#hb-sc-gaps")
    fresh.select_option("#hb-sc-role", "customer-experience-manager")
    items = fresh.locator("#hb-sc-gaps li")
    gaps = [(items.nth(i).get_attribute("data-competency"), int(items.nth(i).get_attribute("data-gap"))) for i in range(items.count())]
    assert gaps == [("cx-strategy", 3), ("measurement", 2), ("customer-insight", 1)]
    first = items.nth(0).locator("a").nth(1)
    assert first.get_attribute("href").startswith("../activities/")
    assert row(fresh, "customer-insight")[3] == "4 – Eestvedav"
    # the role's key activities come first, or alone
    first_question = fresh.locator('#sc-cx-strategy .hb-sc-question').first
    assert first_question.get_attribute("data-activity") == "define-cx-vision"
    assert fresh.locator('#sc-cx-strategy .hb-sc-question:not([hidden]) .hb-sc-key:not([hidden])').count() == 3
    fresh.check("#hb-sc-only")
    visible = fresh.locator("#sc-cx-strategy .hb-sc-question:visible")
    assert visible.count() == 3
    fresh.uncheck("#hb-sc-only")
    assert fresh.locator("#sc-cx-strategy .hb-sc-question:visible").count() == 8


def test_export_reset_import_restores_everything(fresh, tmp_path):
    answer(fresh, {"map-customer-segments": "3", "lead-cx-governance": "2", "improve-processes": "na"})
    fresh.fill("#notes-measurement", "Õppida statistikat & analüüsi <kiiresti>")
    fresh.select_option("#hb-sc-role", "quality-manager")
    with fresh.expect_download() as info:
        fresh.click("#hb-sc-export")
    saved = tmp_path / "export.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["answers"] == {"map-customer-segments": "3", "lead-cx-governance": "2", "improve-processes": "na"}
    assert data["version"] and data["format"] == "handbook-selfcheck"

    fresh.once("dialog", lambda d: d.dismiss())
    fresh.click("#hb-sc-reset")
    assert fresh.is_checked('input[name="map-customer-segments"][value="3"]'), "dismissing the confirmation keeps the answers"
    fresh.once("dialog", lambda d: d.accept())
    fresh.click("#hb-sc-reset")
    assert fresh.locator("#hb-selfcheck input:checked").count() == 0
    assert fresh.input_value("#notes-measurement") == ""
    fresh.reload()
    assert fresh.locator("#hb-selfcheck input:checked").count() == 0

    fresh.set_input_files("#hb-sc-import", str(saved))
    assert "3" in status(fresh)
    assert fresh.is_checked('input[name="lead-cx-governance"][value="2"]')
    assert fresh.is_checked('input[name="improve-processes"][value="na"]')
    assert fresh.input_value("#notes-measurement") == "Õppida statistikat & analüüsi <kiiresti>"
    assert fresh.input_value("#hb-sc-role") == "quality-manager"
    fresh.reload()
    assert fresh.is_checked('input[name="lead-cx-governance"][value="2"]')


@pytest.mark.parametrize("content", ["{not json", json.dumps({"answers": {"map-customer-segments": "3"}}),
                                     json.dumps({"format": "handbook-selfcheck", "answers": []}), json.dumps([1, 2])])
def test_broken_or_foreign_import_changes_nothing(fresh, tmp_path, content):
    answer(fresh, {"map-customer-segments": "2"})
    before = fresh.evaluate("JSON.stringify(localStorage)")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    fresh.set_input_files("#hb-sc-import", str(bad))
    fresh.wait_for_function("document.getElementById('hb-sc-status').textContent.includes('Faili ei saanud laadida')")
    assert fresh.is_checked('input[name="map-customer-segments"][value="2"]')
    assert fresh.evaluate("JSON.stringify(localStorage)") == before


def test_answers_from_an_older_model_version_are_carried_over(fresh, model):
    old = {"format": "handbook-selfcheck", "version": "2021.0",
           "answers": {"map-customer-segments": "4", "an-activity-that-was-removed": "3", "define-cx-vision": "2"},
           "notes": {"customer-insight": "vana märge"}, "role": "hr-manager"}
    fresh.evaluate("o => localStorage.setItem('handbook-selfcheck:2021.0', JSON.stringify(o))", old)
    fresh.reload()
    assert fresh.is_checked('input[name="map-customer-segments"][value="4"]')
    assert fresh.is_checked('input[name="define-cx-vision"][value="2"]')
    assert fresh.input_value("#notes-customer-insight") == "vana märge"
    text = status(fresh)
    assert "1 vastust ei saanud üle tuua" in text
    keys = fresh.evaluate("Object.keys(localStorage)")
    assert keys == [f"handbook-selfcheck:/:{model.handbook.version}"]


def test_no_request_leaves_the_sites_own_files(browser, server, model):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url(server))
    page.wait_for_load_state("networkidle")
    assert requests and all(r.startswith(server + "/") for r in requests), [r for r in requests if not r.startswith(server)]
    loaded = len(requests)
    answer(page, {"map-customer-segments": "3", "define-cx-vision": "4"})
    page.fill("#notes-cx-strategy", "x")
    page.select_option("#hb-sc-role", "hr-manager")
    with page.expect_download():
        page.click("#hb-sc-export")
    # the page says the file was saved once the export is done
    page.wait_for_function("text => document.getElementById('hb-sc-status').textContent === text", arg=model.label("sc-exported", LANGS[0]))
    # blob: downloads are local; nothing else may be asked for once the page is there
    later = [r for r in requests[loaded:] if not r.startswith("blob:")]
    assert later == []
    context.close()


def test_works_as_a_checklist_without_javascript(browser, server, model):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(server))
    assert page.locator("#hb-sc-app").is_hidden()
    assert page.locator(".hb-sc-question").count() == len(model.activities)
    assert page.locator(".hb-sc-question").first.is_visible()
    context.close()


def test_keyboard_only(fresh):
    fresh.focus('input[name="map-customer-segments"][value="1"]')
    fresh.keyboard.press("ArrowRight")
    fresh.keyboard.press("ArrowRight")
    assert fresh.is_checked('input[name="map-customer-segments"][value="3"]')
    outline = fresh.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    fresh.focus("#hb-sc-role")
    fresh.keyboard.press("ArrowDown")
    assert fresh.input_value("#hb-sc-role") == "customer-experience-manager"
    assert fresh.locator("#hb-sc-status[role=status][aria-live=polite]").count() == 1


def test_script_is_small_and_plain():
    script = (ROOT_ASSETS / "selfcheck.js").read_text(encoding="utf-8")
    assert len(script.encode("utf-8")) <= 16 * 1024  # unminified, so minified is smaller still
    assert not re.search(r"\b(fetch|XMLHttpRequest|sendBeacon|WebSocket|import\s*\()", script)


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violations_before_and_after_answering(page, server, lang):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.goto(url(server, lang))
    page.evaluate("localStorage.clear()")
    page.reload()
    before = axe.run(page, options=WCAG)
    assert before.violations_count == 0, before.generate_report()
    answer(page, {"map-customer-segments": "3", "define-cx-vision": "1"})
    page.select_option("#hb-sc-role", "customer-experience-manager")
    after = axe.run(page, options=WCAG)
    assert after.violations_count == 0, after.generate_report()
