"""Competency handbook generator: a YAML competency model and Markdown pages in, a bilingual MkDocs site out."""

from __future__ import annotations

__version__ = "0.1.0"
