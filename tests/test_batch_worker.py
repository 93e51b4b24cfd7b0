"""The render worker a batch forks as it starts: jobs run there, outcomes come back here.

What matters to a batch: a job's value and its exception (an `InputError` with its
problems) come back whole; a job the worker cannot take is run here instead; a worker
that dies or is left on a job nobody collects is stopped, never left behind.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from batchfakes import FAKE
from conftest import ROOT
from draftkit.batch import layout, run
from draftkit.batch import worker as worker_module
from draftkit.batch.plan import plan
from draftkit.batch.worker import Worker, can_fork, fork_early
from draftkit.compose import compose
from draftkit.errors import InputError, Problem
from draftkit.workspace import load_case

pytestmark = pytest.mark.skipif(not can_fork(), reason="the worker needs fork and two cores")


def pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def refuse(path: str) -> None:
    raise InputError([Problem(Path(path), 3, "letterhead", "no address space")])


def hang() -> None:
    threading.Event().wait()  # until the worker is stopped


def die() -> None:
    os._exit(3)


def test_a_job_runs_in_the_worker_and_its_value_comes_back() -> None:
    with Worker.start() as worker:
        assert worker.submit("job", pid_and, 21)
        done, (pid, value) = worker.result()
        assert done and value == 42 and pid not in (os.getpid(), None)
        assert worker.submit("again", pid_and, 1) and worker.result()[1][1] == 2


def test_an_input_error_comes_back_with_its_problems() -> None:
    with Worker.start() as worker:
        worker.submit("job", refuse, "letterheads/x")
        with pytest.raises(InputError) as caught:
            worker.result()
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == (Path("letterheads/x"), 3, "letterhead")


def test_a_job_that_cannot_be_pickled_is_refused_and_the_worker_stays_usable() -> None:
    with Worker.start() as worker:
        assert not worker.submit("job", lambda: 1)
        assert worker.job_for is None
        assert worker.submit("job", pid_and, 2) and worker.result()[1][1] == 4


def test_a_worker_left_on_a_job_is_stopped() -> None:
    worker = Worker.start()
    process = worker.process
    assert worker.submit("job", hang)
    worker.close()
    assert process is not None and not process.is_alive()
    assert not worker.submit("job", pid_and, 1)  # a stopped worker takes nothing more


def test_a_worker_that_dies_gives_no_result_and_the_batch_lays_out_here(case: Path) -> None:
    document = compose(load_case(case))
    files = plan(document)
    with Worker.start() as worker:
        assert worker.submit("job", die)
        assert worker.result() == (False, None)
        assert worker.process is None
        # render_files finds the worker gone (no job for this document) and works here.
        data = run.render_files(document, files, FAKE, run.quiet, worker)
    assert sorted(data) == sorted(f.name for f in files)


def test_the_layout_started_before_the_checks_is_the_one_used(case: Path) -> None:
    document = compose(load_case(case))
    files = plan(document)
    with Worker.start() as worker:
        layout.start_layout(worker, document, FAKE)
        assert worker.job_for == (document, FAKE)
        data = run.render_files(document, files, FAKE, run.quiet, worker)
        assert worker.job_for is None  # collected
    here = run.render_files(document, files, FAKE, run.quiet)
    assert data.keys() == here.keys()
    assert all(data[name] == here[name] for name in data if name != "letter.docx")


def helper_then_hang(fd: int) -> None:
    """Fork a helper as `lay_out` does, say its pid on `fd`, and never finish."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pool = ProcessPoolExecutor(1, mp_context=get_context("fork"))
    os.write(fd, str(pool.submit(os.getpid).result()).encode() + b"\n")
    hang()


def test_stopping_a_worker_mid_job_stops_the_helper_it_forked() -> None:
    read, write = os.pipe()
    worker = Worker.start()
    try:
        assert worker.submit("job", helper_then_hang, write)
        with os.fdopen(read) as said:
            helper = int(said.readline())
        watch = os.pidfd_open(helper)
        worker.close()
        ready, _, _ = select.select([watch], [], [], 30)
        assert ready == [watch]  # the helper has ended too
    finally:
        os.close(write)
        worker.close()


def test_the_worker_forked_early_is_the_one_the_batch_takes() -> None:
    done = fork_early()
    early = worker_module._early[0]
    taken = Worker.start()
    assert taken is early and not worker_module._early
    with taken:
        assert taken.submit("job", pid_and, 21)
        assert taken.result() == (True, (early.process.pid, 42))
    done()  # already closed by the batch: nothing left to do
    assert early.process is None


def test_an_early_worker_no_batch_took_is_stopped_at_once() -> None:
    done = fork_early()
    process = worker_module._early[0].process
    done()
    assert not process.is_alive() and not worker_module._early
    fresh = Worker.start()  # the next batch forks its own
    with fresh:
        assert fresh.process is not process and fresh.submit("job", pid_and, 1)
        assert fresh.result()[0]


def _session(pid: int) -> list[int]:
    """The processes still alive in session `pid` (the command's and its children's)."""
    alive = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if entry.name.isdigit() and int(fields[3]) == pid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


@pytest.mark.parametrize(
    ("args", "code"), [(["--help"], 0), (["no-such-case"], 2)], ids=["help", "usage-error"]
)
def test_draftkit_batch_that_stops_early_leaves_no_worker_behind(
    args: list[str], code: int, tmp_path: Path
) -> None:
    """`draftkit batch` forks its worker first; stopping before the batch, it stops it too."""
    command = [sys.executable, "-m", "draftkit", "batch", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    assert proc.wait(timeout=60) == code
    assert _session(proc.pid) == []
