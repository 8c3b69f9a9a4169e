"""The typed, frozen competency model and its validation against the YAML files.

Pydantic checks the shape of each file (unknown keys, wrong types, missing
translations, raw HTML); the cross-reference checks below check what no single
file can: ids that must exist, be unique, and levels that must be on the scale.
Each problem is mapped back to the file, line and column it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .errors import ErrorCollector, Location
from .labels import required_labels
from .load import ContentTree, Document, load_yaml, read_text, scan_content, split_page
from .placeholders import label_problem, template_values
from .site import FOLDERS, RESERVED_IDS, SINGLE_PAGES, generated_folders, url_of

# What a text may hold is decided where texts become HTML: generator/text.py renders
# the text and reports whatever its sanitiser would remove or change.
from .text import problems as _text_problems

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _no_html(value: str) -> str:
    found = _text_problems(value)
    if found:
        raise ValueError(found[0])
    return value


Str = Annotated[str, AfterValidator(_no_html)]
Slug = Annotated[str, Field(pattern=SLUG, max_length=80)]  # part of a file name: a pair page's a--b.svg stays far below 255 bytes


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(RootModel[dict[str, Str]]):
    """A human-readable text, one version per language of the handbook ({et: ..., en: ...}).

    The handbook's language codes come in the validation context: every one must
    have a text, and no other key is allowed.
    """

    model_config = ConfigDict(frozen=True, strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _every_language(cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Text:
        languages = (info.context or {}).get("languages") or ()
        problems: list[InitErrorDetails] = []
        if isinstance(data, dict) and languages:
            problems += [InitErrorDetails(type="missing", loc=(code,), input=data) for code in languages if code not in data]
            problems += [
                InitErrorDetails(type=PydanticCustomError("unknown_language", "'{code}' is not a language of this handbook ({known})",
                                                          {"code": str(key), "known": ", ".join(languages)}), loc=(str(key),), input=data[key])
                for key in data
                if key not in languages
            ]
        try:
            result = handler(data)
        except ValidationError as exc:
            raise ValidationError.from_exception_data(cls.__name__, problems + _details(exc)) from None
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return result

    def __getitem__(self, lang: str) -> str:
        return self.root[lang]


def _details(exc: ValidationError) -> list[InitErrorDetails]:
    """A validation error's line errors, in the form ValidationError.from_exception_data takes back."""
    out: list[InitErrorDetails] = []
    for e in exc.errors(include_url=False):
        detail = InitErrorDetails(type=e["type"], loc=e["loc"], input=e["input"])
        if "ctx" in e:
            detail["ctx"] = e["ctx"]
        out.append(detail)
    return out


class ScaleLevel(Strict):
    level: int = Field(ge=1, le=9)
    name: Text
    description: Text


class Audience(Strict):
    id: Slug
    title: Text
    description: Text
    guide: str | None = None  # path of the audience's guide page, e.g. guides/hr.md


class Language(Strict):
    """One language of the handbook: its code (a page's lang attribute) and its own name, for the language menu."""

    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")]
    name: Str


class Handbook(Strict):
    languages: list[Language] = Field(min_length=1)
    title: Text
    subtitle: Text
    # A version is printed on every page and paper and compared by the self-check: numbers and dots ("2022.1", "2.0-beta").
    version: Annotated[str, Field(pattern=r"^[0-9]+(?:\.[0-9]+)*(?:-[0-9A-Za-z.]+)?$", max_length=40)]
    model_name: Text
    competence_definition: Text
    scale: list[ScaleLevel] = Field(min_length=2)
    audiences: list[Audience]
    competencies: list[Slug] = Field(min_length=1)
    roles: list[Slug]
    labels: dict[Slug, Text]


class Activity(Strict):
    id: Slug
    title: Text
    description: Text
    examples: list[Text] = Field(min_length=2, max_length=4)


class Competency(Strict):
    id: Slug
    title: Text
    summary: Text
    description: Text
    knowledge: list[Text] = Field(min_length=1)
    skills: list[Text] = Field(min_length=1)
    attitudes: list[Text] = Field(min_length=1)
    levels: dict[int, Text]
    related: list[Slug] = []
    activities: list[Activity] = Field(min_length=1)


