"""Exclusive locks held by a process for as long as it runs: `flock` on a small file.

The kernel drops the lock when its process ends, however it ends (SIGKILL included), so a
lock left behind by a process that is gone is free again at once: no stale-lock guessing
from pids that may have been reused. The file says who holds it, for the one turned away.
The holder removes the file as it lets go; a locker that finds it locked a file already
removed (it opened the old one just before) tries again on the new one. Used by the
batch (one per reference) and the editor (one per letter).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
from pathlib import Path


def holder() -> str:
    """Who this process is, as a lock file records it."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"process {os.getpid()} on {socket.gethostname()} since {now}"


def try_lock(path: Path) -> int | None:
    """An open descriptor on the file at `path`, locked, saying this process holds it; None
    if another process holds it. OSError if the file cannot be made (the folder's problem)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                os.ftruncate(fd, 0)
                os.pwrite(fd, holder().encode("utf-8"), 0)
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # removed by the holder before we locked it: lock the new one


def held_by(path: Path) -> str:
    """Who holds the lock at `path`, as its file says."""
    try:
        text = path.read_bytes()[:300].decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "another process"


def release(path: Path, fd: int) -> None:
    """Let go of a lock taken by `try_lock`, removing its file."""
    path.unlink(missing_ok=True)
    os.close(fd)
