"""Shared fixtures: the project paths, one build of the whole site per session, and a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from generator.pages import site_of
from generator.site import Site
from generator.validate import load_model

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@functools.cache
def addresses(root: Path = ROOT) -> Site:
    """The shipped handbook's languages and page addresses: tests ask it, never spell a path."""
    return site_of(load_model(root))


# The shipped handbook's languages, the first at the site root: read from the handbook file itself
# (collection must not run the generator's code, which mutation testing replaces).
LANGS = tuple(x["code"] for x in yaml.safe_load((ROOT / "content" / "model" / "handbook.yml").read_text(encoding="utf-8"))["languages"])


def html_file(site_dir: Path, lang: str, path: str, site: Site | None = None) -> Path:
    """The built HTML file of a page's source path (competencies/x.md) in one language."""
    address = (site or addresses()).address(lang, path)
    return site_dir / address / "index.html" if address.endswith("/") or address == "" else site_dir / address


def page_url(server: str, lang: str, path: str) -> str:
    """The address a browser opens for a page's source path in one language."""
    return f"{server}/{addresses().address(lang, path)}"


def errors_of(root: Path) -> list[str]:
    """Every line `handbook check` prints for a handbook folder, or none when it loads."""
    from generator.errors import ModelError
    from generator.validate import load_model

    try:
        load_model(root)
    except ModelError as exc:
        return [str(e) for e in exc.errors]
    return []


def copy_project(dest: Path, content: Path | None = None) -> Path:
    """A throwaway copy of the project (mkdocs.yml, overrides, content) to build or break."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(content or ROOT / "content", dest / "content")
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped handbook built once, both languages, strict: shared by every site test."""
    from generator.build import build_site

    out = tmp_path_factory.mktemp("built") / "site"
    build_site(ROOT, out, strict=True)
    return out


@pytest.fixture(scope="session")
def model():
    from generator.validate import load_model

    return load_model(ROOT)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path):
    """The built site served on loopback, as a static host would serve it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _launch(playwright):
    """Playwright's own Chromium where installed, otherwise Debian's /usr/bin/chromium."""
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
    errors = []
    try:
        return playwright.chromium.launch(args=args)
    except Exception as exc:  # no Playwright-managed browser on this machine
        errors.append(str(exc).splitlines()[0])
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if Path(path).exists():
            return playwright.chromium.launch(executable_path=path, args=args)
    message = "no Chromium for browser tests: " + "; ".join(errors)
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing browser is a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed (CI=true: a missing browser is a failure)")
        pytest.skip("playwright is not installed")
    with sync_playwright() as p:
        b = _launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)  # a broken page fails in seconds instead of hanging the run
    yield pg
    context.close()
