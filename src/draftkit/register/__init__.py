"""The distribution register: which letter went to whom, when, as which file (by hash).

A small set of plain functions over a SQLAlchemy engine. SQLite `draftkit.db` in the
workspace by default, any SQLAlchemy URL via `DRAFTKIT_DATABASE_URL`. Callers get
frozen dataclasses, never live ORM objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, selectinload

from .migrations import RegisterError, migrate
from .schema import BatchRow, DepositRow, DischargeRow, DispatchRow, LetterRow, SnippetUseRow

__all__ = [
    "BatchInfo",
    "DepositInfo",
    "FileRecord",
    "LetterDetail",
    "LetterRecord",
    "LetterSummary",
    "RegisterError",
    "connect",
    "database_url",
    "discharged",
    "existing",
    "file_status",
    "letter_detail",
    "list_letters",
    "record_batch",
    "record_deposit",
    "transaction",
]

ENV_URL = "DRAFTKIT_DATABASE_URL"
Role = Literal["addressee", "copy", "library"]
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


_LETTER_FIELDS = tuple(
    f.name for f in fields(LetterRecord) if f.name not in ("snippets", "discharges")
)
_FILE_FIELDS = tuple(f.name for f in fields(FileRecord))


def _pick(obj: object, names: Sequence[str]) -> dict[str, Any]:
    """The named attributes of a row or record, to build the other from."""
    return {name: getattr(obj, name) for name in names}


def database_url(workspace_root: Path) -> str:
    """`DRAFTKIT_DATABASE_URL` if set, else SQLite `draftkit.db` in the workspace."""
    return os.environ.get(ENV_URL) or f"sqlite:///{(workspace_root / 'draftkit.db').resolve()}"


def connect(url: str) -> Engine:
    """An engine on the register, its schema created or migrated on first use."""
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise RegisterError(f"cannot use database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise RegisterError(f"cannot open the register at {url}: {exc.orig}") from exc
    return engine


def _sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits when the block ends cleanly and rolls back otherwise."""
    with Session(engine) as session, session.begin():
        yield session


def record_batch(
    session: Session,
    letter: LetterRecord,
    files: Sequence[FileRecord],
    rendered_at: dt.datetime,
    folder: str,
) -> None:
    """Add a batch run (and the letter, first time) to the open transaction; flush, not commit."""
    row = session.scalar(select(LetterRow).where(LetterRow.reference == letter.reference))
    if row is None:
        row = LetterRow(reference=letter.reference)
        session.add(row)
    for name, value in _pick(letter, _LETTER_FIELDS).items():
        setattr(row, name, value)
    batch = BatchRow(rendered_at=rendered_at, folder=folder)
    batch.snippets = [SnippetUseRow(snippet=s, version=v) for s, v in letter.snippets]
    batch.discharges = [DischargeRow(undertaking=u) for u in letter.discharges]
    batch.dispatches = [
        DispatchRow(**{**_pick(f, _FILE_FIELDS), "dispatched_at": f.dispatched_at or rendered_at})
        for f in files
    ]
    row.batches.append(batch)
    session.flush()


def _deposits(row: LetterRow) -> tuple[DepositInfo, ...]:
    return tuple(DepositInfo(d.house, d.deposit_ref, d.recorded_at) for d in row.deposits)


def list_letters(engine: Engine) -> list[LetterSummary]:
    """Every letter in the register, newest letter date first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(LetterRow)
            .options(
                selectinload(LetterRow.batches).selectinload(BatchRow.dispatches),
                selectinload(LetterRow.deposits),
            )
            .order_by(LetterRow.date.desc(), LetterRow.reference)
        ).all()
        return [
            LetterSummary(
                reference=r.reference,
                addressee_name=r.addressee_name,
                date=r.date,
                batches=len(r.batches),
                last_rendered_at=r.batches[-1].rendered_at if r.batches else None,
                copies=sum(d.role == "copy" for d in r.batches[-1].dispatches) if r.batches else 0,
                deposits=_deposits(r),
            )
            for r in rows
        ]


def _letter_row(session: Session, reference: str) -> LetterRow:
    row = session.scalar(select(LetterRow).where(LetterRow.reference == reference))
    if row is None:
        raise RegisterError(f"no letter `{reference}` in the register")
    return row


def letter_detail(engine: Engine, reference: str) -> LetterDetail:
    """A letter, every batch run with its files, and its Library deposits."""
    with Session(engine) as session:
        row = _letter_row(session, reference)
        batches = tuple(
            BatchInfo(
                rendered_at=b.rendered_at,
                folder=b.folder,
                snippets=tuple((s.snippet, s.version) for s in b.snippets),
                files=tuple(FileRecord(**_pick(d, _FILE_FIELDS)) for d in b.dispatches),
            )
            for b in row.batches
        )
        record = LetterRecord(
            **_pick(row, _LETTER_FIELDS),
            snippets=batches[-1].snippets if batches else (),
            discharges=tuple(d.undertaking for d in row.batches[-1].discharges)
            if row.batches
            else (),
        )
        return LetterDetail(record, batches, _deposits(row))


def record_deposit(
    engine: Engine, reference: str, deposit_ref: str, house: str | None = None
) -> DepositInfo:
    """Note the Library's deposited-paper reference; the House defaults to the one deposited in.

    A letter deposited in both Libraries needs `house`; recording again replaces the reference.
    """
    with transaction(engine) as session:
        row = _letter_row(session, reference)
        deposited = (
            sorted(
                {
                    d.recipient_id.removeprefix("library-")
                    for d in row.batches[-1].dispatches
                    if d.role == "library"
                }
            )
            if row.batches
            else []
        )
        if house is None:
            if len(deposited) != 1:
                raise RegisterError(
                    f"letter `{reference}` went to {len(deposited)} Libraries "
                    f"({', '.join(deposited) or 'none'}); say which House with --house"
                )
            house = deposited[0]
        elif house not in deposited:
            raise RegisterError(f"letter `{reference}` was not deposited in the {house} Library")
        now = dt.datetime.now(dt.UTC)
        existing = next((d for d in row.deposits if d.house == house), None)
        if existing is None:
            row.deposits.append(DepositRow(house=house, deposit_ref=deposit_ref, recorded_at=now))
        else:
            existing.deposit_ref, existing.recorded_at = deposit_ref, now
        return DepositInfo(house, deposit_ref, now)


def discharged(engine: Engine) -> dict[str, tuple[str, dt.datetime]]:
    """Each undertaking a dispatched letter fulfils → (letter reference, first dispatched)."""
    with Session(engine) as session:
        rows = session.execute(
            select(DischargeRow.undertaking, LetterRow.reference, BatchRow.rendered_at)
            .join(BatchRow, DischargeRow.batch_id == BatchRow.id)
            .join(LetterRow, BatchRow.letter_id == LetterRow.id)
            .order_by(BatchRow.rendered_at, BatchRow.id)
        ).all()
    out: dict[str, tuple[str, dt.datetime]] = {}
    for undertaking, reference, when in rows:
        out.setdefault(undertaking, (reference, when))
    return out


def existing(workspace_root: Path) -> Engine | None:
    """The register if there is one: readers need not create `draftkit.db` to find it empty."""
    url = database_url(workspace_root)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return None
    return connect(url)


def sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_status(record: FileRecord) -> FileState:
    """Is the dispatched file still on disk, byte for byte as it went out?"""
    path = Path(record.path)
    if not path.is_file():
        return "missing"
    return "ok" if sha256_file(path) == record.sha256 else "changed"
