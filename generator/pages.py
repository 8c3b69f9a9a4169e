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

from .model import Activity, Competency, Handbook, Model, Role
from .site import KINDS, SINGLE_PAGES, PageKind, Site, make_site, source_path
from .text import words

# The pair chart's geometry in SVG units: the label column, one level's width, bar and row heights, the top margin.
CHART = {"label_w": 270, "unit": 90, "bar_h": 13, "row_h": 40, "top": 44}

# The phone chart: its width, the height of a label line and of a bar, and its font size, in SVG units.
# Shown at a phone's content width (about 358 CSS px at 390 px), its words are at least 12 CSS px.
NARROW = {"width": 340, "line": 16, "bar": 12, "font": 13, "label_chars": 40}

# The most roles one matrix table puts side by side: a landscape A4 sheet holds 12 role columns
# next to the competencies' names; more roles make further tables.
MATRIX_COLUMNS = 12

# Without a `pairs:` list, every pair of roles gets its own page while there are at most this many roles
# (190 pages per language); above it, pairs are compared on the pick-any-two page only.
PAIR_PAGES_MAX = 20

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
    """The source path of an object's page: a competency, an activity, a role, a pair of roles, a page kind ("matrix"),
    or a role's page of another kind ("job", role)."""
    if isinstance(target, str) and other is not None:
        return source_path(target, other.id)
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


def pair_ids(handbook: Handbook) -> list[tuple[str, str]]:
    """The role pairs with a page of their own, each in handbook order, in handbook order: declared, or every pair of a small model."""
    order = {rid: i for i, rid in enumerate(handbook.roles)}
    if handbook.pairs is None:
        return list(combinations(handbook.roles, 2)) if len(handbook.roles) <= PAIR_PAGES_MAX else []
    known = [(a, b) if order[a] < order[b] else (b, a) for a, b in handbook.pairs if a in order and b in order and a != b]
    return sorted(dict.fromkeys(known), key=lambda pair: (order[pair[0]], order[pair[1]]))


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
        PageSpec(p("compare-any"), "compare-any.md.j2", t("compare-any"), "compare-any"),
        PageSpec(p("downloads"), "downloads.md.j2", t("downloads"), "downloads"),
    ]
    if model.changes:
        pages.append(PageSpec(p("changes"), "changes.md.j2", t("changes"), "changes"))
    if model.chooser is not None:
        pages.append(PageSpec(p("chooser"), "chooser.md.j2", t("chooser"), "chooser", {"chooser": model.chooser}))
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
    for role in model.roles:  # HR's papers: a job description and an interview guide per role
        pages.append(PageSpec(p("job", role), "job.md.j2", t("job-title").format(role=role.title[lang]), "job", {"role": role}))
        pages.append(PageSpec(p("interview", role), "interview.md.j2", t("interview-title").format(role=role.title[lang]), "interview", {"role": role}))
    for a, b in ((model.role_index[x], model.role_index[y]) for x, y in model.pair_ids):
        title = f"{a.title[lang]} – {b.title[lang]}"
        pages.append(PageSpec(p(a, b), "pair.md.j2", title, "pair", {"a": a, "b": b, "pair": PairComparison(model, a, b)}))
    return pages


@dataclass(frozen=True)
class LevelRow:
    """One competency on a pair page: each role's level, or None where the role does not require it."""

    competency: Competency
    a: int | None
    b: int | None

    @property
    def category(self) -> str:
        """only_a, only_b, differ or same: how the two roles' requirements compare."""
        if self.b is None:
            return "only_a"
        if self.a is None:
            return "only_b"
        return "same" if self.a == self.b else "differ"

    @property
    def difference(self) -> int | None:
        """How far apart two required levels are; None where only one role requires the competency."""
        return None if self.a is None or self.b is None else abs(self.a - self.b)

    @property
    def distance(self) -> int:
        """What ranks the rows: the difference, or the one required level (it is that far from nothing)."""
        return abs((self.a or 0) - (self.b or 0))


class PairComparison:
    """What a pair page shows, worked out only when the page is rendered (planning stays cheap).

    Only competencies at least one of the two roles requires take part: one neither
    requires is no point of comparison, and "the same" would be untrue of it.
    """

    def __init__(self, model: Model, a: Role, b: Role):
        self.model, self.a, self.b = model, a, b

    @cached_property
    def rows(self) -> list[LevelRow]:
        """The competencies either role requires, the largest distance first (sorted() is stable: ties keep the model's order)."""
        la, lb = self.a.levels, self.b.levels
        rows = [LevelRow(c, la.get(c.id), lb.get(c.id)) for c in self.model.competencies if c.id in la or c.id in lb]
        return sorted(rows, key=lambda r: -r.distance)

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many competencies only A requires, only B, both at different levels, both at the same level."""
        out = dict.fromkeys(("only_a", "only_b", "differ", "same"), 0)
        for row in self.rows:
            out[row.category] += 1
        return out

    @property
    def shown(self) -> list[LevelRow]:
        """The rows the page draws: all of them, or at most PAIR_ROWS where the roles differ most.

        A pair page is printed on two A4 pages and there is one for every pair of roles,
        so it must not grow with the model; the matrix and both role pages list every level.
        """
        return self.rows[:PAIR_ROWS]

    @property
    def hidden(self) -> int:
        """How many rows the page leaves out."""
        return len(self.rows) - len(self.shown)

    @cached_property
    def chart(self) -> dict[str, int]:
        """The chart's geometry, with its width and height for the number of rows it draws."""
        levels = len(self.model.handbook.scale)
        return {**CHART, "levels": levels, "width": CHART["label_w"] + CHART["unit"] * levels + 40,
                "height": CHART["top"] + CHART["row_h"] * len(self.shown) + 30}

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


