"""Content and environment mistakes end in located errors from `handbook check`, never a traceback.

Each test breaks a copy of fixtures/minimal the way a maintainer, their editor or
their file system can, and expects the exact `path:line:col: message` line.
Mistakes that are plain files are in the broken/ corpus as well (test_errors.py);
the ones here need links, folders, permissions, sizes or timing.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import MINIMAL
from generator.cli import main
from generator.load import MAX_VALUES
from generator.validate import load_model

HB = "content/model/handbook.yml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    return tmp_path


def check(root: Path, capsys) -> list[str]:
    """The error lines of `handbook check`, after asserting it failed cleanly with them."""
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    assert code == 1, out.out
    lines = out.err.strip().splitlines()
    n = len(lines) - 1
    assert lines[-1] == f"{n} error{'s' if n != 1 else ''}; fix them and run again."
    return lines[:-1]


def check_ok(root: Path, capsys) -> str:
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def page(root: Path, rel: str, text: str) -> None:
    """The same hand-written page in both languages."""
    for lang in ("et", "en"):
        write(root, f"content/pages/{lang}/{rel}", text)


def line_of(root: Path, rel: str, start: str) -> int:
    """The line of a file (1-based) that starts with `start`, for edits to files other people change."""
    for i, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(start):
            return i
    raise AssertionError(f"no line starting with {start!r} in {rel}")


def replace_line(root: Path, rel: str, start: str, new: str) -> int:
    i = line_of(root, rel, start)
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[i - 1] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return i


def add_line_after(root: Path, rel: str, start: str, new: str) -> int:
    """Insert a line after the line starting with `start`; returns the new line's number."""
    i = line_of(root, rel, start)
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(i, new + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return i + 1


GLOSSARY = """terms:
  - id: customer
    term: {et: klient, en: customer}
    definition: {et: "Inimene, keda teenindatakse.", en: A person who is served.}
"""


# --- 1. encodings -------------------------------------------------------------


def test_a_page_that_is_not_utf8(root, capsys):
    write(root, "content/pages/en/index.md", "# Home\n\nCaf\xe9 au lait.\n".encode("latin-1"))
    assert check(root, capsys) == [
        "content/pages/en/index.md:3:4: the file is not valid UTF-8 text (invalid continuation byte 0xe9); save it as UTF-8",
    ]


def test_a_page_with_a_byte_order_mark(root, capsys):
    write(root, "content/pages/et/index.md", b"\xef\xbb\xbf# Avaleht\n\nTere.\n")
    assert check(root, capsys) == [
        "content/pages/et/index.md:1:1: the file starts with a byte order mark (BOM); save it as UTF-8 without BOM",
    ]


def test_a_yaml_file_with_a_byte_order_mark_is_refused_like_a_page(root, capsys):
    path = root / "content/model/glossary.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check(root, capsys) == [
        "content/model/glossary.yml:1:1: the file starts with a byte order mark (BOM); save it as UTF-8 without BOM",
    ]


def test_a_utf16_file(root, capsys):
    write(root, "content/model/glossary.yml", GLOSSARY.encode("utf-16"))
    assert check(root, capsys) == ["content/model/glossary.yml:1:1: the file is UTF-16 text; save it as UTF-8 without BOM"]


# --- 2. editor files ------------------------------------------------------------


def test_editor_lock_and_backup_files_are_ignored(root, capsys):
    before = check_ok(root, capsys)
    for folder in ("content/model/competencies", "content/model/roles"):
        write(root, f"{folder}/listening.yml~", "broken: [")
        write(root, f"{folder}/#listening.yml#", "broken: [")
        write(root, f"{folder}/.listening.yml.swp", b"\x00\xff binary swap")
        # Emacs' lock file is a symbolic link to a place that does not exist
        os.symlink("root@host.1234:1700000000", root / folder / ".#listening.yml")
    for lang in ("et", "en"):
        folder = root / "content/pages" / lang
        write(root, f"content/pages/{lang}/index.md~", b"\xff not even UTF-8")
        os.symlink("root@host.1234:1700000000", folder / ".#index.md")
        write(root, f"content/pages/{lang}/.#draft.md", "no title")
    assert check_ok(root, capsys) == before


