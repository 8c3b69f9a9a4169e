"""Located errors: every mistake in the content names its file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file; line and column count from 1, like editors do."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem a maintainer can fix, printed as `path:line:col: message`."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ModelError(Exception):
    """Raised with every content error found in one run, never just the first."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class ErrorCollector:
    """Gathers errors while loading so that all of them are reported together."""

    root: Path
    errors: list[ContentError] = field(default_factory=list)
    content_dir: str = "content"  # the content folder, relative to root (the plugin's content_dir option)
    _content: Path | None = field(default=None, repr=False, compare=False)

    def relative(self, path: Path) -> str:
        """The path as the maintainer sees it under the project folder.

        Taken apart by name first: a symbolic link is reported where it is, not
        where it leads, and a link that loops cannot make this fail.
        """
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return path.as_posix()

    def content_folder(self) -> Path:
        """The real path of the content folder, worked out once: files are checked to lie inside it."""
        if self._content is None:
            self._content = (self.root / self.content_dir).resolve(strict=True)
        return self._content

    def add(self, location: Location, message: str) -> None:
        self.errors.append(ContentError(location, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ModelError(self.errors)
