"""The distribution register: which letter went to whom, when, as which file (by hash).

A small set of plain functions over a SQLAlchemy engine (`database.py`: connect, the
writes) or a reader (`reads.py`: the reads, which also read SQLite without SQLAlchemy).
SQLite `draftkit.db` in the workspace by default, any SQLAlchemy URL via
`DRAFTKIT_DATABASE_URL`. Callers get frozen dataclasses (`records.py`), never live ORM
objects.

The names below are the register's API. Those that need SQLAlchemy are imported when
first used (PEP 562), so that `record list` and `record show` on a SQLite register never
load it; so are the records, which `undertakings list` (asking only which promises a
letter discharged) does not build.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import RegisterError
from .location import ENV_TIMEOUT, ENV_URL, TIMEOUT, database_url, timeout
from .reads import (
    CHUNK,
    Reader,
    batch_pending,
    count_letters,
    discharged,
    history,
    letter_detail,
    list_letters,
    open_reader,
)

if TYPE_CHECKING:
    from ..document import Role
    from .database import (
        connect,
        existing,
        open_register,
        record_batch,
        record_deposit,
        transaction,
    )
    from .records import (
        BatchInfo,
        DepositInfo,
        Event,
        FileRecord,
        FileState,
        LetterDetail,
        LetterRecord,
        LetterSummary,
        file_status,
        sha256_file,
    )

__all__ = [
    "CHUNK",
    "ENV_TIMEOUT",
    "ENV_URL",
    "TIMEOUT",
    "BatchInfo",
    "DepositInfo",
    "Event",
    "FileRecord",
    "FileState",
    "LetterDetail",
    "LetterRecord",
    "LetterSummary",
    "Reader",
    "RegisterError",
    "Role",
    "batch_pending",
    "connect",
    "count_letters",
    "database_url",
    "discharged",
    "existing",
    "file_status",
    "history",
    "letter_detail",
    "list_letters",
    "open_reader",
    "open_register",
    "record_batch",
    "record_deposit",
    "sha256_file",
    "timeout",
    "transaction",
]

#: Names imported on first use, and the module each lives in.
_LAZY = {
    "BatchInfo": ".records",
    "DepositInfo": ".records",
    "Event": ".records",
    "FileRecord": ".records",
    "FileState": ".records",
    "LetterDetail": ".records",
    "LetterRecord": ".records",
    "LetterSummary": ".records",
    "file_status": ".records",
    "sha256_file": ".records",
    "connect": ".database",
    "existing": ".database",
    "open_register": ".database",
    "record_batch": ".database",
    "record_deposit": ".database",
    "transaction": ".database",
    "Role": "..document",
}


def __getattr__(name: str) -> Any:
    """A name that needs SQLAlchemy (or the document model, or the records), imported now."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value
