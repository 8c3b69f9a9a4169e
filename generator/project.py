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


def content_dir_of(root: Path) -> str:
    """The content folder the project's mkdocs.yml names (the handbook plugin's content_dir), or content/.

    Raises MkDocs' ConfigurationError, one message, when mkdocs.yml cannot be read.
    """
    from mkdocs.utils.yaml import yaml_load

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return DEFAULT_CONTENT_DIR
    with config_file.open("rb") as f:
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
