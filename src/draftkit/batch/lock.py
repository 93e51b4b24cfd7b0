"""One batch per reference at a time: an exclusive lock on `OUT/.<reference>.lock`.

The lock is the kernel's (`draftkit.lockfile`): never left stale by a killed batch, and
its file says who holds it, for the one that is turned away.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import lockfile


class Busy(Exception):
    """Another process is batching the same reference into the same folder."""


def lock_path(out: Path, reference: str) -> Path:
    return out / f".{reference}.lock"


@contextmanager
def batch_lock(out: Path, reference: str) -> Iterator[str]:
    """Hold the reference's lock for the block (yielding who holds it); `Busy` if taken."""
    path = lock_path(out, reference)
    try:
        fd = lockfile.try_lock(path)
    except OSError as exc:  # name the folder, not the hidden lock file
        raise OSError(exc.errno, exc.strerror, str(out)) from exc
    if fd is None:
        raise Busy(
            f"{reference} is being batched into {out} by {lockfile.held_by(path)}; "
            "wait for it to finish, then run the batch again"
        )
    try:
        yield lockfile.held_by(path)
    finally:
        lockfile.release(path, fd)
