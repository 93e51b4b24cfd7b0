"""Create the register on first use and bring an older one up to date.

A new database gets today's tables (`Base.metadata.create_all`) stamped with `LATEST`.
An older one runs each step in `MIGRATIONS` above its stamped version, in one
transaction. When the tables change: bump `LATEST` and add the step that upgrades
the previous version (e.g. `Base.metadata.tables["new"].create(conn)`, an ALTER TABLE).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select

from .schema import Base, SchemaVersion

LATEST = 2


def _add_discharges(conn: Connection) -> None:
    """Version 2: the undertakings each batch's letter discharges."""
    Base.metadata.tables["discharges"].create(conn)


#: version N → the step that upgrades a database at version N - 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _add_discharges}


class RegisterError(Exception):
    """The register cannot be opened or used (bad URL, newer schema, unknown letter)."""


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema; return the version the database is now at."""
    with engine.begin() as conn:
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