class Distinction(Strict):
    role: Slug
    text: Text


class Role(Strict):
    id: Slug
    title: Text
    short: Text  # a short label for tables and charts
    status: Literal["published", "draft"]
    scope: Literal["strategic", "tactical", "operational"]
    purpose: Text
    reports_to: Text
    leads: Text
    typical_titles: list[Text] = Field(min_length=1)
    levels: dict[Slug, int]
    key_activities: list[Slug] = Field(min_length=1)
    distinctions: list[Distinction] = []


class Term(Strict):
    id: Slug
    term: Text
    definition: Text


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)


class SearchSettings(Strict):
    """Material's search settings for one page."""

    exclude: bool = False
    boost: float = 1


class FrontMatter(Strict):
    """What a hand-written page may set in its front matter: its title and place in the menu,
    and the few keys MkDocs and Material read from a page. Anything else is a typo."""

    title: Str | None = None  # otherwise the page's first '# ' heading
    order: int = 100  # the page's place among the pages of its section, smallest first
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] = []
    search: SearchSettings | None = None
    template: str | None = None
    description: Str | None = None
    icon: str | None = None
    status: str | None = None


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

    def key_activities_by_competency(self, role: Role) -> list[tuple[Competency, list[Activity]]]:
        """A role's key activities grouped under their competencies, both in the model's order."""
        groups: dict[str, tuple[Competency, list[Activity]]] = {}
        for aid in sorted(role.key_activities, key=self.activity_position.__getitem__):
            c, a = self.activity_index[aid]
            groups.setdefault(c.id, (c, []))[1].append(a)
        return list(groups.values())

    def label(self, key: str, lang: str) -> str:
        return self.handbook.labels[key][lang]

    def level_name(self, level: int, lang: str) -> str:
        for s in self.handbook.scale:
            if s.level == level:
                return s.name[lang]
        raise KeyError(level)


# --- turning pydantic's errors into located, plain-language messages ---------

