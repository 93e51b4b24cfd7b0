"""The department's book of promises: every undertaking in every case of a workspace.

An undertaking is `discharged` once a letter naming it in `discharges` has been
dispatched (the register records that); otherwise `overdue` after its due date,
else `open`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import Problem
from ..loading import load_doc
from ..models import Debate, Undertaking

Status = Literal["open", "overdue", "discharged"]
_SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv"}


@dataclass(frozen=True)
class Discharge:
    """A dispatched letter that fulfils an undertaking."""

    letter: str
    on: dt.date


@dataclass(frozen=True)
class Entry:
    """One undertaking with where it lives and where it stands."""

    debate: str
    case: Path
    undertaking: Undertaking
    status: Status
    discharge: Discharge | None

    def as_dict(self) -> dict[str, object]:
        """The contract's keys: id, debate, minister, to, column, excerpt, due, status, letter."""
        u = self.undertaking
        return {
            "id": u.id,
            "debate": self.debate,
            "minister": u.minister,
            "to": list(u.to),
            "column": u.column,
            "excerpt": u.excerpt,
            "due": u.due.isoformat(),
            "status": self.status,
            "letter": self.discharge.letter if self.discharge else None,
            "discharged_on": self.discharge.on.isoformat() if self.discharge else None,
            "library": u.library,
        }


def debate_files(root: Path) -> Iterator[Path]:
    """Every `debate.yaml` under the workspace, in a stable order, skipping hidden folders."""
    for path in sorted(root.rglob("debate.yaml")):
        parts = path.relative_to(root).parts[:-1]
        if any(p.startswith(".") or p in _SKIP_DIRS for p in parts):
            continue
        yield path


def status_of(u: Undertaking, discharge: Discharge | None, today: dt.date) -> Status:
    if discharge is not None:
        return "discharged"
    return "overdue" if today > u.due else "open"


#: Which of these undertakings a dispatched letter has discharged (the register's answer).
Lookup = Callable[[Collection[str]], Mapping[str, Discharge]]


def book(root: Path, discharged: Lookup, today: dt.date) -> tuple[list[Entry], list[Problem]]:
    """All undertakings under `root`, by due date; unreadable debates are reported, not fatal.

    The register is asked once, about these undertakings only, however many letters it holds.
    """
    found: list[tuple[str, Path, Undertaking]] = []
    problems: list[Problem] = []
    for path in debate_files(root):
        # libyaml first (years of debates), the round trip only to place an error's line
        debate, _, errors = load_doc(path, Debate, fast=True)
        if debate is None:
            problems += errors
            continue
        found += [(debate.id, path.parent, u) for u in debate.undertakings]
    done = discharged({u.id for _, _, u in found}) if found else {}
    entries = [
        Entry(debate, case, u, status_of(u, done.get(u.id), today), done.get(u.id))
        for debate, case, u in found
    ]
    entries.sort(key=lambda e: (e.undertaking.due, e.undertaking.id))
    return entries, problems
