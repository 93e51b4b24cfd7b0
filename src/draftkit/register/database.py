"""The register's SQLAlchemy side: connecting (creating or migrating the schema) and writes.

SQLite `draftkit.db` in the workspace by default, any SQLAlchemy URL via
`DRAFTKIT_DATABASE_URL`. Reads are in `reads.py` (they take an engine from here, or
read SQLite without SQLAlchemy at all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, insert, make_url, select
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from .errors import RegisterError, guard, guarded, shown_url
from .location import database_url, not_made_yet, timeout
from .migrations import migrate
from .records import FILE_FIELDS, LETTER_FIELDS, DepositInfo, FileRecord, LetterRecord, pick
from .schema import BatchRow, DepositRow, DischargeRow, DispatchRow, LetterRow, SnippetUseRow


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


def existing(workspace_root: Path) -> Engine | None:
    """The register if there is one: readers need not create `draftkit.db` to find it empty."""
    url = database_url(workspace_root)
    return None if not_made_yet(url) else connect(url)


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
    """Add a batch run (and the letter, first time) to the open transaction; flush, not commit.

    The files' rows go in as one multi-row insert, in order, not as an ORM object each:
    a batch to every Peer has 800 (0.11 s of unit-of-work flushing, against 0.02 s).
    """
    row = session.scalar(select(LetterRow).where(LetterRow.reference == letter.reference))
    if row is None:
        row = LetterRow(reference=letter.reference)
        session.add(row)
    for name, value in pick(letter, LETTER_FIELDS).items():
        setattr(row, name, value)
    batch = BatchRow(rendered_at=rendered_at, folder=folder)
    batch.snippets = [SnippetUseRow(snippet=s, version=v) for s, v in letter.snippets]
    batch.discharges = [DischargeRow(undertaking=u) for u in letter.discharges]
    row.batches.append(batch)
    session.flush()
    if files:
        session.execute(
            insert(DispatchRow),
            [
                {
                    **pick(f, FILE_FIELDS),
                    "batch_id": batch.id,
                    "dispatched_at": f.dispatched_at or rendered_at,
                }
                for f in files
            ],
        )


def _letter_row(session: Session, reference: str) -> LetterRow:
    row = session.scalar(select(LetterRow).where(LetterRow.reference == reference))
    if row is None:
        raise RegisterError(f"no letter `{reference}` in the register")
    return row


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
