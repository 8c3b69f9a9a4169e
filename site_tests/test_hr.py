"""HR's papers, generated from the model: job descriptions, interview guides, the role chooser, the development plan.

Every expected text comes from the model; each paper is printed in Chromium within its page limit in both languages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_print import A4, assert_clean_paper, pdf_text, print_pdf, printed, squash

from conftest import LANGS, copy_project, errors_of, html_file, page_url
from generator import text
from generator.site import source_path

JOB_PAGES = 2
INTERVIEW_PAGES = 3
PLAN_PAGES = 2


def soup_of(site: Path, lang: str, path: str) -> BeautifulSoup:
    return BeautifulSoup(html_file(site, lang, path).read_text(encoding="utf-8"), "html.parser")


def words_of(value: str) -> str:
    """A model text as the page shows it: its words, without Markdown."""
    return re.sub(r"\s+", " ", BeautifulSoup(text.block(value), "html.parser").get_text(" ")).strip()


def flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def required(model, role) -> list:
    return [c for c in model.competencies if c.id in role.levels]


# --- the model's HR fields: the shipped handbook fills them everywhere --------------------------------------------


def test_every_role_has_a_need_and_indicators_of_success_after_6_and_12_months(model):
    for role in model.roles:
        assert role.need is not None, f"{role.id}: no need for the role chooser"
        months = {s.months: s.indicators for s in role.success}
        assert set(months) >= {6, 12}, f"{role.id}: indicators of success after 6 and 12 months"
        assert all(len(items) >= 2 for items in months.values()), role.id


def test_every_required_competency_has_interview_questions_and_suggestions_up_to_its_highest_required_level(model):
    for c in model.competencies:
        needing = model.requiring(c)
        if not needing:
            continue
        assert 2 <= len(c.interview) <= 3, f"{c.id}: two or three behavioural questions"
        highest = max(r.levels[c.id] for r in needing)
        for level in range(1, highest + 1):
            d = c.development.get(level)
            assert d is not None and d.assignments and d.learning, f"{c.id}: assignments and learning to reach level {level}"


# --- job descriptions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_job_description_shows_the_role_from_the_model(site, model, lang):
    for role in model.roles:
        soup = soup_of(site, lang, source_path("job", role.id))
        body = flat(soup.select_one("#hb-job").get_text(" "))
        assert role.title[lang] in soup.h1.get_text()
        assert words_of(role.purpose[lang]) in body
        duties = [li.get_text(" ", strip=True) for li in soup.select("ul.hb-job-duties li")]
        keyed = sorted(role.key_activities, key=model.activity_position.__getitem__)
        assert duties == [words_of(model.activity_index[a][1].title[lang]) for a in keyed]
        rows = {tr.th.get_text(" ", strip=True): tr.find_all("td")[0].get_text(strip=True) for tr in soup.select("#hb-job table tbody tr") if tr.find("td") and tr.th}
        for c in model.competencies:
            name = words_of(c.title[lang])
            if c.id in role.levels:
                assert rows.get(name) == f"{role.levels[c.id]} – {model.level_name(role.levels[c.id], lang)}", (role.id, c.id)
            else:
                assert name not in rows, f"{role.id}: {c.id} is not required and must not be listed"
        for s in role.success:
            for item in s.indicators:
                assert words_of(item[lang]) in body
        if role.reports_to:
            assert words_of(role.reports_to[lang]) in body
        if role.status:
            assert model.label(f"status-{role.status}", lang) in body


@pytest.mark.parametrize("lang", LANGS)
def test_job_descriptions_print_on_at_most_two_a4_pages(page, server, model, lang):
    for role in model.roles:
        reader = print_pdf(page, page_url(server, lang, source_path("job", role.id)))
        assert len(reader.pages) <= JOB_PAGES, f"{role.id} ({lang}): {len(reader.pages)} pages"
        assert A4 == (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height)))
        printed = pdf_text(reader)
        assert_clean_paper(printed, lang, model)
        assert squash(words_of(role.purpose[lang])) in squash(printed)
        assert squash(model.label("copy-text", lang)) not in squash(printed), "the copy button stays off paper"


@pytest.mark.parametrize("lang", LANGS)
def test_the_copy_button_copies_the_job_description_as_the_page_shows_it(browser, server, model, lang):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        role = model.roles[-1]
        page.goto(page_url(server, lang, source_path("job", role.id)))
        page.click("[data-hb-copy]")
        page.wait_for_function("() => document.querySelector('.hb-copy-status').textContent.length > 0")
        assert page.text_content(".hb-copy-status") == model.label("copied", lang)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        shown = page.evaluate("() => document.querySelector('article h1').innerText + ' ' + document.getElementById('hb-job').innerText")
        # The same words in the same order; the copy marks list items with '- ' and writes headings in capitals.
        as_words = lambda s: re.findall(r"\w+", s.lower())  # noqa: E731
        assert as_words(copied) == as_words(shown)
        lines = copied.splitlines()
        assert lines[0] == role.title[lang] or role.title[lang] in lines[0]
        assert model.label("job-purpose", lang).upper() in lines
        for aid in role.key_activities:
            assert "- " + words_of(model.activity_index[aid][1].title[lang]) in lines
        assert "<" not in copied, "plain text, no markup"
    finally:
        context.close()


# --- interview guides ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_interview_guide_asks_about_every_required_competency_and_has_a_score_sheet(site, model, lang):
    for role in model.roles:
        soup = soup_of(site, lang, source_path("interview", role.id))
        sections = soup.select("section.hb-interview-competency")
        assert [s.h2.find(string=True, recursive=False).strip() for s in sections] == [words_of(c.title[lang]) for c in required(model, role)]
        for section, c in zip(sections, required(model, role)):
            expected = f"{role.levels[c.id]} – {model.level_name(role.levels[c.id], lang)}"
            assert expected in section.select_one(".hb-expected").get_text()
            asked = [flat(p.get_text(" ")) for p in section.select("ol.hb-questions .hb-question")]
            assert asked == [words_of(q.question[lang]) for q in c.interview]
            signs = [flat(dd.get_text(" ")) for dd in section.select("dd")]
            assert signs == [words_of(x) for q in c.interview for x in (q.strong[lang], q.weak[lang])]
        sheet = soup.select("table.hb-score tbody tr")
        assert [tr.th.get_text(" ", strip=True) for tr in sheet] == [words_of(c.title[lang]) for c in required(model, role)]
        for tr, c in zip(sheet, required(model, role)):
            assert tr.find_all("td")[0].get_text(strip=True).startswith(str(role.levels[c.id]))
            assert [b.get_text() for b in tr.select(".hb-box")] == [str(s.level) for s in model.handbook.scale]


@pytest.mark.parametrize("lang", LANGS)
def test_interview_guides_print_on_at_most_three_a4_pages_with_the_score_sheet_on_its_own_sheet(page, server, model, lang):
    for role in model.roles:
        reader = print_pdf(page, page_url(server, lang, source_path("interview", role.id)))
        assert len(reader.pages) <= INTERVIEW_PAGES, f"{role.id} ({lang}): {len(reader.pages)} pages"
        assert_clean_paper(pdf_text(reader), lang, model)
        last = squash(reader.pages[-1].extract_text() or "")
        assert squash(model.label("score-sheet", lang)) in last
        assert squash(model.label("candidate", lang)) in last


# --- which role do we need? -------------------------------------------------------------------------------------


def chooser_endings(site: Path, lang: str) -> set[str]:
    """Follow every answer of the built decision path from its first step: the roles its paths end at."""
    path = source_path("chooser")
    here = html_file(site, lang, path).parent
    soup = soup_of(site, lang, path)
    steps = {li["id"]: li for li in soup.select("ol.hb-steps > li")}
    ended: set[str] = set()

    def page_at(href: str) -> Path:
        found = (here / href).resolve()
        return found / "index.html" if found.is_dir() else found

    def walk(sid: str, seen: tuple[str, ...]) -> None:
        answers = steps[sid].select("ul.hb-answers > li")
        assert len(answers) >= 2
        for li in answers:
            target = li.a["href"]
            if target.startswith("#"):
                assert target[1:] in steps, f"answer leads to a missing step {target}"
                assert target[1:] not in seen, f"the path loops back to {target}"
                walk(target[1:], seen + (target[1:],))
            else:
                assert page_at(target).is_file(), f"{target} is not a page of the site"
                assert page_at(li.find_all("a")[1]["href"]).is_file(), "the ending links the role's job description"
                ended.add(page_at(target).parent.name)

    first = soup.select_one("ol.hb-steps > li")["id"]
    walk(first, (first,))
    return ended


@pytest.mark.parametrize("lang", LANGS)
def test_every_path_of_the_role_chooser_ends_at_an_existing_role(site, model, lang):
    assert model.chooser is not None
    ended = chooser_endings(site, lang)
    assert ended <= {r.id for r in model.roles}
    ends = {a.role for step in model.chooser.steps for a in step.answers if a.role}
    assert ended == ends, "every role the chooser names is an ending of the decision path"
    assert len(ended) >= 5, "the five confusable titles are told apart"


def test_the_chooser_works_without_javascript(browser, server, model):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(page_url(server, LANGS[0], source_path("chooser")))
        first = model.chooser.steps[0]
        nxt = next(a for a in first.answers if a.next)
        page.click(f'#step-{first.id} a[href="#step-{nxt.next}"]')
        assert page.evaluate("() => location.hash") == f"#step-{nxt.next}"
        assert page.evaluate(f"() => getComputedStyle(document.getElementById('step-{nxt.next}')).borderLeftColor") != "rgba(0, 0, 0, 0)"
    finally:
        context.close()


def test_a_chooser_that_loops_or_names_an_unknown_role_is_a_located_error(tmp_path):
    root = copy_project(tmp_path)
    (root / "content/model/chooser.yml").write_text(
        "steps:\n"
        "  - id: first\n"
        "    question: {et: Kas?, en: Whether?}\n"
        "    answers:\n"
        "      - {text: {et: Jah, en: 'Yes'}, next: second}\n"
        "      - {text: {et: Ei, en: 'No'}, role: nobody}\n"
        "  - id: second\n"
        "    question: {et: Kas veel?, en: Still?}\n"
        "    answers:\n"
        "      - {text: {et: Jah, en: 'Yes'}, next: first}\n"
        "      - {text: {et: Ei, en: 'No'}, role: hr-manager, next: first}\n"
        "  - id: lost\n"
        "    question: {et: Kus?, en: Where?}\n"
        "    answers:\n"
        "      - {text: {et: Siin, en: Here}, role: hr-manager}\n"
        "      - {text: {et: Seal, en: There}, role: hr-manager}\n",
        encoding="utf-8")
    errors = errors_of(root)
    assert any(e.startswith("content/model/chooser.yml:6:") and "unknown role 'nobody'" in e for e in errors), errors
    assert any(e.startswith("content/model/chooser.yml:10:") and "leads back" in e for e in errors), errors
    assert any(e.startswith("content/model/chooser.yml:11:") and "not both or neither" in e for e in errors), errors
    assert any(e.startswith("content/model/chooser.yml:12:") and "not reached" in e for e in errors), errors


# --- the development plan --------------------------------------------------------------------------------------


def plan(page, server, lang: str, model, role, value: str, goals: bool) -> tuple[str, int]:
    """Answer every question with `value` through the import, choose the role, write a name, print."""
    page.goto(page_url(server, lang, source_path("self-check")))
    data = json.loads(page.text_content("#hb-sc-data"))
    answers = {a["id"]: value for c in data["competencies"] for a in c["activities"]}
    notes = {c.id: " ".join([words_of(c.title[lang])] * 6) for c in model.competencies} if goals else {}
    payload = {"format": data["format"], "version": data["version"], "answers": answers, "notes": notes, "role": role.id}
    page.on("dialog", lambda d: d.accept())
    page.set_input_files("#hb-sc-import", files=[{"name": "a.json", "mimeType": "application/json", "buffer": json.dumps(payload).encode()}])
    page.wait_for_function("() => document.getElementById('hb-sc-status').textContent.length > 0")
    page.click('.hb-sc-steps button[data-step=""]')
    page.fill("#hb-sc-name", "Mari Maasikas")
    reader = printed(page)
    return pdf_text(reader), len(reader.pages)


@pytest.mark.parametrize("lang", LANGS)
def test_the_development_plan_names_the_reader_role_and_next_steps_on_at_most_two_pages(page, server, model, lang):
    # The worst case: every answer the lowest level, a goal for every competency, the role that requires the most.
    role = max(model.roles, key=lambda r: (sum(r.levels.values()), len(r.levels)))
    printed, pages = plan(page, server, lang, model, role, str(model.handbook.scale[0].level), goals=True)
    assert pages <= PLAN_PAGES, f"{lang}: the plan prints on {pages} pages"
    assert_clean_paper(printed, lang, model)
    flat_print = squash(printed)
    assert squash(model.label("sc-plan", lang)) in flat_print
    assert "MariMaasikas" in flat_print
    assert squash(role.title[lang]) in flat_print
    low = model.handbook.scale[0].level
    gaps = sorted((c for c in required(model, role) if role.levels[c.id] > low), key=lambda c: -(role.levels[c.id] - low))
    # The three largest gaps show the next level's suggestions, word for word.
    for c in gaps[:3]:
        d = c.development[low + 1]
        for item in d.assignments + d.learning:
            assert squash(words_of(item[lang])) in flat_print, (c.id, item[lang])
