"""Create the register on first use and bring an older one up to date.

A new database gets today's tables (`Base.metadata.create_all`) stamped with `LATEST`.
An older one runs each step in `MIGRATIONS` above its stamped version, in one
transaction. When the tables change: bump `LATEST` and add the step that upgrades
the previous version (e.g. `Base.metadata.tables["new"].create(conn)`, an ALTER TABLE).

Safe when several processes open a new or older register at once: the whole check,
creation and upgrade run under one lock (SQLite: the transaction is `BEGIN IMMEDIATE`,
see `register.connect`; PostgreSQL: a transaction-scoped advisory lock), and whoever
comes second finds the work done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import RegisterError

if TYPE_CHECKING:  # the stdlib read path reads LATEST without loading SQLAlchemy
    from sqlalchemy import Connection, Engine

LATEST = 5
#: The PostgreSQL advisory lock key that serialises schema work ("draftkit" in ASCII).
SCHEMA_LOCK = 0x6472616674


def _add_discharges(conn: Connection) -> None:
    """Version 2: the undertakings each batch's letter discharges."""
    from .schema import Base

    Base.metadata.tables["discharges"].create(conn)


def _add_journal_and_foreign_key_indexes(conn: Connection) -> None:
    """Version 3: the batch journal, and an index on every foreign key (of tables there then)."""
    from sqlalchemy import inspect

    from .schema import Base

    for name in ("journal", "journal_files"):
        Base.metadata.tables[name].create(conn, checkfirst=True)
    present = set(inspect(conn).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name in present or table.name in ("journal", "journal_files"):
            for index in table.indexes:
                index.create(conn, checkfirst=True)


def _add_workflow(conn: Connection) -> None:
    """Version 4: the letter's workflow (states, clearance rounds, returns, comments)."""
    from .schema import Base

    for name in WORKFLOW_TABLES:
        Base.metadata.tables[name].create(conn, checkfirst=True)


def _add_newest_letters_index(conn: Connection) -> None:
    """Version 5: letters indexed newest first, the order `record list` pages them in."""
    from .schema import NEWEST_LETTERS

    NEWEST_LETTERS.create(conn, checkfirst=True)


WORKFLOW_TABLES = (
    "workflow_events",
    "clearance_rounds",
    "clearance_returns",
    "clearance_comments",
    "clearance_decisions",
)

#: version N → the step that upgrades a database at version N - 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _add_discharges,
    3: _add_journal_and_foreign_key_indexes,
    4: _add_workflow,
    5: _add_newest_letters_index,
}


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema; return the version the database is now at."""
    from sqlalchemy import delete, func, insert, inspect, select, text

    from .schema import Base, SchemaVersion

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        tables = set(inspect(conn).get_table_names())
        if SchemaVersion.__tablename__ not in tables:
            if tables & set(Base.metadata.tables):
                raise RegisterError(
                    "the database has register tables but no schema_version: not made by draftkit"
                )
            Base.metadata.create_all(conn)
            conn.execute(insert(SchemaVersion).values(version=LATEST))
            return LATEST
        current = conn.scalar(select(func.max(SchemaVersion.version))) or 0
        if current > LATEST:
            raise RegisterError(
                f"the register is at schema version {current}, newer than this draftkit "
                f"understands ({LATEST}); upgrade draftkit"
            )
        for version in range(current + 1, LATEST + 1):
            MIGRATIONS[version](conn)
        if current != LATEST:
            conn.execute(delete(SchemaVersion))
            conn.execute(insert(SchemaVersion).values(version=LATEST))
        return LATEST
