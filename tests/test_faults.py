"""Nothing lost under faults: batches killed, run at once, starved of the lock, server or disk.

Each batch here is a separate process (`tests/fault_batch.py`: the real batch with a fast
stand-in back end) that the test kills with SIGKILL at a step boundary
(`DRAFTKIT_FAULT=die:POINT`) or at a random instant, or pauses at one
(`pause:POINT`) while it takes a lock, stops the server or fills the disk. After each,
`record show` agrees with the disk (or says a batch is pending), `record repair` leaves
exactly the set the register describes with nothing hidden beside it, and a re-run
succeeds. On SQLite and on PostgreSQL. `DRAFTKIT_FAULT_TRIALS` raises the number of
random kills (benchmarks/faults.py runs many and reports the outcomes).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from draftkit.batch.faults import POINTS
from draftkit.cli import app
from fault_batch import batch as batch_here

RUNNER = ROOT / "tests" / "fault_batch.py"
REF = "MC2019-05-30-rosser"
REF2 = "MC2019-05-30-rosser-second"
TRIALS = int(os.environ.get("DRAFTKIT_FAULT_TRIALS", "2"))


@pytest.fixture
def db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The register for this test, for the in-process commands and every child alike."""
    monkeypatch.setenv("DRAFTKIT_DATABASE_URL", db_url)
    monkeypatch.setenv("DRAFTKIT_DATABASE_TIMEOUT", "30")
    return db_url


class Child:
    """A batch in its own process, which the test can pause at a step boundary and kill."""

    def __init__(self, case: Path, out: Path, mark: str, fault: str | None = None) -> None:
        self.reached_r, reached_w = os.pipe()
        go_r, self.go_w = os.pipe()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]),
            "DRAFTKIT_TEST_MARK": mark,
            "DRAFTKIT_FAULT_REACHED_FD": str(reached_w),
            "DRAFTKIT_FAULT_GO_FD": str(go_r),
        }
        if fault:
            env["DRAFTKIT_FAULT"] = fault
        self.proc = subprocess.Popen(
            [sys.executable, str(RUNNER), str(case), str(out)],
            env=env,
            pass_fds=(reached_w, go_r),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.close(reached_w)
        os.close(go_r)

    def reached(self, timeout: float = 120) -> str:
        """Wait until the child pauses; the point's name (what it printed if it ended first)."""
        ready, _, _ = select.select([self.reached_r], [], [], timeout)
        assert ready, "the child neither paused nor ended"
        point = os.read(self.reached_r, 100).decode().strip()
        return point or f"ended: {self.finish()}"

    def go(self) -> None:
        os.write(self.go_w, b"g")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGKILL)

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for the child to end; its exit code and what it printed on stderr."""
        _, err = self.proc.communicate(timeout=timeout)
        for fd in (self.reached_r, self.go_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        return self.proc.returncode, err


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mark_on_disk(out: Path, reference: str = REF) -> str | None:
    """Which run's set is in the folder (the mark in its letter), or None when there is none."""
    letter = out / reference / "letter.pdf"
    if not letter.is_file():
        return None
    return letter.read_bytes().split(b"\n", 1)[0].rsplit(b" ", 1)[-1].decode()


def assert_honest(ws: Path, reference: str = REF) -> None:
    """Before any repair: `record show` matches the disk, or says a batch is pending."""
    code, stdout, stderr = cli("record", "show", reference, "--json", "-w", str(ws))
    if code == 1:
        assert "no letter" in stderr, stderr
        return
    states = {f["on_disk"] for f in json.loads(stdout)["files"]}
    assert states == {"ok"} or "still pending" in stderr, (states, stderr)


def assert_consistent(ws: Path, out: Path, reference: str = REF) -> None:
    """After `record repair`: the register's set is on disk exactly, and nothing is hidden."""
    code, stdout, stderr = cli("record", "repair", "-w", str(ws))
    assert code == 0, stderr
    folder = out / reference
    # A killed holder's lock file may stay (empty of meaning: the kernel dropped its lock;
    # the next batch takes it over and removes it); nothing else hidden may.
    leftovers = sorted(p.name for p in out.glob(f".{reference}.*") if p.suffix != ".lock")
    assert leftovers == [], leftovers
    code, stdout, stderr = cli("record", "show", reference, "--json", "-w", str(ws))
    if code == 1:
        assert "no letter" in stderr, stderr
        assert not folder.exists()
        return
    assert "pending" not in stderr
    shown = json.loads(stdout)
    assert {f["on_disk"] for f in shown["files"]} == {"ok"}
    manifest = json.loads((folder / "manifest.json").read_text())
    on_disk = {p.name: sha(p) for p in folder.iterdir() if p.name != "manifest.json"}
    assert on_disk == {f["path"].rsplit("/", 1)[-1]: f["sha256"] for f in shown["files"]}
    assert on_disk == {f["path"]: f["sha256"] for f in manifest["files"]}


