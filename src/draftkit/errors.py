"""Problems found in a user's files, carried as values with their place.

The library raises `InputError` holding every problem it found; only the CLI (and
the TUI) decide how to show them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: `file:line: field: message`."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


class InputError(Exception):
    """Raised when input files are wrong; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems), key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line or 0, p.field, p.message)


def display_path(path: Path | str) -> str:
    """A path as a user would type it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` (did you mean `lord-rosser`?)` when a known id is close to `name`, else ""."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
