"""What a check reports: one `Finding` per problem, with its place and a suggested fix.

Errors block `batch` (unless `--force`); warnings are shown but never block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from ..errors import Problem, Where

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem: `code` (family.rule), where it is, what is wrong and how to fix it.

    `file`/`line` point at the letter.yaml line of the block (or field) responsible (the
    path as found: the front ends make it relative when they print);
    `place` says it in words ("section 1, block 3 (snippet x@2)", "closing");
    `field` is the letter.yaml field path when there is one; `section`/`block` are the
    0-based indexes of the block a finding belongs to (for per-block switches and the TUI);
    `detail` carries longer evidence such as a unified diff.
    """

    code: str
    severity: Severity
    file: Where
    line: int | None
    place: str
    message: str
    fix: str | None = None
    field: str = ""
    section: int | None = None
    block: int | None = None
    detail: str | None = None

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]

    def location(self, show: Callable[[Where], str] = str) -> str:
        """`file:line` (or just the file), the file written by `show`."""
        return f"{show(self.file)}:{self.line}" if self.line else show(self.file)

    def __str__(self) -> str:
        where = f"{self.location()}: {self.place}" if self.place else self.location()
        return f"{where}: {self.message}"

    def as_dict(self, show: Callable[[Where], str] = str) -> dict[str, object]:
        """For `--json`: the file written by `show`."""
        return {**asdict(self), "file": show(self.file)}


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that stop a batch: every error."""
    return [f for f in findings if f.severity == "error"]


def from_problems(
    problems: Iterable[Problem], code: str = "input", severity: Severity = "error"
) -> list[Finding]:
    """Loading and composing problems as findings: under their own code, else `code`."""
    return [
        Finding(p.code or code, severity, p.file, p.line, p.field, p.message, field=p.field)
        for p in problems
    ]


def sort_key(f: Finding) -> tuple[int, str, int, str, str]:
    """Errors first, then by file, line and code."""
    return (0 if f.severity == "error" else 1, str(f.file), f.line or 0, f.code, f.message)
