"""The maintainer's path under stress: random and mutated model files end in a model or located errors,
never a traceback; odd characters come out escaped and intact; builds are reproducible and all-or-nothing."""

from __future__ import annotations

import hashlib
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, ROOT, addresses, copy_project, html_file
from generator.build import build_site
from generator.errors import ModelError
from generator.site import source_path
from generator.validate import load_model

LOCATED = re.compile(r"^content/[\w./-]+:\d+:\d+: \S")
FILES = ["content/model/handbook.yml", "content/model/competencies/listening.yml", "content/model/roles/agent.yml", "content/model/glossary.yml"]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def load_or_errors(root: Path) -> None:
    """The only two outcomes a maintainer may see: a model, or errors that each name file:line:col."""
    try:
        load_model(root)
    except ModelError as exc:
        assert exc.errors
        for err in exc.errors:
            assert LOCATED.match(str(err)), str(err)


def fresh_copy(workdir: Path) -> Path:
    root = workdir / "project"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(MINIMAL / "content", root / "content")
    return root


@SETTINGS
@given(data=st.data())
def test_mutated_files_give_a_model_or_located_errors(workdir, data):
    root = fresh_copy(workdir)
    path = root / data.draw(st.sampled_from(FILES))
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    kind = data.draw(st.sampled_from(["delete", "duplicate", "insert", "replace-char", "truncate", "indent"]))
    i = data.draw(st.integers(0, max(0, len(lines) - 1)))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "insert":
        lines.insert(i, data.draw(st.text(alphabet=st.sampled_from(list("abc:- {}[],'\"\n#&*!|>õ😀<")), max_size=30)) + "\n")
    elif kind == "replace-char":
        pos = data.draw(st.integers(0, max(0, len(text) - 1)))
        ch = data.draw(st.sampled_from(list(":-{}[],'\"\t &*!|>%@`")))
        lines = [text[:pos] + ch + text[pos + 1:]]
    elif kind == "truncate":
        lines = [text[: data.draw(st.integers(0, len(text)))]]
    else:
        lines[i] = "  " + lines[i]
    path.write_text("".join(lines), encoding="utf-8")
    load_or_errors(root)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10) | st.sampled_from(["id", "title", "et", "en", "levels"]), children, max_size=5),
    max_leaves=20,
)


@SETTINGS
@given(value=yaml_values, target=st.sampled_from(FILES))
def test_random_documents_give_a_model_or_located_errors(workdir, value, target):
    root = fresh_copy(workdir)
    (root / target).write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    load_or_errors(root)


@SETTINGS
@given(field=st.sampled_from(["title", "summary", "description"]), lang=st.sampled_from(["et", "en"]), value=yaml_values)
def test_wrong_values_in_a_known_field_are_located(workdir, field, lang, value):
    root = fresh_copy(workdir)
    path = root / "content/model/competencies/listening.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field][lang] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_or_errors(root)


TRICKY = "Küsib `<script>alert(1)</script>` & \"miks\" ja 'kuidas' 😀 õäöü ŠŽ | A&B <3"


def test_odd_characters_come_out_escaped_and_intact(tmp_path):
    (tmp_path / "p").mkdir()
    root = copy_project(tmp_path / "p", content=MINIMAL / "content")
    comp = root / "content/model/competencies/listening.yml"
    data = yaml.safe_load(comp.read_text(encoding="utf-8"))
    for field in ("title", "summary", "description"):
        data[field]["et"] = f"{TRICKY} ({field})"
    data["activities"][0]["title"]["et"] = f"{TRICKY} (activity)"
    comp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    role = root / "content/model/roles/agent.yml"
    rdata = yaml.safe_load(role.read_text(encoding="utf-8"))
    rdata["title"]["et"] = f"{TRICKY} (role)"
    rdata["purpose"]["et"] = f"{TRICKY} (purpose)"
    role.write_text(yaml.safe_dump(rdata, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build_site(root, tmp_path / "site")
    site = tmp_path / "site"
    pages = [source_path("competency", "listening"), source_path("activity", "ask-questions"), source_path("role", "agent"),
             source_path("roles"), source_path("model"), source_path("matrix"), source_path("pair", "lead", "agent"), source_path("self-check")]
    first = addresses(root).default
    for rel in pages:
        html = html_file(site, first, rel, addresses(root)).read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html.parser")
        scripts = [s for s in doc.find_all("script") if "alert(1)" in (s.string or "") and s.get("type") != "application/json"]
        assert scripts == [], f"{rel}: a <script> from the content became a script element"
        text = doc.get_text(" ")
        assert "õäöü ŠŽ" in text and "😀" in text and "A&B <3" in text and '"miks"' in text, rel
        assert "<script>alert(1)</script>" in text, f"{rel}: the code is shown as text"
    # the self-check data survives the round trip through JSON as well
    data_json = BeautifulSoup(html_file(site, first, source_path("self-check"), addresses(root)).read_text(encoding="utf-8"), "html.parser").find(id="hb-sc-data").string
    assert "</script>" not in data_json and "\\u003cscript\\u003e" in data_json


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_give_the_same_files(site, tmp_path):
    again = tmp_path / "again"
    build_site(ROOT, again)
    first, second = snapshot(site), snapshot(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_an_interrupted_build_leaves_the_site_as_it_was(tmp_path):
    root = copy_project(tmp_path)
    build_site(root, root / "site")
    before = snapshot(root / "site")
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(root), "build"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill it while it writes the new site next to the old one
    deadline = time.monotonic() + 60
    mid_build = False
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".site.new-") and any(p.rglob("*.html")) for p in root.iterdir()):
            mid_build = True
            break
        time.sleep(0.02)
    assert mid_build and proc.poll() is None, "the build was caught while writing pages next to the old site"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(root / "site") == before
    # the next build clears what the killed one left behind
    build_site(root, root / "site")
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []


def test_a_parallel_build_equals_a_serial_build_byte_for_byte(site, tmp_path):
    """The languages build at once in forked processes (the session's site); one after the other gives the same files."""
    serial = tmp_path / "serial"
    build_site(ROOT, serial, parallel=False)
    assert snapshot(serial) == snapshot(site)
    modes = {p.relative_to(site): p.stat().st_mode & 0o777 for p in site.rglob("*")}
    assert modes == {p.relative_to(serial): p.stat().st_mode & 0o777 for p in serial.rglob("*")}, "and the same permissions"