_TYPE_NAMES = {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true/false", float: "a number", type(None): "nothing"}


def _found(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _message(err: Any, languages: dict[str, str]) -> str:
    kind = err["type"]
    loc = err["loc"]
    where = ".".join(str(p) for p in loc)
    parent = ".".join(str(p) for p in loc[:-1])
    if kind == "unknown_language":
        return f"'{parent}': {err['msg']}; translate into the handbook's languages only, or add the language under 'languages' in handbook.yml"
    if kind == "missing":
        name = loc[-1]
        if name in languages:
            return f"missing translation: '{parent}' has no '{name}' ({languages[name]}) text; add `{name}: ...`"
        return f"missing required key '{name}'" + (f" in '{'.'.join(str(p) for p in loc[:-1])}'" if len(loc) > 1 else "")
    if kind == "extra_forbidden":
        if " " in str(loc[-1]):
            # {et: Tere, maailm, en: ...} splits at the comma: the rest of the text became a key
            return f"unknown key '{loc[-1]}': a comma inside {{et: ..., en: ...}} ends the text; put the text in quotes"
        return f"unknown key '{loc[-1]}'; check the spelling (see the maintainer's guide in README.md for the keys of this file)"
    if kind in ("string_type", "int_type", "list_type", "dict_type", "model_type", "bool_type", "literal_error", "int_from_float"):
        expected = {
            "string_type": "text", "int_type": "a whole number", "list_type": "a list (lines starting with '- ')",
            "dict_type": "a mapping of keys", "model_type": "a mapping of keys", "bool_type": "true or false",
            "int_from_float": "a whole number",
        }.get(kind)
        if kind == "literal_error":
            return f"'{where}': {err['msg'].lower()}, found '{err['input']}'"
        return f"'{where}': expected {expected}, found {_found(err['input'])} ({err['input']!r:.40})"
    if kind == "string_pattern_mismatch" and loc == ("version",):
        return f"'version': '{err['input']}' is not a version; write numbers with dots, like 2022.1 or 2.0 (optionally -beta)"
    if kind == "string_pattern_mismatch":
        return f"'{where}': '{err['input']}' is not a valid id; use lowercase letters, digits and single hyphens (like customer-insight)"
    if kind == "string_too_long":
        return f"'{where}': '{err['input']:.30}...' is {len(err['input'])} characters long; an id becomes part of a file name and can have at most {err['ctx']['max_length']}"
    if kind in ("too_short", "too_long"):
        return f"'{where}': {err['msg'].lower()}"
    if kind == "value_error":
        return f"'{where}': {err['msg'].removeprefix('Value error, ')}"
    return f"'{where}': {err['msg']}"


def _validate(doc: Document, model: type[BaseModel], errors: ErrorCollector, languages: dict[str, str], what: str = "the file") -> Any:
    """The file's data as a checked model, or None after adding every problem to `errors`.

    `languages` (code -> name) are the handbook's: every text must have exactly these.
    """
    if not isinstance(doc.data, dict):
        errors.add(doc.location(), f"{what} must hold a mapping of keys, found {_found(doc.data)}")
        return None
    try:
        return model.model_validate(doc.data, context={"languages": tuple(languages)})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if p != "[key]")
            if doc.was_reported(loc):
                continue  # the loader has said what is wrong with this value
            key = err["type"] in ("extra_forbidden", "unknown_language") or "[key]" in err["loc"]
            errors.add(doc.location(*loc, key=key), _message(err, languages))
        return None


class _Languages(BaseModel):
    """Only the languages of handbook.yml, read first: every other text is checked against them."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)
    languages: list[Language] = Field(min_length=1)


def _handbook_languages(doc: Document | None) -> dict[str, str]:
    """The handbook's languages (code -> name), or none when they cannot be read (the handbook's own check says why)."""
    if doc is None or not isinstance(doc.data, dict):
        return {}
    try:
        found = _Languages.model_validate(doc.data)
    except ValidationError:
        return {}
    return {x.code: x.name for x in found.languages}


# --- the loader ----------------------------------------------------------------


def _check_file_id(doc: Document, obj: Any, path: Path, errors: ErrorCollector) -> None:
    if obj is not None and obj.id != path.stem:
        errors.add(doc.location("id"), f"id '{obj.id}' does not match the file name '{path.name}'; rename the file to '{obj.id}.yml' or fix the id")


def _read_page(path: Path, errors: ErrorCollector) -> tuple[str | None, int] | None:
    """A hand-written page's title and order, from its front matter or its first '# ' line; None after an error.

    The front matter is read by the same loader as the model, so its errors are
    located on the page's own lines and it is refused where MkDocs would ignore it.
    """
    text = read_text(path, errors)
    if text is None:
        return None
    page = split_page(text, errors.relative(path), errors)
    if not page.ok:
        return None
    meta = FrontMatter()
    if page.front_matter is not None:
        meta = _validate(page.front_matter, FrontMatter, errors, {}, "the front matter")
        if meta is None:
            return None
    title = meta.title or next((line[2:].strip() for line in page.body.splitlines() if line.startswith("# ")), None)
    return title, meta.order


def _load_pages(content: Path, errors: ErrorCollector, tree: ContentTree, languages: list[str]) -> tuple[ProsePage, ...]:
    """The hand-written pages: the same path under content/pages/<code>/ for every language."""
    base = content / "pages"
    found: dict[str, dict[str, Path]] = {}
    for lang in languages:
        for p in tree.listing(base / lang, (".md",), errors, recursive=True):
            found.setdefault(p.relative_to(base / lang).as_posix(), {})[lang] = p
    pages = []
    for rel, by_lang in sorted(found.items()):
        titles: dict[str, str] = {}
        order = 100
        for lang in languages:
            if lang not in by_lang:
                src = next(iter(by_lang.values()))
                errors.add(Location(errors.relative(src)), f"missing translation: there is no {errors.relative(base / lang / rel)}; every page exists in every language")
                continue
            read = _read_page(by_lang[lang], errors)
            if read is None:
                continue
            title, order = read
            if not title:
                errors.add(Location(errors.relative(by_lang[lang])), "the page has no title; start it with a '# Title' line")
            else:
                titles[lang] = title
        pages.append(ProsePage(rel, titles, order, {k: errors.relative(v) for k, v in by_lang.items()}))
    return tuple(pages)


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
        return doc, (_validate(doc, cls, errors, languages) if doc else None)

    # The handbook names the languages first: every other text is checked against them.
    hb_doc = read(model_dir / "handbook.yml")
    languages = _handbook_languages(hb_doc)
    handbook = _validate(hb_doc, Handbook, errors, languages) if hb_doc else None
    gl_doc, glossary = load(model_dir / "glossary.yml", Glossary)

    comps: dict[str, tuple[Document, Competency]] = {}
    for path in comp_paths:
        doc, comp = load(path, Competency)
        _check_file_id(doc, comp, path, errors) if doc else None
        if doc and comp:
            comps[comp.id] = (doc, comp)
    roles: dict[str, tuple[Document, Role]] = {}
    for path in role_paths:
        doc, role = load(path, Role)
        _check_file_id(doc, role, path, errors) if doc else None
        if doc and role:
            roles[role.id] = (doc, role)

    # Without readable languages, the pages of the folders that exist are still checked.
    page_languages = list(languages) or sorted(p.name for p in (content / "pages").glob("*") if p.is_dir())
    pages = _load_pages(content, errors, tree, page_languages)
    # Files that exist but did not validate: their ids are not "unknown", and
    # references into them cannot be checked until they are fixed.
    broken = {
        "competencies": {p.stem for p in comp_paths} - set(comps),
        "roles": {p.stem for p in role_paths} - set(roles),
    }

    if handbook is not None and hb_doc is not None:
        _check_references(hb_doc, handbook, comps, roles, broken, errors)
        for audience_i, audience in enumerate(handbook.audiences):
            if audience.guide and not any(p.path == audience.guide for p in pages):
                errors.add(hb_doc.location("audiences", audience_i, "guide"), f"guide page '{audience.guide}' does not exist under content/pages/<language>/ for every language")
    if handbook is not None and hb_doc is not None:
        folders = {p.folder for p in pages if p.folder}
        for key in sorted(required_labels(folders) - set(handbook.labels)):
            texts = ", ".join(f"{code}: ..." for code in languages)
            errors.add(hb_doc.location("labels"), f"missing label '{key}' that the pages use; add `{key}: {{{texts}}}` under 'labels'")
        _check_placeholders(hb_doc, handbook, errors)
    _check_addresses(comps, roles, pages, errors)
    if glossary is not None and gl_doc is not None:
        _check_unique(gl_doc, [t.id for t in glossary.terms], ("terms",), "term", errors)

    errors.raise_if_any()
    assert handbook is not None and glossary is not None
    return Model(
        handbook=handbook,
        competencies=tuple(comps[c][1] for c in handbook.competencies),
        roles=tuple(roles[r][1] for r in handbook.roles),
        glossary=glossary,
        pages=tuple(sorted(pages, key=lambda p: (p.order, p.path))),
    )


def _check_placeholders(hb_doc: Document, handbook: Handbook, errors: ErrorCollector) -> None:
    """A label the templates format with values may use those values' {names} and no others."""
    values = template_values()
    for key, text in handbook.labels.items():
        if key in values:
            for lang, value in text.model_dump().items():
                problem = label_problem(key, value, values[key])
                if problem:
                    errors.add(hb_doc.location("labels", key, lang), problem)


