"""Model versions: a changed model must carry a higher version than the one last published.

The last published version is kept in the handbook folder as its JSON download
(`published/model.json`, copied from the built site's `downloads/model.json`
when a version is published). `handbook check` compares the model with it: the
same content may keep its version; changed content needs a higher one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import ValidationError

from .errors import ContentError, ErrorCollector, Location
from .load import load_yaml
from .model import Model
from .opendata import load_download

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
