"""The batch journal: a batch is pending, with every file's name and hash, before it is installed.

`begin` records the batch as pending (committed before any file of it reaches its folder);
`complete` adds its `Batch` rows and marks it complete in one transaction; `abandon` marks
a batch whose files never all arrived. Recovery (`batch.recovery`) reads `pending` and
`latest_complete` to reconcile the disk with the register by hash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session, selectinload

from .database import record_batch, transaction
from .errors import guard
from .records import FILE_FIELDS, FileRecord, LetterRecord, pick
from .schema import JournalFileRow, JournalRow

PENDING, COMPLETE, ABANDONED = "pending", "complete", "abandoned"


@dataclass(frozen=True)
class JournalFile:
    """One file of a journalled set: its name in the folder, hash and size."""

    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class JournalEntry:
    """A journalled batch: which set, its hidden folders' token, who ran it, its files."""

    id: int
    reference: str
    folder: str
    token: str
    state: str
    holder: str
    started_at: dt.datetime
    files: tuple[JournalFile, ...]


def _payload(
    letter: LetterRecord, files: Sequence[FileRecord], rendered_at: dt.datetime, folder: str
) -> str:
    """What `record_batch` will be given, as JSON."""
    return json.dumps(
        {
            "letter": dataclasses.asdict(letter),
            # The files' fields are flat: picked, not deep-copied (`asdict`) 800 times.
            "files": [pick(f, FILE_FIELDS) for f in files],
            "rendered_at": rendered_at.isoformat(),
            "folder": folder,
        },
        default=str,
    )


def _unpack(payload: str) -> tuple[LetterRecord, list[FileRecord], dt.datetime, str]:
    data: dict[str, Any] = json.loads(payload)
    letter = data["letter"]
    record = LetterRecord(
        **{
            **letter,
            "date": dt.date.fromisoformat(letter["date"]),
            "snippets": tuple((s, v) for s, v in letter["snippets"]),
            "discharges": tuple(letter["discharges"]),
        }
    )
    files = [
        FileRecord(
            **{
                **f,
                "dispatched_at": f["dispatched_at"]
                and dt.datetime.fromisoformat(f["dispatched_at"]),
            }
        )
        for f in data["files"]
    ]
    return record, files, dt.datetime.fromisoformat(data["rendered_at"]), data["folder"]


def _entry(row: JournalRow) -> JournalEntry:
    return JournalEntry(
        id=row.id,
        reference=row.reference,
        folder=row.folder,
        token=row.token,
        state=row.state,
        holder=row.holder,
        started_at=row.started_at,
        files=tuple(JournalFile(f.name, f.sha256, f.bytes) for f in row.files),
    )


@guard
def begin(
    engine: Engine,
    letter: LetterRecord,
    records: Sequence[FileRecord],
    rendered_at: dt.datetime,
    *,
    folder: str,
    batch_folder: str,
    token: str,
    holder: str,
    files: Sequence[JournalFile],
) -> int:
    """Record a batch as pending with every file it will install; return its journal id.

    `folder` is the set's absolute folder, for recovery; `batch_folder` is what the
    batch's row will say (relative to the workspace).
    """
    with transaction(engine) as session:
        row = JournalRow(
            reference=letter.reference,
            folder=folder,
            token=token,
            state=PENDING,
            holder=holder,
            started_at=rendered_at,
            payload=_payload(letter, records, rendered_at, batch_folder),
        )
        session.add(row)
        session.flush()
        if files:  # one multi-row insert, in order (as `record_batch` adds its files)
            session.execute(
                insert(JournalFileRow),
                [
                    {"journal_id": row.id, "name": f.name, "sha256": f.sha256, "bytes": f.bytes}
                    for f in files
                ],
            )
        return row.id


@guard
def complete(engine: Engine, journal_id: int) -> None:
    """Add the pending batch's rows to the register and mark it complete, in one transaction."""
    with transaction(engine) as session:
        row = session.get(JournalRow, journal_id)
        if row is None or row.state != PENDING:
            return
        letter, files, rendered_at, folder = _unpack(row.payload)
        record_batch(session, letter, files, rendered_at, folder)
        row.state, row.finished_at = COMPLETE, dt.datetime.now(dt.UTC)


@guard
def abandon(engine: Engine, journal_id: int) -> None:
    """Mark a pending batch whose files never all reached the disk: it was never sent."""
    with transaction(engine) as session:
        row = session.get(JournalRow, journal_id)
        if row is not None and row.state == PENDING:
            row.state, row.finished_at = ABANDONED, dt.datetime.now(dt.UTC)


def _query(session: Session, *conditions: Any) -> list[JournalRow]:
    return list(
        session.scalars(
            select(JournalRow)
            .where(*conditions)
            .options(selectinload(JournalRow.files))
            .order_by(JournalRow.id)
        ).all()
    )


@guard
def pending(engine: Engine, folder: str | None = None) -> list[JournalEntry]:
    """Batches recorded as pending (for one set's folder, or everywhere), oldest first."""
    conditions = [JournalRow.state == PENDING]
    if folder is not None:
        conditions.append(JournalRow.folder == folder)
    with Session(engine) as session:
        return [_entry(r) for r in _query(session, *conditions)]


@guard
def latest_complete(engine: Engine, folder: str) -> JournalEntry | None:
    """The last batch completed into `folder`: the set the register says is there."""
    with Session(engine) as session:
        row = session.scalar(
            select(JournalRow)
            .where(JournalRow.folder == folder, JournalRow.state == COMPLETE)
            .options(selectinload(JournalRow.files))
            .order_by(JournalRow.id.desc())
            .limit(1)
        )
        return _entry(row) if row is not None else None


@guard
def sets(engine: Engine) -> list[tuple[str, str]]:
    """Every (folder, reference) the journal has batched into, pending or not."""
    with Session(engine) as session:
        rows = session.execute(select(JournalRow.folder, JournalRow.reference).distinct()).all()
    return sorted((folder, reference) for folder, reference in rows)
