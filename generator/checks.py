"""Cross-reference checks: what no single file can check on its own.

Ids that must exist and be unique, levels on the scale, every file listed in
the handbook, labels the pages need and their placeholders, and no two pages at
one address. Each problem is located in the file and line it comes from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from .errors import ErrorCollector, Location
from .load import Document
from .model import ProsePage
from .placeholders import label_problem, template_values
from .schema import Chooser, Competency, Handbook, Role
from .site import FOLDERS, RESERVED_IDS, SINGLE_PAGES, generated_folders, url_of


def check_file_id(doc: Document, obj: Any, path: Path, errors: ErrorCollector) -> None:
    if obj is not None and obj.id != path.stem:
        errors.add(doc.location("id"), f"id '{obj.id}' does not match the file name '{path.name}'; rename the file to '{obj.id}.yml' or fix the id")


def check_placeholders(hb_doc: Document, handbook: Handbook, errors: ErrorCollector) -> None:
    """A label the templates format with values may use those values' {names} and no others."""
    values = template_values()
    for key, text in handbook.labels.items():
        if key in values:
            for lang, value in text.model_dump().items():
                problem = label_problem(key, value, values[key])
                if problem:
                    errors.add(hb_doc.location("labels", key, lang), problem)


def check_addresses(
    comps: dict[str, tuple[Document, Competency]], roles: dict[str, tuple[Document, Role]], pages: tuple[ProsePage, ...], errors: ErrorCollector
) -> None:
    """No two pages at one address: MkDocs would keep one of them and say nothing.

    An id may not take an overview page's name, and a hand-written page may not
    sit where a generated one goes (site.py knows both) nor where another
    hand-written page goes (about.md and about/index.md are both at about/).
    """
    def reserved(doc: Document, loc: tuple[str | int, ...], ident: str, folder: str) -> None:
        if ident in RESERVED_IDS:
            errors.add(doc.location(*loc), f"the id '{ident}' is reserved for the overview page of a folder ({folder}/{ident}.md); choose another id")

    for doc, comp in comps.values():
        reserved(doc, ("id",), comp.id, FOLDERS["competency"])
        for i, act in enumerate(comp.activities):
            reserved(doc, ("activities", i, "id"), act.id, FOLDERS["activity"])
    for doc, role in roles.values():
        reserved(doc, ("id",), role.id, FOLDERS["role"])

    generated = {url_of(path): path for path in SINGLE_PAGES.values()}
    folders = generated_folders()
    seen: dict[str, str] = {}
    for page in pages:
        url = url_of(page.path)
        if url in generated or (page.path.split("/")[0] in folders and "/" in page.path):
            problem = f"the page {page.path} would take the address {url or '/'} of a generated page"
            problem += f" ({generated[url]}); rename or move the page" if url in generated else f" (everything under {page.path.split('/')[0]}/ is generated); move the page"
        elif url in seen:
            problem = f"the pages {seen[url]} and {page.path} would both have the address {url or '/'}; rename one of them"
        else:
            seen[url] = page.path
            continue
        for source in page.sources.values():
            errors.add(Location(source), problem)


def check_unique(doc: Document, ids: list[str], path: tuple[str | int, ...], what: str, errors: ErrorCollector, field_name: str | None = "id") -> None:
    seen: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in seen:
            loc = doc.location(*path, i, field_name) if field_name else doc.location(*path, i)
            errors.add(loc, f"duplicate {what} id '{ident}' (already used at position {seen[ident] + 1}); ids must be unique")
        else:
            seen[ident] = i


def check_references(
    hb_doc: Document,
    handbook: Handbook,
    comps: dict[str, tuple[Document, Competency]],
    roles: dict[str, tuple[Document, Role]],
    broken: dict[str, set[str]],
    errors: ErrorCollector,
) -> None:
    """Every id a file names exists (or is in a file that failed its own check), is unique, and every level is on the scale."""
    levels = {s.level for s in handbook.scale}
    scale = _Scale(levels, ", ".join(str(x) for x in sorted(levels)), {x.id for x in handbook.scopes})
    check_unique(hb_doc, [x.id for x in handbook.scopes], ("scopes",), "scope", errors)
    if sorted(levels) != list(range(1, len(levels) + 1)):
        errors.add(hb_doc.location("scale"), f"the scale levels must be 1, 2, 3, ... without gaps or repeats; found {scale.text}")
    _check_listing(hb_doc, handbook, comps, roles, broken, errors)
    activity_owner = _check_activities(comps, errors)
    for cid, (doc, comp) in comps.items():
        _check_competency(cid, doc, comp, comps, broken, scale, errors)
    for rid, (doc, role) in roles.items():
        _check_role(rid, doc, role, comps, roles, broken, activity_owner, scale, errors)
    _check_distinctions_once(handbook, roles, errors)
    _check_pairs(hb_doc, handbook, errors)


