"""The page plan, tested without MkDocs: it is a pure function of the model and a language."""

from __future__ import annotations

import html
import posixpath
from itertools import combinations, pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL
from generator.pages import PAIR_ROWS, plan_charts, plan_pages, site_of
from generator.render import render_page
from generator.site import href, make_site, markdown_link, relpath, source_path, url_of
from generator.validate import load_model


def test_plan_of_minimal_model():
    model = load_model(MINIMAL)
    paths = [(p.kind, p.path) for p in plan_pages(model, "et")]
    kinds = ["model", "roles", "glossary", "matrix", "self-check"]
    assert paths == [(k, source_path(k)) for k in kinds] + [
        ("competency", source_path("competency", "listening")), ("activity", source_path("activity", "ask-questions")),
        ("activity", source_path("activity", "take-notes")),
        ("competency", source_path("competency", "planning")), ("activity", source_path("activity", "set-goals")),
        ("role", source_path("role", "lead")), ("role", source_path("role", "agent")), ("pair", source_path("pair", "lead", "agent")),
    ]
    assert len({p for _, p in paths}) == len(paths), "no two pages share a source path"


def test_same_paths_in_every_language_and_titles_translated(model):
    et, en = plan_pages(model, "et"), plan_pages(model, "en")
    assert [p.path for p in et] == [p.path for p in en]
    assert len({p.path for p in et}) == len(et), "no two pages share a path"
    assert sum(a.title != b.title for a, b in zip(et, en)) == len(et)


def test_a_pair_page_for_every_unordered_pair(model):
    pairs = [p for p in plan_pages(model, "en") if p.kind == "pair"]
    assert len(pairs) == len(list(combinations(model.roles, 2)))


def test_previous_and_next_stay_within_the_competency(model):
    for comp in model.competencies:
        specs = [p for p in plan_pages(model, "et") if p.kind == "activity" and p.context["competency"].id == comp.id]
        assert specs[0].context["previous"] is None and specs[-1].context["next"] is None
        for a, b in pairwise(specs):
            assert a.context["next"].id == b.context["activity"].id
            assert b.context["previous"].id == a.context["activity"].id


def test_links():
    assert markdown_link("competencies/a.md", "activities/b.md") == "../activities/b.md"
    link = lambda a, b: href(url_of(a), url_of(b))  # noqa: E731
    assert link("self-check.md", "competencies/a.md") == "../competencies/a/"
    assert link("compare/index.md", "compare/a--b.md") == "a--b/"
    assert link("model/index.md", "index.md") == "../"
    assert link("compare/a--b.md", "compare/a--b.svg") == "../a--b.svg"
    assert link("index.md", "compare/a--b.svg") == "compare/a--b.svg"
    assert link("index.md", "index.md") == "./"


def test_addresses_follow_use_directory_urls():
    assert url_of("roles/a.md") == "roles/a/" and url_of("roles/a.md", directory_urls=False) == "roles/a.html"
    assert url_of("roles/index.md", directory_urls=False) == "roles/index.html"
    assert href(url_of("roles/a.md", False), url_of("compare/index.md", False)) == "../compare/index.html"


def test_languages_first_at_the_root_others_in_their_folder():
    site = make_site([("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")], site_url="https://example.org/handbook/")
    assert [site.root(x) for x in site.languages] == ["", "sv/", "en/"]
    assert site.address("sv", source_path("role", "a")) == "sv/roles/a/"
    alternates = {a.lang: a.url for a in site.alternates(source_path("role", "a"), "sv")}
    assert alternates == {"fi": "https://example.org/handbook/roles/a/", "sv": "https://example.org/handbook/sv/roles/a/",
                          "en": "https://example.org/handbook/en/roles/a/"}
    assert {a.lang: a.href for a in site.alternates(source_path("role", "a"), "sv")} == {"fi": "../../../roles/a/", "sv": "./", "en": "../../../en/roles/a/"}
    relative = make_site([("fi", "Suomi"), ("en", "English")])
    assert {a.lang: a.href for a in relative.alternates("index.md", "en")} == {"fi": "../", "en": "./"}
    assert {a.lang: a.href for a in relative.alternates("glossary.md", "fi")} == {"fi": "./", "en": "../en/glossary/"}


@given(st.lists(st.sampled_from(["a", "b", "compare", "x--y.md", "index.md"]), max_size=4),
       st.lists(st.sampled_from(["a", "b", "compare", "."]), max_size=4), st.booleans())
def test_relpath_agrees_with_posixpath(path, start, trailing):
    """The fast relpath gives the same links as the standard library's for the site's own paths."""
    p, s = "/".join(path), "/".join(start) + ("/" if trailing and start else "")
    assert relpath(p, s) == posixpath.relpath(p or ".", s.rstrip("/") or ".")


def test_rendered_activity_links_back_to_its_competency():
    model = load_model(MINIMAL)
    here = source_path("activity", "take-notes")
    spec = next(p for p in plan_pages(model, "en") if p.path == here)
    md = render_page(spec, model, "en", site_of(model))
    assert md.startswith('---\ntitle: "Takes notes"\nkind: "activity"\n---')
    assert "# Takes notes" in md
    assert f"[Listening]({markdown_link(here, source_path('competency', 'listening'))})" in md
    assert f"Previous: [Asks questions]({markdown_link(here, source_path('activity', 'ask-questions'))})" in md


def test_a_pair_page_stays_the_same_size_as_the_model_grows(tmp_path):
    """With more competencies than fit on two printed pages, a pair page draws the largest differences and says what it left out."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from make_model import make

    make(10, tmp_path)
    model = load_model(tmp_path)
    spec = next(p for p in plan_pages(model, "en") if p.kind == "pair")
    pair, a, b = spec.context["pair"], spec.context["a"], spec.context["b"]
    md = render_page(spec, model, "en", site_of(model))

    table = [line for line in md.splitlines() if line.startswith("| [")]
    assert len(table) == PAIR_ROWS < len(model.competencies)
    differences = sorted((abs(a.levels[c.id] - b.levels[c.id]) for c in model.competencies), reverse=True)
    assert [r.difference for r in pair.shown] == differences[:PAIR_ROWS]
    chart = render_page(next(c for c in plan_charts([spec])), model, "en", site_of(model))
    assert chart.count("<rect ") == 2 * PAIR_ROWS + 3  # two bars per row, the legend's two swatches, the background
    assert f'height="{pair.chart["height"]}"' in chart and f'height="{pair.chart["height"]}"' in md

    rest = differences[PAIR_ROWS:]
    differ, same = sum(1 for d in rest if d), sum(1 for d in rest if not d)
    assert (f"This page shows the {PAIR_ROWS} of the {len(model.competencies)} competencies where the two roles differ most. "
            f"Of the other {len(rest)}: {differ} at different levels, {same} at the same level.") in html.unescape(md)
