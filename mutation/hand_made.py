"""Hand-made mutations of the templates, the theme and the self-check script, and which tests catch them.

mutmut mutates Python; the numbers a reader sees are drawn by Jinja2 templates
and JavaScript, which it cannot touch. Each mutation below is a small, realistic
bug (swap two columns, shift a row, flip a comparison). The script applies each
one to a fresh copy of the project, runs the tests there and reports which
tests failed. A mutation no test catches is a hole in the suite.

    python mutation/hand_made.py                 # every mutation, the default test files
    python mutation/hand_made.py pair-columns    # one mutation
    python mutation/hand_made.py --tests site_tests  # with the whole suite

Run it before resolving an issue that touches a template, the theme (generator/theme/) or the
self-check script. A mutation whose text no longer occurs in its file is
reported as STALE: update its text to the new code rather than deleting it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TESTS = ["site_tests/test_numbers.py", "site_tests/test_site.py", "site_tests/test_pages.py", "site_tests/test_selfcheck.py",
                 "site_tests/test_security.py"]


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    old: str
    new: str
    bug: str


MUTATIONS = [
    Mutation("pair-columns", "generator/templates/pair.md.j2", "| {{ row.a or \"—\" }} | {{ row.b or \"—\" }} |", "| {{ row.b or \"—\" }} | {{ row.a or \"—\" }} |",
             "the pair table shows the two roles' levels swapped"),
    Mutation("chart-bars", "generator/templates/chart.svg.j2", 'width="{{ unit * row.a }}" height="{{ bar_h }}" fill="#1f2a44"',
             'width="{{ unit * row.b }}" height="{{ bar_h }}" fill="#1f2a44"', "the chart draws role B's level as role A's bar"),
    Mutation("matrix-shift", "generator/templates/matrix.md.j2", "{% set lv = r.levels.get(c.id) %}",
             "{% set lv = r.levels.get((model.competencies[model.competencies.index(c) - 1] if r == model.roles[-1] else c).id) %}",
             "the matrix shows the last role's column shifted by one competency"),
    Mutation("only-lists", "generator/templates/pair.md.j2", "(t(\"only-in\", role=b.title[lang]), pair.only_b)",
             "(t(\"only-in\", role=b.title[lang]), pair.only_a)", "both 'only in' lists show role A's key activities"),
    Mutation("gap-at-level", "generator/theme/assets/selfcheck.js", "Number(v) < want; }));", "Number(v) <= want; }));",
             "the self-check lists an activity already at the expected level as one to develop"),
    Mutation("glossary-other", "generator/templates/glossary.md.j2", "{{ term.term[other] }}", "{{ term.term[lang] }}",
             "the glossary's 'in the other language' line repeats the same language"),
    Mutation("role-print", "generator/site.py", 'PageKind("role", print=True)', 'PageKind("role")',
             "role pages lose their Print button"),
    Mutation("pair-rank", "generator/pages.py", "key=lambda r: -r.distance", "key=lambda r: r.distance",
             "the pair page shows the smallest differences first"),
    Mutation("gap-flip", "generator/theme/assets/selfcheck.js", ".filter(function (g) { return g.gap > 0; })", ".filter(function (g) { return g.gap >= 0; })",
             "the self-check lists competencies already at the expected level as gaps"),
    Mutation("role-level", "generator/templates/role.md.j2", "{{ r.levels[c.id] }} – {{ level_name(r.levels[c.id]) }}",
             "{{ r.levels[c.id] }} – {{ level_name([r.levels[c.id] - 1, 1] | max) }}", "a role page names the level below the expected one"),
    Mutation("not-required-zero", "generator/templates/matrix.md.j2", "{% set lv = r.levels.get(c.id) %}", "{% set lv = r.levels.get(c.id, 1) %}",
             "the matrix shows a competency a role does not require at level 1"),
    Mutation("raw-model-text", "generator/render.py", "return Markup(text.inline(str(value)))", "return Markup(str(value))",
             "model text reaches the pages without the sanitiser"),
    Mutation("self-check-round", "generator/theme/assets/selfcheck.js", "level: n ? Math.round(avg) : null", "level: n ? Math.floor(avg) : null",
             "the self-check rounds averages down"),
]


def copy_project(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    if (ROOT / "node_modules").exists():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")


def run(mutation: Mutation, tests: list[str]) -> tuple[str, list[str]]:
    with tempfile.TemporaryDirectory(prefix=f"mutant-{mutation.name}-") as tmp:
        dest = Path(tmp)
        copy_project(dest)
        target = dest / mutation.file
        text = target.read_text(encoding="utf-8")
        if text.count(mutation.old) != 1:
            return "STALE", [f"'{mutation.old}' occurs {text.count(mutation.old)} times in {mutation.file}"]
        target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
        # The copy's package comes first on the path, ahead of an editable install of the original.
        env = {**os.environ, "PYTHONPATH": str(dest), "CI": os.environ.get("CI", "true"), "XDG_CACHE_HOME": str(dest / ".cache")}
        check = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=dest, env=env, capture_output=True, text=True)
        assert check.stdout.strip().startswith(str(dest)), f"tests would import {check.stdout.strip()}, not the mutant"
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", *tests], cwd=dest, env=env, capture_output=True, text=True)
        failed = sorted(set(re.findall(r"^FAILED (\S+)", r.stdout, re.M)))
        errors = re.findall(r"^ERROR (\S+)", r.stdout, re.M)
        return ("CAUGHT" if r.returncode != 0 else "MISSED"), failed + [f"ERROR {e}" for e in errors]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="mutations to run (default: all)")
    parser.add_argument("--tests", nargs="+", default=DEFAULT_TESTS, help="test files or folders to run against each mutant")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    missed = 0
    for m in chosen:
        outcome, detail = run(m, args.tests)
        missed += outcome != "CAUGHT"
        print(f"{outcome:7} {m.name:18} {m.bug}", flush=True)
        for line in detail[:6]:
            print(f"        {line}", flush=True)
    print(f"{len(chosen) - missed} of {len(chosen)} mutations caught")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
