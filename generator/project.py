"""What the generator reads from the project's mkdocs.yml before MkDocs runs: where the content is.

`handbook check` needs the handbook plugin's `content_dir` but not the rest of
MkDocs: loading the whole configuration imports the theme, the plugins and
Jinja, half of a check's time. MkDocs' own YAML reader is enough, and it
understands the same `!ENV` and `INHERIT` as a build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEFAULT_CONTENT_DIR = "content"
PACKAGE_DIR = Path(__file__).resolve().parent
# A handbook folder without a mkdocs.yml of its own builds with these settings.
DEFAULT_CONFIG = PACKAGE_DIR / "defaults" / "mkdocs.yml"
# The generator's theme files (Material's overrides), under a project's own overrides/ and over Material's.
THEME_DIR = PACKAGE_DIR / "theme"
# What `handbook init` writes: a small two-language handbook that builds as it is.
STARTER = PACKAGE_DIR / "starter"


def config_file(root: Path) -> Path:
    """The MkDocs configuration of a handbook folder: its own mkdocs.yml, or the generator's defaults."""
    own = root / "mkdocs.yml"
    return own if own.is_file() else DEFAULT_CONFIG


def content_dir_of(root: Path) -> str:
    """The content folder the project's mkdocs.yml names (the handbook plugin's content_dir), or content/.

    Raises MkDocs' ConfigurationError, one message, when mkdocs.yml cannot be read.
    """
    from mkdocs.utils.yaml import yaml_load

    own = root / "mkdocs.yml"
    if not own.is_file():
        return DEFAULT_CONTENT_DIR
    with own.open("rb") as f:
        config = yaml_load(f)
    options = _plugin_options(config.get("plugins"), "handbook")
    value = options.get("content_dir", DEFAULT_CONTENT_DIR)
    return value if isinstance(value, str) else DEFAULT_CONTENT_DIR


def _plugin_options(plugins: Any, name: str) -> dict[str, Any]:
    """A plugin's options in either form MkDocs accepts: a list of names and {name: options}, or one mapping."""
    if isinstance(plugins, dict):
        options = plugins.get(name)
    else:
        options = next((entry[name] for entry in plugins or [] if isinstance(entry, dict) and name in entry), None)
    return options if isinstance(options, dict) else {}
