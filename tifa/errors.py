"""Problems in an editor's files, reported as values and printed as
``path:line: level: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, with where it is and how to fix it."""

    path: Path
    line: int | None
    level: Level
    message: str
    hint: str = ""

    def format(self, root: Path | None = None) -> str:
        """Return the editor-facing text: ``path:line: level: message`` and an indented hint."""
        shown = self.path
        if root is not None:
            try:
                # the folder resolved, not the file: a symbolic link is shown as itself
                shown = (_resolved(self.path.parent) / self.path.name).relative_to(
                    _resolved(root))
            except ValueError:
                pass
        where = f"{shown}:{self.line}" if self.line else f"{shown}"
        text = f"{where}: {self.level}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


@lru_cache(maxsize=1024)
def _resolved(folder: Path) -> Path:
    """A folder's real path, looked up once per folder for the thousands of problems a digest
    may have in the same few folders."""
    return folder.resolve()


@dataclass
class BuildFailed(Exception):
    """Raised once, after every problem of a stage has been collected."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


def error(path: Path, line: int | None, message: str, hint: str = "") -> Problem:
    """Shorthand for an error-level problem."""
    return Problem(path, line, "error", message, hint)


def warning(path: Path, line: int | None, message: str, hint: str = "") -> Problem:
    """Shorthand for a warning-level problem."""
    return Problem(path, line, "warning", message, hint)


def raise_if_errors(problems: Iterable[Problem], strict: bool = False) -> None:
    """Raise BuildFailed with all problems if any is an error (or, when strict, any at all)."""
    problems = list(problems)
    if any(p.level == "error" or strict for p in problems):
        raise BuildFailed(problems)
