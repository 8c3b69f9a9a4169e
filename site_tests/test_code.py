"""The code's own gates: ruff's rule set (pyproject.toml) and mypy over the package, run by the test command."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import IN_CI, ROOT


def tool(name: str) -> list[str]:
    if shutil.which(name) is None and subprocess.run([sys.executable, "-m", name, "--version"], capture_output=True).returncode != 0:
        if IN_CI:
            pytest.fail(f"{name} is not installed (it is in the test extra)")
        pytest.skip(f"{name} is not installed: pip install -e '.[test]'")
    return [sys.executable, "-m", name]


def test_ruff_finds_nothing():
    r = subprocess.run([*tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_finds_nothing():
    r = subprocess.run([*tool("mypy"), "generator"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
