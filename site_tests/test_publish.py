"""The publishing workflow is valid YAML and runs what the README says: check, the tests, build, publish site/."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def steps() -> list[dict]:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return [step for job in flow["jobs"].values() for step in job["steps"]]


def test_the_workflow_runs_the_readmes_commands_in_order_and_publishes_what_it_built():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert flow[True if True in flow else "on"]["push"]["branches"] == ["main"]  # YAML 1.1 reads a bare `on:` as true
    runs = [step["run"] for step in steps() if "run" in step]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"python3 -m venv \.venv && \.venv/bin/pip install -e '\.\[test\]' && \.venv/bin/python -m pytest", readme)
    assert test_command, "the README's test command"
    install, check = runs[0].split(" && .venv/bin/handbook ")
    assert install == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'" and check == "check"
    order = [next(i for i, r in enumerate(runs) if what in r) for what in ("handbook check", "-m pytest", "handbook build --site-dir site")]
    assert order == sorted(order)
    tests = next(step for step in steps() if "-m pytest" in step.get("run", ""))
    assert tests["env"]["CI"] == "true", "a missing browser fails the tests instead of skipping them"
    upload = next(step for step in steps() if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site"
    assert ".github/workflows/publish.yml" in readme and "site_url" in readme
