"""Reading the register: the SQL of every read, run on stdlib sqlite3 or through SQLAlchemy.

Each read (the page of `record list`, a letter's detail, the discharges of
undertakings, a pending batch) is one SQL text written here once, portable between
SQLite and PostgreSQL, and run by a `Reader`:

- `SqliteReader`: the workspace's `draftkit.db` through the stdlib `sqlite3` module, so
  `record list` and `record show` start without importing SQLAlchemy (its import alone
  costs more than the rest of the command). Used only on a register already at the
  schema version this draftkit writes; anything else goes the SQLAlchemy way.
- `EngineReader`: any SQLAlchemy engine (PostgreSQL, or SQLite opened for writing),
  which `connect` first creates or migrates.

The tables themselves are defined once, in `schema.py`; the tests run these reads on
both databases against what `record_batch` wrote.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import migrations
from .errors import RegisterError, describe, first_line, guarded, shown_url
from .location import database_url, not_made_yet, sqlite_file, timeout

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from .records import Event, LetterDetail, LetterSummary

Row = Sequence[Any]
#: Ids bound in one IN (...) clause at most.
CHUNK = 500

#: The newest letters (`{limit}`: a LIMIT clause or nothing), each with its batch count,
#: its latest batch and that batch's copies counted in the database, and its deposits
#: joined on (at most one per House): no batch or file row is read.
LIST_LETTERS = """
SELECT page.reference, page.addressee_name, page.date,
       (SELECT count(*) FROM batches WHERE batches.letter_id = page.id) AS batches,
       last.rendered_at,
       (SELECT count(*) FROM dispatches
         WHERE dispatches.batch_id = last.id AND dispatches.role = 'copy') AS copies,
       deposits.house, deposits.deposit_ref, deposits.recorded_at
FROM (SELECT id, reference, addressee_name, date FROM letters
      ORDER BY date DESC, reference {limit}) AS page
LEFT OUTER JOIN batches AS last
  ON last.id = (SELECT max(id) FROM batches WHERE batches.letter_id = page.id)
LEFT OUTER JOIN deposits ON deposits.letter_id = page.id
ORDER BY page.date DESC, page.reference, deposits.id
"""
COUNT_LETTERS = "SELECT count(*) FROM letters"
#: `{columns}`: the letter's own (`records.LETTER_FIELDS`), filled in when first read.
LETTER = "SELECT id, {columns} FROM letters WHERE reference = :reference"
BATCHES = "SELECT id, rendered_at, folder FROM batches WHERE letter_id = :letter ORDER BY id"
SNIPPET_USES = """
SELECT snippet_uses.batch_id, snippet_uses.snippet, snippet_uses.version
FROM snippet_uses JOIN batches ON batches.id = snippet_uses.batch_id
WHERE batches.letter_id = :letter ORDER BY snippet_uses.id
"""
#: `{columns}`: a file's (`records.FILE_FIELDS`), filled in when first read.
DISPATCHES = """
SELECT dispatches.batch_id, {columns}
FROM dispatches JOIN batches ON batches.id = dispatches.batch_id
WHERE batches.letter_id = :letter ORDER BY dispatches.id
"""
DISCHARGES = "SELECT undertaking FROM discharges WHERE batch_id = :batch ORDER BY id"
DEPOSITS = """
SELECT house, deposit_ref, recorded_at FROM deposits WHERE letter_id = :letter ORDER BY id
"""
#: Each undertaking's discharging letters in dispatch order (`{where}`: the ids asked about).
DISCHARGED = """
SELECT discharges.undertaking, letters.reference, batches.rendered_at
FROM discharges
JOIN batches ON discharges.batch_id = batches.id
JOIN letters ON batches.letter_id = letters.id
{where}
ORDER BY batches.rendered_at, batches.id
"""
#: A letter's recorded steps, oldest first ("by" is a keyword in SQL: quoted).
EVENTS = """
SELECT state, "by", role, at, round, inputs_sha256, note FROM workflow_events
WHERE reference = :reference ORDER BY at, id
"""
#: A letter's batches, each its `dispatched` step: when, where, and who sent it.
DISPATCHED = """
SELECT batches.rendered_at, batches.folder, letters.sender_name
FROM batches JOIN letters ON batches.letter_id = letters.id
WHERE letters.reference = :reference
"""
PENDING = "SELECT count(*) FROM journal WHERE reference = :reference AND state = 'pending'"
SCHEMA_VERSION = "SELECT max(version) FROM schema_version"
HAS_SCHEMA_VERSION = (
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
)


class Reader(AbstractContextManager["Reader"]):
    """One connection to the register that runs read SQL; closed when its block ends."""

    url: str

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> list[Row]:
        """Every row of one SELECT (`:name` parameters)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class SqliteReader(Reader):
    """A SQLite register read through the stdlib module, in one read transaction."""

    def __init__(self, path: Path, url: str) -> None:
        self.url = url
        try:
            self._conn = sqlite3.connect(path, timeout=timeout(), isolation_level=None)
            self._conn.execute("BEGIN")  # one snapshot for every read of this command
        except sqlite3.Error as exc:
            raise RegisterError(describe(first_line(exc), shown_url(url))) from exc

    @classmethod
    def current(cls, url: str) -> SqliteReader | None:
        """A reader on the URL's SQLite file if its schema is `migrations.LATEST`; else None
        (no file, no schema yet, or one `connect` must first migrate)."""
        path = sqlite_file(url)
        if path is None or not path.is_file():
            return None
        reader = cls(path, url)
        try:  # a lock or a broken file is the caller's error; no schema yet is `connect`'s
            [(stamped,)] = reader.rows(HAS_SCHEMA_VERSION)
            version = reader.rows(SCHEMA_VERSION)[0][0] if stamped else None
        except RegisterError:
            reader.close()
            raise
        if version != migrations.LATEST:
            reader.close()
            return None
        return reader

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> list[Row]:
        try:
            return self._conn.execute(sql, params or {}).fetchall()
        except sqlite3.Error as exc:
            raise RegisterError(describe(first_line(exc), shown_url(self.url))) from exc

    def close(self) -> None:
        self._conn.close()  # the read transaction ends with the connection