def _check_addresses(
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


def _check_unique(doc: Document, ids: list[str], path: tuple[str | int, ...], what: str, errors: ErrorCollector, field_name: str | None = "id") -> None:
    seen: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in seen:
            loc = doc.location(*path, i, field_name) if field_name else doc.location(*path, i)
            errors.add(loc, f"duplicate {what} id '{ident}' (already used at position {seen[ident] + 1}); ids must be unique")
        else:
            seen[ident] = i


def _check_references(
    hb_doc: Document,
    handbook: Handbook,
    comps: dict[str, tuple[Document, Competency]],
    roles: dict[str, tuple[Document, Role]],
    broken: dict[str, set[str]],
    errors: ErrorCollector,
) -> None:
    levels = {s.level for s in handbook.scale}
    scale_text = ", ".join(str(x) for x in sorted(levels))
    if sorted(levels) != list(range(1, len(levels) + 1)):
        errors.add(hb_doc.location("scale"), f"the scale levels must be 1, 2, 3, ... without gaps or repeats; found {scale_text}")

    # handbook.yml lists the order of competencies and roles; each file must be listed once
    _check_unique(hb_doc, handbook.competencies, ("competencies",), "competency", errors, None)
    _check_unique(hb_doc, handbook.roles, ("roles",), "role", errors, None)
    for i, cid in enumerate(handbook.competencies):
        if cid not in comps and cid not in broken["competencies"]:
            errors.add(hb_doc.location("competencies", i), f"unknown competency '{cid}': there is no content/model/competencies/{cid}.yml")
    for cid, (doc, _) in comps.items():
        if cid not in handbook.competencies:
            errors.add(doc.location("id"), f"competency '{cid}' is not listed under 'competencies' in content/model/handbook.yml; add it there")
    for i, rid in enumerate(handbook.roles):
        if rid not in roles and rid not in broken["roles"]:
            errors.add(hb_doc.location("roles", i), f"unknown role '{rid}': there is no content/model/roles/{rid}.yml")
    for rid, (doc, _) in roles.items():
        if rid not in handbook.roles:
            errors.add(doc.location("id"), f"role '{rid}' is not listed under 'roles' in content/model/handbook.yml; add it there")

    activity_owner: dict[str, str] = {}
    for cid, (doc, comp) in comps.items():
        for i, act in enumerate(comp.activities):
            if act.id in activity_owner:
                errors.add(doc.location("activities", i, "id"), f"duplicate activity id '{act.id}' (already used in competency '{activity_owner[act.id]}'); activity ids must be unique across the model")
            else:
                activity_owner[act.id] = cid
        for lvl in comp.levels:
            if lvl not in levels:
                errors.add(doc.location("levels", lvl, key=True), f"level {lvl} is outside the scale ({scale_text})")
        for lvl in sorted(levels - set(comp.levels)):
            errors.add(doc.location("levels"), f"level {lvl} is not described; describe what the competency looks like at every level of the scale ({scale_text})")
        for i, rel in enumerate(comp.related):
            if rel not in comps and rel not in broken["competencies"]:
                errors.add(doc.location("related", i), f"unknown competency '{rel}' in 'related'")
            elif rel == cid:
                errors.add(doc.location("related", i), "a competency cannot be related to itself")
        _check_unique(doc, comp.related, ("related",), "related competency", errors, None)

    for rid, (doc, role) in roles.items():
        for cid, lvl in role.levels.items():
            if cid not in comps and cid not in broken["competencies"]:
                errors.add(doc.location("levels", cid, key=True), f"unknown competency '{cid}' in 'levels'")
            if lvl not in levels:
                errors.add(doc.location("levels", cid), f"level {lvl} is outside the scale ({scale_text})")
        for cid in comps:
            if cid not in role.levels:
                errors.add(doc.location("levels"), f"no level for competency '{cid}'; every role gives a level for every competency")
        for i, aid in enumerate(role.key_activities):
            if aid not in activity_owner and not broken["competencies"]:
                errors.add(doc.location("key_activities", i), f"unknown activity '{aid}' in 'key_activities'")
        _check_unique(doc, role.key_activities, ("key_activities",), "key activity", errors, None)
        for i, dist in enumerate(role.distinctions):
            if dist.role not in roles and dist.role not in broken["roles"]:
                errors.add(doc.location("distinctions", i, "role"), f"unknown role '{dist.role}' in 'distinctions'")
            elif dist.role == rid:
                errors.add(doc.location("distinctions", i, "role"), "a role cannot be distinguished from itself")
