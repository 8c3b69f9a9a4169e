"""Building: a failed build changes nothing, plain MkDocs works, and serve rebuilds on a YAML edit."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from generator.build import build_site
from generator.errors import ModelError
from mkdocs.exceptions import MkDocsException


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project_with_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("project"))
    build_site(root, root / "site")
    return root


def test_content_error_leaves_site_untouched(project_with_site):
    root = project_with_site
    before = snapshot(root / "site")
    role = root / "content" / "model" / "roles" / "customer-service-manager.yml"
    original = role.read_text(encoding="utf-8")
    role.write_text(original + "scope: strategic\n", encoding="utf-8")  # a duplicate key
    try:
        with pytest.raises(ModelError):
            build_site(root, root / "site")
    finally:
        role.write_text(original, encoding="utf-8")
    assert snapshot(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")], "no temporary folder is left behind"


def test_failure_in_second_language_leaves_site_untouched(project_with_site):
    """Estonian builds, English fails on a broken link: the half-made site must never replace the old one."""
    root = project_with_site
    before = snapshot(root / "site")
    page = root / "content" / "pages" / "en" / "about.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n[gone](no-such-page.md)\n", encoding="utf-8")
    try:
        with pytest.raises(MkDocsException):
            build_site(root, root / "site")
    finally:
        page.write_text(original, encoding="utf-8")
    assert snapshot(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")]


def test_cli_build_reports_and_exits_1(project_with_site, tmp_path):
    root = project_with_site
    comp = next((root / "content" / "model" / "competencies").glob("*.yml"))
    original = comp.read_text(encoding="utf-8")
    comp.write_text(original.replace("title:", "titel:", 1), encoding="utf-8")
    try:
        r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "build", "--site-dir", str(tmp_path / "out")],
                           capture_output=True, text=True, cwd=root)
    finally:
        comp.write_text(original, encoding="utf-8")
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


def test_serve_rebuilds_after_a_yaml_edit(tmp_path):
    root = copy_project(tmp_path)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}/roles/customer-service-manager/"
    try:
        deadline = time.monotonic() + 60
        html = ""
        while time.monotonic() < deadline:
            try:
                html = _get(url)
                break
            except OSError:
                time.sleep(0.3)
        assert "Klienditeeninduse juht" in html
        assert "livereload" in html, "the served page carries MkDocs' live-reload script"
        role = root / "content" / "model" / "roles" / "customer-service-manager.yml"
        role.write_text(role.read_text(encoding="utf-8").replace("et: Klienditeeninduse juht\n", "et: Teeninduse tippjuht\n", 1), encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "Teeninduse tippjuht" not in html:
            time.sleep(0.3)
            html = _get(url)
        assert "Teeninduse tippjuht" in html
    finally:
        proc.terminate()
        proc.wait(timeout=10)
