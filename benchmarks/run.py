"""Measure what a build costs and how the cost grows. Run by hand, not in CI (CI only runs it at 1x).

    python benchmarks/run.py                      # 1x, 10x and 40x, median of 3 runs each
    python benchmarks/run.py --scales 1 --runs 1  # the quick smoke run CI does

For each size it measures, as a maintainer runs them: `handbook check`; the full
two-language `handbook build` (wall time and peak memory); the time per page; and,
in the same run, plain MkDocs + Material building the very same pages written out
as Markdown files, so the generator's own overhead is a ratio. At 1x it also
measures the time from saving a YAML file to the rebuilt page under `handbook
serve`, and at the largest size the self-check's results for every activity in
Chromium. Results go to benchmarks/results.json and are printed as a table.

    python benchmarks/run.py --scales 1 --audit   # and the reader's budget (benchmarks/audit.py)

With --audit it also runs benchmarks/audit.py on the shipped handbook: Lighthouse and
pa11y on one page of every kind in every language (about 10 minutes on 2 cores), its
rows kept under "audit" in the results file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from make_model import make  # noqa: E402

from generator.pages import page_count, plan_files, site_of  # noqa: E402
from generator.plugin import MARKDOWN_EXTENSIONS, build_nav, search_settings  # noqa: E402
from generator.project import THEME_DIR  # noqa: E402
from generator.render import render_page  # noqa: E402
from generator.site import source_path, url_of  # noqa: E402
from generator.validate import load_model  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KB) of one command, via GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], cwd=cwd, env=ENV, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
    seconds, kb = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kb)


def median_of(runs: int, cmd: list[str], cwd: Path) -> tuple[float, int]:
    results = [timed(cmd, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def write_plain_project(project: Path, out: Path) -> list[Path]:
    """The same pages as plain Markdown files with a plain mkdocs.yml per language: MkDocs + Material alone."""
    model = load_model(project)
    base = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV HANDBOOK_LANG", "null"))
    site = site_of(model)
    configs = []
    for lang in site.languages:
        docs = out / f"docs-{lang}"
        if docs.exists():
            shutil.rmtree(docs)
        shutil.copytree(project / "content" / "pages" / lang, docs)
        for spec in plan_files(model, lang):  # the pages and the pair charts they show
            target = docs / spec.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_page(spec, model, lang, site), encoding="utf-8")
        cfg = dict(base)
        cfg["docs_dir"] = str(docs)
        cfg["site_dir"] = str(site.folder(out / "site", lang))
        cfg["site_name"] = model.handbook.title[lang]
        cfg["theme"] = {**base["theme"], "language": lang, "custom_dir": str(THEME_DIR)}
        cfg["extra_css"] = ["assets/handbook.css"]
        cfg["extra_javascript"] = ["assets/handbook.js"]
        cfg["markdown_extensions"] = [{name: options} if options else name for name, options in MARKDOWN_EXTENSIONS.items()]
        cfg["plugins"] = [{"search": {"separator": base["plugins"][0]["search"]["separator"], **search_settings(lang)}}]
        cfg["nav"] = build_nav(model, lang)  # the same short navigation the plugin sets
        cfg["extra"] = {**base.get("extra", {}), "handbook": {"lang": lang, "version": model.handbook.version, "title": model.handbook.title[lang],
                                                               "labels": {k: model.label(k, lang) for k in ("version", "printed", "print")}}}
        # the same link and anchor validation as the real build, and strict as well
        path = out / f"plain-{lang}.yml"
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(path)
    return configs


def own_work_s(project: Path, runs: int) -> float:
    """Seconds the generator's own code takes in a build, MkDocs not involved: loading and
    checking the model once, then planning and rendering every page and chart of both languages."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        model = load_model(project)
        site = site_of(model)
        for lang in site.languages:
            for spec in plan_files(model, lang):
                render_page(spec, model, lang, site)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_rebuild(project: Path, edits: int = 5) -> dict[str, float]:
    """Seconds from saving a competency's YAML file to the served page showing the change, under `handbook serve`:
    the median and the slowest of `edits` saves, each of a different competency's file."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(project), "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    files = sorted((project / "content" / "model" / "competencies").glob("*.yml"))[:edits]

    def get(url: str) -> str:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8")

    try:
        page = lambda path: f"http://127.0.0.1:{port}/{url_of(source_path('competency', path.stem))}"  # noqa: E731  (the first language, at the root)
        first = page(files[0])
        deadline = time.monotonic() + 900  # the first build of a large model
        while time.monotonic() < deadline:
            try:
                get(first)
                break
            except OSError:
                time.sleep(0.5)
        times = []
        for i, path in enumerate(files):
            original = path.read_text(encoding="utf-8")
            marker = f"Muudetud{i}x{time.time_ns()}"
            data = yaml.safe_load(original)
            data["description"]["et"] = f"{marker} {data['description']['et']}"
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            url = page(path)
            start = time.perf_counter()
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            while marker not in get(url):
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            path.write_text(original, encoding="utf-8")
            time.sleep(1.0)
        return {"median": statistics.median(times), "max": max(times)}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def serial_and_parallel(project: Path, runs: int) -> tuple[float, float]:
    """The full build in one process and with one process per language (build_site's default), the same run."""
    code = "import sys; from generator.build import build_site; build_site(sys.argv[1], sys.argv[2], parallel=sys.argv[3] == '1')"
    out = {}
    for parallel in ("0", "1"):
        out[parallel] = statistics.median(timed([sys.executable, "-c", code, str(project), str(project / f"site-{parallel}"), parallel], ROOT)[0]
                                          for _ in range(runs))
    return out["0"], out["1"]


def selfcheck_ms(site: Path, runs: int) -> tuple[int, float]:
    """Milliseconds for the self-check script to compute results for every activity, in Chromium."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site)))
    httpd.RequestHandlerClass.log_message = lambda *a: None
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(args=["--no-sandbox"])
            except Exception:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/self-check/")
            result = page.evaluate("""runs => {
                const data = JSON.parse(document.getElementById('hb-sc-data').textContent);
                const answers = {};
                let n = 0;
                data.competencies.forEach(c => c.activities.forEach(a => { answers[a.id] = String(1 + (n++ % data.scale.length)); }));
                const times = [];
                for (let i = 0; i < runs; i++) {
                    const t = performance.now();
                    window.hbSelfCheck.scores(answers);
                    times.push(performance.now() - t);
                }
                times.sort((a, b) => a - b);
                return [n, times[Math.floor(times.length / 2)]];
            }""", max(runs, 5))
            browser.close()
            return int(result[0]), float(result[1])
    finally:
        httpd.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--no-serve", action="store_true", help="skip the live-reload measurement")
    parser.add_argument("--no-browser", action="store_true", help="skip the self-check measurement")
    parser.add_argument("--audit", action="store_true", help="also run benchmarks/audit.py (Lighthouse and pa11y per page kind and language)")
    args = parser.parse_args()

    py = sys.executable
    rows = []
    for scale in args.scales:
        project = args.out / f"x{scale}"
        sizes = make(scale, project)
        model = load_model(project)
        pages = sum(page_count(model, lang) for lang in site_of(model).languages)
        print(f"{scale}x: {sizes}, {pages} pages in both languages", flush=True)
        check_s, _ = median_of(args.runs, [py, "-m", "generator.cli", "--root", str(project), "check"], project)
        plain = args.out / f"x{scale}-plain"
        configs = write_plain_project(project, plain)
        # The handbook build and plain MkDocs take turns, so that the machine slowing down or
        # speeding up between runs (a shared virtual machine does) touches both alike.
        build_runs, plain_runs, overheads, build_kb = [], [], [], 0
        for _ in range(args.runs):
            seconds, kb = timed([py, "-m", "generator.cli", "--root", str(project), "build", "--site-dir", str(project / "site")], project)
            plain_seconds = sum(timed([py, "-m", "mkdocs", "build", "-q", "-f", str(c)], plain)[0] for c in configs)
            build_runs.append(seconds)
            plain_runs.append(plain_seconds)
            overheads.append((seconds - plain_seconds) / seconds)
            build_kb = max(build_kb, kb)
        build_s, plain_s = statistics.median(build_runs), statistics.median(plain_runs)
        # the overhead is the median over the pairs of a build and the plain build next to it
        own_s = own_work_s(project, args.runs)
        row = {
            "scale": scale, **sizes, "pages": pages,
            "check_s": check_s, "build_s": build_s, "peak_mb": round(build_kb / 1024), "plain_mkdocs_s": round(plain_s, 2),
            "overhead": round(statistics.median(overheads), 3), "own_s": round(own_s, 2), "own_share": round(own_s / build_s, 3), "runs": args.runs, "ms_per_page": round(1000 * build_s / pages, 2),
            "plain_ms_per_page": round(1000 * plain_s / pages, 2),
            # time per MB of HTML written: a check that the cost follows the output, whatever the pages hold
            "html_mb": round(sum(p.stat().st_size for p in (project / "site").rglob("*.html")) / 2**20, 1),
        }
        row["ms_per_html_mb"] = round(1000 * build_s / row["html_mb"], 1)
        row["serial_s"], row["parallel_s"] = (round(x, 2) for x in serial_and_parallel(project, args.runs))
        if not args.no_serve:
            reload = serve_rebuild(project)
            row["serve_rebuild_s"], row["serve_rebuild_max_s"] = round(reload["median"], 2), round(reload["max"], 2)
        if scale == max(args.scales) and not args.no_browser:
            row["selfcheck_activities"], row["selfcheck_ms"] = selfcheck_ms(project / "site", args.runs)
        rows.append(row)
        print(json.dumps(row), flush=True)

    # Sizes measured in separate runs accumulate in one results file (a 40x run takes long).
    if args.results.exists():
        earlier = json.loads(args.results.read_text(encoding="utf-8")).get("rows", [])
        measured = {r["scale"] for r in rows}
        rows = sorted([r for r in earlier if r["scale"] not in measured] + rows, key=lambda r: r["scale"])
    for r in rows:
        r.setdefault("runs", args.runs)
    base = next((r for r in rows if r["scale"] == 1), rows[0])
    for r in rows:
        r["per_page_vs_1x"] = round(r["ms_per_page"] / base["ms_per_page"], 2)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
               "processor": re.sub(r"\s+", " ", next((line.split(":", 1)[1] for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?")).strip()}
    results = {"machine": machine, "rows": rows}
    if args.audit:
        audit_file = args.out / "audit.json"
        args.out.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([py, str(HERE / "audit.py"), "--results", str(audit_file)], cwd=ROOT, env=ENV)
        results["audit"] = json.loads(audit_file.read_text(encoding="utf-8"))["rows"]
        results["audit_within_budget"] = done.returncode == 0
    elif args.results.exists():
        results.update({k: v for k, v in json.loads(args.results.read_text(encoding="utf-8")).items() if k.startswith("audit")})
    args.results.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n| size | competencies | activities | roles | pages | runs | check | build | plain MkDocs | overhead | generator's own work | ms/page | vs 1x | HTML MB | ms/HTML MB | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['scale']}x | {r['competencies']} | {r['activities']} | {r['roles']} | {r['pages']} | {r['runs']} | {r['check_s']:.2f} s | {r['build_s']:.1f} s | "
              f"{r['plain_mkdocs_s']:.1f} s | {100 * r['overhead']:.1f}% | {r.get('own_s', '?')} s ({100 * r.get('own_share', 0):.1f}%) | {r['ms_per_page']} | {r['per_page_vs_1x']} | {r.get('html_mb', '?')} | {r.get('ms_per_html_mb', '?')} | {r['peak_mb']} |")
    for r in rows:
        if "serial_s" in r:
            print(f"full build at {r['scale']}x: serial {r['serial_s']} s, parallel {r['parallel_s']} s")
        if "serve_rebuild_s" in r:
            print(f"save to served page at {r['scale']}x: median {r['serve_rebuild_s']} s, slowest {r.get('serve_rebuild_max_s', '?')} s (5 competency files)")
        if "selfcheck_ms" in r:
            print(f"self-check results for {r['selfcheck_activities']} activities: {r['selfcheck_ms']:.2f} ms")


if __name__ == "__main__":
    main()
