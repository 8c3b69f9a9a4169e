"""Using the self-check as a reader does, for the browser tests: open a competency, rate, read back, see the results."""

from __future__ import annotations

from conftest import LANGS, page_url
from generator.site import source_path


def url(server: str, lang: str = LANGS[0]) -> str:
    return page_url(server, lang, source_path("self-check"))


def go(page, competency: str) -> None:
    """Open one competency's questions (the page holds one at a time) from the list of competencies."""
    page.click(f'.hb-sc-steps button[data-step="{competency}"]')
    page.wait_for_selector(f'#hb-selfcheck [data-competency="{competency}"]')


def show_results(page) -> None:
    page.click('.hb-sc-steps button[data-step=""]')
    page.wait_for_selector("#hb-sc-results:not([hidden])")


def owners(page) -> dict[str, str]:
    """Each question's competency, from the data the page carries."""
    return page.evaluate("""() => Object.fromEntries(JSON.parse(document.getElementById('hb-sc-data').textContent)
        .competencies.flatMap(c => c.activities.map(a => [a.id, c.id])))""")


def answer(page, answers: dict[str, str]) -> None:
    """Rate each activity, going to its competency first when another one is on the page."""
    where = owners(page)
    for activity, value in answers.items():
        radio = page.locator(f'#hb-selfcheck input[name="{activity}"][value="{value}"]')
        if not radio.count():
            go(page, where[activity])
        radio.check()


def checked(page) -> dict[str, str]:
    """Every answer the page shows, competency by competency."""
    out: dict[str, str] = {}
    for competency in dict.fromkeys(owners(page).values()):
        go(page, competency)
        out.update(page.eval_on_selector_all("#hb-selfcheck input:checked", "els => Object.fromEntries(els.map(e => [e.name, e.value]))"))
    return out
