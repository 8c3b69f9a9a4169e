"""The typed, frozen competency model and its lookups: what the page plan reads.

The shapes of the files are in schema.py (re-exported here), the checks that
turn files into this model in validate.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .labels import default_words
from .schema import (
    SLUG,
    Activity,
    Audience,
    Change,
    Chooser,
    Competency,
    Distinction,
    FrontMatter,
    Glossary,
    Handbook,
    Language,
    Role,
    ScaleLevel,
    Scope,
    Term,
    Text,
)

__all__ = [
    "SLUG", "Activity", "Audience", "Change", "Competency", "Distinction", "FrontMatter", "Glossary", "Handbook",
    "Language", "Model", "ProsePage", "Role", "ScaleLevel", "Scope", "Term", "Text",
]


@dataclass(frozen=True)
class ProsePage:
    """A Markdown page written by hand, present once per language."""

    path: str  # relative to content/pages/<lang>/, e.g. articles/ulrich.md
    titles: dict[str, str]
    order: int
    sources: dict[str, str]  # language -> file path relative to the project root

    @property
    def folder(self) -> str:
        """The navigation section the page belongs to ('articles'), or '' for a top-level page."""
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""


@dataclass(frozen=True)
class Model:
    """The whole validated handbook, ready for page planning."""

    handbook: Handbook
    competencies: tuple[Competency, ...]
    roles: tuple[Role, ...]
    glossary: Glossary
    pages: tuple[ProsePage, ...]
    changes: tuple[Change, ...] = ()  # the change notes of changes.yml, newest first
    chooser: Chooser | None = None  # the "which role do we need" guide of chooser.yml, when there is one
    # What differs from the last published version (published/model.json), when that is older: versions.ChangeList.
    change_list: Any = None

    @cached_property
    def activity_index(self) -> dict[str, tuple[Competency, Activity]]:
        return {a.id: (c, a) for c in self.competencies for a in c.activities}

    @cached_property
    def competency_index(self) -> dict[str, Competency]:
        return {c.id: c for c in self.competencies}

    @cached_property
    def role_index(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def role_position(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.roles)}

    @cached_property
    def activities(self) -> list[Activity]:
        return [a for c in self.competencies for a in c.activities]

    @cached_property
    def activity_position(self) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(self.activities)}

    @cached_property
    def carriers(self) -> dict[str, list[Role]]:
        """The roles that have an activity as a key activity, in the model's order, by activity id."""
        found: dict[str, list[Role]] = {a.id: [] for a in self.activities}
        for r in self.roles:
            for aid in r.key_activities:
                found[aid].append(r)
        return found

    def requiring(self, comp: Competency) -> list[Role]:
        """The roles that require a competency, the highest level first (ties in the model's order)."""
        return sorted((r for r in self.roles if comp.id in r.levels), key=lambda r: -r.levels[comp.id])

    @cached_property
    def renamed(self) -> dict[str, str]:
        """Every id renamed in any version, to the id it has now (a renamed-again id follows the chain).

        A competency rated as a whole keeps its answer key with its id (pages.whole_id).
        """
        out: dict[str, str] = {}
        for change in reversed(self.changes):  # oldest first
            for old, new in change.renamed.items():
                out = {k: (new if v == old else v) for k, v in out.items()}
                out[old] = new
        from .pages import whole_id

        whole = {whole_id(old): whole_id(new) for old, new in out.items() if new in self.competency_index}
        return {**out, **whole}

    @cached_property
    def pair_ids(self) -> list[tuple[str, str]]:
        """The role pairs that have a comparison page of their own (pages.pair_ids)."""
        from .pages import pair_ids

        return pair_ids(self.handbook)

    def has_pair_page(self, a: Role, b: Role) -> bool:
        return (a.id, b.id) in self._pair_set or (b.id, a.id) in self._pair_set

    @cached_property
    def _pair_set(self) -> set[tuple[str, str]]:
        return set(self.pair_ids)

    @cached_property
    def _distinctions(self) -> dict[frozenset[str], Text]:
        """What sets two roles apart, written once for the pair in either role's file."""
        return {frozenset((r.id, d.role)): d.text for r in self.roles for d in r.distinctions}

    def distinction(self, a: Role, b: Role) -> Text | None:
        return self._distinctions.get(frozenset((a.id, b.id)))

    def distinctions_of(self, role: Role) -> list[tuple[Role, Text]]:
        """Every other role this role is told apart from, in the model's order, with the text."""
        return [(other, text) for other in self.roles if other.id != role.id and (text := self.distinction(role, other)) is not None]

    def not_required(self, role: Role) -> list[Competency]:
        """The competencies a role leaves out, in the model's order."""
        return [c for c in self.competencies if c.id not in role.levels]

    def scope_name(self, scope: str, lang: str) -> str:
        return next(x.name[lang] for x in self.handbook.scopes if x.id == scope)

    def key_activities_by_competency(self, role: Role) -> list[tuple[Competency, list[Activity]]]:
        """A role's key activities grouped under their competencies, both in the model's order."""
        groups: dict[str, tuple[Competency, list[Activity]]] = {}
        for aid in sorted(role.key_activities, key=self.activity_position.__getitem__):
            c, a = self.activity_index[aid]
            groups.setdefault(c.id, (c, []))[1].append(a)
        return list(groups.values())

    def label(self, key: str, lang: str) -> str:
        """An interface word: the handbook's own where it gives one for the language, the package's otherwise."""
        own = self.handbook.labels.get(key)
        word = own.get(lang) if own is not None else None
        return word if word is not None else default_words(lang)[key]

    def level_name(self, level: int, lang: str) -> str:
        for s in self.handbook.scale:
            if s.level == level:
                return s.name[lang]
        raise KeyError(level)
