"""The corpus of broken inputs: each must give exactly the located errors in its expected.txt.

Each folder under broken/ overlays files on a copy of fixtures/minimal (a small,
valid model). Set HANDBOOK_REGEN=1 to rewrite the expected files after a
deliberate change of wording, then read the diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL
from generator.cli import main

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def overlay(case: str, dest: Path) -> Path:
    shutil.copytree(MINIMAL / "content", dest / "content")
    for f in (BROKEN / case).rglob("*"):
        if f.is_file() and f.name != "expected.txt":
            target = dest / f.relative_to(BROKEN / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, target)
    return dest


def test_minimal_fixture_is_valid(capsys):
    assert main(["--root", str(MINIMAL), "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 2 competencies, 3 activities, 2 roles")


def test_every_error_kind_has_a_case():
    kinds = {"yaml-syntax", "duplicate-key", "unknown-key", "wrong-type", "missing-translation", "unknown-id",
             "duplicate-id", "level-outside-scale", "raw-html", "empty-file", "missing-page-translation"}
    assert kinds <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_broken_input_gives_located_errors(case, tmp_path, capsys):
    root = overlay(case, tmp_path)
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    expected_file = BROKEN / case / "expected.txt"
    if os.environ.get("HANDBOOK_REGEN"):
        expected_file.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").strip().splitlines()
    assert lines[:-1] == expected
    n = len(expected)
    assert lines[-1] == f"{n} error{'s' if n != 1 else ''}; fix them and run again."


def test_all_errors_in_one_run(tmp_path, capsys):
    """Mistakes in several files come out together, not one per run."""
    root = overlay("unknown-key", tmp_path)
    for case in ("raw-html", "level-outside-scale"):
        for f in (BROKEN / case).rglob("*.yml"):
            shutil.copy(f, root / f.relative_to(BROKEN / case))
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "roles/agent.yml:16:1: unknown key 'salary'" in err
    assert "competencies/planning.yml:4:48: 'description.en': raw HTML '<script>'" in err
    assert "roles/lead.yml:12:14: level 5 is outside the scale (1, 2, 3)" in err


def test_command_line_duplicate_key(tmp_path):
    """The 'done when' of the foundation: the real command, a duplicate key, file:line:col, exit 1."""
    root = overlay("duplicate-key", tmp_path)
    r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"], capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.startswith("content/model/competencies/planning.yml:19:5: duplicate key 'description' (first defined on line 18)")
    assert "Traceback" not in r.stderr


def test_shipped_content_is_valid(capsys):
    from conftest import ROOT

    assert main(["--root", str(ROOT), "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and "pages per language" in out
