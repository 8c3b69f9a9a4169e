"""The reader's budget (issue #21, part 1): one page of every kind, in every language, audited in Chromium.

    python benchmarks/audit.py                     # build, serve compressed, Lighthouse + pa11y on every page
    python benchmarks/audit.py --kinds matrix self-check --langs en   # a targeted rerun
    python benchmarks/audit.py --site-dir site --no-build             # audit a site built before

It builds the handbook once into a temporary folder, serves it on loopback the way
a static host does (gzip for text, a 404 page, a redirect for a folder without its
slash), then runs, one page after the other (the machine is small and shared):

- **Lighthouse** (npm `lighthouse`, its mobile defaults: a mid-range phone on
  simulated slow 4G) with `CHROME_PATH` at Debian's `chromium`: the four category
  scores, the bytes transferred on first load, the DOM elements and the total
  blocking time;
- **pa11y** with HTML_CodeSniffer, WCAG 2 AA (benchmarks/pa11y_pages.js): every error.

It prints a table per page and language, writes the figures to
benchmarks/audit.json, and exits 1 when a page misses the budget:
accessibility, best practices and SEO 100, performance at least 95, at most
150 KB transferred, no pa11y error (and, for the self-check, under 800 DOM
elements and under 100 ms of blocking time). The tools come from
package-lock.json (`PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

NODE_BIN = ROOT / "node_modules" / ".bin"
PA11Y_SCRIPT = HERE / "pa11y_pages.js"

# The budget. KB are 1,024 bytes, as Lighthouse's "total byte weight" counts them.
BUDGET = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95, "kb": 150}
SELF_CHECK_BUDGET = {"dom": 800, "tbt_ms": 100}

# Types a static host compresses (nginx's gzip_types and the like; images and archives are not).
COMPRESSED = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/manifest+json",
    "text/javascript",
)


def chromium() -> str | None:
    """Debian's Chromium (or CHROME_PATH when set)."""
    if os.environ.get("CHROME_PATH"):
        return os.environ["CHROME_PATH"]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


# --- the pages -------------------------------------------------------------


def pages(root: Path) -> dict[str, str]:
    """One source path per page kind a reader meets, taken from the model (its first object of each kind)."""
    from generator.site import source_path
    from generator.validate import load_model

    model = load_model(root)
    first_lang = model.handbook.languages[0].code
    articles = sorted((root / "content" / "pages" / first_lang / "articles").glob("*.md"))
    roles = [r.id for r in model.roles]
    out = {
        "home": source_path("home"),
        "model": source_path("model"),
        "competency": source_path("competency", model.competencies[0].id),
        "activity": source_path("activity", model.activities[0].id),
        "roles": source_path("roles"),
        "role": source_path("role", roles[0]),
        "pair": source_path("pair", roles[0], roles[1]),
        "matrix": source_path("matrix"),
        "self-check": source_path("self-check"),
        "compare-any": source_path("compare-any"),
        "glossary": source_path("glossary"),
        "downloads": source_path("downloads"),
    }
    if articles:
        out["article"] = f"articles/{articles[0].name}"
    # HR's papers and the role chooser, in the handbooks that have them (main() skips a page not built)
    out["job"] = source_path("job", roles[0])
    out["interview"] = source_path("interview", roles[0])
    out["chooser"] = source_path("chooser")
    return out