# --- 3. YAML tags -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('!!int ""', "'' is not a whole number, as the tag '!!int' asks; fix the value or remove the tag"),
        ("!!bool maybe", "'maybe' is not true or false, as the tag '!!bool' asks; fix the value or remove the tag"),
        ("!!float x", "'x' is not a number, as the tag '!!float' asks; fix the value or remove the tag"),
        ("!!timestamp nope", "the YAML tag '!!timestamp' is not supported; remove it"),
        ("!foo klient", "the YAML tag '!foo' is not supported; remove it"),
        ("!!binary aGk=", "the YAML tag '!!binary' is not supported; remove it"),
        ("2024-01-01", "'2024-01-01' is read as a date, and the handbook has no dates; put it in quotes to keep it as text: \"2024-01-01\""),
    ],
)
def test_yaml_tag_misuse_is_located(root, capsys, value, message):
    write(root, "content/model/glossary.yml", GLOSSARY.replace("{et: klient,", f"{{et: {value},"))
    assert check(root, capsys) == [f"content/model/glossary.yml:3:16: {message}"]


def test_a_tag_on_a_mapping_is_located(root, capsys):
    write(root, "content/model/glossary.yml", GLOSSARY.replace("term: {et:", "term: !!set {et:"))
    assert check(root, capsys) == ["content/model/glossary.yml:3:11: the YAML tag '!!set' is not supported; remove it"]


# --- 4. folders named like files ------------------------------------------------------


def test_folders_named_like_content_files(root, capsys):
    (root / "content/model/competencies/extra.yml").mkdir()
    (root / "content/model/roles/extra.yaml").mkdir()
    (root / "content/pages/en/notes.md").mkdir()
    (root / "content/model/glossary.yml").unlink()
    (root / "content/model/glossary.yml").mkdir()
    assert check(root, capsys) == [
        "content/model/competencies/extra.yml:1:1: this is a folder, not a file; rename it so that its name does not end in .yml",
        "content/model/glossary.yml:1:1: this is a folder, not a file; rename or move the folder",
        "content/model/roles/extra.yaml:1:1: this is a folder, not a file; rename it so that its name does not end in .yaml",
        "content/pages/en/notes.md:1:1: this is a folder, not a file; rename it so that its name does not end in .md",
    ]


# --- 5. label placeholders ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("en", "col", "message"),
    [
        ("Expected levels: {x} and {b}", 58, "label 'chart-title' uses {x}, which the page does not provide; it can use {a}, {b}"),
        ("Expected levels: {0} and {1}", 58, "label 'chart-title' uses {0}, which the page does not provide; it can use {a}, {b}"),
        # an unclosed brace is refused as a text before it is read as placeholders: attr_list would read it as attributes
        ("Expected levels: {a} and {b", 58, "'labels.chart-title.en': the attribute list '{b' is not allowed in a text field: "
                                            "Markdown would turn it into HTML attributes; remove it (model texts cannot set attributes)"),
        ("Expected levels: {a.__class__} and {b}", 58, "label 'chart-title' uses {a.__class__}; write the placeholder as plain {a}"),
    ],
)
def test_label_placeholders_the_templates_do_not_pass(root, capsys, en, col, message):
    line = add_line_after(root, HB, "labels:", f'  chart-title: {{et: "Oodatavad tasemed: {{a}} ja {{b}}", en: "{en}"}}')
    assert check(root, capsys) == [f"{HB}:{line}:{col}: {message}"]


def test_labels_shown_without_values_may_hold_braces(root, capsys):
    # sc-saved is filled in by the self-check script ("{n}"), not by str.format
    add_line_after(root, HB, "labels:", '  sc-saved: {et: "Salvestatud {n} {vastust}", en: "Saved {n} {answers}"}')
    check_ok(root, capsys)


# --- 6. ids too long for a file name ------------------------------------------------------------


def test_an_id_too_long_for_a_file_name(root, capsys):
    long_id = "a" * 81
    write(root, "content/model/glossary.yml", GLOSSARY.replace("id: customer", f"id: {long_id}"))
    assert check(root, capsys) == [
        f"content/model/glossary.yml:2:9: 'terms.0.id': '{'a' * 30}...' is 81 characters long; an id becomes part of a file name and can have at most 80",
    ]


# --- 7. symbolic links ----------------------------------------------------------------------------


