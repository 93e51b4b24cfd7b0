"""What the register hands its callers: frozen records, never live rows, and a file's state.

Plain dataclasses with no database behind them, so that a command which only reads the
register (`record list`, `record show`) imports neither SQLAlchemy nor the document model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..document import Role

FileState = Literal["ok", "changed", "missing"]


@dataclass(frozen=True)
class LetterRecord:
    """What the register keeps about a letter."""

    reference: str
    case_path: str
    debate: str
    sender_id: str
    sender_name: str
    addressee_id: str
    addressee_name: str
    date: dt.date
    snippets: tuple[tuple[str, int], ...]
    discharges: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileRecord:
    """One dispatched file: recipient, role, where it was written, its hash and size."""

    recipient_id: str
    recipient_name: str
    role: Role
    path: str
    sha256: str
    bytes: int
    dispatched_at: dt.datetime | None = None


@dataclass(frozen=True)
class Event:
    """A step in a letter's life (drafted, in_clearance, cleared, signed, dispatched)."""

    state: str
    by: str | None
    role: str | None
    at: dt.datetime
    round: int | None = None
    inputs_sha256: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DepositInfo:
    house: str
    reference: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class BatchInfo:
    rendered_at: dt.datetime
    folder: str
    snippets: tuple[tuple[str, int], ...]
    files: tuple[FileRecord, ...]


@dataclass(frozen=True)
class LetterSummary:
    reference: str
    addressee_name: str
    date: dt.date
    batches: int
    last_rendered_at: dt.datetime | None
    copies: int
    deposits: tuple[DepositInfo, ...]


@dataclass(frozen=True)
class LetterDetail:
    letter: LetterRecord
    batches: tuple[BatchInfo, ...]
    deposits: tuple[DepositInfo, ...]

    @property
    def latest(self) -> BatchInfo | None:
        return self.batches[-1] if self.batches else None


#: The letter's own columns (its snippets and discharges live in other tables).
LETTER_FIELDS = tuple(
    f.name for f in fields(LetterRecord) if f.name not in ("snippets", "discharges")
)
FILE_FIELDS = tuple(f.name for f in fields(FileRecord))


def pick(obj: object, names: Sequence[str]) -> dict[str, Any]:
    """The named attributes of a row or record, to build the other from (or a flat
    record's fields as `dataclasses.asdict` gives them, without its deep copy)."""
    return {name: getattr(obj, name) for name in names}


def sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_status(record: FileRecord, root: Path) -> FileState:
    """Is the dispatched file still on disk, byte for byte as it went out? (A path is
    recorded relative to the workspace `root`; older records hold absolute ones.)"""
    path = root / record.path
    if not path.is_file():
        return "missing"
    return "ok" if sha256_file(path) == record.sha256 else "changed"
