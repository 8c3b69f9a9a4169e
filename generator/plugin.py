"""The thin MkDocs adapter: add the planned pages, set the language, watch content/.

Everything MkDocs-specific lives here, so that moving to another builder only
means rewriting this file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import material
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import text
from .errors import ModelError
from .incremental import Incremental, stale
from .load import ignored
from .model import Model
from .opendata import download_files
from .pages import PageSpec, neighbours, plan_files, site_of
from .project import THEME_DIR
from .render import bytecode_cache, render_page
from .search import search_settings, write_lunr_plugin
from .site import KINDS, THEME_FALLBACK_LANGUAGE, Site, source_path
from .validate import load_model

MATERIAL = Path(material.__file__).parent / "templates"


class HandbookConfig(Config):
    lang = c.Optional(c.Type(str))  # default: the handbook's first language
    content_dir = c.Type(str, default="content")


class HandbookPlugin(BasePlugin[HandbookConfig]):
    model: Model | None = None
    site: Site | None = None
    lang: str = ""
    planned: tuple[PageSpec, ...] = ()
    neighbours: dict[str, tuple[str | None, str | None]] = {}  # noqa: RUF012 (replaced per build)
    files: Files
    # `handbook build` has already loaded and checked the model; it hands it over
    # so that the language builds do not load it again each.
    preloaded: Model | None = None
    # The handbook folder, when it has no mkdocs.yml of its own (the configuration is then the generator's default).
    project_root: Path | None = None
    # `handbook serve` keeps the last build's pages here and rebuilds only what an edit changed (generator/incremental.py).
    incremental: Incremental | None = None

    # Runs before Material's search plugin reads its settings (priority 0).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self.project_root or Path(config.config_file_path or ".").resolve().parent
        self.root = root
        require_theme(config, root)
        if self.incremental is not None:
            _remember_theme_files(config, fresh=self.incremental.changed is None)
        try:
            self.model = self.preloaded or load_model(root, self.config.content_dir)
        except ModelError as exc:
            raise PluginError("the content has errors:\n" + str(exc)) from None
        model = self.model
        site = self.site = site_of(model, config.use_directory_urls, config.site_url)
        lang = self.lang = self.config.lang or site.default  # mkdocs.yml sets it from HANDBOOK_LANG; `handbook build` directly
        if lang not in site.languages:
            raise PluginError(f"language '{lang}' is not one of the handbook's languages ({', '.join(site.languages)}); see 'languages' in handbook.yml")
        config.docs_dir = str(root / self.config.content_dir / "pages" / lang)
        # Material's interface words in the page's language where Material has them, English otherwise.
        config.theme["language"] = lang if (MATERIAL / "partials" / "languages" / f"{lang}.html").exists() else THEME_FALLBACK_LANGUAGE
        # Material prints the site name and navigation titles as they are: they get their words, escaped.
        config.site_name = text.title(model.handbook.title[lang])
        config.site_description = text.words(model.handbook.subtitle[lang]) if model.handbook.subtitle else None
        config.site_url = site.language_site_url(lang)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:
            for key, value in search_settings(lang).items():
                setattr(search.config, key, value)
        self.planned = tuple(plan_files(model, lang))
        self.neighbours = neighbours(list(self.planned))
        config.nav = build_nav(model, lang)
        # The language menu: shown only when there is another language to switch to.
        config.extra["alternate"] = [{"name": text.title(site.names[x]), "lang": x} for x in site.languages] if len(site.languages) > 1 else []
        config.extra["handbook"] = {
            "lang": lang,
            "version": model.handbook.version,
            # Words for the theme, which escapes them (main.html, 404.html).
            "title": text.words(model.handbook.title[lang]),
            "labels": {key: text.words(model.label(key, lang)) for key in ("version", "printed", "print", "not-found", "not-found-text", "home")},
            # The 404 page is served at any depth: its home link is an absolute path.
            "home": urlparse(config.site_url).path if config.site_url else "/" + site.address(lang, source_path("home")),
        }
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.model is not None and self.site is not None
        # Editor lock and backup files (x.md~, .#x.md) are not content: the loader ignores them, so does the site.
        for file in list(files):
            if ignored(Path(file.src_uri).name):
                files.remove(file)
        in_nav = set(_nav_paths(config.nav or []))
        keep = self.incremental
        before = keep.contents.setdefault(self.lang, {}) if keep is not None else {}
        redo = None if keep is None or keep.changed is None else stale(list(self.planned), keep.changed)
        rebuilt = keep.rebuilt.setdefault(self.lang, set()) if keep is not None else set()
        rebuilt.clear()

        def add(path: str, content: str | bytes, inclusion: InclusionLevel) -> None:
            file = File.generated(config, path, content=content, inclusion=inclusion)
            if keep is not None:
                if redo is not None and before.get(path) == content:
                    file.is_modified = lambda: False  # type: ignore[method-assign]  # MkDocs skips it in a dirty build
                else:
                    rebuilt.add(path)
                before[path] = content
            files.append(file)

        for spec in self.planned:
            # Activities, competencies and pairs are reached from their overview pages, not the nav
            # (for a chart, which is not a page, NOT_IN_NAV still means it is copied into the site).
            inclusion = InclusionLevel.UNDEFINED if spec.path in in_nav else InclusionLevel.NOT_IN_NAV
            unread = redo is not None and spec.path not in redo and spec.path in before
            add(spec.path, before[spec.path] if unread else render_page(spec, self.model, self.lang, self.site), inclusion)
        # The model as JSON and CSV and the schemas, in every language's folder next to the page that lists them.
        if keep is not None:  # the same files in every language: made once per build of the preview
            if keep.downloads is None or keep.downloads[0] is not self.model:
                keep.downloads = (self.model, download_files(self.model))
            downloads = keep.downloads[1]
        else:
            downloads = download_files(self.model)
        for name, data in downloads.items():
            add(source_path("download", name), data, InclusionLevel.NOT_IN_NAV)
        self.files = files
        return files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """The theme's templates compile once, not on every build; in a preview's dirty build, the pages MkDocs
        did not read still get their titles (navigation, footers)."""
        if env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache("theme")
        if self.incremental is None or self.model is None:
            return env
        titles = {spec.path: spec.title for spec in self.planned} | {p.path: p.titles[self.lang] for p in self.model.pages if p.titles.get(self.lang)}
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None:
                page.markdown = ""
                page.meta = {"title": text.title(titles.get(file.src_uri, Path(file.src_uri).stem))}
        return env

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """A competency, activity, role or pair page leads on to the previous and next of its kind (the theme's footer)."""
        if page.file.src_uri in self.neighbours:
            page.previous_page, page.next_page = (self._page_at(path) for path in self.neighbours[page.file.src_uri])
        return context

    def _page_at(self, path: str | None) -> Page | None:
        file = self.files.get_file_from_path(path) if path else None
        return file.page if file is not None else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page, generated or hand-written, learns its kind and its counterparts in every language."""
        assert self.site is not None
        page.meta.setdefault("kind", KINDS["prose"].name)
        alternates = self.site.alternates(page.file.src_uri, self.lang)
        page.meta["alternates"] = [vars(a) for a in alternates]
        page.meta["x_default"] = next(a.url for a in alternates if a.lang == self.site.default)
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # A language with a search lexicon gets it as lunr's plugin for that language (generator/search.py).
        write_lunr_plugin(Path(config.site_dir), self.lang)
        if self.incremental is not None:
            self._merge_search_index(Path(config.site_dir) / "search" / "search_index.json")

    def _merge_search_index(self, path: Path) -> None:
        """A dirty build indexes only the pages it built: the others keep their entries from the builds before."""
        if not path.is_file():
            return
        keep = self.incremental
        assert keep is not None
        index = json.loads(path.read_text(encoding="utf-8"))
        built = {doc["location"].split("#", 1)[0] for doc in index.get("docs", [])}
        if keep.changed is not None and self.lang in keep.search:
            index["docs"] = [d for d in keep.search[self.lang] if d["location"].split("#", 1)[0] not in built] + index["docs"]
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        keep.search[self.lang] = index["docs"]

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        # A saved YAML or Markdown file under content/, a template or a theme file reloads the open page.
        server.watch(str(self.root / self.config.content_dir))
        server.watch(str(Path(__file__).parent / "templates"))
        server.watch(str(THEME_DIR))
        return server


# What every handbook's pages need, whichever mkdocs.yml builds them: the templates write
# note boxes, attribute lists, definition lists, Markdown inside HTML, tables and anchored headings.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {}, "attr_list": {}, "def_list": {}, "md_in_html": {}, "tables": {},
    "toc": {"permalink": True, "permalink_title": ""},
}


# The preview's listing of the theme's files (Material's alone holds some 29,000), by the theme's folders:
# listed on a full build, reused by the dirty builds after a save (a change to the theme builds everything).
_THEME_FILES: dict[tuple[str, ...], list[str]] = {}


def _remember_theme_files(config: MkDocsConfig, fresh: bool) -> None:
    theme = config.theme
    key = tuple(theme.dirs)
    if fresh:
        _THEME_FILES.pop(key, None)
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        listed = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if extensions is not None:
                return listed(extensions, filter_func)
            if key not in _THEME_FILES:
                _THEME_FILES[key] = listed(None, filter_func)
            return list(_THEME_FILES[key])

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def require_theme(config: MkDocsConfig, root: Path) -> None:
    """Put the generator's theme under the project's own overrides, and its stylesheet, script and Markdown extensions in.

    The theme's search path becomes: the project's custom_dir (or its overrides/ folder
    when the configuration names none), the generator's theme, Material.
    """
    dirs = config.theme.dirs
    theme = str(THEME_DIR)
    if theme not in dirs:
        custom = config.theme.custom_dir
        own = root / "overrides"
        if custom is None and own.is_dir():
            dirs.insert(0, str(own))
            custom = str(own)
        dirs.insert(1 if custom else 0, theme)
    if "assets/handbook.css" not in [str(x) for x in config.extra_css]:
        config.extra_css.insert(0, "assets/handbook.css")
    if "assets/handbook.js" not in [str(x) for x in config.extra_javascript]:
        config.extra_javascript.insert(0, ExtraScriptValue("assets/handbook.js"))
    # Breadcrumbs: the theme's for pages in the navigation, the generator's trail for the others (partials/path.html).
    features = config.theme["features"] if "features" in config.theme else []
    if "navigation.path" not in features:
        config.theme["features"] = [*features, "navigation.path"]
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        config.mdx_configs.setdefault(name, dict(options))


def _nav_paths(nav: list) -> list[str]:
    out: list[str] = []
    for item in nav:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out.extend(_nav_paths(value) if isinstance(value, list) else [value])
    return out


def build_nav(model: Model, lang: str) -> list:
    """A short, fixed-size navigation: Material renders it on every page, so it must not grow with the model."""
    t = lambda key: text.title(model.label(key, lang))  # noqa: E731
    sections: dict[str, list[str]] = {}
    model_pages = ("model", "roles") + (("chooser",) if model.chooser else ()) + ("matrix", "compare-any", "downloads") + (("changes",) if model.changes else ())
    top: list = [{t("home"): source_path("home")}, {t("model"): [source_path(k) for k in model_pages]}, source_path("self-check")]
    for page in model.pages:
        if page.folder:
            sections.setdefault(page.folder, []).append(page.path)
    for folder, paths in sections.items():
        top.append({t(f"section-{folder}"): paths})
    top.append(source_path("glossary"))
    top += [p.path for p in model.pages if not p.folder and p.path != source_path("home")]
    return top
