"""The distribution register: which letter went to whom, when, as which file (by hash).

A small set of plain functions over a SQLAlchemy engine. SQLite `draftkit.db` in the
workspace by default, any SQLAlchemy URL via `DRAFTKIT_DATABASE_URL`. Callers get
frozen dataclasses, never live ORM objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event, func, make_url, select
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, aliased

from ..document import Role
from .errors import RegisterError, guard, guarded, shown_url
from .migrations import migrate
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
    "count_letters",
    "database_url",
    "discharged",
    "existing",
    "file_status",
    "letter_detail",
    "list_letters",
    "open_register",
    "record_batch",
    "record_deposit",
    "transaction",
]

ENV_URL = "DRAFTKIT_DATABASE_URL"
#: Ids bound in one IN (...) clause at most.
_CHUNK = 500
#: Seconds to wait for a register another program holds locked (default `TIMEOUT`).
ENV_TIMEOUT = "DRAFTKIT_DATABASE_TIMEOUT"
TIMEOUT = 10.0
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


def timeout() -> float:
    """How long to wait for a locked register: `DRAFTKIT_DATABASE_TIMEOUT` seconds, else 10."""
    try:
        return max(0.0, float(os.environ.get(ENV_TIMEOUT) or TIMEOUT))
    except ValueError:
        return TIMEOUT


def connect(url: str) -> Engine:
    """An engine on the register, its schema created or migrated on first use.

    SQLite waits `timeout()` for a lock and starts every transaction with `BEGIN IMMEDIATE`
    (the writer's lock up front, so two first uses cannot both create the schema);
    `postgresql://` means psycopg 3. Every failure is a `RegisterError` naming the URL
    without its password.
    """
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        wait = timeout()
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": wait})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        elif parsed.get_backend_name() == "postgresql":
            options = f"-c lock_timeout={int(wait * 1000)}"
            engine = create_engine(
                parsed,
                pool_pre_ping=True,
                connect_args={"connect_timeout": max(1, int(wait)), "options": options},
            )
        else:
            engine = create_engine(parsed)
    except ImportError as exc:
        hint = " (pip install 'draftkit[postgres]')" if "psycopg" in str(exc) else ""
        raise RegisterError(f"cannot use database URL {shown_url(url)}: {exc}{hint}") from exc
    except ArgumentError as exc:
        raise RegisterError(f"cannot use database URL {shown_url(url)}: {exc}") from exc
    with guarded(engine):
        migrate(engine)
    return engine


def open_register(workspace_root: Path) -> Engine:
    """The workspace's register (or `DRAFTKIT_DATABASE_URL`'s), ready to use."""
    return connect(database_url(workspace_root))


def _sqlite_connect(dbapi_connection: object, _record: object) -> None:
    """Foreign keys on; transactions begun by `_sqlite_begin`, not by the driver."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]


