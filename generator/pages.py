"""Plan the generated pages: a pure function from the model and a language to page specs.

No MkDocs here: the plan is a plain list that any site builder could loop over,
and that the tests check without building a site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

from .model import Activity, Competency, Model, Role
from .site import KINDS, PageKind, Site, make_site, source_path
from .text import words

# The pair chart's geometry in SVG units: the label column, one level's width, bar and row heights, the top margin.
CHART = {"label_w": 270, "unit": 90, "bar_h": 13, "row_h": 40, "top": 44}

# The most competency rows a pair comparison draws. With more competencies than this
# it draws the ones where the two roles differ most and says how many it left out.
PAIR_ROWS = 12


@dataclass(frozen=True)
class PageSpec:
    """One page to generate: where it goes, which template draws it, with what, and how it behaves."""

    path: str  # source path inside the docs folder, from site.source_path()
    template: str
    title: str
    kind: str
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def behaviour(self) -> PageKind:
        """Print button, paper orientation, hidden sidebars, search: the page kind's, from the site module."""
        return KINDS[self.kind]


def site_of(model: Model, directory_urls: bool = True, site_url: str | None = None) -> Site:
    """The handbook's languages and addresses, as MkDocs is configured to make them."""
    return make_site([(x.code, x.name) for x in model.handbook.languages], directory_urls, site_url)


def path_of(model: Model, target: Competency | Activity | Role | str, other: Role | None = None) -> str:
    """The source path of an object's page: a competency, an activity, a role, a pair of roles, or a page kind ("matrix")."""
    if isinstance(target, Competency):
        return source_path("competency", target.id)
    if isinstance(target, Activity):
        return source_path("activity", target.id)
    if isinstance(target, Role) and other is not None:
        return source_path("pair", *sorted_pair(model, target.id, other.id))
    if isinstance(target, Role):
        return source_path("role", target.id)
    return source_path(target)


def sorted_pair(model: Model, a: str, b: str) -> tuple[str, str]:
    """The two role ids in handbook order, as the pair pages are named."""
    order = model.role_position
    return (a, b) if order[a] < order[b] else (b, a)


def plan_pages(model: Model, lang: str) -> list[PageSpec]:
    """Every generated page of one language, in a stable order. The same paths in every language."""
    t = lambda key: model.label(key, lang)  # noqa: E731
    p = lambda target, other=None: path_of(model, target, other)  # noqa: E731
    pages = [
        PageSpec(p("model"), "model.md.j2", t("model-overview"), "model"),
        PageSpec(p("roles"), "roles.md.j2", t("roles"), "roles"),
        PageSpec(p("glossary"), "glossary.md.j2", t("glossary"), "glossary"),
        PageSpec(p("matrix"), "matrix.md.j2", t("compare-matrix"), "matrix"),
        PageSpec(p("self-check"), "selfcheck.md.j2", t("self-check"), "self-check"),
    ]
    for comp in model.competencies:
        pages.append(PageSpec(p(comp), "competency.md.j2", comp.title[lang], "competency", {"competency": comp}))
        acts = comp.activities
        for i, act in enumerate(acts):
            pages.append(
                PageSpec(
                    p(act), "activity.md.j2", act.title[lang], "activity",
                    {"competency": comp, "activity": act, "previous": acts[i - 1] if i > 0 else None, "next": acts[i + 1] if i + 1 < len(acts) else None},
                )
            )
    for role in model.roles:
        pages.append(PageSpec(p(role), "role.md.j2", role.title[lang], "role", {"role": role}))
    for a, b in combinations(model.roles, 2):
        title = f"{a.title[lang]} – {b.title[lang]}"
        pages.append(PageSpec(p(a, b), "pair.md.j2", title, "pair", {"a": a, "b": b, "pair": PairComparison(model, a, b)}))
    return pages


@dataclass(frozen=True)
class LevelRow:
    competency: Competency
    a: int
    b: int

    @property
    def difference(self) -> int:
        return abs(self.a - self.b)


