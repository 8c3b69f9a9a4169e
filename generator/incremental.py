"""Which generated pages an edit changes: what each page of the plan reads, and what changed between two models.

`handbook serve` rebuilds after every save. A page reads some objects of the model
(its competency, the roles, the titles of the competencies it links to); after an
edit only the pages that read a changed object are rendered again, and of those
only the ones whose Markdown came out different are rebuilt by MkDocs. A change
to what every page shows (the handbook file, the order or the set of ids, the
hand-written pages' titles) is structural: everything is built again.

Keys name what a page reads:
- ``c:<id>``: anything in a competency's file (its page, its activities' pages);
- ``ct:<id>``: a competency's title and its activities' ids and titles (links, tables);
- ``ch:<id>``: a competency's summary, level texts, interview questions and development steps (HR's papers);
- ``ca:<id>``: its activities' descriptions and examples (the self-check's "about" texts);
- ``r:<id>``: anything in a role's file;
- ``glossary``, ``changes``, ``chooser``: those files.
A key ending in ``*`` reads that part of every object (``ct:*``: every title).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import Competency, Model
from .pages import PageSpec, neighbours


def _title_part(c: Competency) -> Any:
    return (c.title, tuple((a.id, a.title) for a in c.activities))


def _hr_part(c: Competency) -> Any:
    return (c.summary, c.levels, c.interview, c.development)


def _activities_part(c: Competency) -> Any:
    return c.activities if c.activities else c.description  # a competency rated as a whole shows its description


def changed_keys(old: Model, new: Model) -> set[str] | None:
    """What differs between two models, as keys; None when the change is structural (build everything)."""
    if old.handbook != new.handbook:
        return None
    if [c.id for c in old.competencies] != [c.id for c in new.competencies] or [r.id for r in old.roles] != [r.id for r in new.roles]:
        return None
    if [[a.id for a in c.activities] for c in old.competencies] != [[a.id for a in c.activities] for c in new.competencies]:
        return None  # page paths and the previous/next links between activities
    if [(p.path, p.titles, p.order) for p in old.pages] != [(p.path, p.titles, p.order) for p in new.pages]:
        return None  # the navigation
    keys: set[str] = set()
    for a, b in zip(old.competencies, new.competencies):
        if a != b:
            keys.add(f"c:{b.id}")
            if _title_part(a) != _title_part(b):
                keys.add(f"ct:{b.id}")
            if _hr_part(a) != _hr_part(b):
                keys.add(f"ch:{b.id}")
            if _activities_part(a) != _activities_part(b):
                keys.add(f"ca:{b.id}")
    keys |= {f"r:{b.id}" for a, b in zip(old.roles, new.roles) if a != b}
    for name in ("glossary", "changes", "chooser"):
        if getattr(old, name) != getattr(new, name):
            keys.add(name)
    return keys


def reads(spec: PageSpec) -> frozenset[str]:
    """The keys a generated page or file reads (see the module's docstring)."""
    ctx, kind = spec.context, spec.kind
    if kind == "competency":
        c = ctx["competency"]
        return frozenset({f"c:{c.id}", "r:*", *(f"ct:{x}" for x in c.related)})
    if kind == "activity":
        return frozenset({f"c:{ctx['competency'].id}", "r:*"})
    if kind == "role":
        return frozenset({f"r:{ctx['role'].id}", "r:*", "ct:*"})
    if kind in ("job", "interview"):
        r = ctx["role"]
        return frozenset({f"r:{r.id}", "ct:*", *(f"ch:{cid}" for cid in r.levels)})
    if kind in ("pair", "chart", "chart-narrow"):
        return frozenset({f"r:{ctx['a'].id}", f"r:{ctx['b'].id}", "ct:*"})
    return frozenset({
        "matrix": {"r:*", "ct:*"},
        "roles": {"r:*"},
        "compare-any": {"r:*", "ct:*"},
        "model": {"ct:*", "ch:*"},
        "glossary": {"glossary"},
        "downloads": set(),  # the page lists the files; the files themselves are compared one by one
        "self-check": {"ct:*", "ch:*", "ca:*", "r:*"},
        "changes": {"changes", "c:*", "r:*"},
        "chooser": {"chooser", "r:*"},
    }.get(kind, {"c:*", "r:*", "glossary", "changes", "chooser"}))  # any other kind: everything


def _matches(wanted: Iterable[str], changed: set[str], parts: set[str]) -> bool:
    """Whether a page reading `wanted` reads a changed key; `parts` are the changed keys' prefixes ("ct:"), for the wildcards."""
    return any(key[:-1] in parts if key.endswith(":*") else key in changed for key in wanted)


def stale(specs: list[PageSpec], changed: set[str]) -> set[str]:
    """The source paths of the pages that read a changed key, and the pages next to them (their footers show the titles)."""
    parts = {k.split(":", 1)[0] + ":" for k in changed if ":" in k}
    found = {s.path for s in specs if _matches(reads(s), changed, parts)}
    read = set(found)
    for path, (prev, nxt) in neighbours(specs).items():
        if prev in read or nxt in read:
            found.add(path)
    return found


@dataclass
class Incremental:
    """What one preview remembers between builds: the model and every generated file's content, per language."""

    model: Model | None = None
    contents: dict[str, dict[str, str | bytes]] = field(default_factory=dict)  # language -> source path -> content
    changed: set[str] | None = None  # this build's changed keys; None: build everything
    rebuilt: dict[str, set[str]] = field(default_factory=dict)  # language -> the paths this build wrote again
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # language -> the last full search index's docs
    code: Any = None  # the templates' and theme's save times at the last build (preview.Preview._code)
    downloads: tuple[Model, dict[str, bytes]] | None = None  # the downloads of this build's model, made once for every language
