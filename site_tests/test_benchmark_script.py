"""CI only checks that the benchmark script still runs at 1x; the numbers are measured by hand (BENCHMARKS.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import LANGS, ROOT, html_file
from generator.pages import page_count
from generator.site import source_path


def test_benchmark_script_runs_at_1x(tmp_path, model):
    results = tmp_path / "results.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scales", "1", "--runs", "1", "--no-serve", "--no-browser",
                        "--out", str(tmp_path / "out"), "--results", str(results)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    row = json.loads(results.read_text(encoding="utf-8"))["rows"][0]
    assert (row["competencies"], row["activities"], row["roles"]) == (len(model.competencies), len(model.activities), len(model.roles))
    assert row["pages"] == sum(page_count(model, lang) for lang in LANGS) and row["build_s"] > 0 and row["plain_mkdocs_s"] > 0
    # the plain MkDocs build really made the same pages
    a, b = model.roles[0].id, model.roles[-1].id
    for lang in LANGS:
        assert html_file(tmp_path / "out" / "x1-plain" / "site", lang, source_path("pair", a, b)).is_file()
        assert html_file(tmp_path / "out" / "x1-plain" / "site", lang, source_path("chart", a, b)).is_file(), "and the charts those pages show"
    assert 0 < row["own_s"] < row["build_s"], "the generator's own work is a part of the build"
