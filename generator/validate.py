"""From the files under content/ to a checked Model, every problem reported at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .checks import check_addresses, check_chooser, check_file_id, check_placeholders, check_references, check_unique
from .errors import ErrorCollector, Location
from .labels import default_words, required_labels
from .links import check_handbook_links
from .load import Document, load_yaml, scan_content
from .messages import validate
from .model import Model
from .prose import load_pages
from .schema import Changes, Chooser, Competency, Glossary, Handbook, Language, Role, Slug

R = TypeVar("R", Competency, Role)

def load_model(root: Path, content_dir: str = "content") -> Model:
    """Load and validate everything under `root/content_dir`; raise ModelError listing every problem."""
    root = Path(root)
    errors = ErrorCollector(root, content_dir=content_dir)
    content = root / content_dir
    model_dir = content / "model"
    tree = scan_content(content, errors)
    yaml_files = (".yml", ".yaml")
    comp_paths = tree.listing(model_dir / "competencies", yaml_files, errors)
    role_paths = tree.listing(model_dir / "roles", yaml_files, errors)

    def read(path: Path) -> Document | None:
        if not path.exists() and not path.is_symlink():
            errors.add(Location(errors.relative(path)), "the file is missing")
            return None
        return load_yaml(path, errors)

    def load(path: Path, cls: type[BaseModel]) -> tuple[Document | None, Any]:
        doc = read(path)
        return doc, (validate(doc, cls, errors, languages) if doc else None)

    # The handbook names the languages first: every other text is checked against them.
    hb_doc = read(model_dir / "handbook.yml")
    languages = handbook_languages(hb_doc)
    handbook = validate(hb_doc, Handbook, errors, languages) if hb_doc else None
    gl_doc, glossary = load(model_dir / "glossary.yml", Glossary)
    # The change notes are optional: without the file there is no "What changed" page.
    changes_path = model_dir / "changes.yml"
    ch_doc, changes = load(changes_path, Changes) if changes_path.exists() or changes_path.is_symlink() else (None, None)
    # The "which role do we need" guide is optional too: without the file there is no such page.
    chooser_path = model_dir / "chooser.yml"
    cho_doc, chooser = load(chooser_path, Chooser) if chooser_path.exists() or chooser_path.is_symlink() else (None, None)

    def load_each(paths: list[Path], cls: type[R], refs: type[BaseModel]) -> dict[str, tuple[Document, Any]]:
        """One file per competency or role, by id, each checked to be named after its id.

        A file with a shape error still takes part in the cross-reference checks when
        its ids and references can be read (`refs`): every error of every file in one run.
        """
        found: dict[str, tuple[Document, Any]] = {}
        for path in paths:
            doc, record = load(path, cls)
            if doc and not record:
                record = _references(doc, refs)
            if doc and record:
                check_file_id(doc, record, path, errors)
                found[record.id] = (doc, record)
        return found

    comps = load_each(comp_paths, Competency, _CompetencyRefs)
    roles = load_each(role_paths, Role, _RoleRefs)

    # Without readable languages, the pages of the folders that exist are still checked.
    page_languages = list(languages) or sorted(p.name for p in (content / "pages").glob("*") if p.is_dir())
    pages = load_pages(content, errors, tree, page_languages)
    # Files whose ids could not be read, or do not match their names: their names are
    # not "unknown" ids, and references into them cannot be checked until they are fixed.
    broken = {"competencies": {p.stem for p in comp_paths} - set(comps), "roles": {p.stem for p in role_paths} - set(roles)}

    if handbook is not None and hb_doc is not None:
        check_references(hb_doc, handbook, comps, roles, broken, errors)
        for audience_i, audience in enumerate(handbook.audiences):
            if audience.guide and not any(p.path == audience.guide for p in pages):
                errors.add(hb_doc.location("audiences", audience_i, "guide"), f"guide page '{audience.guide}' does not exist under content/pages/<language>/ for every language")
    if handbook is not None and hb_doc is not None:
        folders = {p.folder for p in pages if p.folder}
        needed = required_labels(folders)
        for key in sorted(needed):
            missing = [code for code in languages if key not in default_words(code)
                       and (key not in handbook.labels or handbook.labels[key].get(code) is None)]
            if missing:
                texts = ", ".join(f"{code}: ..." for code in missing)
                errors.add(hb_doc.location("labels"), f"missing label '{key}' for {', '.join(missing)}: the pages use it and the generator has no "
                           f"{'word' if len(missing) == 1 else 'words'} for it in {'that language' if len(missing) == 1 else 'those languages'}; add `{key}: {{{texts}}}` under 'labels'")
        check_placeholders(hb_doc, handbook, errors)
    check_addresses(comps, roles, pages, errors)
    if glossary is not None and gl_doc is not None:
        check_unique(gl_doc, [t.id for t in glossary.terms], ("terms",), "term", errors)
    if changes is not None and ch_doc is not None:
        seen: dict[str, int] = {}
        for i, change in enumerate(changes.changes):
            if change.version in seen:
                errors.add(ch_doc.location("changes", i, "version"), f"version '{change.version}' already has a note (entry {seen[change.version] + 1}); "
                           "write one note per version")
            seen.setdefault(change.version, i)
            _check_renames(ch_doc, i, change.renamed, comps, roles, errors)
    # A chooser with shape errors still has its paths and roles checked, when its ids can be read.
    chooser_refs = chooser if chooser is not None or cho_doc is None else _references(cho_doc, _ChooserRefs)
    if chooser_refs is not None and cho_doc is not None:
        check_chooser(cho_doc, chooser_refs, roles, broken, errors)
    if handbook is not None and hb_doc is not None:
        check_handbook_links(errors, tree, pages, hb_doc, handbook, comps, roles, gl_doc, glossary, changes_path.exists(), chooser)

    errors.raise_if_any()
    assert handbook is not None and glossary is not None
    assert all(isinstance(x, Competency) for _, x in comps.values()) and all(isinstance(x, Role) for _, x in roles.values())
    model = Model(
        handbook=handbook,
        competencies=tuple(comps[c][1] for c in handbook.competencies),
        roles=tuple(roles[r][1] for r in handbook.roles),
        glossary=glossary,
        pages=tuple(sorted(pages, key=lambda p: (p.order, p.path))),
        changes=tuple(changes.changes) if changes is not None else (),
        chooser=chooser,
    )
    from .versions import change_list, previous_version  # versions reads the published model with this module's models

    previous = previous_version(root, model)
    return replace(model, change_list=change_list(previous, model)) if previous is not None else model


class _Languages(BaseModel):
    """Only the languages of handbook.yml, read first: every other text is checked against them."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)
    languages: list[Language] = Field(min_length=1)