class EngineReader(Reader):
    """Any register through a SQLAlchemy engine, on one connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = str(engine.url)
        self._conn: Connection | None = None

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> list[Row]:
        from sqlalchemy import text

        with guarded(self.engine):
            if self._conn is None:
                self._conn = self.engine.connect()
            return list(self._conn.execute(text(sql), dict(params or {})).all())

    def close(self) -> None:
        if self._conn is not None:
            with guarded(self.engine):
                self._conn.close()
            self._conn = None


def open_reader(workspace_root: Path, *, create: bool = True) -> Reader | None:
    """A reader on the workspace's register (or `DRAFTKIT_DATABASE_URL`'s).

    A SQLite register at the current schema is read with the stdlib; any other is
    opened with `connect`, which creates or migrates it first. With `create=False`, a
    SQLite register that does not exist yet gives None, and no `draftkit.db` is made.
    """
    url = database_url(workspace_root)
    reader = SqliteReader.current(url)
    if reader is not None:
        return reader
    if not create and not_made_yet(url):
        return None
    from .database import connect

    return EngineReader(connect(url))


@contextmanager
def reading(source: Reader | Engine) -> Iterator[Reader]:
    """`source` as a reader: a reader as it is (its owner closes it), an engine wrapped."""
    if isinstance(source, Reader):
        yield source
        return
    with EngineReader(source) as reader:
        yield reader


def utc(value: object) -> dt.datetime:
    """A stored UTC moment (SQLite's text, PostgreSQL's naive timestamp) as an aware datetime."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, dt.datetime)
    return moment.replace(tzinfo=dt.UTC)


def day(value: object) -> dt.date:
    """A stored date (SQLite's text, PostgreSQL's date) as a date."""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(date, dt.date)
    return date


def list_letters(source: Reader | Engine, limit: int | None = None) -> list[LetterSummary]:
    """The newest `limit` letters (every one when None), newest letter date first; one query."""
    from .records import DepositInfo, LetterSummary

    sql = LIST_LETTERS.format(limit="" if limit is None else "LIMIT :limit")
    with reading(source) as reader:
        rows = reader.rows(sql, {} if limit is None else {"limit": limit})
    summaries: dict[str, LetterSummary] = {}
    for reference, name, date, batches, rendered_at, copies, house, deposit_ref, at in rows:
        deposit = (DepositInfo(house, deposit_ref, utc(at)),) if house else ()
        known = summaries.get(reference)
        if known is not None:
            summaries[reference] = LetterSummary(
                **{**vars(known), "deposits": known.deposits + deposit}
            )
            continue
        summaries[reference] = LetterSummary(
            reference=reference,
            addressee_name=name,
            date=day(date),
            batches=batches,
            last_rendered_at=utc(rendered_at) if rendered_at is not None else None,
            copies=copies or 0,
            deposits=deposit,
        )
    return list(summaries.values())


