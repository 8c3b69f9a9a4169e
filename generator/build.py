"""Build both languages into a fresh folder, then swap it in: a failed build changes nothing."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from . import DEFAULT_LANGUAGE, LANGUAGES
from .model import Model, load_model


def language_dir(site_dir: Path, lang: str) -> Path:
    """Estonian at the root, every other language in a folder named after it."""
    return site_dir if lang == DEFAULT_LANGUAGE else site_dir / lang


def build_language(root: Path, lang: str, out: Path, strict: bool = True, model: Model | None = None) -> None:
    """One MkDocs build of one language into `out`."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=strict)
    plugin = config.plugins["handbook"]
    plugin.config.lang = lang
    plugin.preloaded = model
    mkdocs_build(config)


def build_site(root: Path, site_dir: Path, strict: bool = True) -> Model:
    """Check the content, build every language into a temporary sibling folder, then swap it in."""
    root = Path(root).resolve()
    model = load_model(root)  # raises ModelError before anything is written
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site_dir)
    # A sibling folder: the final rename stays on one file system.
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        for lang in LANGUAGES:
            build_language(root, lang, language_dir(tmp, lang), strict, model)
        _swap(tmp, site_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return model


def _remove_leftovers(site_dir: Path) -> None:
    """Folders a killed build left behind; the site itself was never touched."""
    for kind in ("new", "old"):
        for stale in site_dir.parent.glob(f".{site_dir.name}.{kind}-*"):
            shutil.rmtree(stale, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def quiet_mkdocs(verbose: bool) -> None:
    """MkDocs logs every page at INFO; keep warnings and errors unless asked for more."""
    logging.basicConfig(format="%(levelname)-7s - %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