class PairComparison:
    """What a pair page shows, worked out only when the page is rendered (planning stays cheap)."""

    def __init__(self, model: Model, a: Role, b: Role):
        self.model, self.a, self.b = model, a, b

    @cached_property
    def _ranked(self) -> tuple[list[Competency], list[int]]:
        """Competencies and differences, the largest differences first (sorted() is stable: ties keep the model's order)."""
        la, lb, competencies = self.a.levels, self.b.levels, self.model.competencies
        differences = [abs(la[c.id] - lb[c.id]) for c in competencies]
        order = sorted(range(len(competencies)), key=lambda i: -differences[i])
        return [competencies[i] for i in order], [differences[i] for i in order]

    @cached_property
    def shown(self) -> list[LevelRow]:
        """The rows the page draws: all of them, or at most PAIR_ROWS where the roles differ most.

        A pair page is printed on two A4 pages and there is one for every pair of roles,
        so it must not grow with the model; the matrix and both role pages list every level.
        """
        return [LevelRow(c, self.a.levels[c.id], self.b.levels[c.id]) for c in self._ranked[0][:PAIR_ROWS]]

    @cached_property
    def chart(self) -> dict[str, int]:
        """The chart's geometry, with its width and height for the number of rows it draws."""
        levels = len(self.model.handbook.scale)
        return {**CHART, "levels": levels, "width": CHART["label_w"] + CHART["unit"] * levels + 40,
                "height": CHART["top"] + CHART["row_h"] * len(self.shown) + 30}

    @property
    def hidden(self) -> tuple[int, int]:
        """How many rows the page leaves out: (with a difference, at the same level)."""
        rest = self._ranked[1][PAIR_ROWS:]
        differ = sum(1 for d in rest if d)
        return differ, len(rest) - differ

    @cached_property
    def _keyed(self) -> tuple[set[str], set[str], list[Activity]]:
        # Only the two roles' key activities are touched, in model order.
        ka, kb = set(self.a.key_activities), set(self.b.key_activities)
        position, index = self.model.activity_position, self.model.activity_index
        return ka, kb, [index[i][1] for i in sorted(ka | kb, key=position.__getitem__)]

    @property
    def only_a(self) -> list[Activity]:
        _ka, kb, keyed = self._keyed
        return [x for x in keyed if x.id not in kb]

    @property
    def only_b(self) -> list[Activity]:
        ka, _kb, keyed = self._keyed
        return [x for x in keyed if x.id not in ka]

    @property
    def shared(self) -> list[Activity]:
        ka, kb, keyed = self._keyed
        return [x for x in keyed if x.id in ka and x.id in kb]


def plan_charts(pages: list[PageSpec]) -> list[PageSpec]:
    """The chart of every pair page, an SVG file next to it (compare/a--b.svg), drawn from the same comparison.

    A separate file, not inline SVG: Markdown, MkDocs and the search index would
    otherwise each parse some hundred chart elements on every pair page, the
    most numerous kind of page in a large model.
    """
    return [
        PageSpec(source_path("chart", p.context["a"].id, p.context["b"].id), "chart.svg.j2", p.title, "chart", p.context)
        for p in pages
        if p.kind == "pair"
    ]


def plan_files(model: Model, lang: str) -> list[PageSpec]:
    """Every file the generator adds to one language's site: the pages, then the pair charts they show."""
    pages = plan_pages(model, lang)
    return pages + plan_charts(pages)


def selfcheck_data(model: Model, lang: str, href_to: Callable[..., str]) -> dict[str, Any]:
    """What the self-check script needs, embedded in its page: ids, titles and links, nothing more."""
    return {
        "selfcheck_competencies": [
            {
                "id": c.id,
                "title": words(c.title[lang]),
                "url": href_to(c),
                "activities": [{"id": a.id, "title": words(a.title[lang]), "url": href_to(a)} for a in c.activities],
            }
            for c in model.competencies
        ],
        "selfcheck_roles": [
            {"id": r.id, "title": words(r.title[lang]), "short": words(r.short[lang]), "levels": dict(r.levels), "key": list(r.key_activities)}
            for r in model.roles
        ],
    }


def page_count(model: Model, lang: str) -> int:
    """Generated and hand-written pages of one language."""
    return len(plan_pages(model, lang)) + len(model.pages)