# Above each kind of generated page, from the home page down: page kinds (their label) or the context's objects.
TRAILS: dict[str, tuple[str, ...]] = {
    "competency": ("home", "model"),
    "activity": ("home", "model", "competency"),
    "role": ("home", "roles"),
    "pair": ("home", "roles", "matrix"),
    "job": ("home", "roles", "role"),
    "interview": ("home", "roles", "role"),
    "chooser": ("home", "roles"),
}
# The label that names a page kind in a trail.
TRAIL_LABELS = {"home": "home", "model": "model-overview", "roles": "roles", "matrix": "compare-matrix"}


def trail(spec: PageSpec) -> list[Any]:
    """Where a generated page sits: the page kinds (as strings) and objects above it, for breadcrumbs."""
    return [spec.context[step] if step in spec.context else step for step in TRAILS.get(spec.kind, ())]


def neighbours(pages: list[PageSpec]) -> dict[str, tuple[str | None, str | None]]:
    """The previous and next page of the same kind (competency, activity, role, pair, job, interview), in the plan's order."""
    by_kind: dict[str, list[str]] = {}
    for spec in pages:
        if spec.kind in TRAILS and spec.kind not in SINGLE_PAGES:  # a page there is one of keeps the navigation's neighbours
            by_kind.setdefault(spec.kind, []).append(spec.path)
    out: dict[str, tuple[str | None, str | None]] = {}
    for paths in by_kind.values():
        for i, path in enumerate(paths):
            out[path] = (paths[i - 1] if i > 0 else None, paths[i + 1] if i + 1 < len(paths) else None)
    return out


def plan_charts(pages: list[PageSpec]) -> list[PageSpec]:
    """The chart of every pair page, an SVG file next to it (compare/a--b.svg), drawn from the same comparison.

    A separate file, not inline SVG: Markdown, MkDocs and the search index would
    otherwise each parse some hundred chart elements on every pair page, the
    most numerous kind of page in a large model.
    """
    return [
        PageSpec(source_path(kind, p.context["a"].id, p.context["b"].id), template, p.title, kind, p.context)
        for p in pages
        if p.kind == "pair"
        for kind, template in (("chart", "chart.svg.j2"), ("chart-narrow", "chart-narrow.svg.j2"))
    ]


def plan_files(model: Model, lang: str) -> list[PageSpec]:
    """Every file the generator adds to one language's site: the pages, then the pair charts they show."""
    pages = plan_pages(model, lang)
    return pages + plan_charts(pages)


def shade(model: Model, level: int) -> int:
    """A level's shade class (hb-shade-0 to hb-shade-8): its place on the scale, so that any scale of 2 to 9 levels spans them all."""
    top = len(model.handbook.scale) - 1
    return round((level - 1) * 8 / top)


def questions(model: Model, comp: Competency) -> list[tuple[str, Activity | None]]:
    """What the self-check asks about a competency: each activity (by its id), or the competency as a whole (whole_id)."""
    return [(a.id, a) for a in comp.activities] or [(whole_id(comp.id), None)]


def whole_id(competency_id: str) -> str:
    """The answer key of a competency rated as a whole: '--' cannot occur in an activity id, so the keys never meet."""
    return f"{competency_id}--whole"


def selfcheck_data(model: Model, lang: str, href_to: Callable[..., str]) -> dict[str, Any]:
    """What the self-check script needs, embedded in its page: ids, titles and links, nothing more.

    A competency without activities has one question, the competency itself; a role
    lists only the competencies it requires, and the script shows no gap for the others.
    """
    return {
        "selfcheck_competencies": [
            {
                "id": c.id,
                "title": words(c.title[lang]),
                "url": href_to(c),
                "activities": [{"id": qid, "title": words((a or c).title[lang]), "url": href_to(a or c)} for qid, a in questions(model, c)],
                # Development suggestions by the level to reach: a gap's next step, as plain words.
                "dev": {str(level): [words(x[lang]) for x in d.assignments + d.learning] for level, d in c.development.items()},
            }
            for c in model.competencies
        ],
        "selfcheck_roles": [
            {"id": r.id, "title": words(r.title[lang]), "short": words(r.short_name(lang)), "levels": dict(r.levels), "key": list(r.key_activities)}
            for r in model.roles
        ],
    }


def page_count(model: Model, lang: str) -> int:
    """Generated and hand-written pages of one language."""
    return len(plan_pages(model, lang)) + len(model.pages)


def compare_any_data(model: Model, lang: str, href_to: Callable[..., str]) -> dict[str, Any]:
    """What the pick-any-two page embeds: every role's levels and key activities, the competencies and the
    key activities' titles, in the model's order; texts as plain words (the script writes them as text)."""
    keyed = {aid for r in model.roles for aid in r.key_activities}
    return {
        "pair_rows": PAIR_ROWS,
        "pair_chart": CHART,  # the static pair chart's geometry: the script draws the same chart
        "any_roles": [
            {"id": r.id, "title": words(r.title[lang]), "short": words(r.short_name(lang)), "url": href_to(r),
             "status": r.status, "statusName": words(model.label(f"status-{r.status}", lang)) if r.status else None,
             "scope": words(model.scope_name(r.scope, lang)) if r.scope else None,
             "levels": dict(r.levels), "key": sorted(r.key_activities, key=model.activity_position.__getitem__)}
            for r in model.roles
        ],
        "any_competencies": [{"id": c.id, "title": words(c.title[lang]), "url": href_to(c)} for c in model.competencies],
        "any_activities": [{"id": a.id, "title": words(a.title[lang]), "url": href_to(a)} for a in model.activities if a.id in keyed],
        "any_distinctions": [(a, b) for i, a in enumerate(model.roles) for b in model.roles[i + 1:] if model.distinction(a, b)],
    }
