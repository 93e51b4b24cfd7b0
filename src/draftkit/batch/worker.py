"""A worker process forked as a batch starts, warming up while this one prepares the letter.

A batch's fixed cost is mostly imports: WeasyPrint's alone is about as long as laying the
letter out. `draftkit batch` forks this worker as soon as the command is known
(`draftkit.program.main` calls `fork_early`, before Typer reads the options or the register
or the case loader is imported), so the worker imports the render layer on the other
core while this process loads the case, composes the letter and (once the layout job is
sent) runs the checks and writes the Word version. Only `fork` starts a process cheaply
enough to be worth it; without it (or on one core) `Worker.start()` gives a worker that
takes no job, and the batch lays everything out in this process as before.

This module imports nothing heavy, so that starting the worker costs the command nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any


def can_fork() -> bool:
    """Is a forked helper process cheap and useful here: `fork` and a second core?"""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _warm() -> None:
    """Import what laying out needs (WeasyPrint, pypdf, the slips) before the job comes."""
    from ..render import pdf  # noqa: F401
    from . import assemble, layout, slips  # noqa: F401


def _serve(conn: Connection, parents: Connection) -> None:
    """The worker's life: warm up, then run each job sent and send back its outcome.

    `parents` is the other end, inherited by the fork: closed at once, so that the
    worker reads the end of its pipe, and stops, when the batch's process is gone. The
    worker leads a process group of its own, so that stopping it mid-job stops the
    helper it may have forked too (`close`).
    """
    parents.close()
    os.setpgid(0, 0)
    with contextlib.suppress(Exception):  # a broken import fails again, reported, in the job
        _warm()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, args = message
        try:
            reply: tuple[bool, Any] = (True, job(*args))
        except BaseException as exc:  # the caller re-raises it
            reply = (False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # an outcome that cannot be pickled
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class Worker(contextlib.AbstractContextManager["Worker"]):
    """One forked process that runs one job at a time for this one (`submit`, `result`)."""

    def __init__(self, process: Any = None, conn: Connection | None = None) -> None:
        self.process = process
        self.conn = conn
        #: What the job being run is for (the caller's own marker), None when idle.
        self.job_for: object = None

    @classmethod
    def start(cls) -> Worker:
        """The worker forked early for this command (`fork_early`), else one forked now."""
        return _early.pop() if _early else cls.fork()

    @classmethod
    def fork(cls) -> Worker:
        """Fork the worker now, if forking is worth it; else a worker that takes no job."""
        if not can_fork():
            return cls()
        context = multiprocessing.get_context("fork")
        mine, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, mine), name="draftkit-render")
        process.start()
        with contextlib.suppress(OSError, TypeError):  # as the worker does: whoever is first
            os.setpgid(process.pid, process.pid)  # type: ignore[arg-type]
        theirs.close()
        return cls(process, mine)

    def submit(self, job_for: object, job: Callable[..., Any], *args: Any) -> bool:
        """Send `job(*args)` to the worker; False if it takes none (none forked, busy,
        stopped, or a job that cannot be pickled: the caller runs it itself)."""
        if self.conn is None or self.job_for is not None:
            return False
        try:
            self.conn.send((job, args))
        except (pickle.PicklingError, AttributeError, TypeError):
            return False  # pickled before anything is written, so nothing was sent
        except OSError:
            self.close()
            return False
        self.job_for = job_for
        return True

    def result(self) -> tuple[bool, Any]:
        """(True, the job's value) once it is done (its exception is raised here), or
        (False, None) if no job was sent or the worker died on it."""
        if self.conn is None or self.job_for is None:
            return False, None
        try:
            ok, value = self.conn.recv()
        except (EOFError, OSError):
            self.close()
            return False, None
        self.job_for = None
        if not ok:
            raise value
        return True, value

    def close(self, *, now: bool = False) -> None:
        """Stop the worker: at once if it is still on a job nobody will collect, or `now`."""
        if self.process is None or self.conn is None:
            return
        if self.job_for is None and not now:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        else:  # the worker and any helper it forked: nobody will collect their work
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.process = self.conn = None
        self.job_for = None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


#: A worker forked by `fork_early` that the batch command has not taken yet.
_early: list[Worker] = []


def fork_early() -> Callable[[], None]:
    """Fork the worker as soon as the command is known to be `batch`, before its options
    are read (Typer's coercion imports pydantic first); `Worker.start` hands it over.

    Returns what stops it at the command's end: a worker the batch never took (a usage
    error, `--help`) is stopped at once instead of being left to finish warming up.
    """
    worker = Worker.fork()
    _early.append(worker)

    def done() -> None:
        if worker in _early:
            _early.remove(worker)
        worker.close(now=True)

    return done
