"""`handbook build` never destroys what it was not asked to: the project, its sources, a pages checkout's
`.git`, a mount point; one build at a time; a full disk, a forbidden folder or Ctrl-C end in one line
and leave the site as it was; the published files are readable by a web server."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import generator.build as build
from conftest import MINIMAL, copy_project
from generator.build import SiteDirError, build_site, check_site_dir, lock_path
from generator.cli import main


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, dot-files included, with the files' contents hashed."""
    return {p.relative_to(folder).as_posix(): ("dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*"))}


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def temp_folders(*places: Path) -> list[str]:
    """What a build may leave behind: its temporary folders and its lock file."""
    return [p.name for place in places for p in place.iterdir()
            if ".new-" in p.name or ".old-" in p.name or p.name.endswith("-build.lock")]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The small fixture project; tests build into folders of their own inside it."""
    return copy_project(tmp_path_factory.mktemp("safety"), content=MINIMAL / "content")


@pytest.fixture(scope="module")
def reference(project) -> Path:
    """One plain build: the file list every other build must end with, and an 'old site' to copy."""
    out = project / "reference"
    build_site(project, out)
    return out


def old_site(reference: Path, where: Path) -> Path:
    """A site from an earlier build, with a pages checkout's `.git` and a server's `.htaccess` in it."""
    shutil.copytree(reference, where)
    (where / ".git").mkdir()
    (where / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (where / ".htaccess").write_text("Options -Indexes\n")
    return where


def run_main(capsys, *argv: str) -> tuple[int, list[str]]:
    """`handbook ...` in this process, so that a function of the build can be made to fail."""
    code = main(list(argv))
    return code, capsys.readouterr().err.splitlines()


# --- the site folder guard ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def victim(tmp_path_factory) -> Path:
    """A project alone in its folder: a refused build must leave the folder and its parent as they were."""
    folder = tmp_path_factory.mktemp("victim") / "project"
    folder.mkdir()
    return copy_project(folder)


@pytest.mark.parametrize("site_dir,why", [
    (".", "it is the project folder"),
    ("content", "it is the project's content/"),
    ("", "empty site folder name"),
    ("content/pages", "it is inside the project's content/"),
    ("..", "it holds the project folder"),
])
def test_destructive_site_dirs_are_refused(victim, site_dir, why):
    before = snapshot(victim.parent)
    r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(victim), "build", "--site-dir", site_dir],
                       capture_output=True, text=True, cwd=victim)
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: refusing to build into") and why in lines[0], r.stderr
    assert "such as" in lines[0] and "site" in lines[0], "the message says what to do instead"
    assert snapshot(victim.parent) == before, "nothing was written, deleted or changed"
    assert (victim / "content" / "model" / "handbook.yml").is_file() and (victim / "mkdocs.yml").is_file()


def test_the_guard_resolves_symlinks_and_knows_the_other_dangerous_folders(victim, tmp_path):
    link = tmp_path / "alias"
    link.symlink_to(victim)
    with pytest.raises(SiteDirError, match="it is the project folder"):
        check_site_dir(link, victim)
    (tmp_path / "pages").symlink_to(victim / "content" / "pages")
    with pytest.raises(SiteDirError, match="inside the project's content/"):
        check_site_dir(tmp_path / "pages" / "out", victim)
    with pytest.raises(SiteDirError, match="overrides/"):
        check_site_dir(victim / "overrides" / "site", victim)
    with pytest.raises(SiteDirError, match="the generator's own code"):
        check_site_dir(build.PACKAGE_DIR / "templates", victim)
    with pytest.raises(SiteDirError, match="filesystem root"):
        check_site_dir("/", victim)
    with pytest.raises(SiteDirError, match="home folder"):
        check_site_dir(Path.home(), victim)
    with pytest.raises(SiteDirError, match="empty site folder name"):
        check_site_dir("  ", victim)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(SiteDirError, match="is a file"):
        check_site_dir(tmp_path / "a-file", victim)
    # the usual places are fine
    assert check_site_dir(victim / "site", victim) == victim / "site"
    assert check_site_dir(tmp_path / "public", victim) == tmp_path / "public"


# --- the swap keeps the site folder and its dot-files -------------------------------------------------


def test_a_pages_checkout_keeps_its_dot_files_and_loses_stale_pages(project, reference):
    site = old_site(reference, project / "checkout")
    (site / ".nojekyll").write_text("")
    (site / "stale.html").write_text("<p>an old page</p>")
    (site / "gone" / "deep").mkdir(parents=True)
    (site / "gone" / "deep" / "index.html").write_text("old")
    inode = site.stat().st_ino
    build_site(project, site)
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site / ".htaccess").read_text() == "Options -Indexes\n" and (site / ".nojekyll").exists()
    assert not (site / "stale.html").exists() and not (site / "gone").exists()
    assert [f for f in files(site) if not f.startswith(".")] == files(reference)
    assert site.stat().st_ino == inode, "the folder itself stays: a mount point or an open shell keeps working"
    assert temp_folders(project, site) == []


def test_leftovers_of_a_killed_build_are_cleaned(project, reference):
    site = old_site(reference, project / "leftovers")
    for stale in (project / ".leftovers.new-abc", project / ".leftovers.old-def", site / ".leftovers.old-ghi"):
        (stale / "en").mkdir(parents=True)
        (stale / "en" / "index.html").write_text("half")
    lock_path(site).write_text("999999\n")  # a killed build's lock file: nobody holds it
    build_site(project, site)
    assert temp_folders(project, site) == []
    assert [f for f in files(site) if not f.startswith(".")] == files(reference)


def test_built_files_are_readable_by_a_web_server(project):
    old = os.umask(0o022)
    try:
        site = project / "public"
        build_site(project, site)
    finally:
        os.umask(old)
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    assert modes["."] == 0o755 and modes["en"] == 0o755 and modes["assets"] == 0o755
    assert modes["index.html"] == 0o644 and modes["en/index.html"] == 0o644 and modes["sitemap.xml"] == 0o644
    assert {m for m in modes.values()} == {0o755, 0o644}, {k: oct(m) for k, m in modes.items() if m not in (0o755, 0o644)}


def test_a_site_on_another_file_system_is_copied_in(project, reference, monkeypatch):
    """A mount point: the staging move across file systems fails with EXDEV and the build copies once."""
    site = old_site(reference, project / "mounted")
    real_move = build._move
    def move(src: Path, dst: Path) -> None:
        if src.parent == project and dst.parent == site:
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        real_move(src, dst)
    monkeypatch.setattr(build, "_move", move)
    build_site(project, site)
    assert (site / ".git" / "HEAD").exists() and (site / ".htaccess").exists()
    assert [f for f in files(site) if not f.startswith(".")] == files(reference)
    assert temp_folders(project, site) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"), reason="mounting needs root")
def test_a_real_mount_point_can_be_built_into(project, reference):
    site = project / "mnt"
    site.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "handbook-test", str(site)], capture_output=True).returncode != 0:
        site.rmdir()
        pytest.skip("cannot mount a tmpfs here")
    try:
        (site / ".htaccess").write_text("x")
        build_site(project, site)
        build_site(project, site)  # the second build replaces a site on the mount point
        assert (site / ".htaccess").exists()
        assert [f for f in files(site) if not f.startswith(".")] == files(reference)
        assert temp_folders(project, site) == []
    finally:
        subprocess.run(["umount", "-l", str(site)], check=False)


# --- one build at a time ------------------------------------------------------------------------------


def test_a_second_build_stops_in_one_line_while_the_lock_is_held(project, reference, capsys, monkeypatch):
    site = old_site(reference, project / "locked")
    before = snapshot(site)
    monkeypatch.setattr(build, "LOCK_WAIT", 0.3)
    with open(lock_path(site), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242\n")
        held.flush()
        code, err = run_main(capsys, "--root", str(project), "build", "--site-dir", str(site))
    assert code == 1
    assert err == [f"error: another build into {site} is running (pid 4242); wait for it to finish and run again"]
    assert snapshot(site) == before
    assert [n for n in temp_folders(project, site) if not n.endswith("-build.lock")] == []
    lock_path(site).unlink()


def test_two_builds_at_once_end_with_a_complete_site(project, reference):
    site = project / "twice"
    cmd = [sys.executable, "-m", "generator.cli", "--root", str(project), "build", "--site-dir", str(site)]
    procs = [subprocess.Popen(cmd, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert any(code == 0 for code, _ in results), results
    for code, err in results:
        assert code == 0 or (code == 1 and err.startswith(f"error: another build into {site} is running")), err
        assert "Traceback" not in err
    assert files(site) == files(reference)
    assert temp_folders(project, site) == []


# --- the environment fails: one line, the site as it was ------------------------------------------------


def _failing_build(exc: BaseException):
    def build_language(root, lang, out, strict=True, model=None):
        out.mkdir(parents=True, exist_ok=True)
        (out / "index.html").write_text("half")
        raise exc
    return build_language


@pytest.mark.parametrize("exc,code,expected", [
    (OSError(errno.ENOSPC, "No space left on device", "/x/index.html"), 1, "error: no space left on device: /x/index.html; {site} was left as it was; free some space"),
    (PermissionError(errno.EACCES, "Permission denied", "/x"), 1, "error: permission denied: /x; {site} was left as it was; build into a folder you may write to"),
    (OSError(errno.EROFS, "Read-only file system", "/x"), 1, "error: read-only file system: /x; {site} was left as it was"),
    (KeyboardInterrupt(), 130, "interrupted; {site} was left as it was"),
])
def test_a_failing_environment_ends_in_one_line(project, reference, capsys, monkeypatch, exc, code, expected):
    site = old_site(reference, project / f"env-{code}-{getattr(exc, 'errno', 0)}")
    before = snapshot(site)
    monkeypatch.setattr(build, "build_language", _failing_build(exc))
    got, err = run_main(capsys, "--root", str(project), "build", "--site-dir", str(site))
    assert got == code
    assert len(err) == 1 and err[0].startswith(expected.format(site=site)), err
    assert snapshot(site) == before
    assert temp_folders(project, site) == []


def test_no_permission_for_the_temporary_folder_ends_in_one_line(project, reference, capsys, monkeypatch):
    site = old_site(reference, project / "forbidden")
    before = snapshot(site)
    def refuse(parent: Path, prefix: str) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(parent / prefix))
    monkeypatch.setattr(build, "_make_temp", refuse)
    code, err = run_main(capsys, "--root", str(project), "build", "--site-dir", str(site))
    assert code == 1 and len(err) == 1 and err[0].startswith("error: permission denied:"), err
    assert snapshot(site) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="as root, a read-only folder can still be written")
def test_a_read_only_parent_ends_in_one_line(reference, tmp_path):
    root = copy_project(tmp_path, content=MINIMAL / "content")
    parent = tmp_path / "readonly"
    site = old_site(reference, parent / "site")
    before = snapshot(site)
    parent.chmod(0o555)
    try:
        r = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "build", "--site-dir", str(site)],
                           capture_output=True, text=True, cwd=root)
    finally:
        parent.chmod(0o755)
    assert r.returncode == 1
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("error: permission denied"), r.stderr
    assert snapshot(site) == before


@pytest.mark.parametrize("exc,code", [(OSError(errno.ENOSPC, "No space left on device"), 1), (KeyboardInterrupt(), 130)])
def test_a_swap_failing_halfway_puts_the_old_site_back(project, reference, capsys, monkeypatch, exc, code):
    site = old_site(reference, project / f"halfway-{code}")
    before = snapshot(site)
    real_move = build._move
    moved_in = []
    def move(src: Path, dst: Path) -> None:
        if dst.parent == site and src.parent.name.startswith(".halfway"):
            if len(moved_in) == 3:  # three new entries are in, the old ones are aside
                raise exc
            moved_in.append(src.name)
        real_move(src, dst)
    monkeypatch.setattr(build, "_move", move)
    got, err = run_main(capsys, "--root", str(project), "build", "--site-dir", str(site))
    assert len(moved_in) == 3, "the failure came in the middle of the swap"
    assert got == code and len(err) == 1 and "was left as it was" in err[0], err
    assert snapshot(site) == before
    assert temp_folders(project, site) == []