def count_letters(source: Reader | Engine) -> int:
    """How many letters the register holds."""
    with reading(source) as reader:
        [(count,)] = reader.rows(COUNT_LETTERS)
    return int(count or 0)


def letter_detail(source: Reader | Engine, reference: str) -> LetterDetail:
    """A letter, every batch run with its files, and its Library deposits.

    A handful of queries, each on an index (the reference, then the foreign keys), that
    read plain columns, however many batches and copies the letter has.
    """
    from .records import (
        FILE_FIELDS,
        LETTER_FIELDS,
        BatchInfo,
        DepositInfo,
        FileRecord,
        LetterDetail,
        LetterRecord,
    )

    letter_sql = LETTER.format(columns=", ".join(LETTER_FIELDS))
    files_sql = DISPATCHES.format(columns=", ".join(f"dispatches.{n}" for n in FILE_FIELDS))
    with reading(source) as reader:
        found = reader.rows(letter_sql, {"reference": reference})
        if not found:
            raise RegisterError(f"no letter `{reference}` in the register")
        letter_id, *columns = found[0]
        key = {"letter": letter_id}
        batch_rows = reader.rows(BATCHES, key)
        uses: dict[int, list[tuple[str, int]]] = {b[0]: [] for b in batch_rows}
        for batch_id, snippet, version in reader.rows(SNIPPET_USES, key):
            uses[batch_id].append((snippet, version))
        files: dict[int, list[FileRecord]] = {b[0]: [] for b in batch_rows}
        for batch_id, *values in reader.rows(files_sql, key):
            dispatch = dict(zip(FILE_FIELDS, values, strict=True))
            dispatch["dispatched_at"] = utc(dispatch["dispatched_at"])
            files[batch_id].append(FileRecord(**dispatch))
        discharges = (
            [u for (u,) in reader.rows(DISCHARGES, {"batch": batch_rows[-1][0]})]
            if batch_rows
            else []
        )
        deposits = reader.rows(DEPOSITS, key)
    batches = tuple(
        BatchInfo(utc(at), folder, tuple(uses[i]), tuple(files[i])) for i, at, folder in batch_rows
    )
    fields = dict(zip(LETTER_FIELDS, columns, strict=True))
    fields["date"] = day(fields["date"])
    record = LetterRecord(
        **fields,
        snippets=batches[-1].snippets if batches else (),
        discharges=tuple(discharges),
    )
    return LetterDetail(
        record, batches, tuple(DepositInfo(h, ref, utc(at)) for h, ref, at in deposits)
    )


def discharged(
    source: Reader | Engine, undertakings: Collection[str] | None = None
) -> dict[str, tuple[str, dt.datetime]]:
    """Each undertaking a dispatched letter fulfils → (letter reference, first dispatched).

    `undertakings` limits the answer to those ids, looked up by their index (in chunks, to
    stay within every database's limit on bound parameters; each id's rows fall in one
    chunk, in dispatch order): a workspace's few promises against a register of years.
    """
    rows: list[Row] = []
    with reading(source) as reader:
        if undertakings is None:
            rows = reader.rows(DISCHARGED.format(where=""))
        else:
            wanted = sorted(undertakings)
            for at in range(0, len(wanted), CHUNK):
                chunk = wanted[at : at + CHUNK]
                bound = {f"u{n}": uid for n, uid in enumerate(chunk)}
                where = f"WHERE discharges.undertaking IN ({', '.join(':' + n for n in bound)})"
                rows += reader.rows(DISCHARGED.format(where=where), bound)
    out: dict[str, tuple[str, dt.datetime]] = {}
    for undertaking, reference, when in rows:
        out.setdefault(undertaking, (reference, utc(when)))
    return out


def history(source: Reader | Engine, reference: str) -> list[Event]:
    """Every recorded step of a letter with each batch as `dispatched`, oldest first."""
    from .records import Event

    with reading(source) as reader:
        steps = reader.rows(EVENTS, {"reference": reference})
        batches = reader.rows(DISPATCHED, {"reference": reference})
    out = [
        Event(state, by, role, utc(at), round_, sha, note)
        for state, by, role, at, round_, sha, note in steps
    ]
    out += [
        Event("dispatched", sender, None, utc(at), note=folder) for at, folder, sender in batches
    ]
    return sorted(out, key=lambda e: e.at)


def batch_pending(source: Reader | Engine, reference: str) -> bool:
    """Is a batch of this letter journalled as pending (interrupted, not yet repaired)?"""
    with reading(source) as reader:
        [(count,)] = reader.rows(PENDING, {"reference": reference})
    return bool(count)
