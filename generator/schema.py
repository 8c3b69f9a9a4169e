"""The shape of each YAML file, as strict, frozen pydantic models.

Unknown keys are errors, every text has one version per language of the
handbook (the codes come in the validation context), and what a text may hold
is decided by text.py, where texts become HTML.
"""

from __future__ import annotations

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
        return _by_language(cls, data, handler, info, every=True)

    def __getitem__(self, lang: str) -> str:
        return self.root[lang]


def _by_language(cls: type[RootModel[Any]], data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo, every: bool) -> Any:
    """A mapping from the handbook's language codes (they come in the validation context) to texts.

    No other key is allowed; with `every`, each language must have a text (a Text),
    otherwise at least one (a Label). Every problem is reported at once, its own and the texts'.
    """
    languages = (info.context or {}).get("languages") or ()
    problems: list[InitErrorDetails] = []
    if isinstance(data, dict) and languages:
        if every:
            problems += [InitErrorDetails(type="missing", loc=(code,), input=data) for code in languages if code not in data]
        problems += [_unknown_language(key, data[key], languages) for key in data if key not in languages]
        # The texts of unknown keys are not checked: the key is the mistake.
        data = {k: v for k, v in data.items() if k in languages}
    if not every and isinstance(data, dict) and not data and not problems:
        problems.append(InitErrorDetails(type=PydanticCustomError("empty_label", "the label has no text; give it as {{code: text}}"), loc=(), input=data))
    try:
        result = handler(data)
    except ValidationError as exc:
        raise ValidationError.from_exception_data(cls.__name__, problems + _details(exc)) from None
    if problems:
        raise ValidationError.from_exception_data(cls.__name__, problems)
    return result


def _unknown_language(key: Any, value: Any, languages: Any) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError("unknown_language", "'{code}' is not a language of this handbook ({known})",
                                                     {"code": str(key), "known": ", ".join(languages)}), loc=(str(key),), input=value)


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


class Scope(Strict):
    """A kind of role a handbook distinguishes (strategic, operational, ...): roles name it by id."""

    id: Slug
    name: Text


class Label(RootModel[dict[str, Str]]):
    """An interface word in some of the handbook's languages: it replaces the package's default in those.

    A language left out keeps the package's word, so a handbook may override one
    language's wording; a language the package has no words for must be given here.
    """

    model_config = ConfigDict(frozen=True, strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _known_languages(cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Label:
        return _by_language(cls, data, handler, info, every=False)

    def get(self, lang: str) -> str | None:
        return self.root.get(lang)


# A version is printed on every page and paper and compared by the self-check: numbers and dots ("2022.1", "2.0-beta").
Version = Annotated[str, Field(pattern=r"^[0-9]+(?:\.[0-9]+)*(?:-[0-9A-Za-z.]+)?$", max_length=40)]


class Handbook(Strict):
    languages: list[Language] = Field(min_length=1)
    title: Text
    subtitle: Text | None = None
    version: Version
    model_name: Text | None = None
    competence_definition: Text | None = None
    # Whose work is what, one short line (inline Markdown; {version} is the handbook's version): the end of
    # every page that shows the model and of its printouts.
    attribution: Text | None = None
    # 2 to 9 levels: the pages colour, chart and caption every scale in that range.
    scale: list[ScaleLevel] = Field(min_length=2, max_length=9)
    scopes: list[Scope] = []
    audiences: list[Audience] = []
    competencies: list[Slug] = Field(min_length=1)
    roles: list[Slug] = Field(min_length=1)
    # The role pairs that get a comparison page of their own ([a, b]); by default every pair while
    # there are at most 20 roles. Any other two roles are compared on the page where readers pick two.
    pairs: list[Annotated[list[Slug], Field(min_length=2, max_length=2)]] | None = None
    labels: dict[Slug, Label] = {}


class Activity(Strict):
    id: Slug
    title: Text
    description: Text
    examples: list[Text] = []


class InterviewQuestion(Strict):
    """A behavioural question for an interview, with what a strong and a weak answer show."""

    question: Text
    strong: Text
    weak: Text


class Development(Strict):
    """How to grow into one level of a competency: assignments on the job, and reading or learning."""

    assignments: list[Text] = []
    learning: list[Text] = []


class Competency(Strict):
    id: Slug
    title: Text
    description: Text
    summary: Text | None = None
    knowledge: list[Text] = []
    skills: list[Text] = []
    attitudes: list[Text] = []
    levels: dict[int, Text] = {}  # what the competency looks like at some or all levels of the scale
    related: list[Slug] = []
    activities: list[Activity] = []  # without any, the competency is rated as a whole
    interview: list[InterviewQuestion] = []  # behavioural questions for the interview guides
    development: dict[int, Development] = {}  # by the level to reach: the self-check links each gap here


class Distinction(Strict):
    role: Slug
    text: Text


class Success(Strict):
    """What shows, some months into the role, that the person in it is succeeding."""

    months: int = Field(ge=1, le=60)
    indicators: list[Text] = Field(min_length=1)


class Role(Strict):
    id: Slug
    title: Text
    purpose: Text
    # Only the competencies the role requires, each at a level of the scale: a competency left out is not required.
    levels: dict[Slug, int] = Field(min_length=1)
    short: Text | None = None  # a short label for tables and charts; the title otherwise
    status: Literal["published", "draft"] | None = None
    scope: Slug | None = None  # one of the handbook's scopes
    reports_to: Text | None = None
    leads: Text | None = None
    typical_titles: list[Text] = []
    key_activities: list[Slug] = []
    distinctions: list[Distinction] = []
    need: Text | None = None  # the company's need this role answers, for the role chooser
    success: list[Success] = []  # indicators of success, for the job description

    def short_name(self, lang: str) -> str:
        """The role's short name where there is one, for table headers and charts."""
        return (self.short or self.title)[lang]


class ChooserAnswer(Strict):
    """One answer to a chooser step: it leads to the next step or ends at a role."""

    text: Text
    next: Slug | None = None
    role: Slug | None = None

    @model_validator(mode="after")
    def _one_way_on(self) -> ChooserAnswer:
        if (self.next is None) == (self.role is None):
            raise ValueError("an answer leads either to the next step (next: <step id>) or to a role (role: <role id>), not both or neither")
        return self


class ChooserStep(Strict):
    id: Slug
    question: Text
    help: Text | None = None
    answers: list[ChooserAnswer] = Field(min_length=2)


class Situation(Strict):
    """A kind of company (by size or maturity) and the roles it usually needs."""

    title: Text
    text: Text
    roles: list[Slug] = Field(min_length=1)


class Chooser(Strict):
    """chooser.yml: the "which role do we need" guide, a decision path from its first step, and typical situations."""

    intro: Text | None = None
    steps: list[ChooserStep] = Field(min_length=1)
    situations: list[Situation] = []


class Term(Strict):
    id: Slug
    term: Text
    definition: Text
    # Words not to use for this concept, in some languages: the glossary page names them, and the
    # content tests keep them out of that language's pages and model texts (one term per concept).
    avoid: list[Label] = []


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)


class Change(Strict):
    """One version's change note: what changed, in words, in every language."""

    version: Version
    # The day it was published, as text ("2024-05-31", quoted in YAML, which would otherwise read it as a date).
    date: Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] | None = None
    text: Text
    # Ids this version renamed (old id: new id), of competencies, activities or roles: declared once,
    # they connect the versions in the change list, and readers' saved self-check answers follow them.
    renamed: dict[Slug, Slug] = {}


class Changes(Strict):
    """changes.yml: the model's versions, newest first."""

    changes: list[Change] = Field(min_length=1)


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
