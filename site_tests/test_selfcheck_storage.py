"""The self-check never loses answers: import merges and asks, a refused save says so and keeps the
last saved state, carry-over only from older model versions, and one key per site (its base path)."""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest
from selfcheck_driver import answer, checked, go, show_results, url

from conftest import LANGS

PREFIX = "handbook-selfcheck:"
QUOTA = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};"""
DISABLED = """Object.defineProperty(window, "localStorage", {
  configurable: true, get: function () { throw new DOMException("The operation is insecure.", "SecurityError"); }
});"""




def key(version: str, base: str = "/") -> str:
    """The storage key of one site (its base path, as the browser sees it) and model version."""
    return f"{PREFIX}{base}:{version}"


def older_and_newer(version: str) -> tuple[str, str, str]:
    """Two versions older than the model's, "Y.9" and "Y.10" (text order would take .9), and a newer one."""
    major = int(version.split(".")[0])
    return f"{major - 1}.9", f"{major - 1}.10", f"{major + 1}.0"


def stored(version: str, answers: dict[str, str], **rest) -> str:
    return json.dumps({"format": "handbook-selfcheck", "version": version, "answers": answers, **rest})


def seed(page, items: dict[str, str], reload: bool = True) -> None:
    """Exactly these items in localStorage; by default the page then loads them."""
    page.evaluate("items => { localStorage.clear(); for (const k in items) localStorage.setItem(k, items[k]); }", items)
    if reload:
        page.reload()


def storage(page) -> dict[str, str]:
    return page.evaluate("Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))")










def notes(page, competency: str, text: str | None = None) -> str:
    """A competency's notes as the page shows them; with a text, typed in first."""
    go(page, competency)
    if text is not None:
        page.fill(f"#notes-{competency}", text)
    return page.input_value(f"#notes-{competency}")




def wait_status(page, text: str) -> str:
    page.wait_for_function("t => document.getElementById('hb-sc-status').textContent.includes(t)", arg=text)
    return page.text_content("#hb-sc-status")


def label(model, name: str, n: int | None = None) -> str:
    """A label as the page shows it; with a count, in its plural form: Estonian says "1 vastus" but "2 vastust"."""
    assert LANGS[0] == "et"
    text = model.label(f"{name}-one" if n == 1 and name in PLURAL else name, LANGS[0])
    return text if n is None else text.replace("{n}", str(n))


# The labels with a count that have a singular form.
PLURAL = {"sc-saved", "sc-restored", "sc-carried", "sc-imported", "sc-import-confirm"}


@pytest.fixture
def fresh(page, server):
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url(server))
    page.evaluate("localStorage.clear()")
    page.reload()
    return page


def import_file(page, tmp_path, data: dict) -> None:
    path = tmp_path / "import.json"
    path.write_text(json.dumps({"format": "handbook-selfcheck", **data}), encoding="utf-8")
    page.set_input_files("#hb-sc-import", str(path))


# --- import merges into what is there -----------------------------------------------------------

@pytest.fixture
def answered(fresh):
    answer(fresh, {"map-customer-segments": "3", "define-cx-vision": "2"})
    notes(fresh, "customer-insight", "oma märge")
    fresh.select_option("#hb-sc-role", "quality-manager")
    return fresh


FILE = {"answers": {"map-customer-segments": "4", "define-cx-vision": "2", "choose-cx-metrics": "1"},
        "notes": {"customer-insight": "faili märge", "measurement": "uus märge"}, "role": "hr-manager"}


def test_import_merges_once_the_replacement_is_confirmed(answered, tmp_path, model):
    messages: list[str] = []
    answered.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    import_file(answered, tmp_path, FILE)
    wait_status(answered, label(model, "sc-imported", 3))
    # one answer and one note differ; the same value for define-cx-vision replaces nothing
    assert messages == [label(model, "sc-import-confirm", 2)]
    merged = {"map-customer-segments": "4", "define-cx-vision": "2", "choose-cx-metrics": "1"}
    assert checked(answered) == merged
    assert notes(answered, "customer-insight") == "faili märge"
    assert notes(answered, "measurement") == "uus märge"
    assert answered.input_value("#hb-sc-role") == "hr-manager"
    answered.reload()
    assert checked(answered) == merged
    assert notes(answered, "measurement") == "uus märge"


def test_import_dismissed_changes_nothing(answered, tmp_path, model):
    before = storage(answered)
    messages: list[str] = []
    answered.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    import_file(answered, tmp_path, FILE)
    wait_status(answered, label(model, "sc-import-cancelled"))
    assert messages == [label(model, "sc-import-confirm", 2)]
    assert checked(answered) == {"map-customer-segments": "3", "define-cx-vision": "2"}
    assert notes(answered, "customer-insight") == "oma märge"
    assert notes(answered, "measurement") == ""
    assert answered.input_value("#hb-sc-role") == "quality-manager"
    assert storage(answered) == before


