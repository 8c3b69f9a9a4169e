"""Links and anchors in hand-written pages and model texts: `handbook check` finds every broken one, located.

The small fixture (site_tests/fixtures/minimal) gets a few hand-written pages
in both languages. The good links must pass the check and a strict MkDocs build
(built once here); each broken one must give the exact `path:line:col: message`.
A model text's relative link is written relative to the language's pages folder
and must lead to the same page from every page that shows the text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL, ROOT, copy_project, errors_of, html_file
from generator import text as T
from generator.errors import ErrorCollector
from generator.links import generated_paths, model_text_href, page_anchors, page_links
from generator.load import load_yaml
from generator.pages import plan_files, plan_pages, site_of
from generator.render import render_page
from generator.validate import load_model

PL = "content/model/competencies/planning.yml"
GL = "content/model/glossary.yml"

HOME = """\
# Home

Hello. Start with [the guide](guides/start.md) and [its steps](guides/start.md#the-steps).
See [the roles](roles/index.md), [an agent](roles/agent.md), [a customer](glossary.md#customer),
[the matrix](compare/index.md), [a pair](compare/lead--agent.md), [a chart](compare/lead--agent.svg),
[the web](https://example.org) and [mail](mailto:team@example.org).

Code is not a link: `[not a link](nowhere.md)`.

```
[in a fence](nowhere.md)
```

    [indented code](nowhere.md)
"""

START = """\
---
title: Start
---
# Start

## The steps

Back [home](../index.md), [up here](#the-steps), [part](other.md#explicit), [sibling](other.md),
![a picture](pic.png) and [the self-check][check].

!!! note

    A note box: [the glossary](../glossary.md).

| Page | Link |
|------|------|
| top  | [model](../model/index.md) |

[check]: ../self-check.md
"""

OTHER = """\
# Other

## Part {: #explicit }
"""

GOOD_PAGES = {"index.md": HOME, "guides/start.md": START, "guides/other.md": OTHER}

# A model text's links: relative to the language's pages folder, whatever page shows the text.
GOOD_MODEL = {
    PL: [("description: {et: Seab eesmärgid ja kava., en: Sets goals and a plan.}\n",
          "description:\n  et: Seab eesmärgid ja [kava](guides/start.md).\n"
          "  en: |\n    Sets goals and a plan.\n    See [the matrix](compare/index.md) and [customers](glossary.md#customer).\n")],
    GL: [("en: A person who is served.}", "en: 'A person who is served, see [the roles](roles/index.md).'}")],
}


def make(root: Path, pages: dict[str, str] | None = None, model: dict[str, list[tuple[str, str]]] | None = None) -> Path:
    """The minimal fixture with the good pages in both languages, then `pages` (by path under content/pages/) and model edits."""
    shutil.copytree(MINIMAL / "content", root / "content", dirs_exist_ok=True)
    written = {f"{lang}/{path}": text for lang in ("en", "et") for path, text in GOOD_PAGES.items()}
    written.update(pages or {})
    for rel, text in written.items():
        target = root / "content" / "pages" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for lang in ("en", "et"):
        (root / "content" / "pages" / lang / "guides" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for changes in (GOOD_MODEL, model or {}):
        for rel, edits in changes.items():
            path = root / rel
            text = path.read_text(encoding="utf-8")
            for old, new in edits:
                assert old in text, (rel, old)
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
    return root



def located(root: Path) -> list[str]:
    """The errors, each checked to point at the first character of the link target it quotes."""
    found = errors_of(root)
    for error in found:
        where, message = error.split(": ", 1)
        path, line, column = where.rsplit(":", 2)
        url = re.search(r"(?:link|image) '([^']*)'", message).group(1)  # type: ignore[union-attr]
        text = (root / path).read_text(encoding="utf-8").split("\n")[int(line) - 1]
        assert text[int(column) - 1:].startswith(url), (error, text)
    return found


# --- finding links and anchors -----------------------------------------------------------


def test_links_are_found_where_their_targets_are_written_and_not_in_code():
    found = page_links(HOME)
    assert [x.url for x in found if "nowhere" in x.url] == []  # in a code span, a fence, an indented code block
    assert [(x.url, x.line, x.column) for x in found[:3]] == [("guides/start.md", 3, 31), ("guides/start.md#the-steps", 3, 64), ("roles/index.md", 4, 17)]
    start = page_links(START)
    assert [(x.url, x.line, x.column, x.image) for x in start] == [
        ("../index.md", 8, 13, False),
        ("#the-steps", 8, 37, False),
        ("other.md#explicit", 8, 57, False),
        ("other.md", 8, 87, False),
        ("pic.png", 9, 14, True),
        ("../glossary.md", 13, 32, False),  # in a note box: Markdown, not code
        ("../model/index.md", 17, 18, False),  # in a table
        ("../self-check.md", 19, 10, False),  # the reference definition
    ]
    for source, links in ((HOME, found), (START, start)):
        lines = source.split("\n")
        for x in links:
            assert lines[x.line - 1][x.column - 1:].startswith(x.url), x


def test_anchors_are_the_ids_mkdocs_collects():
    ids = page_anchors(START + "\n## The steps\n\n<span id='raw'></span>\n")
    assert ids >= {"start", "the-steps", "the-steps_1", "raw"}
    assert page_anchors(OTHER) == frozenset({"other", "explicit"})


def test_generated_paths_are_the_planned_files():
    model = load_model(MINIMAL)
    doc = load_yaml(MINIMAL / "content/model/handbook.yml", ErrorCollector(MINIMAL))
    assert doc is not None
    comps = {c.id: (doc, c) for c in model.competencies}
    roles = {r.id: (doc, r) for r in model.roles}
    paths, unknown = generated_paths(model.handbook, comps, roles)
    assert unknown == set()
    for lang in ("et", "en"):
        assert paths == {p.path for p in plan_files(model, lang)}
    shipped = load_model(ROOT)  # with change notes, so with a "What changed" page
    assert shipped.changes
    comps = {c.id: (doc, c) for c in shipped.competencies}
    roles = {r.id: (doc, r) for r in shipped.roles}
    assert generated_paths(shipped.handbook, comps, roles, has_changes=True, chooser=shipped.chooser)[0] == {p.path for p in plan_files(shipped, "en")}


# --- the check ---------------------------------------------------------------------------


def test_good_links_pass(tmp_path):
    assert errors_of(make(tmp_path)) == []


def test_every_broken_link_of_every_page_and_language_in_one_run(tmp_path):
    root = make(tmp_path, {
        "en/index.md": HOME + "\nA [gone page](gone.md) and [another](guides/nothing.md#part).\n",
        "en/guides/start.md": START.replace("[part](other.md#explicit)", "[part](other.md#nope)")
                                   .replace("![a picture](pic.png)", "![a picture](missing.png)"),
        "et/guides/start.md": START.replace("[sibling](other.md)", "[sibling](../roles/nobody.md)")
                                   .replace("[check]: ../self-check.md", "[check]: ../roles/")
                                   + "\n[unused]: /about.md\n",
        "et/guides/other.md": OTHER + "\nOut: [far away](../../x.md) and [web](www.example.com).\n",
    })
    assert located(root) == [
        "content/pages/en/guides/start.md:8:57: broken link 'other.md#nope': the page content/pages/en/guides/other.md has no "
        "heading or anchor '#nope'; link to one of its headings (its anchors: #explicit, #other)",
        "content/pages/en/guides/start.md:9:14: broken image 'missing.png': no file content/pages/en/guides/missing.png; "
        "put the file there or fix the path",
        "content/pages/en/index.md:16:15: broken link 'gone.md': no page content/pages/en/gone.md; link to an existing page",
        "content/pages/en/index.md:16:38: broken link 'guides/nothing.md#part': no page content/pages/en/guides/nothing.md; "
        "link to an existing page",
        "content/pages/et/guides/other.md:5:17: broken link '../../x.md': it leads out of content/pages/et/; "
        "a link leads to a page or file of the same language",
        "content/pages/et/guides/other.md:5:39: broken link 'www.example.com': no file content/pages/et/guides/www.example.com; "
        "put the file there or fix the path (an address on the web starts with https://)",
        "content/pages/et/guides/start.md:8:87: broken link '../roles/nobody.md': no generated page roles/nobody.md "
        "(the model has no role 'nobody'); link to an existing page",
        "content/pages/et/guides/start.md:19:10: broken link '../roles/': a link names a page's Markdown file, not a folder "
        "or an address; link to '../roles/index.md'",
        "content/pages/et/guides/start.md:21:11: absolute link '/about.md': a link that starts with '/' breaks when the site "
        "is not at the root of its address; write it relative to this page, like '../compare/index.md'",
    ]


def test_an_anchor_into_a_generated_page_is_checked_when_the_rest_is_valid(tmp_path):
    root = make(tmp_path, {"en/guides/other.md": OTHER + "\nA [term](../glossary.md#nobody).\n"})
    assert located(root) == [
        "content/pages/en/guides/other.md:5:10: broken link '../glossary.md#nobody': the generated page glossary.md has no "
        "heading or anchor '#nobody'; link to one of its headings (its anchors: #customer, #glossary)",
    ]


def test_model_text_links_are_checked_at_their_place_in_the_yaml(tmp_path):
    root = make(tmp_path, model={
        PL: [("See [the matrix](compare/index.md)", "See [the matrix](../compare/index.md)"),
             ("[customers](glossary.md#customer)", "[customers](glossary.md#nobody) or [this](#here) or [that](roles/lead)")],
        GL: [("[the roles](roles/index.md)", "[the roles](role/index.md)"), ('"Inimene, keda', '"Inimene, vt [rollid](rollid.md), keda')],
    })
    assert located(root) == [
        "content/model/competencies/planning.yml:8:22: 'description.en': broken link '../compare/index.md': it leads out of "
        "content/pages/en/; a link in a model text is relative to content/pages/en/ (like 'compare/index.md')",
        "content/model/competencies/planning.yml:8:59: 'description.en': broken link 'glossary.md#nobody': the generated page "
        "glossary.md has no heading or anchor '#nobody'; link to one of its headings (its anchors: #customer, #glossary)",
        "content/model/competencies/planning.yml:8:89: 'description.en': the link '#here' names no page: a model text is "
        "shown on several pages; write the page too, like 'glossary.md#here'",
        "content/model/competencies/planning.yml:8:106: 'description.en': broken link 'roles/lead': a link names a page's "
        "Markdown file, not a folder or an address; a link in a model text is relative to content/pages/en/; link to 'roles/lead.md'",
        "content/model/glossary.yml:4:44: 'terms.0.definition.et': broken link 'rollid.md': no page content/pages/et/rollid.md; "
        "a link in a model text is relative to content/pages/et/; link to an existing page",
        "content/model/glossary.yml:4:123: 'terms.0.definition.en': broken link 'role/index.md': no page content/pages/en/role/index.md; "
        "a link in a model text is relative to content/pages/en/; link to an existing page (did you mean 'roles/index.md'?)",
    ]


# --- model texts on pages ------------------------------------------------------------------


@pytest.mark.parametrize("directory_urls, glossary, competency", [
    (True, ["../roles/"], ["../../compare/", "../../glossary/#customer"]),
    (False, ["roles/index.html"], ["../compare/index.html", "../glossary.html#customer"]),
])
def test_model_text_links_lead_to_the_same_page_from_every_depth(tmp_path, directory_urls, glossary, competency):
    model = load_model(make(tmp_path))
    site = site_of(model, directory_urls)
    specs = {s.path: s for s in plan_pages(model, "en")}

    def hrefs(path: str) -> list[str]:
        soup = BeautifulSoup(render_page(specs[path], model, "en", site), "html.parser")
        return [a["href"] for a in soup.find_all("a", href=True) if "noopener" in a.get("rel", [])]

    assert hrefs("glossary.md") == glossary  # glossary.md: the folder's top (depth 0)
    assert hrefs("competencies/planning.md")[:2] == competency  # one folder down (depth 1)
    assert model_text_href(site, "index.md", "compare/index.md") == ("compare/" if directory_urls else "compare/index.html")
    assert model_text_href(site, "roles/agent.md", "https://example.org/x.md") == "https://example.org/x.md"


def test_the_cached_rendering_of_a_text_does_not_keep_one_pages_addresses():
    t = "See [the matrix](compare/index.md) and [the web](https://example.org)."
    outside = T.inline(t)
    with T.links_for_page(lambda url: "../" + url):
        one_down = T.inline(t), T.block(t)
    with T.links_for_page(lambda url: "../../" + url):
        two_down = T.inline(t)
    assert 'href="compare/index.md"' in outside and T.inline(t) == outside
    assert all('href="../compare/index.md"' in x for x in one_down)
    assert 'href="../../compare/index.md"' in two_down
    assert 'href="https://example.org"' in outside  # model_text_href keeps such links; here the test's function is applied to all


# --- the build agrees --------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from generator.build import build_site

    root = copy_project(tmp_path_factory.mktemp("links"), make(tmp_path_factory.mktemp("content")) / "content")
    build_site(root, root / "site", strict=True)  # strict: a link MkDocs cannot resolve fails the build
    return root


def test_the_good_links_build_and_model_text_links_resolve(built):
    model = load_model(built)
    site = site_of(model)
    page = html_file(built / "site", "en", "competencies/planning.md", site)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("article a[href]") if a["href"].startswith("../../")]
    assert "../../compare/" in links and "../../glossary/#customer" in links
    for link in links:
        assert (page.parent / link.split("#")[0] / "index.html").resolve().is_file(), link
