"""The page plan, tested without MkDocs: it is a pure function of the model and a language."""

from __future__ import annotations

from itertools import combinations

from conftest import MINIMAL
from generator.model import load_model
from generator.pages import plan_pages, relative_href, relative_link
from generator.render import render_page


def test_plan_of_minimal_model():
    model = load_model(MINIMAL)
    paths = [p.path for p in plan_pages(model, "et")]
    assert paths == [
        "model/index.md", "roles/index.md", "glossary.md", "compare/index.md", "self-check.md",
        "competencies/listening.md", "activities/ask-questions.md", "activities/take-notes.md",
        "competencies/planning.md", "activities/set-goals.md",
        "roles/lead.md", "roles/agent.md", "compare/lead--agent.md",
    ]


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
        for a, b in zip(specs, specs[1:]):
            assert a.context["next"].id == b.context["activity"].id
            assert b.context["previous"].id == a.context["activity"].id


def test_links():
    assert relative_link("competencies/a.md", "activities/b.md") == "../activities/b.md"
    assert relative_href("self-check.md", "competencies/a.md") == "../competencies/a/"
    assert relative_href("compare/index.md", "compare/a--b.md") == "a--b/"
    assert relative_href("model/index.md", "index.md") == "../"


def test_rendered_activity_links_back_to_its_competency():
    model = load_model(MINIMAL)
    spec = next(p for p in plan_pages(model, "en") if p.path == "activities/take-notes.md")
    md = render_page(spec, model, "en")
    assert md.startswith("---\nkind: activity\n---")
    assert "# Takes notes" in md
    assert "[Listening](../competencies/listening.md)" in md
    assert "Previous: [Asks questions](ask-questions.md)" in md