def test_symbolic_links_out_of_content_or_in_a_loop_are_refused(root, capsys):
    os.symlink("/etc/passwd", root / "content/pages/en/passwd.md")
    os.symlink("/etc/passwd", root / "content/pages/et/passwd.txt")  # MkDocs would publish it as a file
    os.symlink("/etc", root / "content/pages/en/etc")
    os.symlink("loop.yml", root / "content/model/roles/loop.yml")
    os.symlink("..", root / "content/pages/et/up")
    os.symlink("missing.yml", root / "content/model/competencies/gone.yml")
    assert check(root, capsys) == [
        "content/model/competencies/gone.yml:1:1: this is a symbolic link to a file that does not exist; remove it or copy the file here instead",
        "content/model/roles/loop.yml:1:1: this is a symbolic link that leads back to itself, a loop; replace it with the file itself",
        "content/pages/en/etc:1:1: this is a symbolic link to a place outside content/; copy the folder instead",
        "content/pages/en/passwd.md:1:1: this is a symbolic link to a place outside content/; copy the file instead",
        "content/pages/et/passwd.txt:1:1: this is a symbolic link to a place outside content/; copy the file instead",
        "content/pages/et/up:1:1: this is a symbolic link to a folder that holds it, a loop; replace it with a copy of the folder",
    ]