def test_import_that_replaces_nothing_merges_without_asking(answered, tmp_path, model):
    answered.on("dialog", lambda d: pytest.fail(f"asked although nothing is replaced: {d.message}"))
    import_file(answered, tmp_path, {"answers": {"choose-cx-metrics": "1", "define-cx-vision": "2"}, "notes": {}})
    wait_status(answered, label(model, "sc-imported", 2))
    assert checked(answered) == {"map-customer-segments": "3", "define-cx-vision": "2", "choose-cx-metrics": "1"}
    assert notes(answered, "customer-insight") == "oma märge"
    assert answered.input_value("#hb-sc-role") == "quality-manager", "a file without a known role keeps the chosen one"


def test_import_with_no_known_activity_changes_nothing(answered, tmp_path, model):
    answered.on("dialog", lambda d: pytest.fail(f"asked about an import that changes nothing: {d.message}"))
    before = storage(answered)
    import_file(answered, tmp_path, {"answers": {"an-activity-of-another-handbook": "4"},
                                     "notes": {"another-competency": "x", "customer-insight": ""}, "role": "hr-manager"})
    wait_status(answered, label(model, "sc-import-nothing"))
    assert checked(answered) == {"map-customer-segments": "3", "define-cx-vision": "2"}
    assert notes(answered, "customer-insight") == "oma märge"
    assert answered.input_value("#hb-sc-role") == "quality-manager"
    assert storage(answered) == before


# --- a refused save says so and keeps the last saved state ------------------------------------------

def test_quota_error_is_said_and_the_last_saved_answers_stay(fresh, server, model):
    answer(fresh, {"map-customer-segments": "3", "define-cx-vision": "2"})
    saved = storage(fresh)
    fresh.add_init_script(QUOTA)
    fresh.reload()
    assert checked(fresh) == {"map-customer-segments": "3", "define-cx-vision": "2"}, "answers load while saving fails"
    answer(fresh, {"map-customer-segments": "1", "choose-cx-metrics": "4"})
    notes(fresh, "measurement", "ei jää alles")
    fresh.select_option("#hb-sc-role", "hr-manager")
    text = wait_status(fresh, label(model, "sc-not-saved"))
    assert label(model, "sc-saved", 3) not in text
    assert fresh.is_checked('input[name="choose-cx-metrics"][value="4"]'), "the page still works with the answers"
    show_results(fresh)
    assert fresh.locator("#hb-sc-results").is_visible()
    assert fresh.locator('#hb-sc-table tr[data-competency="measurement"] td').nth(1).text_content() == "4,0"
    assert storage(fresh) == saved
    assert fresh.errors == []
    # setItem restored: a new page of the same browser shows the earlier saved answers
    again = fresh.context.new_page()
    again.goto(url(server))
    assert checked(again) == {"map-customer-segments": "3", "define-cx-vision": "2"}
    assert notes(again, "measurement") == ""
    assert again.input_value("#hb-sc-role") == ""


def test_carry_over_that_cannot_be_saved_keeps_the_older_answers(fresh, model):
    _, older, _ = older_and_newer(model.handbook.version)
    seed(fresh, {key(older): stored(older, {"map-customer-segments": "4"})}, reload=False)
    before = storage(fresh)
    fresh.add_init_script(QUOTA)
    fresh.reload()
    wait_status(fresh, label(model, "sc-not-saved"))
    assert checked(fresh) == {"map-customer-segments": "4"}
    assert storage(fresh) == before, "the older answers are removed only once stored under the new key"


def test_storage_refused_altogether_is_said(fresh, model):
    fresh.add_init_script(DISABLED)
    fresh.reload()
    answer(fresh, {"map-customer-segments": "3"})
    wait_status(fresh, label(model, "sc-not-saved"))
    show_results(fresh)
    assert fresh.locator("#hb-sc-results").is_visible()
    assert fresh.errors == []


# --- carry-over only from older model versions ------------------------------------------------------

def test_versions_are_compared_part_by_part(fresh):
    cases = [("2022.10", "2022.9", 1), ("2023.1", "2022.12", 1), ("2022.1", "2022.1", 0), ("2022", "2022.1", -1),
             ("2022.9", "2022.10", -1), ("2022.1.b", "2022.1.a", 1), ("2022.2", "2022.10", -1)]
    got = fresh.evaluate("cases => cases.map(c => window.hbSelfCheck.compare(c[0], c[1]))", cases)
    assert got == [c[2] for c in cases]


