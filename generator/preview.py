"""`handbook serve`: a live preview of every language, which keeps running while the content has errors.

MkDocs' own server builds one configuration, so it can show one language and
stops at the first content error. This one builds every language into one
folder, as `handbook build` lays them out, so that the language menu works;
when the content has errors it shows them on every page (and in the terminal)
until a save fixes them, and then reloads into the handbook.
"""

from __future__ import annotations

import html
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from .build import build_language
from .errors import ModelError
from .incremental import Incremental, changed_keys
from .pages import site_of
from .project import THEME_DIR, content_dir_of
from .validate import load_model

TEMPLATES = Path(__file__).parent / "templates"


def error_page(lines: list[str]) -> bytes:
    """A plain page listing every problem; the live-reload script is added when it is served."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Content errors</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "li{margin:.4rem 0}code{white-space:pre-wrap}</style></head><body>"
        f"<h1>The handbook has {len(lines)} error{'s' if len(lines) != 1 else ''}</h1>"
        "<p>Fix them and save: this page reloads by itself.</p>"
        f"<ol>{items}</ol></body></html>"
    ).encode()


class Preview:
    """Builds every language into one temporary folder and remembers the last build's errors."""

    def __init__(self, root: Path, site_dir: Path):
        self.root, self.site_dir = root, site_dir
        self.errors: list[str] = []
        # The last good build's model and pages: after a save, only the pages the edit changed are built again.
        self.kept = Incremental()

    def build(self) -> None:
        started = time.perf_counter()
        try:
            model = load_model(self.root, content_dir_of(self.root))
            site = site_of(model)
            kept, code = self.kept, self._code()
            # A template, the theme or the configuration changed: every page may look different.
            same_code = kept.code == code
            kept.changed = changed_keys(kept.model, model) if kept.model is not None and same_code else None
            kept.code = code
            if kept.changed is None:  # the first build, after errors, or a structural change: everything
                kept.contents.clear()
                kept.search.clear()
            # The first language's full build empties the folder, so it goes first; the others go into their folders.
            for lang in site.languages:
                build_language(self.root, lang, site.folder(self.site_dir, lang), strict=False, model=model, incremental=kept)
            kept.model = model
            self.errors = []
            pages = sum(len(x) for x in kept.rebuilt.values())
            what = "everything" if kept.changed is None else f"{pages} generated file{'s' if pages != 1 else ''}"
            print(f"Preview rebuilt ({what}) in {time.perf_counter() - started:.2f} s: {', '.join(site.languages)}", file=sys.stderr, flush=True)
        except ModelError as exc:
            self.fail([str(e) for e in exc.errors])
        except MkDocsException as exc:
            self.fail([f"build failed: {exc}"])

    def _code(self) -> tuple[tuple[str, float], ...]:
        """When each template, theme file, override and configuration file was last saved."""
        places = (TEMPLATES, THEME_DIR, self.root / "overrides", self.root / "mkdocs.yml")
        found = [p for place in places for p in ([place] if place.is_file() else sorted(place.rglob("*")) if place.is_dir() else [])]
        return tuple((str(p), p.stat().st_mtime) for p in found if p.is_file())

    def fail(self, lines: list[str]) -> None:
        self.errors = lines
        self.kept = Incremental()  # the folder is emptied below: the next good build builds everything
        for line in lines:
            print(line, file=sys.stderr, flush=True)
        print(f"{len(lines)} error{'s' if len(lines) != 1 else ''}; the preview shows them until a save fixes them.", file=sys.stderr, flush=True)
        # No stale pages while the content is broken: every address shows the errors.
        for child in self.site_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def serve(root: Path, host: str, port: int) -> None:
    """Serve the preview until Ctrl-C; rebuild and reload after every save under content/, overrides/ or the templates."""
    site_dir = Path(tempfile.mkdtemp(prefix="handbook-preview-"))
    preview = Preview(root, site_dir)
    # Saves are noticed within a tenth of a second (MkDocs polls every half second by default).
    server = LiveReloadServer(builder=preview.build, host=host, port=port, root=str(site_dir), polling_interval=0.1)

    def on_error(code: int) -> bytes | None:
        if preview.errors:
            return server._inject_js_into_html(error_page(preview.errors), server._visible_epoch)
        page = site_dir / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = on_error
    print(f"Building the preview in {site_dir}", file=sys.stderr, flush=True)
    try:
        preview.build()
        for path in (root / "content", root / "overrides", root / "mkdocs.yml", TEMPLATES, THEME_DIR):
            if path.exists():
                server.watch(str(path))
        print(f"Serving the handbook at http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr, flush=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
