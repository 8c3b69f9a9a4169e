"""The one place that knows page addresses, language roots and page kinds.

Every other module, template and test asks this module where a page lives
and how it behaves, rather than spelling paths: renaming a URL segment or
adding a language is a change here (and, for a language, in the handbook
file), nowhere else.

Three ideas live here:

- **Source paths**: where each object's page sits inside a language's docs
  folder (`competencies/<id>.md`), for the generated and the reserved pages.
- **Addresses**: the URL MkDocs gives a source path (with or without
  directory URLs), a language's root inside the site (the first language at
  `/`, every other at `/<code>/`), and a page's counterparts in every language.
- **Page kinds**: what a kind of page does in the theme (print button, paper
  orientation, hidden sidebars, search index), as data the theme reads from
  `page.meta`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Material's interface words and lunr's search pipeline: the language the theme
# itself falls back to for a handbook language it does not know.
THEME_FALLBACK_LANGUAGE = "en"

# --- page kinds --------------------------------------------------------------


@dataclass(frozen=True)
class PageKind:
    """What one kind of page does, beyond its content."""

    name: str
    print: bool = False  # a Print button and a print layout
    landscape: bool = False  # printed on landscape A4
    hide: tuple[str, ...] = ()  # Material's sidebars to hide ("navigation", "toc")
    searchable: bool = True  # in the search index
    script: str | None = None  # the page's own script in the theme's assets/, if it has one
    model: bool = True  # shows the model: ends in the handbook's attribution line, on screen and paper

    def meta(self) -> dict[str, Any]:
        """The page's front matter: the theme reads these keys from page.meta and nothing else."""
        out: dict[str, Any] = {"kind": self.name}
        if self.print:
            out["print"] = True
        if self.landscape:
            out["landscape"] = True
        if self.hide:
            out["hide"] = list(self.hide)
        if not self.searchable:
            out["search"] = {"exclude": True}
        if self.script:
            out["script"] = self.script
        return out


KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind("model"),
        PageKind("roles"),
        PageKind("glossary", model=False),
        # The matrix is wide: the whole width on screen, one landscape sheet on paper.
        PageKind("matrix", print=True, landscape=True, hide=("navigation", "toc")),
        PageKind("self-check", print=True, hide=("toc",), script="assets/selfcheck.js"),
        # Any two roles compared in the browser, from data embedded in the page: printed like a pair page.
        PageKind("compare-any", print=True, hide=("toc",), searchable=False, script="assets/compare.js"),
        PageKind("downloads"),  # the model as JSON and CSV, and the schemas for editors (generator/opendata.py)
        PageKind("changes", model=False),  # the change notes of the model's versions (changes.yml), when it has any
        PageKind("competency"),
        PageKind("activity"),
        PageKind("role", print=True),
        # Pair pages repeat what the two role pages say, and a large model has hundreds
        # of them: in the search index they would crowd out the role pages they come from.
        PageKind("pair", print=True, hide=("toc",), searchable=False),
        # A role's job description and interview guide, for HR to print (and copy the job description as text).
        PageKind("job", print=True, hide=("toc",), searchable=False, script="assets/hr.js"),
        PageKind("interview", print=True, hide=("toc",), searchable=False),
        # Which of the roles a company needs: a decision path of plain links, and typical situations.
        PageKind("chooser", print=True),
        PageKind("chart", model=False),  # a pair's SVG chart: a file, not a page
        PageKind("chart-narrow", model=False),  # the same chart drawn for a phone's width
        PageKind("prose", model=False),  # a hand-written Markdown page
    )
}

# --- source paths ------------------------------------------------------------

HOME = "index.md"
# The pages there is one of, by kind.
SINGLE_PAGES = {
    "model": "model/index.md",
    "roles": "roles/index.md",
    "glossary": "glossary.md",
    "matrix": "compare/index.md",
    "self-check": "self-check.md",
    "compare-any": "compare/choose.md",
    "downloads": "downloads/index.md",
    "changes": "model/changes.md",
    "chooser": "roles/which-role.md",
}
# The downloads' folder: the files sit next to the page that lists them (downloads/model.json).
DOWNLOADS = "downloads"
# The folder of each kind of page there is one of per object.
FOLDERS = {"competency": "competencies", "activity": "activities", "role": "roles", "pair": "compare",
           "job": "jobs", "interview": "interviews"}
# Ids that would collide with an overview page in the same folder (roles/which-role.md is the role chooser).
RESERVED_IDS = frozenset({"index", "which-role"})


def pair_id(a: str, b: str) -> str:
    """The name of the comparison of two roles, in the order given."""
    return f"{a}--{b}"