# --- a static host on loopback ------------------------------------------------


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as a static host does: gzip for text types when the browser asks for it,
    folders redirected to their slash, the site's 404.html for anything missing."""

    cache: ClassVar[dict[tuple[str, bool], tuple[bytes, str]]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        url = urllib.parse.urlsplit(self.path)
        rel = posixpath.normpath(urllib.parse.unquote(url.path)).lstrip("/")
        base = Path(self.directory)
        target = (base / rel) if rel not in ("", ".") else base
        if base.resolve() not in (target.resolve(), *target.resolve().parents):
            target = base / "-"
        if target.is_dir():
            if not url.path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url.path + "/" + (f"?{url.query}" if url.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, base / "404.html"
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        body, ctype = self._body(target, gz)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        if gz and ctype.startswith(COMPRESSED):
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _body(self, path: Path, gz: bool) -> tuple[bytes, str]:
        key = (str(path), gz)
        if key not in self.cache:
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "image/svg+xml"):
                ctype += "; charset=utf-8" if not ctype.startswith("image/") else ""
            data = path.read_bytes()
            if gz and ctype.startswith(COMPRESSED):
                data = gzip.compress(data, compresslevel=6, mtime=0)  # nginx's and most hosts' usual level
            self.cache[key] = (data, ctype)
        return self.cache[key]


def build(root: Path, work: Path, site_dir: Path, site_url: str) -> None:
    """The handbook built as it is published: with its public address (site_url) set, here the
    loopback server's, so that canonical links and hreflang alternates are full addresses as search
    engines need them (without site_url they are relative, which Lighthouse's SEO audit counts as
    invalid). The handbook's own files are linked, not copied; only mkdocs.yml gets the address."""
    work.mkdir(parents=True)
    for name in ("content", "overrides"):
        if (root / name).is_dir():
            (work / name).symlink_to(root / name)
    config = root / "mkdocs.yml"
    text = (
        config.read_text(encoding="utf-8")
        if config.is_file()
        else (ROOT / "generator" / "defaults" / "mkdocs.yml").read_text(encoding="utf-8")
    )
    lines = [line for line in text.splitlines() if not line.startswith("site_url:")]
    (work / "mkdocs.yml").write_text(f"site_url: {site_url}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(work), "build", "--site-dir", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        raise SystemExit(f"build failed:\n{r.stdout}\n{r.stderr}")


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The site served on a free loopback port; shut it down with .shutdown()."""
    handler = type("Host", (StaticHost,), {"cache": {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


# --- the tools ------------------------------------------------------------------


def lighthouse(url: str, browser: str, keep: Path | None = None, name: str = "report") -> dict:
    """One Lighthouse run (mobile defaults): the figures this audit reports (the whole report kept in `keep`)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            str(NODE_BIN / "lighthouse"),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ]
        r = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": browser}, capture_output=True, text=True, timeout=300)
        if r.returncode != 0 or not out.is_file():
            raise SystemExit(f"lighthouse failed on {url}:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(out, keep / f"{name}.json")
    audits = report["audits"]
    failed = sorted(
        f"{cat}: {ref['id']}"
        for cat, c in report["categories"].items()
        for ref in c["auditRefs"]
        if ref.get("weight", 0) > 0
        and audits[ref["id"]].get("score") is not None
        and audits[ref["id"]]["score"] < 1
        and (cat != "performance")
    )
    requests = audits["network-requests"]["details"]["items"]
    return {
        **{cat: round(100 * c["score"]) if c["score"] is not None else None for cat, c in report["categories"].items()},
        "kb": round(audits["total-byte-weight"]["numericValue"] / 1024, 1),
        "dom": int(audits["dom-size"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "si_ms": round(audits["speed-index"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "requests": len(requests),
        "largest": sorted(((round(i.get("transferSize", 0) / 1024, 1), i["url"].split("/", 3)[-1]) for i in requests), reverse=True)[:5],
        "failed_audits": failed,
    }


def pa11y(urls: list[str], browser: str) -> dict[str, list[dict]]:
    """pa11y's HTML_CodeSniffer errors (WCAG 2 AA) per address, all in one browser."""
    r = subprocess.run(
        ["node", str(PA11Y_SCRIPT), *urls],
        cwd=ROOT,
        env={**os.environ, "CHROME_PATH": browser},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if r.returncode != 0:
        raise SystemExit(f"pa11y failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return json.loads(r.stdout)


def misses(kind: str, row: dict) -> list[str]:
    """What of the budget one page misses."""
    out = []
    if "performance" in row:
        for cat in ("accessibility", "best-practices", "seo", "performance"):
            if row[cat] is None or row[cat] < BUDGET[cat]:
                out.append(f"{cat} {row[cat]} < {BUDGET[cat]}")
        if row["kb"] > BUDGET["kb"]:
            out.append(f"{row['kb']} KB > {BUDGET['kb']} KB")
        if kind == "self-check":
            if row["dom"] >= SELF_CHECK_BUDGET["dom"]:
                out.append(f"{row['dom']} DOM elements >= {SELF_CHECK_BUDGET['dom']}")
            if row["tbt_ms"] >= SELF_CHECK_BUDGET["tbt_ms"]:
                out.append(f"TBT {row['tbt_ms']} ms >= {SELF_CHECK_BUDGET['tbt_ms']} ms")
    if row.get("pa11y"):
        out.append(f"pa11y: {len(row['pa11y'])} error(s)")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the handbook folder (default: this project)")
    parser.add_argument("--site-dir", type=Path, help="where to build (default: a temporary folder)")
    parser.add_argument("--no-build", action="store_true", help="audit the site already in --site-dir")
    parser.add_argument("--kinds", nargs="+", help="only these page kinds")
    parser.add_argument("--langs", nargs="+", help="only these languages")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-pa11y", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the one with the median performance counts")
    parser.add_argument("--keep-reports", type=Path, help="keep every Lighthouse report (JSON) in this folder")
    parser.add_argument("--results", type=Path, default=HERE / "audit.json", help="where the figures go ('-': nowhere)")
    args = parser.parse_args()

    browser = chromium()
    if not browser:
        raise SystemExit("no Chromium: apt-get install chromium (or set CHROME_PATH)")
    if not (NODE_BIN / "lighthouse").exists() or not (ROOT / "node_modules" / "pa11y").is_dir():
        raise SystemExit("Lighthouse or pa11y missing: PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts")

    from generator.pages import site_of
    from generator.validate import load_model

    root = args.root.resolve()
    site = site_of(load_model(root))
    tmp = tempfile.TemporaryDirectory()
    if args.site_dir is None:
        if args.no_build:
            raise SystemExit("--no-build needs --site-dir")
        args.site_dir = Path(tmp.name) / "site"
    httpd, base = serve(args.site_dir)
    if not args.no_build:
        build(root, Path(tmp.name) / "root", args.site_dir, base)

    kinds = {k: p for k, p in pages(root).items() if not args.kinds or k in args.kinds}
    langs = [lang for lang in site.languages if not args.langs or lang in args.langs]
    rows: list[dict] = []
    try:
        built = args.site_dir
        targets = [
            (kind, lang, base + site.address(lang, path))
            for kind, path in kinds.items()
            for lang in langs
            if (built / site.address(lang, path) / "index.html").is_file()
        ]
        found = {} if args.no_pa11y else pa11y([u for _, _, u in targets], browser)
        for kind, lang, url in targets:
            row: dict = {"kind": kind, "lang": lang, "path": url[len(base) - 1 :]}
            if not args.no_lighthouse:
                runs = sorted(
                    (lighthouse(url, browser, args.keep_reports, f"{kind}-{lang}-{i}") for i in range(args.runs)),
                    key=lambda r: r["performance"] or 0,
                )
                row.update(runs[len(runs) // 2])
            if not args.no_pa11y:
                row["pa11y"] = found[url]
            row["misses"] = misses(kind, row)
            rows.append(row)
            print(json.dumps({k: v for k, v in row.items() if k not in ("largest", "pa11y")}, ensure_ascii=False), flush=True)
    finally:
        httpd.shutdown()
        tmp.cleanup()

    if str(args.results) != "-":
        args.results.write_text(
            json.dumps({"budget": {**BUDGET, "self-check": SELF_CHECK_BUDGET}, "rows": rows}, indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    print("\n| page | lang | perf | a11y | best pr. | SEO | KB | DOM | TBT ms | pa11y errors | misses |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cells = [r.get(c, "–") for c in ("performance", "accessibility", "best-practices", "seo", "kb", "dom", "tbt_ms")]
        print(
            f"| {r['kind']} | {r['lang']} | "
            + " | ".join(str(c) for c in cells)
            + f" | {len(r.get('pa11y', [])) if not args.no_pa11y else '–'} | {'; '.join(r['misses']) or 'none'} |"
        )
    for r in rows:
        for issue in r.get("pa11y", []):
            print(f"pa11y {r['path']}: {issue['code']} at {issue['selector']}")
        for audit in r.get("failed_audits", []):
            print(f"lighthouse {r['path']}: {audit}")
    missed = [r for r in rows if r["misses"]]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} pages within the budget")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
