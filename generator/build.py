"""Build both languages into a fresh folder, then swap it in: a failed build changes nothing.

The site folder is checked first: a build never goes into the project itself, its sources, the
filesystem root or the home folder. One build at a time holds a lock next to the site folder. The
swap replaces what is inside the site folder, not the folder, so that a pages checkout's `.git`, an
`.htaccess` or a mount point survive, and the new files are readable as the process umask allows.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from .incremental import Incremental
from .model import Model
from .pages import site_of
from .plugin import HandbookPlugin
from .project import config_file, content_dir_of
from .site import Site
from .validate import load_model

PACKAGE_DIR = Path(__file__).resolve().parent
# How long a second build into the same folder waits for the first before it gives up.
LOCK_WAIT = 5.0


class SiteDirError(Exception):
    """The site folder cannot be built into; the message names it and says what to do."""


class BuildLocked(SiteDirError):
    """Another build into the same site folder is running."""


def build_language(root: Path, lang: str, out: Path, strict: bool = True, model: Model | None = None,
                   incremental: Incremental | None = None) -> None:
    """One MkDocs build of one language into `out`; with `incremental` (the preview), only what changed since its last build."""
    config = load_config(str(config_file(root)), docs_dir=str(root / content_dir_of(root) / "pages"), site_dir=str(out), strict=strict)
    plugin = config.plugins.get("handbook")
    if not isinstance(plugin, HandbookPlugin):
        raise PluginError(f"{config_file(root)} does not list the 'handbook' plugin under 'plugins'; add '- handbook'")
    plugin.project_root = root
    plugin.config.lang = lang
    plugin.preloaded = model
    plugin.incremental = incremental
    dirty = incremental is not None and incremental.changed is not None
    with _quiet_dirty_warning():
        mkdocs_build(config, dirty=dirty)


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that links may be stale; the preview's builds keep them right (generator/incremental.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@contextmanager
def _quiet_dirty_warning() -> Iterator[None]:
    logger, quiet = logging.getLogger("mkdocs.commands.build"), _NoDirtyWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def build_site(root: Path, site_dir: str | os.PathLike[str], strict: bool = True, lock_wait: float | None = None,
               parallel: bool = True) -> Model:
    """Check the site folder and the content, build every language into a temporary sibling folder,
    then swap its contents in. `site_dir` may be relative to the current folder; pass the user's own
    string so that an empty one (an unset shell variable) is refused rather than read as ".".
    """
    root = Path(root).resolve()
    site_dir = check_site_dir(site_dir, root)  # raises SiteDirError before anything is written
    model = load_model(root, content_dir_of(root))  # raises ModelError before anything is written
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(site_dir, LOCK_WAIT if lock_wait is None else lock_wait):
        _remove_leftovers(site_dir)  # under the lock: another build's folders are not leftovers
        # A sibling folder: a build killed half-way never touched the site, and the moves into it
        # are renames on one file system (a site on a mount point is copied in once, see _swap).
        tmp = _make_temp(site_dir.parent, f".{site_dir.name}.new-")
        try:
            _build_languages(root, site_of(model), tmp, strict, model, parallel)
            # mkdtemp makes the folder 0700: a web server running as another user could not read it.
            os.chmod(tmp, 0o777 & ~_umask())
            _swap(tmp, site_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return model


def _build_languages(root: Path, site: Site, tmp: Path, strict: bool, model: Model, parallel: bool) -> None:
    """Every language into its folder of `tmp`: at once, in forked processes, where the machine has
    more than one core and the system can fork; otherwise one after the other. Either way the files are
    the same, byte for byte (a test compares them).

    The first language's build empties its folder, which holds the others' folders: in parallel, every
    other language builds into a sibling folder of its own and is moved in when all have finished.
    """
    workers = min(len(site.languages), os.cpu_count() or 1)
    # Linux only: there a forked build can be tied to the build that started it (_die_with_parent).
    if not parallel or workers < 2 or not sys.platform.startswith("linux"):
        for lang in site.languages:
            build_language(root, lang, site.folder(tmp, lang), strict, model)
        return
    outs = {lang: tmp if lang == site.default else _make_temp(tmp.parent, f"{tmp.name}.{lang}-") for lang in site.languages}
    try:
        # Forked workers inherit the checked model (and anything a test patched) instead of reading it again.
        _FORKED.update(root=root, strict=strict, model=model)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_die_with_parent) as pool:
            for future in [pool.submit(_build_forked, lang, out) for lang, out in outs.items()]:
                future.result()  # the first failure, as the serial build would raise it
        for lang, out in outs.items():
            if out != tmp:
                os.chmod(out, 0o777 & ~_umask())  # mkdtemp's 0700, as for the site folder itself
                os.replace(out, site.folder(tmp, lang))
    finally:
        _FORKED.clear()
        for out in outs.values():
            if out != tmp:
                shutil.rmtree(out, ignore_errors=True)


_FORKED: dict[str, Any] = {}  # what a forked language build needs, set before the workers start


def _die_with_parent() -> None:
    """A forked language build ends with the build that started it: a killed build leaves no writer behind,
    and the lock the worker inherited is released with it."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent was gone before the signal was set
        os._exit(1)


def _build_forked(lang: str, out: Path) -> None:
    build_language(_FORKED["root"], lang, out, _FORKED["strict"], _FORKED["model"])