def _check_pairs(hb_doc: Document, handbook: Handbook, errors: ErrorCollector) -> None:
    """Each declared pair names two different roles of the handbook, once."""
    seen: dict[frozenset[str], int] = {}
    for i, pair in enumerate(handbook.pairs or []):
        for j, rid in enumerate(pair):
            if rid not in handbook.roles:
                errors.add(hb_doc.location("pairs", i, j), f"unknown role '{rid}' in 'pairs'; use ids listed under 'roles'")
        key = frozenset(pair)
        if len(key) == 1:
            errors.add(hb_doc.location("pairs", i), f"the pair [{pair[0]}, {pair[1]}] compares a role with itself; name two different roles")
        elif key in seen:
            errors.add(hb_doc.location("pairs", i), f"the pair [{pair[0]}, {pair[1]}] is already listed at position {seen[key] + 1}; list each pair once")
        else:
            seen[key] = i


def _check_distinctions_once(handbook: Handbook, roles: dict[str, tuple[Document, Any]], errors: ErrorCollector) -> None:
    """What sets two roles apart is written once, in either role's file: both role pages and their comparison show it."""
    written: dict[frozenset[str], str] = {}
    order = {rid: i for i, rid in enumerate(handbook.roles)}
    for rid, (doc, role) in sorted(roles.items(), key=lambda item: order.get(item[0], len(order))):
        for i, dist in enumerate(role.distinctions):
            pair = frozenset((rid, dist.role))
            if pair in written and written[pair] != rid:
                errors.add(doc.location("distinctions", i, "role"),
                           f"what sets '{rid}' and '{dist.role}' apart is already written in content/model/roles/{written[pair]}.yml; "
                           "write it once, in either file (both role pages and their comparison show it)")
            else:
                written.setdefault(pair, rid)


class _Scale(NamedTuple):
    levels: set[int]
    text: str  # "1, 2, 3, 4", for messages
    scopes: set[str]  # the role scopes the handbook declares


def _check_listing(
    hb_doc: Document, handbook: Handbook, comps: dict[str, Any], roles: dict[str, Any], broken: dict[str, set[str]], errors: ErrorCollector
) -> None:
    """handbook.yml lists the order of competencies and roles: each file listed once, and nothing listed that has no file."""
    check_unique(hb_doc, handbook.competencies, ("competencies",), "competency", errors, None)
    check_unique(hb_doc, handbook.roles, ("roles",), "role", errors, None)
    for key, listed, found, what in (("competencies", handbook.competencies, comps, "competency"), ("roles", handbook.roles, roles, "role")):
        for i, ident in enumerate(listed):
            if ident not in found and ident not in broken[key]:
                errors.add(hb_doc.location(key, i), f"unknown {what} '{ident}': there is no content/model/{key}/{ident}.yml")
        for ident, (doc, _) in found.items():
            if ident not in listed:
                errors.add(doc.location("id"), f"{what} '{ident}' is not listed under '{key}' in content/model/handbook.yml; add it there")


def _check_activities(comps: dict[str, tuple[Document, Competency]], errors: ErrorCollector) -> dict[str, str]:
    """Activity ids are unique across the model; returns the competency of each activity."""
    owner: dict[str, str] = {}
    for cid, (doc, comp) in comps.items():
        for i, act in enumerate(comp.activities):
            if act.id in owner:
                errors.add(doc.location("activities", i, "id"),
                           f"duplicate activity id '{act.id}' (already used in competency '{owner[act.id]}'); activity ids must be unique across the model")
            else:
                owner[act.id] = cid
    return owner


def _check_competency(
    cid: str, doc: Document, comp: Competency, comps: dict[str, Any], broken: dict[str, set[str]], scale: _Scale, errors: ErrorCollector
) -> None:
    for name, by_level in (("levels", comp.levels), ("development", comp.development)):
        for lvl in by_level:
            if lvl not in scale.levels:
                errors.add(doc.location(name, lvl, key=True), f"level {lvl} is outside the scale ({scale.text})")
    for i, rel in enumerate(comp.related):
        if rel not in comps and rel not in broken["competencies"]:
            errors.add(doc.location("related", i), f"unknown competency '{rel}' in 'related'")
        elif rel == cid:
            errors.add(doc.location("related", i), "a competency cannot be related to itself")
    check_unique(doc, comp.related, ("related",), "related competency", errors, None)


