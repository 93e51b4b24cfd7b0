"""Problems found in a user's files, carried as values with their place.

The library raises `InputError` holding every problem it found; only the CLI (and
the TUI) decide how to show them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

#: Where a problem is: a file's `Path` as the program opened it, or text for a place that is
#: no local file (a URL); "" while a caller has yet to place it.
Where: TypeAlias = Path | str


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file: `file:line: field: message`, as data.

    `file` is the path as found, never made relative for show: only the front ends do
    that (`shown(display_path)`). `code` is the check code it is reported under when
    it has one of its own (a placeholder left unfilled is `snippet.placeholder`).
    """

    file: Where
    line: int | None
    field: str
    message: str
    code: str = ""

    def shown(self, show: Callable[[Where], str] = str) -> str:
        """`file:line: field: message`, the file written by `show`."""
        place = f"{show(self.file)}:{self.line}" if self.line else show(self.file)
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )

    def __str__(self) -> str:
        return self.shown()

    def as_dict(self, show: Callable[[Where], str] = str) -> dict[str, object]:
        """For `--json`: the file written by `show`."""
        return {
            "file": show(self.file),
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class InputError(Exception):
    """Raised when input files are wrong; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems), key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        """Pickled with its problems: a batch's worker process raises it in this one."""
        return (type(self), (self.problems,))


def _sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (str(p.file), p.line or 0, p.field, p.message)


def display_path(path: Where) -> str:
    """A path as a user would type it: relative to the working folder when inside it.

    For the front ends only (the CLI and the TUI, when they print); text is not a path.
    """
    if isinstance(path, str):
        return path
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def inside(path: Path, root: Path) -> str:
    """`path` relative to `root` when it lies inside (for a message naming another file)."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` (did you mean `lord-rosser`?)` when a known id is close to `name`, else ""."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