def check_site_dir(site_dir: str | os.PathLike[str], root: Path) -> Path:
    """The site folder, symlinks resolved; SiteDirError where a build would destroy something.

    A build replaces everything in the site folder but its dot-files, so the folder must not be,
    hold or lie inside the project's sources, and must not be the filesystem root or a home folder.
    """
    raw = os.fspath(site_dir)
    if not raw.strip():
        raise SiteDirError("refusing to build into an empty site folder name (an unset variable?); "
                           "pass a separate folder such as --site-dir site")
    site = Path(raw).resolve()
    root = Path(root).resolve()
    advice = f"choose an empty or separate folder such as {root / 'site'}"
    if site.exists() and not site.is_dir():
        raise SiteDirError(f"refusing to build into {site}: it is a file, not a folder; {advice}")
    if site == Path(site.anchor):
        raise SiteDirError(f"refusing to build into {site}: it is the filesystem root; {advice}")
    try:
        home: Path | None = Path.home().resolve()
    except (KeyError, RuntimeError):  # no HOME and no user entry
        home = None
    if home is not None and (site == home or site in home.parents):
        raise SiteDirError(f"refusing to build into {site}: it {'is' if site == home else 'holds'} your home folder; {advice}")
    if site == root or site in root.parents:
        what = "is the project folder" if site == root else f"holds the project folder {root}"
        raise SiteDirError(f"refusing to build into {site}: it {what}; {advice}")
    config_dir = (root / "mkdocs.yml").resolve().parent
    sources = [
        (config_dir, "the folder holding mkdocs.yml", False),
        ((root / "content").resolve(), "the project's content/", True),
        ((root / "overrides").resolve(), "the project's overrides/", True),
        (PACKAGE_DIR, f"the generator's own code {PACKAGE_DIR}", True),
    ]
    for source, label, guard_inside in sources:
        if site == source:
            why = f"it is {label}"
        elif site in source.parents:
            why = f"it holds {label}"
        elif guard_inside and source in site.parents:
            why = f"it is inside {label}"
        else:
            continue
        raise SiteDirError(f"refusing to build into {site}: {why}; {advice}")
    return site


def lock_path(site_dir: Path) -> Path:
    """The lock file of a site folder: next to it, and not named like the temporary folders."""
    return site_dir.parent / f".{site_dir.name}-build.lock"


@contextmanager
def _build_lock(site_dir: Path, wait: float) -> Iterator[None]:
    """One build at a time per site folder: an flock on `.<name>-build.lock` next to it, holding the pid.

    The holder removes the file when it is done; a waiter that then gets the lock on the removed file
    opens the path again, so that two builds never each hold a different file.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no lock, as before
        yield
        return
    path = lock_path(site_dir)
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                        raise BuildLocked(f"another build into {site_dir} is running{f' (pid {pid})' if pid.isdigit() else ''}; "
                                          "wait for it to finish and run again") from None
                    time.sleep(0.1)
                except OSError as exc:
                    if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):  # a file system without locks
                        break
                    raise
            try:
                current = os.stat(path)
                held = os.fstat(fd)
                same = (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino)
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)  # the previous holder removed this file as it finished: lock the one there now
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        try:
            os.unlink(path)  # while still holding it: nothing is left next to the site
        except OSError:
            pass
        os.close(fd)


def _make_temp(parent: Path, prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_leftovers(site_dir: Path) -> None:
    """Folders a killed build left behind, next to the site and (during a swap) inside it."""
    places = [site_dir.parent] + ([site_dir] if site_dir.is_dir() else [])
    for place in places:
        for kind in ("new", "old"):
            for stale in place.glob(f".{site_dir.name}.{kind}-*"):
                shutil.rmtree(stale, ignore_errors=True)


def _move(src: Path, dst: Path) -> None:
    os.rename(src, dst)


def _swap(new: Path, target: Path) -> None:
    """Replace what is in `target` by what is in `new`, keeping the dot-files the build did not make.

    The old entries go aside into a hidden folder inside `target` (one file system, even when
    `target` is a mount point), the new ones are moved in, and only then are the old ones deleted.
    If a move fails, everything moved so far goes back.
    """
    if not target.exists():
        _move(new, target)
        return
    # Stage the new site inside the target: every later move is a rename within one folder.
    stage = target / new.name
    try:
        _move(new, stage)
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # the target is another file system (a mount point): copy once
            raise
        try:
            shutil.copytree(new, stage, symlinks=True)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
    try:
        aside = _make_temp(target, f".{target.name}.old-")
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    built = sorted(p.name for p in stage.iterdir())
    old = sorted(p.name for p in target.iterdir()
                 if p not in (stage, aside) and (p.name in built or not p.name.startswith(".")))
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for name in old:
            _move(target / name, aside / name)
            moved_out.append(name)
        for name in built:
            _move(stage / name, target / name)
            moved_in.append(name)
    except BaseException:
        for name in reversed(moved_in):
            _try_move(target / name, stage / name)
        for name in reversed(moved_out):
            _try_move(aside / name, target / name)
        shutil.rmtree(stage, ignore_errors=True)
        if not any(aside.iterdir()):  # never delete old entries that could not be put back
            aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def _try_move(src: Path, dst: Path) -> None:
    try:
        os.rename(src, dst)
    except OSError:
        pass


def quiet_mkdocs(verbose: bool) -> None:
    """MkDocs logs every page at INFO; keep warnings and errors unless asked for more."""
    logging.basicConfig(format="%(levelname)-7s - %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