def test_a_model_file_linked_from_outside(root, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "glossary.yml"
    shutil.move(root / "content/model/glossary.yml", outside)
    os.symlink(outside, root / "content/model/glossary.yml")
    assert check(root, capsys) == [
        "content/model/glossary.yml:1:1: this is a symbolic link to a place outside content/; copy the file instead",
    ]


def test_links_inside_content_are_followed(root, capsys):
    before = check_ok(root, capsys)
    shared = write(root, "content/shared/about.md", "# About\n")
    os.symlink(shared, root / "content/pages/et/about.md")
    os.symlink("../../shared/about.md", root / "content/pages/en/about.md")
    assert check_ok(root, capsys) != before  # one more page
    assert [p.path for p in load_model(root).pages] == ["about.md", "index.md"]


# --- 8. front matter --------------------------------------------------------------------------------


def test_front_matter_is_read_by_the_located_loader(root, capsys):
    page(root, "about.md", "---\norder: first\n---\n# About\n")
    write(root, "content/pages/en/notes.md", "---\ntitle: Notes\ncolour: red\n---\nText.\n")
    write(root, "content/pages/et/notes.md", "---\ntitle: [Märkmed\n---\nTekst.\n")
    page(root, "list.md", "---\n- a\n- b\n---\n# List\n")
    page(root, "open.md", "---\ntitle: Open\n\n# Open\n")
    page(root, "tagged.md", "---\ntitle: Tagged\norder: !!int x\n---\n")
    assert check(root, capsys) == [
        "content/pages/en/about.md:2:8: 'order': expected a whole number, found text ('first')",
        "content/pages/en/list.md:2:1: the front matter must hold a mapping of keys, found a list",
        "content/pages/en/notes.md:3:1: unknown key 'colour'; check the spelling (see the maintainer's guide in README.md for the keys of this file)",
        "content/pages/en/open.md:1:1: the front matter that starts here has no closing '---' line; end it with a line of three dashes",
        "content/pages/en/tagged.md:3:8: 'x' is not a whole number, as the tag '!!int' asks; fix the value or remove the tag",
        "content/pages/et/about.md:2:8: 'order': expected a whole number, found text ('first')",
        "content/pages/et/list.md:2:1: the front matter must hold a mapping of keys, found a list",
        "content/pages/et/notes.md:3:1: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence that starts at line 2, column 8",
        "content/pages/et/open.md:1:1: the front matter that starts here has no closing '---' line; end it with a line of three dashes",
        "content/pages/et/tagged.md:3:8: 'x' is not a whole number, as the tag '!!int' asks; fix the value or remove the tag",
    ]


def test_front_matter_order_and_title_in_any_order(root, capsys):
    page(root, "b.md", "---\ntitle: Bee\norder: 1\nhide: [toc]\nsearch: {exclude: true}\n---\n# Heading\n")
    page(root, "a.md", "---\ndescription: The first letter.\norder: 2\n---\n# Aa\n")
    check_ok(root, capsys)
    pages = load_model(root).pages
    assert [(p.path, p.order, p.titles["en"]) for p in pages] == [("b.md", 1, "Bee"), ("a.md", 2, "Aa"), ("index.md", 100, "Home")]


# --- 9. pages that would share an address ------------------------------------------------------------


def test_a_reserved_id(root, capsys):
    lead = (root / "content/model/roles/lead.yml").read_text(encoding="utf-8")
    write(root, "content/model/roles/index.yml", lead.replace("id: lead", "id: index"))
    replace_line(root, HB, "  - lead", "  - lead\n  - index")
    planning = root / "content/model/competencies/planning.yml"
    n = len(planning.read_text(encoding="utf-8").splitlines())
    with planning.open("a", encoding="utf-8") as f:
        f.write("  - id: index\n    title: {et: Indeks, en: Index}\n    description: {et: Loetelu., en: A list.}\n"
                "    examples:\n      - {et: Üks., en: One.}\n      - {et: Kaks., en: Two.}\n")
    assert check(root, capsys) == [
        f"content/model/competencies/planning.yml:{n + 1}:9: the id 'index' is reserved for the overview page of a folder (activities/index.md); choose another id",
        "content/model/roles/index.yml:1:5: the id 'index' is reserved for the overview page of a folder (roles/index.md); choose another id",
    ]


def test_hand_written_pages_where_generated_ones_go(root, capsys):
    page(root, "glossary.md", "# My glossary\n")
    page(root, "self-check/index.md", "# Test yourself\n")
    page(root, "model.md", "# Model\n")
    page(root, "roles/extra.md", "# Extra role\n")
    page(root, "about.md", "# About\n")
    page(root, "about/index.md", "# About again\n")
    labels = line_of(root, HB, "labels:") + 1
    assert check(root, capsys) == [
        # a folder of hand-written pages is a section of the menu, with a title in the labels
        f"{HB}:{labels}:3: missing label 'section-{folder}' for et, en: the pages use it and the generator has no words for it in those languages; "
        f"add `section-{folder}: {{et: ..., en: ...}}` under 'labels'"
        for folder in ("about", "roles", "self-check")
    ] + [
        f"content/pages/{lang}/{path}:1:1: {message}"
        for lang in ("en", "et")
        for path, message in [
            ("about/index.md", "the pages about.md and about/index.md would both have the address about/; rename one of them"),
            ("glossary.md", "the page glossary.md would take the address glossary/ of a generated page (glossary.md); rename or move the page"),
            ("model.md", "the page model.md would take the address model/ of a generated page (model/index.md); rename or move the page"),
            ("roles/extra.md", "the page roles/extra.md would take the address roles/extra/ of a generated page (everything under roles/ is generated); move the page"),
            ("self-check/index.md", "the page self-check/index.md would take the address self-check/ of a generated page (self-check.md); rename or move the page"),
        ]
    ]


# --- 10. bounded input ------------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_stops_at_the_value_limit(root, capsys):
    text = billion_laughs()
    assert len(text) < 1500 and MAX_VALUES == 100_000
    write(root, "content/model/glossary.yml", text)
    start = time.monotonic()
    lines = check(root, capsys)
    elapsed = time.monotonic() - start
    assert lines == [
        "content/model/glossary.yml:5:1: the file holds more than 100,000 values, counting each alias (*name) as all the values it repeats; "
        "write the values out instead of nesting anchors and aliases",
    ]
    assert elapsed < 5, f"{elapsed:.1f} s: a pathological input must be bounded, not just finish"


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deep_flow_nesting(root, capsys, depth):
    # 100,000 levels crash libyaml's recursive composer (a segmentation fault) unless refused first
    write(root, "content/model/glossary.yml", "terms:\n  - id: " + "[" * depth + "]" * depth + "\n")
    [line] = check(root, capsys)
    where, message = line.split(": ", 1)
    assert message == "lists and mappings are nested more than 50 levels deep here; the handbook's files need a few"
    path, row, column = where.rsplit(":", 2)
    # on the list's line, inside its brackets: at the 51st level, or where a newer libyaml stops by itself (1,000 levels)
    assert (path, row) == ("content/model/glossary.yml", "2") and int(column) in (56, 1006)


def test_deep_block_nesting(root, capsys):
    write(root, "content/model/glossary.yml", "terms:\n" + "- " * 40_000 + "x\n")
    assert check(root, capsys) == [
        "content/model/glossary.yml:2:99: lists and mappings are nested more than 50 levels deep here; the handbook's files need a few",
    ]


def test_the_limits_are_far_above_the_shipped_model():
    """The limits bound hostile input, not the handbook: the shipped files stay far below them."""
    import yaml

    from conftest import ROOT
    from generator.load import MAX_DEPTH, MAX_TEXT

    def measure(node, depth=0):  # values, deepest level, longest text
        if isinstance(node, yaml.ScalarNode):
            return 1, depth, len(node.value)
        items = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
        found = [measure(v, depth + 1) for v in items]
        return 1 + sum(f[0] for f in found), max([depth] + [f[1] for f in found]), max([0] + [f[2] for f in found])

    sizes = [measure(yaml.compose(p.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)) for p in (ROOT / "content/model").rglob("*.yml")]
    assert max(s[0] for s in sizes) < MAX_VALUES // 50  # the largest, handbook.yml, has some 800 keys and values
    assert max(s[1] for s in sizes) < MAX_DEPTH // 5
    assert max(s[2] for s in sizes) < MAX_TEXT // 50


def test_a_recursive_alias(root, capsys):
    write(root, "content/model/glossary.yml", "terms: &t\n  - *t\n")
    lines = check(root, capsys)
    assert len(lines) == 1 and lines[0].startswith("content/model/glossary.yml:") and "nested more than 50 levels" in lines[0]


def test_a_one_megabyte_line(root, capsys):
    write(root, "content/model/glossary.yml", GLOSSARY.replace("en: customer", "en: " + "x" * 1_000_000))
    assert check(root, capsys) == [
        "content/model/glossary.yml:3:28: the text is 1,000,000 characters long; a text can be at most 100,000",
    ]


def test_a_file_too_large_to_read(root, capsys):
    write(root, "content/model/glossary.yml", GLOSSARY + "#" * 5_000_000 + "\n")
    assert check(root, capsys) == [
        "content/model/glossary.yml:1:1: the file is larger than 5 MB; a content file is a few kilobytes, split it",
    ]


# --- 11. the environment ---------------------------------------------------------------------------------


def test_permission_denied(root, capsys, monkeypatch):
    denied = {root / "content/model/roles/agent.yml", root / "content/pages/en/index.md"}
    real_open = Path.open

    def open_(self, *args, **kwargs):
        if self in denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    assert check(root, capsys) == [
        "content/model/roles/agent.yml:1:1: cannot read the file: permission denied",
        "content/pages/en/index.md:1:1: cannot read the file: permission denied",
    ]


def test_a_folder_that_cannot_be_read(root, capsys, monkeypatch):
    import generator.load

    real_scandir = os.scandir
    denied = root / "content/pages/en"

    def scandir(path):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(generator.load.os, "scandir", scandir)
    assert check(root, capsys) == [
        "content/pages/en:1:1: cannot read the folder: permission denied",
        # its pages cannot be seen, so the Estonian ones look untranslated
        "content/pages/et/index.md:1:1: missing translation: there is no content/pages/en/index.md; every page exists in every language",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied_for_real(root, capsys):
    path = root / "content/model/roles/agent.yml"
    folder = root / "content/pages/en"
    path.chmod(0)
    folder.chmod(0)
    try:
        assert check(root, capsys) == [
            "content/model/roles/agent.yml:1:1: cannot read the file: permission denied",
            "content/pages/en:1:1: cannot read the folder: permission denied",
        ]
    finally:
        path.chmod(0o644)
        folder.chmod(0o755)


# --- all of them at once -------------------------------------------------------------------------------------


def test_every_kind_of_mistake_in_one_run(root, capsys):
    """Loader errors do not stop the run: each file's mistakes come out together with the others'."""
    write(root, "content/pages/et/index.md", b"\xef\xbb\xbf# Avaleht\n")
    write(root, "content/model/glossary.yml", GLOSSARY.replace("{et: klient,", "{et: !!bool maybe,"))
    os.symlink("/etc/passwd", root / "content/pages/en/passwd.md")
    (root / "content/model/roles/extra.yml").mkdir()
    page(root, "about.md", "---\norder: first\n---\n# About\n")
    replace_line(root, "content/model/roles/agent.yml", "short:", "short: {et: Agent, en: Agent}\nsalary: 1")
    lines = check(root, capsys)
    assert len(lines) == 7, lines
    assert "content/pages/et/index.md:1:1: the file starts with a byte order mark (BOM); save it as UTF-8 without BOM" in lines
    assert "content/model/glossary.yml:3:16: 'maybe' is not true or false, as the tag '!!bool' asks; fix the value or remove the tag" in lines
    assert any(line.startswith("content/model/roles/agent.yml:") and "unknown key 'salary'" in line for line in lines)
