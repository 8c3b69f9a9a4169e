"""The page plan, tested without MkDocs: it is a pure function of the model and a language."""

from __future__ import annotations

import html
import json
import posixpath
import re
from itertools import combinations, pairwise
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL
from generator.pages import PAIR_PAGES_MAX, PAIR_ROWS, plan_charts, plan_pages, site_of
from generator.placeholders import calls, label_problem, template_values
from generator.render import render_page
from generator.site import KINDS, href, make_site, markdown_link, relpath, source_path, url_of
from generator.validate import load_model


def test_plan_of_minimal_model():
    model = load_model(MINIMAL)
    paths = [(p.kind, p.path) for p in plan_pages(model, "et")]
    kinds = ["model", "roles", "glossary", "matrix", "self-check", "compare-any", "downloads"]
    assert paths == [(k, source_path(k)) for k in kinds] + [
        ("competency", source_path("competency", "listening")), ("activity", source_path("activity", "ask-questions")),
        ("activity", source_path("activity", "take-notes")),
        ("competency", source_path("competency", "planning")), ("activity", source_path("activity", "set-goals")),
        ("role", source_path("role", "lead")), ("role", source_path("role", "agent")),
        # HR's papers for every role, whether or not the model has interview questions or success indicators.
        ("job", source_path("job", "lead")), ("interview", source_path("interview", "lead")),
        ("job", source_path("job", "agent")), ("interview", source_path("interview", "agent")),
        ("pair", source_path("pair", "lead", "agent")),
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
    head = yaml.safe_load(md.split("---\n")[1])
    assert md.startswith('---\ntitle: "Takes notes"\nkind: "activity"\n')
    # breadcrumbs: home, the model overview, the activity's competency, each a link from this page
    assert [c["title"] for c in head["crumbs"]] == ["Home", model.label("model-overview", "en"), "Listening"]
    assert head["crumbs"][-1]["href"] == "../../competencies/listening/"
    assert "# Takes notes" in md
    assert f"[Listening]({markdown_link(here, source_path('competency', 'listening'))})" in md
    assert f"Previous: [Asks questions]({markdown_link(here, source_path('activity', 'ask-questions'))})" in md


def _leave_out(model_dir: Path, role_id: str, competency_ids: set[str]) -> None:
    """Make a generated role not require some competencies (and drop its key activities in them, which it could not have)."""
    path = model_dir / "roles" / f"{role_id}.yml"
    role = yaml.safe_load(path.read_text(encoding="utf-8"))
    owner = {a["id"]: cid for cid in competency_ids
             for a in yaml.safe_load((model_dir / "competencies" / f"{cid}.yml").read_text(encoding="utf-8"))["activities"]}
    role["levels"] = {c: lv for c, lv in role["levels"].items() if c not in competency_ids}
    role["key_activities"] = [x for x in role["key_activities"] if x not in owner]
    path.write_text(yaml.safe_dump(role, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_pair_page_stays_the_same_size_as_the_model_grows(tmp_path):
    """With more competencies than fit on two printed pages, a pair page draws the largest distances and says what it left out.

    The two roles leave out some competencies: one that neither requires is no row at all,
    one that only one role requires ranks by that role's level and shows a dash for the other.
    """
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from make_model import make

    make(10, tmp_path)
    model_dir = tmp_path / "content" / "model"
    dense = load_model(tmp_path)
    first, second = dense.roles[0], dense.roles[1]
    top = max(s.level for s in dense.handbook.scale)
    ids = [c.id for c in dense.competencies]
    # each leaves out three competencies the other requires at the top level, and both leave out the last one
    at_top = lambda role, other: [c for c in ids[:-1] if role.levels[c] == top and other.levels[c] != top][:3]  # noqa: E731
    _leave_out(model_dir, first.id, {*at_top(second, first), ids[-1]})
    _leave_out(model_dir, second.id, {*at_top(first, second), ids[-1]})
    # a model this size has more roles than get a pair page by default: the handbook declares this pair
    handbook = yaml.safe_load((model_dir / "handbook.yml").read_text(encoding="utf-8"))
    assert len(handbook["roles"]) > PAIR_PAGES_MAX
    handbook["pairs"] = [[second.id, first.id]]
    (model_dir / "handbook.yml").write_text(yaml.safe_dump(handbook, allow_unicode=True, sort_keys=False), encoding="utf-8")

    model = load_model(tmp_path)
    assert [p.path for p in plan_pages(model, "en") if p.kind == "pair"] == [source_path("pair", first.id, second.id)], "only the declared pair"
    spec = next(p for p in plan_pages(model, "en") if p.kind == "pair" and {p.context["a"].id, p.context["b"].id} == {first.id, second.id})
    pair, a, b = spec.context["pair"], spec.context["a"], spec.context["b"]
    md = html.unescape(render_page(spec, model, "en", site_of(model)))

    either = [c for c in model.competencies if c.id in a.levels or c.id in b.levels]
    assert len(either) == len(model.competencies) - 1
    distance = lambda c: abs(a.levels.get(c.id, 0) - b.levels.get(c.id, 0))  # noqa: E731
    expected = sorted(either, key=lambda c: -distance(c))[:PAIR_ROWS]
    table = [[x.strip() for x in line.strip().strip("|").split("|")] for line in md.splitlines() if line.startswith("| [")]
    assert len(table) == PAIR_ROWS < len(either)
    for row, c in zip(table, expected):
        la, lb = a.levels.get(c.id), b.levels.get(c.id)
        only = None if la and lb else (a if lb is None else b)
        last = model.label("only-requires", "en").format(role=only.short_name("en")) if only else str(abs(la - lb)) if la != lb else "–"
        assert row[0].startswith(f"[{c.title['en']}](") and row[1:] == [str(la or "—"), str(lb or "—"), last], c.id
    assert all("—" in row[1:3] for row in table[:6]), "the six one-sided rows, each at the top level, rank first"

    chart = render_page(next(c for c in plan_charts([spec])), model, "en", site_of(model))
    required = sum((c.id in a.levels) + (c.id in b.levels) for c in expected)
    assert chart.count("<rect ") == required + 3  # a bar per required level, the legend's two swatches, the background
    assert chart.count(">—</text>") == 2 * PAIR_ROWS - required  # a dash where a role does not require the competency
    assert f'height="{pair.chart["height"]}"' in chart and f'height="{pair.chart["height"]}"' in md

    la, lb = a.levels, b.levels
    counts = {"a_only": sum(1 for c in either if c.id not in lb), "b_only": sum(1 for c in either if c.id not in la),
              "differ": sum(1 for c in either if c.id in la and c.id in lb and la[c.id] != lb[c.id]),
              "same": sum(1 for c in either if c.id in la and c.id in lb and la[c.id] == lb[c.id])}
    assert counts["a_only"] == counts["b_only"] == 3
    assert model.label("pair-summary", "en").format(a=a.short_name("en"), b=b.short_name("en"), **counts) in md
    assert model.label("pair-rows-left-out", "en").format(shown=PAIR_ROWS, total=len(either), rest=len(either) - PAIR_ROWS) in md


def test_page_kinds_carry_their_behaviour_into_front_matter():
    """What the theme does with a page comes from its front matter: print button, landscape paper, sidebars, search."""
    model = load_model(MINIMAL)
    site = site_of(model)
    metas = {}
    for spec in plan_pages(model, "en"):
        head = render_page(spec, model, "en", site).split("---\n")[1]
        metas[spec.kind] = yaml.safe_load(head)
    crumbs = {kind: meta.pop("crumbs", None) for kind, meta in metas.items()}
    assert {k for k, c in crumbs.items() if c} == {"competency", "activity", "role", "pair", "job", "interview"}, "the pages outside the navigation show their trail"
    assert metas["pair"] == {"title": metas["pair"]["title"], "kind": "pair", "print": True, "hide": ["toc"], "search": {"exclude": True}}
    assert metas["matrix"]["landscape"] is True and metas["matrix"]["hide"] == ["navigation", "toc"] and "search" not in metas["matrix"]
    assert metas["role"] == {"title": model.roles[-1].title["en"], "kind": "role", "print": True}  # the last role planned
    assert {k for k, m in metas.items() if m.get("print")} == {k.name for k in KINDS.values() if k.print and k.name in metas}
    assert [k for k, m in metas.items() if m.get("search")] == ["compare-any", "job", "interview", "pair"]
    assert all("landscape" not in m for k, m in metas.items() if k != "matrix")


def test_self_check_data_names_every_activity_and_role_with_working_links():
    model = load_model(MINIMAL)
    site = site_of(model)
    for lang in site.languages:
        spec = next(p for p in plan_pages(model, lang) if p.kind == "self-check")
        md = render_page(spec, model, lang, site)
        data = json.loads(re.search(r'<script type="application/json" id="hb-sc-data">(.*?)</script>', md).group(1))
        here = site.address(lang, spec.path)
        target = lambda url, here=here: posixpath.normpath(posixpath.join(here, url)) + "/"  # noqa: E731
        assert [c["id"] for c in data["competencies"]] == [c.id for c in model.competencies]
        for shown, comp in zip(data["competencies"], model.competencies):
            assert shown["title"] == comp.title[lang]
            assert target(shown["url"]) == site.address(lang, source_path("competency", comp.id))
            assert [(a["id"], a["title"]) for a in shown["activities"]] == [(a.id, a.title[lang]) for a in comp.activities]
            for a in shown["activities"]:
                assert target(a["url"]) == site.address(lang, source_path("activity", a["id"]))
        assert data["roles"] == [{"id": r.id, "title": r.title[lang], "short": r.short_name(lang), "levels": dict(r.levels), "key": list(r.key_activities)}
                                 for r in model.roles]
        assert data["scale"] == [s.level for s in model.handbook.scale]
        assert data["levelNames"] == [s.name[lang] for s in model.handbook.scale]
        assert data["version"] == model.handbook.version and data["lang"] == lang
        assert posixpath.normpath(posixpath.join(here, data["siteRoot"])) == ".", "the site root above every language"


def test_site_folders_and_public_addresses():
    site = make_site([("fi", "Suomi"), ("en", "English")], site_url="https://example.org/h")
    assert site.folder(Path("/out"), "fi") == Path("/out") and site.folder(Path("/out"), "en") == Path("/out/en")
    assert site.language_site_url("fi") == "https://example.org/h/" and site.language_site_url("en") == "https://example.org/h/en/"
    assert site.absolute("en", source_path("glossary")) == "https://example.org/h/en/glossary/"
    plain = make_site([("fi", "Suomi")])
    assert plain.absolute("fi", "index.md") is None and plain.language_site_url("fi") is None
    assert [a.current for a in site.alternates("index.md", "en")] == [False, True]
    with pytest.raises(KeyError):
        site.root("sv")


def test_template_calls_are_read_with_the_values_they_pass():
    """The placeholder check reads t("key", name=...) calls from the templates' text."""
    source = """{{ t("a") }} {{ t('b', x=1, y=f(2, 3), z="q, r=4") }} {{ reject("c", w=1) }} {{ foo.t("d", v=1) }}
    {{ t("e", s=[1, 2], u={"k": (1, 2)}, v='it\\'s, w=5') }} {{ t("f", x == 1) }} {{ t( "g" , m = 1 ) }} {{ t("h", n=1"""
    assert calls(source) == [
        ("a", frozenset()), ("b", frozenset({"x", "y", "z"})), ("e", frozenset({"s", "u", "v"})),
        ("f", frozenset()), ("g", frozenset({"m"})), ("h", frozenset()),  # an unclosed call is Jinja's to report
    ]
    values = template_values()
    assert values["chart-title"] == {"a", "b"}
    assert values["model-intro"] == {"name", "version", "competencies"}
    assert values["model-intro-activities"] == {"activities"}  # said only where the model has activities
    assert values["pair-summary"] == {"a", "b", "a_only", "b_only", "differ", "same"}
    assert values["pair-rows-left-out"] == {"shown", "total", "rest"}
    assert values["only-requires"] == {"role"}
    assert "glossary" not in values, "a label shown without values is not listed"


def test_label_problems_are_worded_for_the_label():
    names = frozenset({"a", "b"})
    assert label_problem("k", "{a} and {b}", names) is None
    assert label_problem("k", "{c}", names) == "label 'k' uses {c}, which the page does not provide; it can use {a}, {b}"
    assert label_problem("k", "{a!r}", names) == "label 'k' uses {a!r}; write the placeholder as plain {a}"
    assert label_problem("k", "{a:>5}", names) == "label 'k' uses {a:>5}; write the placeholder as plain {a}"
    assert label_problem("k", "{a[0]}", names) == "label 'k' uses {a[0]}; write the placeholder as plain {a}"
    assert label_problem("k", "}", names) == "label 'k' is not a valid text with placeholders (single '}' encountered in format string); write {{ and }} for a brace, and placeholders as {a}, {b}"


def test_every_pair_page_has_its_chart_beside_it():
    model = load_model(MINIMAL)
    pages = plan_pages(model, "en")
    pairs = [p for p in pages if p.kind == "pair"]
    charts = plan_charts(pages)
    assert [(c.kind, c.path, c.title, c.template) for c in charts] == [
        (kind, source_path(kind, p.context["a"].id, p.context["b"].id), p.title, f"{kind}.svg.j2") for p in pairs for kind in ("chart", "chart-narrow")]
    assert all(c.context is p.context for c, p in zip(charts, [p for p in pairs for _ in range(2)])), "drawn from the same comparison as its page"