def rerun(ws: Path, case: Path, out: Path, mark: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTKIT_TEST_MARK", mark)
    batch_here(case, out)
    assert mark_on_disk(out, case_reference(case)) == mark
    assert_consistent(ws, out, case_reference(case))


def case_reference(case: Path) -> str:
    return REF2 if case.name.endswith("-second") else REF


def second_case(case: Path) -> Path:
    """Another case in the same workspace: the same letter under another reference."""
    other = case.parent / f"{case.name}-second"
    other.mkdir()
    (other / "debate.yaml").write_text((case / "debate.yaml").read_text(encoding="utf-8"))
    text = (case / "letter.yaml").read_text(encoding="utf-8")
    assert f"reference: {REF}" in text
    (other / "letter.yaml").write_text(text.replace(f"reference: {REF}", f"reference: {REF2}"))
    return other


def batch_once(case: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The letter batched once (mark A) into `out`."""
    monkeypatch.setenv("DRAFTKIT_TEST_MARK", "A")
    batch_here(case, out)
    return out


@pytest.fixture
def first_set(db: str, case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose letter was batched once (mark A) into tmp_path/out."""
    return batch_once(case, tmp_path / "out", monkeypatch)


@pytest.fixture
def sqlite_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    monkeypatch.setenv("DRAFTKIT_DATABASE_URL", url)
    monkeypatch.setenv("DRAFTKIT_DATABASE_TIMEOUT", "30")
    return url


@pytest.fixture
def pg_db(pg_server: object, monkeypatch: pytest.MonkeyPatch) -> str:
    url: str = pg_server.new_database()  # type: ignore[attr-defined]
    monkeypatch.setenv("DRAFTKIT_DATABASE_URL", url)
    monkeypatch.setenv("DRAFTKIT_DATABASE_TIMEOUT", "30")
    return url


#: Which set stands after a kill at each step boundary and the repair: the old one until
#: every file of the new one is on disk, then the new one.
AFTER_KILL = {
    "rendered": "A",
    "locked": "A",
    "pending": "A",
    "staged": "B",
    "installed": "B",
    "complete": "B",
}


@pytest.mark.parametrize("point", POINTS)
def test_killed_at_each_step_boundary(
    point: str, first_set: Path, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, out = case.parent, first_set
    code, _ = Child(case, out, "B", fault=f"die:{point}").finish()
    assert code == -signal.SIGKILL
    assert_honest(ws)
    assert_consistent(ws, out)
    assert mark_on_disk(out) == AFTER_KILL[point]
    rerun(ws, case, out, "C", monkeypatch)


def test_killed_at_random_instants(
    first_set: Path, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each trial is killed a random few milliseconds into its journal, disk and register work."""
    ws, out = case.parent, first_set
    rng = random.Random(14)
    outcomes = []
    for trial in range(TRIALS):
        before = mark_on_disk(out)
        child = Child(case, out, f"R{trial}", fault="pause:rendered")
        assert child.reached() == "rendered"
        child.go()
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.proc.wait(timeout=rng.uniform(0, 0.15))
        child.kill()
        code, err = child.finish()
        assert code in (0, -signal.SIGKILL), err
        assert_honest(ws)
        assert_consistent(ws, out)
        after = mark_on_disk(out)
        assert after in (before, f"R{trial}")
        outcomes.append("new" if after == f"R{trial}" else "old")
    print(
        f"random kills: {TRIALS} trials, {outcomes.count('new')} left the new set, "
        f"{outcomes.count('old')} the old one, none anything else"
    )
    rerun(ws, case, out, "C", monkeypatch)


@pytest.mark.parametrize("cases", [("same", "same"), ("same", "same", "other", "other")])
def test_concurrent_batches(
    cases: tuple[str, ...], db: str, case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of the same case at once: one at a time, the others told who holds the lock."""
    ws, out = case.parent, tmp_path / "out"
    other = second_case(case) if "other" in cases else case
    children = [
        Child(case if which == "same" else other, out, f"P{n}", fault="pause:rendered")
        for n, which in enumerate(cases)
    ]
    for child in children:
        assert child.reached() == "rendered"
    for child in children:  # all at once, into the same folder and register
        child.go()
    results = [child.finish() for child in children]
    for code, err in results:
        assert "Traceback" not in err
        assert code == 0 or (code == 1 and "is being batched into" in err and "process" in err), err
    for reference, which in ((REF, "same"), (REF2, "other")):
        if which in cases:
            mine = [r for r, w in zip(results, cases, strict=True) if w == which]
            assert any(code == 0 for code, _ in mine)
            assert_consistent(ws, out, reference)
    rerun(ws, case, out, "C", monkeypatch)


def test_a_reader_holding_the_sqlite_lock(
    sqlite_db: str, case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit that records the batch cannot get the lock: the set is taken back out."""
    ws, out = case.parent, batch_once(case, tmp_path / "out", monkeypatch)
    monkeypatch.setenv("DRAFTKIT_DATABASE_TIMEOUT", "1")  # give up on the lock after 1 s
    child = Child(case, out, "B", fault="pause:installed")
    assert child.reached() == "installed"
    reader = sqlite3.connect(sqlite_db.removeprefix("sqlite:///"), isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM letters").fetchall()  # holds SQLite's shared lock
    child.go()
    code, err = child.finish()
    reader.execute("ROLLBACK")
    reader.close()
    assert code == 1 and "is locked" in err and err.count("\n") == 1, err
    assert mark_on_disk(out) == "A"
    assert_honest(ws)
    assert_consistent(ws, out)
    rerun(ws, case, out, "C", monkeypatch)


def test_the_server_stopped_mid_batch(
    pg_db: str, pg_server: object, case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register goes away after the files are installed: they are taken back out."""
    ws, out = case.parent, batch_once(case, tmp_path / "out", monkeypatch)
    child = Child(case, out, "B", fault="pause:installed")
    assert child.reached() == "installed"
    pg_server.stop()  # type: ignore[attr-defined]
    try:
        child.go()
        code, err = child.finish()
    finally:
        pg_server.start()  # type: ignore[attr-defined]
    assert code == 1 and err.count("\n") == 1, err
    assert "s3cret-pw" not in err and "***@127.0.0.1" in err
    assert_consistent(ws, out)
    assert mark_on_disk(out) in ("A", "B")
    rerun(ws, case, out, "C", monkeypatch)


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[bool]:
    """A tmpfs of `size` at `where` (yields True), or where root may not mount, nothing (False)."""
    where.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            capture_output=True,
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(where)], check=True)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def fake_os_error(monkeypatch: pytest.MonkeyPatch, errno_: int) -> None:
    """Without a real small or read-only disk: writing the set fails as that disk would."""
    from draftkit.batch import run

    def failing(staging: Path, data: dict[str, bytes]) -> None:
        raise OSError(errno_, os.strerror(errno_), str(staging / "letter.pdf"))

    monkeypatch.setattr(run, "_stage", failing)


def batch_cli(case: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`draftkit batch CASE -o OUT` in-process, with the stand-in back end."""
    from draftkit.batch import layout
    from fault_batch import FAST

    monkeypatch.setattr(layout, "default_backend", lambda: FAST)
    code, _, stderr = cli("batch", str(case), "-o", str(out), "-q", "--force")
    return code, stderr


def test_a_full_disk(db: str, case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No space for the set: one line naming the folder, exit 1, nothing left, none recorded."""
    ws, disk = case.parent, tmp_path / "disk"
    with small_disk(disk, "24k") as real:
        if not real:
            fake_os_error(monkeypatch, errno.ENOSPC)
        monkeypatch.setenv("DRAFTKIT_TEST_MARK", "B")
        code, stderr = batch_cli(case, disk / "out", monkeypatch)
        assert code == 1 and "No space left on device" in stderr, stderr
        assert stderr.count("\n") == 1 and "Traceback" not in stderr
        assert str(disk / "out" / REF) in stderr.replace("\n", "")
        assert sorted(p.name for p in (disk / "out").iterdir()) == []
        assert_consistent(ws, disk / "out")
        if real:
            remount(disk, "size=4m")
        monkeypatch.undo()
        monkeypatch.setenv("DRAFTKIT_DATABASE_URL", db)
        rerun(ws, case, disk / "out", "C", monkeypatch)


def test_a_read_only_output_folder(
    db: str, case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder cannot be written: the old set stands, one line, exit 1."""
    ws, disk = case.parent, tmp_path / "disk"
    with small_disk(disk, "4m") as real:
        batch_once(case, disk / "out", monkeypatch)
        if real:
            remount(disk, "ro")
        else:
            fake_os_error(monkeypatch, errno.EROFS)
        monkeypatch.setenv("DRAFTKIT_TEST_MARK", "B")
        code, stderr = batch_cli(case, disk / "out", monkeypatch)
        assert code == 1 and "Read-only file system" in stderr, stderr
        assert stderr.count("\n") == 1 and "Traceback" not in stderr
        assert mark_on_disk(disk / "out") == "A"
        if real:
            remount(disk, "rw")
        assert_consistent(ws, disk / "out")
        monkeypatch.undo()
        monkeypatch.setenv("DRAFTKIT_DATABASE_URL", db)
        rerun(ws, case, disk / "out", "C", monkeypatch)
