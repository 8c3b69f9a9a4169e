"""The reader's budget, the part fast enough for every test run (issue #21): HTML_CodeSniffer through
pa11y finds no WCAG 2 AA error on the page kinds with forms and toggles, in every language; and the
audit's local host compresses like a static host, so its weights are what a reader downloads.
Lighthouse's scores and weights are measured by hand: `python benchmarks/audit.py` (BENCHMARKS.md)."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from conftest import IN_CI, LANGS, ROOT, page_url

sys.path.insert(0, str(ROOT / "benchmarks"))

import audit

from generator.site import source_path

# Every page has the header's search form; these add the page kinds with their own forms, toggles
# and tables: the self-check, the any-two comparison, the matrix (no table of contents), a role.
KINDS = {
    "home": source_path("home"),
    "role": source_path("role", "customer-experience-manager"),
    "matrix": source_path("matrix"),
    "self-check": source_path("self-check"),
    "compare-any": source_path("compare-any"),
}


def _missing(message: str) -> None:
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing tool is a failure)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def pa11y_tools() -> str:
    """Chromium for pa11y, with pa11y installed from package-lock.json when npm is there (without a browser of its own)."""
    browser = audit.chromium()
    if not browser:
        _missing("pa11y needs Chromium (apt-get install chromium)")
    if not shutil.which("node"):
        _missing("pa11y needs node and npm")
    if not (ROOT / "node_modules" / "pa11y").is_dir() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ROOT, capture_output=True, timeout=600,
                       env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    if not (ROOT / "node_modules" / "pa11y").is_dir():
        _missing("pa11y is not installed: PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts")
    assert browser is not None
    return browser


def test_pa11y_finds_no_wcag2aa_error(server, pa11y_tools):
    urls = {f"{kind} ({lang})": page_url(server, lang, path) for kind, path in KINDS.items() for lang in LANGS}
    found = audit.pa11y(list(urls.values()), pa11y_tools)
    errors = [f"{name}: {e['code']} at {e['selector']}: {e['context']}" for name, url in urls.items() for e in found[url]]
    assert errors == []


@pytest.fixture(scope="module")
def host(site):
    httpd, base = audit.serve(site)
    yield base
    httpd.shutdown()


def _get(url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_the_audit_host_compresses_text_as_a_static_host_does(site, host):
    status, headers, body = _get(host)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (site / "index.html").read_bytes()
    status, headers, body = _get(host, gzip_ok=False)
    assert "Content-Encoding" not in headers and body == (site / "index.html").read_bytes(), "only to a browser that asks"
    status, headers, _ = _get(host + "assets/images/favicon.png")
    assert status == 200 and "Content-Encoding" not in headers, "images are not compressed again"


def test_the_audit_host_redirects_folders_and_answers_404_with_the_page(site, host):
    lang = LANGS[-1]
    folder = page_url(host.rstrip("/"), lang, source_path("roles"))
    request = urllib.request.Request(folder.rstrip("/"), method="HEAD")
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a: None}))
    with pytest.raises(urllib.error.HTTPError) as e:
        opener.open(request, timeout=10)
    assert e.value.code == 301 and e.value.headers["Location"].endswith("/")
    status, _, body = _get(host + "no-such-page/", gzip_ok=False)
    assert status == 404 and body == (site / "404.html").read_bytes()
    status, _, _ = _get(host + "../../etc/passwd", gzip_ok=False)
    assert status == 404, "nothing outside the site"