def _sqlite_begin(conn: Connection) -> None:
    """Take SQLite's write lock when a transaction starts, waiting up to `timeout()`.

    Sent on the driver's connection, as the driver's own `BEGIN` would be: transaction
    control, not one of the statements the register runs.
    """
    conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits when the block ends cleanly and rolls back otherwise."""
    with Session(engine) as session, session.begin():
        yield session


@guard
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


@guard
def list_letters(engine: Engine, limit: int | None = None) -> list[LetterSummary]:
    """The newest `limit` letters (every one when None), newest letter date first.

    One query: the page of letters first, then per letter its batch count, its latest
    batch and that batch's copies counted in the database (indexed by the foreign keys),
    and its deposits joined on (at most one per House), so no batch or file row is loaded.
    """
    page_query = select(LetterRow.id, LetterRow.reference, LetterRow.addressee_name, LetterRow.date)
    page_query = page_query.order_by(LetterRow.date.desc(), LetterRow.reference)
    page = (page_query if limit is None else page_query.limit(limit)).subquery("page")
    latest = select(func.max(BatchRow.id)).where(BatchRow.letter_id == page.c.id).scalar_subquery()
    last = aliased(BatchRow, name="last")
    query = (
        select(
            page.c.reference,
            page.c.addressee_name,
            page.c.date,
            select(func.count(BatchRow.id))
            .where(BatchRow.letter_id == page.c.id)
            .scalar_subquery()
            .label("batches"),
            last.rendered_at,
            select(func.count(DispatchRow.id))
            .where(DispatchRow.batch_id == last.id, DispatchRow.role == "copy")
            .scalar_subquery()
            .label("copies"),
            DepositRow.house,
            DepositRow.deposit_ref,
            DepositRow.recorded_at,
        )
        .select_from(page)
        .outerjoin(last, last.id == latest)
        .outerjoin(DepositRow, DepositRow.letter_id == page.c.id)
        .order_by(page.c.date.desc(), page.c.reference, DepositRow.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    summaries: dict[str, LetterSummary] = {}
    for r in rows:
        deposit = (DepositInfo(r.house, r.deposit_ref, r.recorded_at),) if r.house else ()
        known = summaries.get(r.reference)
        if known is not None:
            summaries[r.reference] = replace(known, deposits=known.deposits + deposit)
            continue
        summaries[r.reference] = LetterSummary(
            reference=r.reference,
            addressee_name=r.addressee_name,
            date=r.date,
            batches=r.batches,
            last_rendered_at=r.rendered_at,
            copies=r.copies or 0,
            deposits=deposit,
        )
    return list(summaries.values())


@guard
def count_letters(engine: Engine) -> int:
    """How many letters the register holds."""
    with engine.connect() as conn:
        return conn.scalar(select(func.count(LetterRow.id))) or 0


def _letter_row(session: Session, reference: str) -> LetterRow:
    row = session.scalar(select(LetterRow).where(LetterRow.reference == reference))
    if row is None:
        raise RegisterError(f"no letter `{reference}` in the register")
    return row


@guard
def letter_detail(engine: Engine, reference: str) -> LetterDetail:
    """A letter, every batch run with its files, and its Library deposits.

    A handful of queries, each on an index (the reference, then the foreign keys), that
    read plain columns: a letter sent to 800 Peers in several batches loads no ORM rows.
    """
    with engine.connect() as conn:
        letter = conn.execute(
            select(LetterRow.id, *(getattr(LetterRow, n) for n in _LETTER_FIELDS)).where(
                LetterRow.reference == reference
            )
        ).first()
        if letter is None:
            raise RegisterError(f"no letter `{reference}` in the register")
        batch_rows = conn.execute(
            select(BatchRow.id, BatchRow.rendered_at, BatchRow.folder)
            .where(BatchRow.letter_id == letter.id)
            .order_by(BatchRow.id)
        ).all()
        ids = [b.id for b in batch_rows]
        uses: dict[int, list[tuple[str, int]]] = {i: [] for i in ids}
        for batch_id, snippet, version in conn.execute(
            select(SnippetUseRow.batch_id, SnippetUseRow.snippet, SnippetUseRow.version)
            .where(SnippetUseRow.batch_id.in_(ids))
            .order_by(SnippetUseRow.id)
        ):
            uses[batch_id].append((snippet, version))
        files: dict[int, list[FileRecord]] = {i: [] for i in ids}
        columns = [getattr(DispatchRow, n) for n in _FILE_FIELDS]
        for d in conn.execute(
            select(DispatchRow.batch_id, *columns)
            .where(DispatchRow.batch_id.in_(ids))
            .order_by(DispatchRow.id)
        ):
            files[d.batch_id].append(FileRecord(**_pick(d, _FILE_FIELDS)))
        discharges = (
            conn.scalars(
                select(DischargeRow.undertaking)
                .where(DischargeRow.batch_id == ids[-1])
                .order_by(DischargeRow.id)
            ).all()
            if ids
            else []
        )
        deposits = conn.execute(
            select(DepositRow.house, DepositRow.deposit_ref, DepositRow.recorded_at)
            .where(DepositRow.letter_id == letter.id)
            .order_by(DepositRow.id)
        ).all()
    batches = tuple(
        BatchInfo(b.rendered_at, b.folder, tuple(uses[b.id]), tuple(files[b.id]))
        for b in batch_rows
    )
    record = LetterRecord(
        **_pick(letter, _LETTER_FIELDS),
        snippets=batches[-1].snippets if batches else (),
        discharges=tuple(discharges),
    )
    return LetterDetail(record, batches, tuple(DepositInfo(h, ref, at) for h, ref, at in deposits))


@guard
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


@guard
def discharged(
    engine: Engine, undertakings: Collection[str] | None = None
) -> dict[str, tuple[str, dt.datetime]]:
    """Each undertaking a dispatched letter fulfils → (letter reference, first dispatched).

    `undertakings` limits the answer to those ids, looked up by their index (in chunks, to
    stay within every database's limit on bound parameters; each id's rows fall in one
    chunk, in dispatch order): a workspace's few promises against a register of years.
    """
    query = (
        select(DischargeRow.undertaking, LetterRow.reference, BatchRow.rendered_at)
        .join(BatchRow, DischargeRow.batch_id == BatchRow.id)
        .join(LetterRow, BatchRow.letter_id == LetterRow.id)
        .order_by(BatchRow.rendered_at, BatchRow.id)
    )
    wanted = sorted(undertakings) if undertakings is not None else None
    with engine.connect() as conn:
        if wanted is None:
            rows = conn.execute(query).all()
        else:
            rows = []
            for at in range(0, len(wanted), _CHUNK):
                chunk = wanted[at : at + _CHUNK]
                rows += conn.execute(query.where(DischargeRow.undertaking.in_(chunk))).all()
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


def file_status(record: FileRecord, root: Path) -> FileState:
    """Is the dispatched file still on disk, byte for byte as it went out? (A path is
    recorded relative to the workspace `root`; older records hold absolute ones.)"""
    path = root / record.path
    if not path.is_file():
        return "missing"
    return "ok" if sha256_file(path) == record.sha256 else "changed"
