"""Building: a failed build changes nothing, plain MkDocs works, and serve rebuilds on a YAML edit."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

from conftest import MINIMAL, ROOT, addresses, copy_project, html_file
from generator.build import build_site
from generator.errors import ModelError
from generator.pages import site_of
from generator.project import THEME_DIR
from generator.site import source_path
from generator.validate import load_model


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project_with_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("project"))
    build_site(root, root / "site")
    return root


@contextmanager
def edited(path: Path, change: Callable[[str], str]) -> Iterator[None]:
    """A file of the shared project changed for one test, and put back afterwards."""
    original = path.read_text(encoding="utf-8")
    path.write_text(change(original), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("where,change,error", [
    # a duplicate key: the check refuses before anything is written
    ("model/roles/customer-service-manager.yml", lambda text: text + "scope: strategic\n", ModelError),
    # a broken link: the check refuses it too, before anything is written
    ("pages/en/about.md", lambda text: text + "\n[gone](no-such-page.md)\n", ModelError),
    # the same link past the check, as a mistake only MkDocs finds would be: Estonian was
    # already built when MkDocs fails on English, and must not replace the old site
    ("pages/en/about.md", lambda text: text + "\n[gone](no-such-page.md)\n", MkDocsException),
])
def test_failed_build_leaves_site_untouched(project_with_site, where, change, error, monkeypatch):
    root = project_with_site
    if error is MkDocsException:
        monkeypatch.setattr("generator.validate.check_handbook_links", lambda *args: None)
    before = snapshot(root / "site")
    with edited(root / "content" / where, change), pytest.raises(error):
        build_site(root, root / "site")
    assert snapshot(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")], "no temporary folder is left behind"


def test_cli_build_reports_and_exits_1(project_with_site, tmp_path):
    root = project_with_site
    comp = next((root / "content" / "model" / "competencies").glob("*.yml"))
    with edited(comp, lambda text: text.replace("title:", "titel:", 1)):
        r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "build", "--site-dir", str(tmp_path / "out")],
                           capture_output=True, text=True, cwd=root)
    assert r.returncode == 1
    assert f"content/model/competencies/{comp.name}:" in r.stderr and "unknown key 'titel'" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_plain_mkdocs_build_makes_the_estonian_site(tmp_path):
    """MkDocs users expect `mkdocs build` with the repository's mkdocs.yml to work."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("HANDBOOK_LANG", None)
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "out" / "competencies").iterdir().__next__() / "index.html"
    assert '<html lang="et"' in html.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def wait_for(url: str, expected: str, timeout: float = 60) -> str:
    """The page at url once it contains expected (the preview rebuilds in the background)."""
    deadline = time.monotonic() + timeout
    html = ""
    while time.monotonic() < deadline:
        try:
            html = _get(url)
        except urllib.error.HTTPError as exc:
            html = exc.read().decode("utf-8")
        except OSError:
            pass
        if expected in html:
            return html
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {expected!r}; last answer: {html[:300]!r}")


def test_serve_previews_every_language_shows_errors_and_reloads_after_a_fix(tmp_path):
    """The maintainer's loop: every language is served, a broken file shows its located error on the page, a save fixes it."""
    root = copy_project(tmp_path, content=MINIMAL / "content")
    site = addresses(root)
    role = root / "content" / "model" / "roles" / "agent.yml"
    good = role.read_text(encoding="utf-8")
    role.write_text(good.replace("title:", "titel:", 1), encoding="utf-8")  # broken before the server starts
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=root)
    first, second = site.languages[:2]
    url = lambda lang: f"http://127.0.0.1:{port}/{site.address(lang, source_path('role', 'agent'))}"  # noqa: E731
    try:
        page = wait_for(url(first), "unknown key")
        assert "content/model/roles/agent.yml:" in page and "livereload" in page, "the error names its file and the page reloads itself"
        role.write_text(good, encoding="utf-8")
        assert "livereload" in wait_for(url(first), "Teenindaja")
        assert "Agent" in wait_for(url(second), "Agent"), "the other language is served too"
        role.write_text(good.replace("et: Teenindaja,", "et: Klienditeenindaja,", 1), encoding="utf-8")
        wait_for(url(first), "Klienditeenindaja")
        # the project's own overrides/ replaces the generator's theme file of the same name, and a save there reloads
        css = root / "overrides" / "assets" / "handbook.css"
        css.parent.mkdir(parents=True, exist_ok=True)
        css.write_text((THEME_DIR / "assets" / "handbook.css").read_text(encoding="utf-8") + "\n/* preview-marker */\n", encoding="utf-8")
        wait_for(f"http://127.0.0.1:{port}/assets/handbook.css", "preview-marker")
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "Traceback" not in out, out


