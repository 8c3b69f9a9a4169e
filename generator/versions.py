"""Model versions: a changed model must carry a higher version than the one last published.

The last published version is kept in the handbook folder as its JSON download
(`published/model.json`, copied from the built site's `downloads/model.json`
when a version is published). `handbook check` compares the model with it: the
same content may keep its version; changed content needs a higher one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import ContentError, ErrorCollector, Location
from .load import load_yaml
from .model import Competency, Model, Role
from .opendata import Download, load_download

PUBLISHED = "published/model.json"  # relative to the handbook folder


def version_key(version: str) -> tuple[tuple[int, ...], int, str]:
    """What orders versions: the numbers, then a release above its pre-releases (2.0-beta < 2.0)."""
    numbers, _, pre = version.partition("-")
    return tuple(int(x) for x in numbers.split(".")), 0 if pre else 1, pre


def _same_content(model: Model, data: bytes, languages: list[str]) -> bool:
    previous = load_download(data, languages)
    return (
        previous.handbook.model_dump(exclude={"version"}) == model.handbook.model_dump(exclude={"version"})
        and previous.competencies == list(model.competencies)
        and previous.roles == list(model.roles)
        and previous.glossary == model.glossary
    )


def check_version(root: Path, model: Model, content_dir: str = "content") -> list[ContentError]:
    """The version problems of a checked model against the published one; none without a published file."""
    path = root / PUBLISHED
    if not path.is_file():
        return []
    errors = ErrorCollector(root, content_dir=content_dir)
    data = path.read_bytes()
    try:
        raw = json.loads(data)
        previous = str(raw["version"])
        languages = [str(x["code"]) for x in raw["handbook"]["languages"]]
        same = _same_content(model, data, languages)
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        message = " ".join(str(exc).split())[:200]
        return [ContentError(Location(PUBLISHED), f"the published model cannot be read ({message}); copy it again from a built site's downloads/model.json")]
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)*(?:-[0-9A-Za-z.]+)?", previous):
        return [ContentError(Location(PUBLISHED), f"the published model's version '{previous}' is not a version")]
    hb_path = root / content_dir / "model" / "handbook.yml"
    doc = load_yaml(hb_path, errors)
    where = doc.location("version") if doc is not None else Location(errors.relative(hb_path))
    current = model.handbook.version
    if version_key(current) < version_key(previous):
        return [ContentError(where, f"version {current} is lower than version {previous}, published in {PUBLISHED}; a version only goes up")]
    if not same and version_key(current) == version_key(previous):
        return [ContentError(where, f"the model differs from version {previous}, published in {PUBLISHED}, but its version is still {current}; "
                                    f"raise 'version' and say what changed in {content_dir}/model/changes.yml")]
    return []


@dataclass(frozen=True)
class Moved:
    """One id renamed between two versions: what it was, and the object it is now."""

    old: str
    new: Any


@dataclass(frozen=True)
class LevelChange:
    role: Role
    competency: Competency
    before: int | None  # None: not required
    after: int | None


@dataclass(frozen=True)
class ChangeList:
    """What differs between the last published version and this model, found from the two, not written by hand."""

    previous: str
    added: dict[str, list[Any]]  # kind ("competencies", "activities", "roles") -> objects of this model
    removed: dict[str, list[Any]]  # kind -> objects of the previous version
    renamed: dict[str, list[Moved]]
    levels: list[LevelChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (any(self.added.values()) or any(self.removed.values()) or any(self.renamed.values()) or self.levels)


def previous_version(root: Path, model: Model) -> Download | None:
    """The last published model (published/model.json), when it is an older version than this one."""
    path = root / PUBLISHED
    if not path.is_file():
        return None
    try:
        data = path.read_bytes()
        raw = json.loads(data)
        previous = load_download(data, [str(x["code"]) for x in raw["handbook"]["languages"]])
    except (ValueError, KeyError, TypeError, ValidationError):
        return None  # `handbook check` says what is wrong with it
    return previous if version_key(previous.version) < version_key(model.handbook.version) else None


def change_list(previous: Download, model: Model) -> ChangeList:
    """Added, removed and renamed competencies, activities and roles, and each role's level changes, since `previous`."""
    renamed = {old: new for old, new in model.renamed.items() if "--" not in old}
    back = {new: old for old, new in renamed.items()}
    before: dict[str, dict[str, Any]] = {
        "competencies": {c.id: c for c in previous.competencies},
        "activities": {a.id: a for c in previous.competencies for a in c.activities},
        "roles": {r.id: r for r in previous.roles},
    }
    now: dict[str, dict[str, Any]] = {
        "competencies": {c.id: c for c in model.competencies},
        "activities": {a.id: a for a in model.activities},
        "roles": {r.id: r for r in model.roles},
    }
    added, removed, moved = {}, {}, {}
    for kind in before:
        old, new = before[kind], now[kind]
        moved[kind] = [Moved(o, new[renamed[o]]) for o in old if o not in new and renamed.get(o) in new]
        removed[kind] = [x for i, x in old.items() if i not in new and renamed.get(i) not in new]
        added[kind] = [x for i, x in new.items() if i not in old and back.get(i) not in old]
    levels = []
    for role in model.roles:
        was = before["roles"].get(back.get(role.id, role.id))
        if was is None:
            continue
        for comp in model.competencies:
            a, b = was.levels.get(back.get(comp.id, comp.id)), role.levels.get(comp.id)
            if a != b:
                levels.append(LevelChange(role, comp, a, b))
    return ChangeList(previous.version, added, removed, moved, levels)
