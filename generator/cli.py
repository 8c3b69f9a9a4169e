"""The `handbook` command: check, build and serve the handbook."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from . import __version__
from .errors import ModelError
from .model import Model
from .pages import page_count
from .validate import load_model


def summary(model: Model) -> str:
    pages = ", ".join(f"{page_count(model, x.code)} {x.code}" for x in model.handbook.languages)
    return f"{_count(len(model.competencies), 'competency', 'competencies')}, {_count(len(model.activities), 'activity', 'activities')}, " \
        f"{_count(len(model.roles), 'role', 'roles')}, pages per language: {pages}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _report(exc: ModelError, outcome: str = "fix them and run again") -> int:
    for err in exc.errors:
        print(err, file=sys.stderr)
    n = len(exc.errors)
    print(f"{n} error{'s' if n != 1 else ''}; {outcome}.", file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import ConfigurationError

    from .project import content_dir_of
    from .versions import check_version

    try:
        content_dir = content_dir_of(args.root)
        model = load_model(args.root, content_dir)
    except ConfigurationError as exc:
        print("error: mkdocs.yml: " + " ".join(str(exc).split()), file=sys.stderr)
        return 1
    except ModelError as exc:
        return _report(exc)
    # A changed model needs a higher version than the one last published (published/model.json, if kept).
    problems = check_version(args.root, model, content_dir)
    if problems:
        return _report(ModelError(problems))
    print(f"OK: {summary(model)}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    # MkDocs is imported only to build: `handbook check` stays fast.
    from mkdocs.exceptions import MkDocsException

    from .build import SiteDirError, build_site, quiet_mkdocs

    quiet_mkdocs(args.verbose)
    site_dir = Path(args.site_dir) if Path(args.site_dir).is_absolute() else Path.cwd() / args.site_dir
    try:
        # the string as given: an empty --site-dir (an unset variable) is refused, not read as "."
        model = build_site(args.root, args.site_dir, strict=not args.no_strict)
    except SiteDirError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ModelError as exc:
        return _report(exc, f"nothing was built and {site_dir} was left as it was")
    except MkDocsException as exc:
        print(f"Build failed: {exc}", file=sys.stderr)
        print(f"{site_dir} was left as it was.", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, read-only or forbidden folder: the environment, not the content
        if args.verbose:
            raise
        print(f"error: {_os_problem(exc)}; {site_dir} was left as it was{_OS_ADVICE.get(exc.errno or 0, '')}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted; {site_dir} was left as it was", file=sys.stderr)
        return 130
    print(f"Built {summary(model)} into {site_dir}")
    return 0


_OS_ADVICE = {
    errno.ENOSPC: "; free some space and run again",
    errno.EDQUOT: "; free some space and run again",
    errno.EACCES: "; build into a folder you may write to, or fix its permissions",
    errno.EPERM: "; build into a folder you may write to, or fix its permissions",
    errno.EROFS: "; build into a folder on a writable disk",
}


def _os_problem(exc: OSError) -> str:
    """`No space left on device: /x/y` from an OSError, on one line."""
    what = " ".join((exc.strerror or str(exc) or type(exc).__name__).split()).lower()
    return f"{what}: {exc.filename}" if exc.filename else what


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import quiet_mkdocs
    from .preview import serve

    quiet_mkdocs(args.verbose)
    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"error: --dev-addr '{args.dev_addr}' is not HOST:PORT (like 127.0.0.1:8000)", file=sys.stderr)
        return 2
    try:
        serve(args.root, host, int(port))
    except OSError as exc:
        print(f"error: cannot serve on {args.dev_addr}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Write the starter handbook (generator/starter/content/) into DIR/content/; never over anything."""
    import shutil

    from .project import STARTER

    target = args.dir.resolve()
    content = target / "content"
    if content.exists() or content.is_symlink():
        print(f"error: {content} already exists; 'handbook init' writes a new handbook only into a folder without content/", file=sys.stderr)
        return 1
    if target.exists() and not target.is_dir():
        print(f"error: {target} is a file, not a folder", file=sys.stderr)
        return 1
    try:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copytree(STARTER / "content", content, ignore=shutil.ignore_patterns("__pycache__"))
    except OSError as exc:
        print(f"error: {_os_problem(exc)}; nothing else was written", file=sys.stderr)
        return 1
    root = "" if target == Path.cwd().resolve() else f" --root {target}"
    print(f"Wrote a new handbook into {content}. Next:\n"
          f"  handbook{root} check                  list every problem as file:line:col\n"
          f"  handbook{root} serve                  live preview at http://127.0.0.1:8000\n"
          f"  handbook{root} build --site-dir site  the static site to publish")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema of each YAML file kind (and of the JSON download) for the handbook's languages."""
    from .errors import ErrorCollector
    from .load import load_yaml
    from .opendata import editor_schemas, schema_bytes
    from .project import content_dir_of
    from .validate import handbook_languages

    errors = ErrorCollector(args.root, content_dir=content_dir_of(args.root))
    path = args.root / content_dir_of(args.root) / "model" / "handbook.yml"
    languages = list(handbook_languages(load_yaml(path, errors) if path.is_file() else None))
    if not languages:
        print(f"error: {path} names no languages that can be read; run 'handbook check' to see why", file=sys.stderr)
        return 1
    out = args.root / "schema" if args.out is None else args.out.resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in editor_schemas(languages).items():
            (out / name).write_bytes(schema_bytes(schema))
    except OSError as exc:
        print(f"error: {_os_problem(exc)}", file=sys.stderr)
        return 1
    print(f"Wrote the JSON Schemas for {', '.join(languages)} into {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    # Material prints a banner about its successor on every build; the maintainer knows.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(prog="handbook", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the handbook folder: content/, and if it wants its own mkdocs.yml and overrides/ (default: current folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("check", help="validate everything under content/ and list every problem", description="Validate everything under content/ and list every problem as path:line:col: message.")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="check, then build every language into DIR/ (the first at the root, the others in DIR/<code>/)",
                       description="Check the content, then build every language of the handbook into one static folder.")
    p.add_argument("--site-dir", default="site", help="output folder (default: site); its previous contents stay as they were if the build fails")
    p.add_argument("--no-strict", action="store_true", help="do not fail on broken links (not recommended)")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own progress messages")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="live preview of every language; saving a file reloads the page",
                       description="Serve a live preview of every language. Saving a file under content/ or overrides/ rebuilds it and "
                                   "reloads the browser; content errors are shown on the page until a save fixes them.")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own progress messages")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("init", help="start a new handbook: write a small two-language handbook into DIR/content/ that builds at once",
                       description="Write a small, valid two-language handbook into DIR/content/ (DIR must not have a content/ folder yet).")
    p.add_argument("dir", type=Path, metavar="DIR", help="the new handbook's folder (created if missing)")
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("schema", help="write a JSON Schema for each kind of model file, for editors (and one of the JSON download)",
                       description="Write handbook, competency, role and glossary .schema.json (and model.schema.json, the JSON download's) "
                                   "for the handbook's languages, generated from the generator's own models.")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: schema/ in the handbook folder)")
    p.set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    args.root = args.root.resolve()
    if args.command != "init" and not (args.root / "mkdocs.yml").exists() and not (args.root / "content").is_dir():
        parser.error(f"no content/ (and no mkdocs.yml) in {args.root}; run inside the handbook folder, pass --root, or start one with 'handbook init DIR'")
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