def _preview_folder(proc: subprocess.Popen, lines: list[str]) -> Path:
    """The folder `handbook serve` builds into, from the first line it prints."""
    line = proc.stdout.readline().decode("utf-8", "replace")
    lines.append(line)
    assert line.startswith("Building the preview in "), line
    return Path(line.removeprefix("Building the preview in ").strip())


def test_a_save_rebuilds_only_the_pages_it_changes_and_the_open_page_reloads_with_the_edit(tmp_path, browser):
    """The maintainer edits one competency: the open page reloads showing the new words; a page that does not
    read that competency is not rendered again (its file is untouched), nor is the same page in the other language."""
    root = copy_project(tmp_path, content=MINIMAL / "content")
    site = addresses(root)
    first, second = site.languages[:2]
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=root)
    lines: list[str] = []
    page = browser.new_page()
    try:
        folder = _preview_folder(proc, lines)
        url = f"http://127.0.0.1:{port}/{site.address(first, source_path('competency', 'planning'))}"
        wait_for(url, "Seab eesmärgid ja kava")
        unrelated = [html_file(folder, first, source_path("activity", "ask-questions"), site),
                     html_file(folder, second, source_path("competency", "planning"), site)]
        before = [p.stat().st_mtime_ns for p in unrelated]
        page.goto(url)
        comp = root / "content" / "model" / "competencies" / "planning.yml"
        comp.write_text(comp.read_text(encoding="utf-8").replace("Seab eesmärgid ja kava.", "Seab eesmärgid ja kava ning tähtajad."), encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('Seab eesmärgid ja kava ning tähtajad')", timeout=60_000)
        assert [p.stat().st_mtime_ns for p in unrelated] == before, "a page that does not show the edit was rendered again"
        assert html_file(folder, first, source_path("competency", "planning"), site).read_text(encoding="utf-8").count("tähtajad") == 1
    finally:
        page.close()
        proc.terminate()
        out = "".join(lines) + proc.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "Traceback" not in out, out
    assert "Preview rebuilt (everything)" in out
    rebuilt = [line for line in out.splitlines() if line.startswith("Preview rebuilt (") and "everything" not in line]
    assert rebuilt, out
    assert all(int(line.split("(", 1)[1].split()[0]) <= 8 for line in rebuilt), rebuilt


def test_the_plugins_content_dir_is_where_check_and_build_read(tmp_path):
    """mkdocs.yml may keep the content elsewhere (plugins: handbook: content_dir:); check, build and the plugin all read it there."""
    root = copy_project(tmp_path, content=MINIMAL / "content")
    (root / "content").rename(root / "handbook-content")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - handbook:\n", "  - handbook:\n      content_dir: handbook-content\n")
                      .replace("docs_dir: content/pages", "docs_dir: handbook-content/pages"), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("OK"), r.stderr
    agent = root / "handbook-content" / "model" / "roles" / "agent.yml"
    agent.write_text(agent.read_text(encoding="utf-8") + "salary: 1\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith("handbook-content/model/roles/agent.yml:"), r.stderr
    agent.write_text(agent.read_text(encoding="utf-8").replace("salary: 1\n", ""), encoding="utf-8")
    build_site(root, root / "site")
    site = site_of(load_model(root, "handbook-content"))
    assert html_file(root / "site", site.default, source_path("role", "agent"), site).is_file()


def test_editor_backup_files_are_not_published(tmp_path):
    """x.md~ and .#x.md next to a page are an editor's, not the handbook's: the loader ignores them, and so does the site."""
    root = copy_project(tmp_path, content=MINIMAL / "content")
    site = addresses(root)
    for lang in site.languages:
        folder = root / "content" / "pages" / lang
        (folder / "index.md~").write_text("# old draft\n", encoding="utf-8")
        (folder / "#index.md#").write_text("# autosave\n", encoding="utf-8")
    build_site(root, root / "site")
    published = {p.name for p in (root / "site").rglob("*")}
    assert not {"index.md~", "#index.md#"} & published


def test_check_with_a_broken_mkdocs_yml_says_so_in_one_line(tmp_path):
    root = copy_project(tmp_path, content=MINIMAL / "content")
    (root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - handbook:\n      content_dir: [\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"], capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("error: mkdocs.yml: ") and r.stderr.count("\n") == 1 and "line 5, column 1" in r.stderr


def test_content_dir_in_either_form_of_the_plugins_setting(tmp_path):
    from generator.project import content_dir_of

    config = tmp_path / "mkdocs.yml"
    assert content_dir_of(tmp_path) == "content", "no mkdocs.yml: the default"
    for plugins in ("plugins:\n  - search\n  - handbook:\n      content_dir: hc\n", "plugins:\n  search: {}\n  handbook:\n    content_dir: hc\n"):
        config.write_text("site_name: x\n" + plugins, encoding="utf-8")
        assert content_dir_of(tmp_path) == "hc"
    config.write_text("site_name: x\nplugins:\n  - handbook\n", encoding="utf-8")
    assert content_dir_of(tmp_path) == "content"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_preview_rebuilt_after_edits_equals_a_fresh_build(tmp_path):
    """The pages an edit leaves alone are really the same: after each edit (five to model files, one to a hand-written
    page), the preview's folder equals a preview built from nothing, file for file (the search index may list its
    entries in another order)."""
    import json

    import yaml

    from generator.preview import Preview

    root = copy_project(tmp_path / "hb", content=ROOT / "content") if (tmp_path / "hb").mkdir() is None else None
    kept = Preview(root, tmp_path / "kept")
    (tmp_path / "kept").mkdir()
    kept.build()
    comps, roles = root / "content" / "model" / "competencies", root / "content" / "model" / "roles"

    def edit(path: Path, change: Callable[[dict], None]) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    edits: list[tuple[Path, Callable[[dict], None] | None]] = [
        (comps / "measurement.yml", lambda d: d["description"].update(et="Uus kirjeldus, mida keegi varem ei näinud.")),
        (comps / "customer-insight.yml", lambda d: d["activities"][0]["title"].update(en="Segments the customers anew")),
        (comps / "service-quality.yml", lambda d: d["levels"].update({2: {"et": "Uus tasemetekst.", "en": "A new level text."}})),
        (roles / "quality-manager.yml", lambda d: d["levels"].update({"measurement": 3})),
        (comps / "culture-change.yml", lambda d: d["activities"][1]["examples"].append({"et": "Uus näide.", "en": "A new example."})),
    ]
    about = root / "content" / "pages" / "et" / "about.md"
    edits.append((about, None))  # a hand-written page: MkDocs rebuilds it because its file is newer than its page
    for i, (path, change) in enumerate(edits):
        if change is None:
            path.write_text(path.read_text(encoding="utf-8") + "\nUus lõik lehe lõpus.\n", encoding="utf-8")
        else:
            edit(path, change)
        kept.build()
        assert not kept.errors, kept.errors
        fresh_dir = tmp_path / f"fresh{i}"
        fresh_dir.mkdir()
        Preview(root, fresh_dir).build()
        a, b = _tree(tmp_path / "kept"), _tree(fresh_dir)
        assert set(a) == set(b), (path.name, set(a) ^ set(b))
        for name in a:
            if name.endswith("search_index.json"):
                docs = lambda raw: sorted(json.dumps(d, sort_keys=True) for d in json.loads(raw)["docs"])  # noqa: E731
                assert docs(a[name]) == docs(b[name]), (path.name, name)
            else:
                assert a[name] == b[name], (path.name, name)