def test_carry_over_takes_the_newest_older_version_by_number(fresh, model):
    nine, ten, _ = older_and_newer(model.handbook.version)
    seed(fresh, {key(nine): stored(nine, {"map-customer-segments": "1"}),
                 key(ten): stored(ten, {"map-customer-segments": "4", "gone-activity": "2"})})
    wait_status(fresh, label(model, "sc-carried", 1))
    assert checked(fresh) == {"map-customer-segments": "4"}
    keys = storage(fresh)
    assert key(ten) not in keys
    assert json.loads(keys[key(model.handbook.version)])["answers"] == {"map-customer-segments": "4"}


def test_never_carries_over_from_a_newer_version(fresh, model):
    _, ten, newer = older_and_newer(model.handbook.version)
    newer_value = stored(newer, {"map-customer-segments": "2", "define-cx-vision": "3"})
    seed(fresh, {key(newer): newer_value, key(ten): stored(ten, {"map-customer-segments": "4"})})
    wait_status(fresh, label(model, "sc-restored", 1))
    assert checked(fresh) == {"map-customer-segments": "4"}
    assert storage(fresh)[key(newer)] == newer_value, "a newer version's answers are left untouched"
    # with only a newer version stored, nothing is taken and nothing is written
    seed(fresh, {key(newer): newer_value})
    assert checked(fresh) == {}
    assert storage(fresh) == {key(newer): newer_value}


def test_old_key_format_is_migrated_once(fresh, model):
    version = model.handbook.version
    _, older, newer = older_and_newer(version)
    seed(fresh, {f"{PREFIX}{version}": stored(version, {"map-customer-segments": "3"}, notes={"measurement": "vana"}),
                 f"{PREFIX}{older}": stored(older, {"map-customer-segments": "1"}),
                 f"{PREFIX}{newer}": stored(newer, {"map-customer-segments": "2"})})
    text = wait_status(fresh, label(model, "sc-restored", 1))
    assert label(model, "sc-carried", 0) not in text, "the same version: nothing was lost, so nothing to explain"
    assert checked(fresh) == {"map-customer-segments": "3"}
    assert notes(fresh, "measurement") == "vana"
    keys = storage(fresh)
    assert f"{PREFIX}{version}" not in keys
    assert f"{PREFIX}{newer}" in keys
    assert key(version) in keys
    # once only: the site's own key is read from now on
    answer(fresh, {"define-cx-vision": "4"})
    fresh.reload()
    assert checked(fresh) == {"map-customer-segments": "3", "define-cx-vision": "4"}


def test_old_key_format_of_an_older_version_is_carried_over(fresh, model):
    _, older, _ = older_and_newer(model.handbook.version)
    seed(fresh, {f"{PREFIX}{older}": stored(older, {"map-customer-segments": "2"})})
    wait_status(fresh, label(model, "sc-carried", 0))
    assert checked(fresh) == {"map-customer-segments": "2"}
    assert list(storage(fresh)) == [key(model.handbook.version)]


# --- one key per site -------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def two_sites(site, tmp_path_factory):
    """The same built site served twice on one host, under /a/ and under /b/."""
    root = tmp_path_factory.mktemp("host")
    (root / "a").symlink_to(site, target_is_directory=True)
    (root / "b").symlink_to(site, target_is_directory=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_the_key_names_the_sites_base_path(fresh, model):
    answer(fresh, {"map-customer-segments": "3"})
    assert list(storage(fresh)) == [key(model.handbook.version, "/")]


def test_two_sites_on_one_host_keep_their_own_answers(page, two_sites, model):
    a, b = f"{two_sites}/a", f"{two_sites}/b"
    page.goto(url(a))
    page.evaluate("localStorage.clear()")
    page.reload()
    answer(page, {"map-customer-segments": "3"})
    assert list(storage(page)) == [key(model.handbook.version, "/a/")]
    for lang in LANGS[1:]:  # every language of one site shares its answers
        page.goto(url(a, lang))
        assert checked(page) == {"map-customer-segments": "3"}
    page.goto(url(b))
    assert checked(page) == {}, "another site on the same host does not see them"
    answer(page, {"define-cx-vision": "1"})
    page.goto(url(b, LANGS[-1]))
    assert checked(page) == {"define-cx-vision": "1"}
    page.goto(url(a))
    assert checked(page) == {"map-customer-segments": "3"}
    assert sorted(storage(page)) == sorted([key(model.handbook.version, "/a/"), key(model.handbook.version, "/b/")])
