"""The thin MkDocs adapter: add the planned pages, set the language, watch content/.

Everything MkDocs-specific lives here, so that moving to another builder only
means rewriting this file.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import LANGUAGES
from .errors import ModelError
from .model import Model, load_model
from .pages import PageSpec, plan_files
from .render import render_page

log = get_plugin_logger(__name__)


class HandbookConfig(Config):
    lang = c.Choice(LANGUAGES, default="et")
    content_dir = c.Type(str, default="content")


class HandbookPlugin(BasePlugin[HandbookConfig]):
    model: Model | None = None
    planned: list[PageSpec] = []
    # `handbook build` has already loaded and checked the model; it hands it over
    # so that two language builds do not load it twice more.
    preloaded: Model | None = None

    # Runs before Material's search plugin reads its settings (priority 0).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        lang = self.config.lang  # mkdocs.yml sets it from HANDBOOK_LANG; `handbook build` sets it directly
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        try:
            self.model = self.preloaded or load_model(root)
        except ModelError as exc:
            raise PluginError("the content has errors:\n" + str(exc)) from None
        model = self.model
        config.docs_dir = str(root / self.config.content_dir / "pages" / lang)
        config.theme["language"] = lang
        config.site_name = model.handbook.title[lang]
        config.site_description = model.handbook.subtitle[lang]
        if config.site_url and lang != "et":
            config.site_url = config.site_url.rstrip("/") + f"/{lang}/"
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and lang == "et":
            # lunr has no Estonian stemmer and its trimmer treats õ ä ö ü as
            # non-word characters; an empty pipeline keeps Estonian words whole
            # (Material appends * to query terms, so inflected forms still match).
            search.config.pipeline = []
            search.config.lang = ["en"]
        elif search is not None:
            search.config.lang = ["en"]
        self.planned = plan_files(model, lang)
        config.nav = build_nav(model, lang)
        config.extra["handbook"] = {
            "lang": lang,
            "version": model.handbook.version,
            "title": model.handbook.title[lang],
            "labels": {key: model.label(key, lang) for key in ("version", "printed", "print")},
        }
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.model is not None
        in_nav = set(_nav_paths(config.nav or []))
        for spec in self.planned:
            # Activities, competencies and pairs are reached from their overview pages, not the nav
            # (for a chart, which is not a page, NOT_IN_NAV still means it is copied into the site).
            inclusion = InclusionLevel.UNDEFINED if spec.path in in_nav else InclusionLevel.NOT_IN_NAV
            content = render_page(spec, self.model, self.config.lang)
            files.append(File.generated(config, spec.path, content=content, inclusion=inclusion))
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        # A saved YAML or Markdown file under content/ reloads the open page.
        server.watch(str(self.root / self.config.content_dir))
        server.watch(str(Path(__file__).parent / "templates"))
        return server


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
    t = lambda key: model.label(key, lang)  # noqa: E731
    sections: dict[str, list[str]] = {}
    top: list = [{t("home"): "index.md"}, {t("model"): ["model/index.md", "roles/index.md", "compare/index.md"]}, "self-check.md"]
    for page in model.pages:
        if page.folder:
            sections.setdefault(page.folder, []).append(page.path)
    for folder, paths in sections.items():
        top.append({t(f"section-{folder}"): paths})
    top.append("glossary.md")
    top += [p.path for p in model.pages if not p.folder and p.path != "index.md"]
    return top
