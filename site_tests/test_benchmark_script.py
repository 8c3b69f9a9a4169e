"""CI only checks that the benchmark script still runs at 1x; the numbers are measured by hand (BENCHMARKS.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_benchmark_script_runs_at_1x(tmp_path):
    results = tmp_path / "results.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scales", "1", "--runs", "1", "--no-serve", "--no-browser",
                        "--out", str(tmp_path / "out"), "--results", str(results)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    row = json.loads(results.read_text(encoding="utf-8"))["rows"][0]
    assert (row["competencies"], row["activities"], row["roles"]) == (10, 77, 6)
    assert row["pages"] == 242 and row["build_s"] > 0 and row["plain_mkdocs_s"] > 0
    # the plain MkDocs build really made the same pages
    for lang_root in (tmp_path / "out" / "x1-plain" / "site", tmp_path / "out" / "x1-plain" / "site" / "en"):
        assert (lang_root / "compare" / "customer-experience-manager--hr-manager" / "index.html").is_file()
        assert (lang_root / "compare" / "customer-experience-manager--hr-manager.svg").is_file(), "and the charts those pages show"
    assert 0 < row["own_s"] < row["build_s"], "the generator's own work is a part of the build"