def _check_role(
    rid: str, doc: Document, role: Role, comps: dict[str, Any], roles: dict[str, Any], broken: dict[str, set[str]],
    activity_owner: dict[str, str], scale: _Scale, errors: ErrorCollector,
) -> None:
    for cid, lvl in role.levels.items():
        if cid not in comps and cid not in broken["competencies"]:
            errors.add(doc.location("levels", cid, key=True), f"unknown competency '{cid}' in 'levels'")
        if lvl not in scale.levels:
            errors.add(doc.location("levels", cid), f"level {lvl} is outside the scale ({scale.text})")
    if role.scope is not None and role.scope not in scale.scopes:
        known = f"declare it under 'scopes' in content/model/handbook.yml (now: {', '.join(sorted(scale.scopes))})" if scale.scopes else \
            "declare the scopes roles use under 'scopes' in content/model/handbook.yml"
        errors.add(doc.location("scope"), f"unknown scope '{role.scope}'; {known}")
    for i, aid in enumerate(role.key_activities):
        # an activity in a competency file that failed its own check cannot be looked up yet
        if aid not in activity_owner and not broken["competencies"]:
            errors.add(doc.location("key_activities", i), f"unknown activity '{aid}' in 'key_activities'")
        elif aid in activity_owner and activity_owner[aid] not in role.levels and not broken["competencies"]:
            errors.add(doc.location("key_activities", i), f"key activity '{aid}' belongs to competency '{activity_owner[aid]}', which the role does not require; "
                       f"add '{activity_owner[aid]}' under 'levels' or remove the activity")
    check_unique(doc, role.key_activities, ("key_activities",), "key activity", errors, None)
    for i, dist in enumerate(role.distinctions):
        if dist.role not in roles and dist.role not in broken["roles"]:
            errors.add(doc.location("distinctions", i, "role"), f"unknown role '{dist.role}' in 'distinctions'")
        elif dist.role == rid:
            errors.add(doc.location("distinctions", i, "role"), "a role cannot be distinguished from itself")


def check_chooser(doc: Document, chooser: Chooser | Any, roles: dict[str, Any], broken: dict[str, set[str]], errors: ErrorCollector) -> None:
    """The role chooser's every path ends at a role: steps exist, are reached from the first, and never loop back."""
    steps = {step.id: step for step in chooser.steps}
    check_unique(doc, [step.id for step in chooser.steps], ("steps",), "step", errors)
    for i, step in enumerate(chooser.steps):
        for j, answer in enumerate(step.answers):
            if answer.next is not None and answer.next not in steps:
                errors.add(doc.location("steps", i, "answers", j, "next"), f"unknown step '{answer.next}'; the steps are {', '.join(steps)}")
            if answer.role is not None and answer.role not in roles and answer.role not in broken["roles"]:
                errors.add(doc.location("steps", i, "answers", j, "role"), f"unknown role '{answer.role}' in the chooser")
    for i, situation in enumerate(chooser.situations):
        for j, rid in enumerate(situation.roles):
            if rid not in roles and rid not in broken["roles"]:
                errors.add(doc.location("situations", i, "roles", j), f"unknown role '{rid}' in the chooser")
    position = {step.id: i for i, step in enumerate(chooser.steps)}
    reached: set[str] = set()

    def walk(sid: str, path: tuple[str, ...]) -> None:
        for j, answer in enumerate(steps[sid].answers):
            if answer.next is None or answer.next not in steps:
                continue
            if answer.next in path:
                errors.add(doc.location("steps", position[sid], "answers", j, "next"),
                           f"'{answer.next}' leads back to a step already on the way ({' → '.join(path[path.index(answer.next):] + (answer.next,))}); every path must end at a role")
            elif answer.next not in reached:
                reached.add(answer.next)
                walk(answer.next, path + (answer.next,))

    first = chooser.steps[0].id
    reached.add(first)
    walk(first, (first,))
    for sid, step_i in position.items():
        if sid not in reached:
            errors.add(doc.location("steps", step_i, "id"), f"step '{sid}' is not reached from the first step '{first}'; lead an answer to it or remove it")
