"""Parsed copies of big input files, kept by their content, so the next command skips parsing.

An imported directory of every Peer is 170 kB of YAML that takes libyaml and its Python
constructor about 0.1 s to read, on every `check`, `render` and `batch`. The parsed data
is kept in the user's cache folder (`$XDG_CACHE_HOME/draftkit/parsed`, else
`~/.cache/draftkit/parsed`), named by a hash of the file's text and of the parser's own
source, so an edited file or a new draftkit is parsed afresh and nothing is ever stale.
The folder is the user's own (made 0700), and what is read back may hold only plain data
(text, numbers, lists, mappings, dates): anything else is a miss. A cache that cannot be
read or written is a miss, never an error; deleting the folder at any time is safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

#: How many parsed files are kept; the oldest go first (a directory is re-imported, say).
KEEP = 32

#: The only classes a cached value may contain besides the built-in containers and scalars.
_PLAIN = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
}


class _PlainUnpickler(pickle.Unpickler):
    """Reads back plain data only: a cache file naming any other class is refused."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _PLAIN[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not plain data") from None


def folder() -> Path:
    """Where parsed copies are kept (the XDG cache folder's `draftkit/parsed`)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "draftkit" / "parsed"


def key(text: str, *parser: bytes) -> str:
    """The name of `text`'s parsed copy: its hash with the parser's (source, versions)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(sys.version.encode())
    for part in parser:
        digest.update(hashlib.blake2b(part).digest())
    return digest.hexdigest()


def get(name: str) -> Any | None:
    """The value kept under `name`, or None when there is none (or it cannot be read)."""
    path = folder() / f"{name}.pickle"
    try:
        value = _PlainUnpickler(io.BytesIO(path.read_bytes())).load()
    except Exception:  # a missing, truncated, foreign or unreadable copy is just a miss
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # just used: pruning keeps it
    return value


def put(name: str, value: Any) -> None:
    """Keep `value` under `name` (written whole or not at all); failures are ignored."""
    where = folder()
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".new-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, where / f"{name}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(where)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return


def _prune(where: Path) -> None:
    """Keep the `KEEP` newest copies (a hit refreshes a copy's time)."""
    kept = sorted(where.glob("*.pickle"), key=_mtime, reverse=True)
    for old in kept[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
