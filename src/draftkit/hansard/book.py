"""The department's book of promises: every undertaking in every case of a workspace.

An undertaking is `discharged` once a letter naming it in `discharges` has been
dispatched (the register records that); otherwise `overdue` after its due date,
else `open`.

Reading the debates means libyaml and every pydantic model of a debate, which cost
more than the rest of `draftkit undertakings list`; what the book takes from them is
a few plain fields. So once every debate of a workspace has validated, those fields are
kept by `parsecache`, named by the debates' texts and the source of what validated
them: the next listing of the same debates reads them back and imports neither.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .. import parsecache
from ..errors import InputError, Problem
from ..inputs import read_text

if TYPE_CHECKING:
    from ..models import Undertaking

Status = Literal["open", "overdue", "discharged"]
_SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv"}


# The book's records are named tuples, not frozen dataclasses: making one of those costs
# about a millisecond at import, a sizeable part of a listing read back from the cache.


class Discharge(NamedTuple):
    """A dispatched letter that fulfils an undertaking."""

    letter: str
    on: dt.date


class Promise(NamedTuple):
    """What the book shows of a validated `Undertaking`: plain data, kept between runs."""

    id: str
    minister: str
    to: tuple[str, ...]
    column: str | None
    excerpt: str
    due: dt.date
    library: bool

    @classmethod
    def of(cls, u: Undertaking) -> Promise:
        return cls(u.id, u.minister, tuple(u.to), u.column, u.excerpt, u.due, u.library)


class Entry(NamedTuple):
    """One undertaking with where it lives and where it stands."""

    debate: str
    case: Path
    undertaking: Promise
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


def status_of(u: Promise, discharge: Discharge | None, today: dt.date) -> Status:
    if discharge is not None:
        return "discharged"
    return "overdue" if today > u.due else "open"


#: Which of these undertakings a dispatched letter has discharged (the register's answer).
Lookup = Callable[[Collection[str]], Mapping[str, Discharge]]

#: Each debate's id, its case folder and its undertakings, in `debate_files` order.
Found = list[tuple[str, Path, Promise]]


def book(root: Path, discharged: Lookup, today: dt.date) -> tuple[list[Entry], list[Problem]]:
    """All undertakings under `root`, by due date; unreadable debates are reported, not fatal.

    The register is asked once, about these undertakings only, however many letters it holds.
    """
    found, problems = promises(root)
    done = discharged({u.id for _, _, u in found}) if found else {}
    entries = [
        Entry(debate, case, u, status_of(u, done.get(u.id), today), done.get(u.id))
        for debate, case, u in found
    ]
    entries.sort(key=lambda e: (e.undertaking.due, e.undertaking.id))
    return entries, problems


def promises(root: Path) -> tuple[Found, list[Problem]]:
    """Every debate's undertakings under `root`, and the problems of those that do not load.

    Read back from `parsecache` when these very debates validated before; validated (and
    kept, if all of them are valid) otherwise.
    """
    paths = list(debate_files(root))
    name = _name(root, paths)
    kept = parsecache.get(name) if name else None
    if kept is not None:
        try:
            return [(debate, root / case, Promise(*fields)) for debate, case, fields in kept], []
        except (TypeError, ValueError):  # not the shape this source writes: read afresh
            pass
    found, problems = _validated(paths)
    if name and not problems:
        plain = [(debate, case.relative_to(root).as_posix(), tuple(u)) for debate, case, u in found]
        parsecache.put(name, plain)
    return found, problems


def _validated(paths: Sequence[Path]) -> tuple[Found, list[Problem]]:
    """Each debate read and validated as a `Debate`, the problems of those that fail."""
    from ..loading import load_doc  # libyaml and pydantic's models: only when they run
    from ..models import Debate

    found: Found = []
    problems: list[Problem] = []
    for path in paths:
        # libyaml first (years of debates), the round trip only to place an error's line
        debate, _, errors = load_doc(path, Debate, fast=True)
        if debate is None:
            problems += errors
            continue
        found += [(debate.id, path.parent, Promise.of(u)) for u in debate.undertakings]
    return found, problems


def _name(root: Path, paths: Sequence[Path]) -> str | None:
    """The name these debates' validated fields are kept under (None: one cannot be read).

    Each file is read as every input is (`read_text`: inside the workspace, of a sane size).
    """
    parts = []
    for path in paths:
        try:
            text = read_text(path)
        except (InputError, OSError, UnicodeDecodeError):  # `_validated` says what is wrong
            return None
        where = path.relative_to(root).as_posix()
        parts.append(f"{len(where)}:{where}{len(text)}:{text}")
    try:
        return parsecache.key("".join(parts), *_validator())
    except OSError:  # draftkit's own source unreadable (a frozen build): nothing is kept
        return None


@functools.cache
def _validator() -> tuple[bytes, ...]:
    """What a kept book depends on besides the debates: the source of what reads and
    validates them (this module, the models, the YAML and file readers) and the versions
    of pydantic and PyYAML, found without importing either."""
    package = Path(__file__).resolve().parents[1]
    ours = ("hansard/book.py", "models.py", "loading.py", "yamlio.py", "inputs.py")
    theirs = (_source("pydantic", "version.py"), _source("yaml", "__init__.py"))
    return tuple(package.joinpath(name).read_bytes() for name in ours) + theirs


def _source(package: str, module: str) -> bytes:
    """A file of an installed package (its version lives there), or nothing if none."""
    spec = importlib.util.find_spec(package)
    folders: Any = spec.submodule_search_locations if spec else None
    if not folders:
        return b""
    try:
        return Path(next(iter(folders)), module).read_bytes()
    except OSError:
        return b""
