"""How well the built site's own search finds the page a reader wants: hit@1, hit@3 and MRR.

Each query of benchmarks/search_<code>.tsv is typed into Material's search box of a
freshly built site in headless Chromium, and the pages of the result list are read
in the order the reader sees them (a page's sections count with their page). The
rank of the expected page gives hit@1, hit@3 (recall@3) and the reciprocal rank
(0 past the first 10 results, the ones the list shows before scrolling). The same
search worker, started on its own in the page, times each query and the building of
the index. Sizes: the search index and the lexicon plugin per language.

    python benchmarks/search_eval.py                       # the shipped lexicon vs. none (today's setup)
    python benchmarks/search_eval.py --variant snowball=/tmp/snowball   # a lexicon made with --tool snowball

A variant is NAME=DIR: the folder the build takes lexicons from (`generator/search/`
is the shipped one; an empty folder is the setup before lexicons).
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "site_tests"))

import generator.search  # noqa: E402
from conftest import _launch  # noqa: E402  (Playwright's Chromium or the system's)
from generator.build import build_site  # noqa: E402
from generator.pages import site_of  # noqa: E402
from generator.search import PLUGIN_PATH  # noqa: E402

SHOWN = 10  # results the list shows before the reader scrolls


def read_queries(path: Path) -> list[dict[str, str]]:
    """query, expected (a page's address inside its language, e.g. roles/x/), kind, note."""
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")]
    return [r for r in rows if r.get("query")]


def build(lexicons: Path, out: Path):
    generator.search.LEXICONS = lexicons
    return site_of(build_site(ROOT, out, strict=True))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def open_search(page, url: str) -> None:
    page.goto(url)
    page.keyboard.press("/")  # Material's own shortcut; the reader may also click the box
    page.wait_for_selector("input.md-search__input:focus")


def search_box(page, query: str) -> list[str]:
    """Type a query into the search box; the result list's links (pages and their sections), in order."""
    page.fill("input.md-search__input", "")
    page.press("input.md-search__input", "End")  # Material reads the box on key-up, as when the reader types
    idle = json.loads(page.inner_text("#__config"))["translations"]["search.result.placeholder"]  # "Type to start searching"
    page.wait_for_function("idle => document.querySelector('.md-search-result__meta').innerText === idle", arg=idle)
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")
    page.wait_for_function("idle => document.querySelector('.md-search-result__meta').innerText !== idle", arg=idle)
    page.wait_for_timeout(30)  # the list is rendered right after the count
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(a => a.href)")
    return hrefs


WORKER_TIMING = """
async ([worker, index, queries, rounds]) => {
  const data = await (await fetch(index)).json();
  data.options = data.options || {suggest: false};
  const setups = [], times = [];
  for (let r = 0; r < rounds; r++) {
    const w = new Worker(worker);
    const ask = (message) => new Promise(resolve => { w.onmessage = ev => resolve(ev.data); w.postMessage(message); });
    const t0 = performance.now();
    await ask({type: 0, data});  // Material's SETUP: load the language's lunr plugin, build the index
    setups.push(performance.now() - t0);
    for (const q of queries) {
      const t = performance.now();
      await ask({type: 2, data: q});  // QUERY -> RESULT, as the search box asks
      times.push(performance.now() - t);
    }
    w.terminate();
  }
  return {setups, times};
}
"""


def worker_timing(page, base: str, lang_url: str, queries: list[str], rounds: int = 3) -> dict[str, float]:
    """Material's search worker on its own: building the index (median of `rounds` fresh workers) and each query."""
    config = json.loads(page.inner_text("#__config"))
    worker = f"{lang_url}{config['search']}"
    result = page.evaluate(WORKER_TIMING, [worker, f"{lang_url}search/search_index.json", queries, rounds])
    times = sorted(result["times"])
    return {"setup_ms": statistics.median(result["setups"]), "query_median_ms": statistics.median(times),
            "query_p95_ms": times[int(0.95 * (len(times) - 1))], "query_max_ms": times[-1]}


def score(rows: list[dict[str, str]], found: list[list[str]]) -> dict[str, float]:
    ranks = [next((i + 1 for i, p in enumerate(pages) if p == r["expected"]), 0) for r, pages in zip(rows, found)]
    n = len(rows)
    return {
        "queries": n,
        "hit@1": sum(1 for k in ranks if k == 1) / n,
        "hit@3": sum(1 for k in ranks if 1 <= k <= 3) / n,
        "mrr": sum(1 / k for k in ranks if k) / n,
        "ranks": ranks,  # type: ignore[dict-item]
    }


def evaluate(name: str, lexicons: Path, lists: dict[str, Path], browser, workdir: Path) -> dict:
    out = workdir / name
    site = build(lexicons, out)
    base, httpd = serve(out)
    report: dict = {"variant": name, "lexicons": str(lexicons), "languages": {}}
    try:
        for lang, tsv in lists.items():
            rows = read_queries(tsv)
            root = site.root(lang)
            lang_url = f"{base}/{root}"
            page = browser.new_page()
            page.set_default_timeout(15000)
            open_search(page, lang_url)
            found = []
            for r in rows:
                # A result is a page with the sections of it that matched, each a link: the page counts once.
                pages = [urlsplit(h).path.removeprefix("/" + root).lstrip("/") for h in search_box(page, r["query"])]
                found.append(list(dict.fromkeys(pages))[:SHOWN])
            result = score(rows, found)
            result["first"] = [p[0] if p else "" for p in found]  # type: ignore[assignment]
            result.update(worker_timing(page, base, lang_url, [r["query"] for r in rows]))
            folder = site.folder(out, lang)
            result["index_bytes"] = (folder / "search" / "search_index.json").stat().st_size
            plugin = folder / PLUGIN_PATH.format(lang=lang)
            result["lexicon_bytes"] = plugin.stat().st_size if plugin.exists() else 0
            report["languages"][lang] = result
            page.close()
    finally:
        httpd.shutdown()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", default=[], help="NAME=DIR: build with the lexicons in DIR (repeatable)")
    parser.add_argument("--lists", nargs="*", type=Path, help="query lists (default: benchmarks/search_*.tsv, the code after search_)")
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--only", action="append", default=[], help="run only these variants (by name)")
    parser.add_argument("--show", action="store_true", help="print every query's rank and first result")
    args = parser.parse_args(argv)
    lists = {p.stem.removeprefix("search_"): p for p in (args.lists or sorted((ROOT / "benchmarks").glob("search_*.tsv")))}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "no-lexicons"
        empty.mkdir()
        variants = [("before", empty), ("lexicon", generator.search.LEXICONS)]
        variants += [(v.split("=", 1)[0], Path(v.split("=", 1)[1])) for v in args.variant]
        variants = [v for v in variants if not args.only or v[0] in args.only]
        from playwright.sync_api import sync_playwright

        reports = []
        with sync_playwright() as p:
            browser = _launch(p)
            for name, folder in variants:
                t = time.perf_counter()
                reports.append(evaluate(name, folder, lists, browser, Path(tmp)))
                print(f"({name}: {time.perf_counter() - t:.0f} s)", file=sys.stderr)
            browser.close()
    print("| variant | list | queries | hit@1 | hit@3 | MRR | index | lexicon | index built | query median | p95 | max |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for rep in reports:
        for lang, r in rep["languages"].items():
            print(f"| {rep['variant']} | {lang} | {r['queries']} | {r['hit@1']:.2f} | {r['hit@3']:.2f} | {r['mrr']:.2f} | "
                  f"{r['index_bytes'] / 1000:.0f} kB | {r['lexicon_bytes'] / 1000:.0f} kB | {r['setup_ms']:.0f} ms | "
                  f"{r['query_median_ms']:.1f} ms | {r['query_p95_ms']:.1f} ms | {r['query_max_ms']:.1f} ms |")
    if args.show:
        for lang, tsv in lists.items():
            rows = read_queries(tsv)
            print(f"\n{lang}: rank per variant ({', '.join(rep['variant'] for rep in reports)}), query, expected, first result of the last")
            for i, r in enumerate(rows):
                ranks = " ".join(f"{rep['languages'][lang]['ranks'][i] or '-':>2}" for rep in reports)
                print(f"{ranks}  {r['query']:<36} {r['expected']:<50} {reports[-1]['languages'][lang]['first'][i]}")
    if args.json:
        args.json.write_text(json.dumps(reports, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