def handbook_languages(doc: Document | None) -> dict[str, str]:
    """The handbook's languages (code -> name), or none when they cannot be read (the handbook's own check says why)."""
    if doc is None or not isinstance(doc.data, dict):
        return {}
    try:
        found = _Languages.model_validate(doc.data)
    except ValidationError:
        return {}
    return {x.code: x.name for x in found.languages}


# What the cross-reference checks read from a competency or role file that failed its own
# check: ids and references only, taken as they are written. Anything else is the shape check's.
class _Refs(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# Ids are read as ids: a file whose references are themselves malformed is left to its shape errors.
class _ActivityRefs(_Refs):
    id: Slug


class _CompetencyRefs(_Refs):
    id: Slug
    levels: dict[int, Any] = {}
    development: dict[int, Any] = {}
    related: list[Slug] = []
    activities: list[_ActivityRefs] = []


class _DistinctionRefs(_Refs):
    role: Slug


class _RoleRefs(_Refs):
    id: Slug
    levels: dict[Slug, int] = {}
    scope: Slug | None = None
    key_activities: list[Slug] = []
    distinctions: list[_DistinctionRefs] = []


class _AnswerRefs(_Refs):
    next: Slug | None = None
    role: Slug | None = None


class _StepRefs(_Refs):
    id: Slug
    answers: list[_AnswerRefs] = []


class _SituationRefs(_Refs):
    roles: list[Slug] = []


class _ChooserRefs(_Refs):
    steps: list[_StepRefs] = Field(min_length=1)
    situations: list[_SituationRefs] = []


def _references(doc: Document, refs: type[BaseModel]) -> Any:
    """The ids and references of a file with shape errors, or None when even they cannot be read."""
    try:
        return refs.model_validate(doc.data)
    except ValidationError:
        return None


def _check_renames(doc: Document, i: int, renamed: dict[str, str], comps: dict[str, Any], roles: dict[str, Any], errors: ErrorCollector) -> None:
    """A renamed id is gone from the model and its new id is there (a competency, an activity or a role)."""
    ids = set(comps) | set(roles) | {a.id for _, c in comps.values() for a in getattr(c, "activities", ())}
    for old, new in renamed.items():
        if old in ids:
            errors.add(doc.location("changes", i, "renamed", old, key=True), f"'{old}' is renamed to '{new}' but is still an id of the model; rename it or remove the line")
        if new not in ids:
            errors.add(doc.location("changes", i, "renamed", old), f"'{old}' is renamed to '{new}', which is no competency, activity or role of the model")