def source_path(kind: str, *ids: str) -> str:
    """The source path of a page inside a language's docs folder: source_path("role", "quality-manager")."""
    if kind in SINGLE_PAGES:
        return SINGLE_PAGES[kind]
    if kind == "home":
        return HOME
    if kind == "pair":
        return f"{FOLDERS['pair']}/{pair_id(*ids)}.md"
    if kind == "chart":
        return f"{FOLDERS['pair']}/{pair_id(*ids)}.svg"
    if kind == "chart-narrow":
        return f"{FOLDERS['pair']}/{pair_id(*ids)}.narrow.svg"
    if kind == "download":
        (name,) = ids
        return f"{DOWNLOADS}/{name}"
    (ident,) = ids
    return f"{FOLDERS[kind]}/{ident}.md"


def generated_folders() -> frozenset[str]:
    """Folders whose every page is generated: a hand-written page there would collide."""
    return frozenset(FOLDERS.values()) | {p.split("/")[0] for p in SINGLE_PAGES.values() if "/" in p}


# --- addresses ---------------------------------------------------------------


def url_of(path: str, directory_urls: bool = True) -> str:
    """The address MkDocs gives a source file, relative to its language's root."""
    if not path.endswith(".md"):
        return path  # a file that is not a page keeps its name
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's own relative paths (no '..', no leading '/').

    posixpath.relpath makes both paths absolute against the working directory
    first; the generator asks for some hundred thousand links in a large model,
    and that was a third of its rendering time.
    """
    there = [x for x in path.split("/") if x and x != "."]
    here = [x for x in start.split("/") if x and x != "."]
    common = 0
    for x, y in zip(here, there):
        if x != y:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def _folder_of_url(url: str) -> str:
    """The folder a browser resolves relative links against: the address up to its last '/'."""
    return url.rsplit("/", 1)[0] if "/" in url else ""


def href(from_url: str, to_url: str) -> str:
    """A relative link from one address to another (both relative to the same root)."""
    rel = relpath(to_url, _folder_of_url(from_url))
    if to_url.endswith("/") or to_url == "":
        return "./" if rel == "." else rel + "/"
    return rel


def markdown_link(from_path: str, to_path: str) -> str:
    """A Markdown link from one source file to another, as MkDocs resolves and validates them."""
    return relpath(to_path, posixpath.dirname(from_path))


@dataclass(frozen=True)
class Alternate:
    """One language's version of a page."""

    lang: str
    name: str  # the language's own name, for the language menu
    href: str  # relative to the page that links to it: the menu works wherever the site is copied
    url: str  # the full public address when the site has one (for <head> and the sitemap), else href
    current: bool


@dataclass(frozen=True)
class Site:
    """The languages of a handbook and how their pages are addressed.

    The first language sits at the site's root, every other in a folder named
    after its code.
    """

    languages: tuple[str, ...]
    names: dict[str, str]
    directory_urls: bool = True
    site_url: str | None = None  # the public address, if the maintainer set one

    @property
    def default(self) -> str:
        return self.languages[0]

    def root(self, lang: str) -> str:
        """A language's folder relative to the site root: '' for the first, 'en/' for the others."""
        self._known(lang)
        return "" if lang == self.default else f"{lang}/"

    def folder(self, site_dir: Path, lang: str) -> Path:
        """Where a language's build goes inside the site folder."""
        return site_dir / self.root(lang) if self.root(lang) else site_dir

    def url(self, path: str) -> str:
        """A source path's address inside its language."""
        return url_of(path, self.directory_urls)

    def address(self, lang: str, path: str) -> str:
        """A page's address relative to the site root: what a browser asks for after the site's base."""
        return self.root(lang) + self.url(path)

    def absolute(self, lang: str, path: str) -> str | None:
        """The page's full public address, when the site has one."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + self.address(lang, path)

    def language_site_url(self, lang: str) -> str | None:
        """The public address of a language's root, for MkDocs' site_url."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + self.root(lang)

    def alternates(self, path: str, lang: str) -> list[Alternate]:
        """The page's counterparts in every language (itself included), linked from the page."""
        here = self.address(lang, path)
        out = []
        for other in self.languages:
            there = self.address(other, path)
            link = href(here, there)
            out.append(Alternate(other, self.names[other], link, self.absolute(other, path) or link, other == lang))
        return out

    def _known(self, lang: str) -> None:
        if lang not in self.languages:
            raise KeyError(f"'{lang}' is not a language of this handbook ({', '.join(self.languages)})")


def make_site(languages: Sequence[tuple[str, str]], directory_urls: bool = True, site_url: str | None = None) -> Site:
    """A Site from the handbook's languages, given as (code, name) pairs, the first at the root."""
    return Site(tuple(code for code, _ in languages), {code: name for code, name in languages}, directory_urls, site_url or None)
