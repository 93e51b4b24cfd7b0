"""One batch per reference at a time: an exclusive lock on `OUT/.<reference>.lock`.

The kernel drops the lock when its process ends, however it ends (SIGKILL included), so
a lock is never left stale; the file says who holds it, for the one that is turned away.
The holder removes the file as it lets go; a locker that finds it has locked a file
already removed (it opened the old one just before) tries again on the new one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Another process is batching the same reference into the same folder."""


def holder() -> str:
    """Who this process is, as the lock file and the journal record it."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"process {os.getpid()} on {socket.gethostname()} since {now}"


def lock_path(out: Path, reference: str) -> Path:
    return out / f".{reference}.lock"


def _take(path: Path, reference: str, out: Path) -> int:
    """An open descriptor on the lock file at `path`, locked; `Busy` if someone holds it."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:  # name the folder, not the hidden lock file
            raise OSError(exc.errno, exc.strerror, str(out)) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise Busy(
                f"{reference} is being batched into {out} by {other}; "
                "wait for it to finish, then run the batch again"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # removed by the holder before we locked it: lock the new one


@contextmanager
def batch_lock(out: Path, reference: str) -> Iterator[str]:
    """Hold the reference's lock for the block (yielding who holds it); `Busy` if taken."""
    path = lock_path(out, reference)
    fd = _take(path, reference, out)
    try:
        me = holder()
        os.ftruncate(fd, 0)
        os.pwrite(fd, me.encode("utf-8"), 0)
        yield me
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)
