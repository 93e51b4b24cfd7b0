"""A register of many letters: `record list` pages by one aggregate query, `show` by a few.

The letters are made through `register.record_batch` as `draftkit batch` makes them, with
a varying number of batches, copies and deposits, so the counts the list shows can be
checked against what was recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from typer.testing import CliRunner

from draftkit import register
from draftkit.cli import app
from draftkit.register.reads import SqliteReader

LETTERS = 120
START = dt.date(2020, 1, 1)
START_AT = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def letter(n: int) -> register.LetterRecord:
    return register.LetterRecord(
        reference=f"MC-{n:04d}",
        case_path=f"cases/c{n}",
        debate="d",
        sender_id="m",
        sender_name="Minister",
        addressee_id=f"peer-{n}",
        addressee_name=f"Lord Number {n}",
        date=START + dt.timedelta(days=n // 2),  # two letters a day: ties go by reference
        snippets=(("s", 1 + n % 3),),
        discharges=(f"u{n}",),
    )


def copies(n: int, batch: int) -> int:
    """Letter n's batch number `batch` sent this many copies (the latest counts)."""
    return (n + batch) % 5


def batches(n: int) -> int:
    return 1 + n % 3


def dispatches(n: int, batch: int) -> list[register.FileRecord]:
    def f(rid: str, role: register.Role) -> register.FileRecord:
        return register.FileRecord(rid, rid.title(), role, f"out/{n}/{rid}.pdf", "0" * 64, 10)

    return [
        f(f"peer-{n}", "addressee"),
        *(f(f"copy-{c}", "copy") for c in range(copies(n, batch))),
        f("library-lords", "library"),
    ]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("register")
    (root / "draftkit.toml").write_text("")
    engine = register.connect(register.database_url(root))
    with register.transaction(engine) as session:
        for n in range(LETTERS):
            for b in range(batches(n)):
                when = START_AT + dt.timedelta(hours=n * 3 + b)
                register.record_batch(session, letter(n), dispatches(n, b), when, f"out/{n}")
    for n in range(0, LETTERS, 7):
        register.record_deposit(engine, f"MC-{n:04d}", f"DEP-{n}")
    return root


@pytest.fixture
def engine(workspace: Path) -> Engine:
    return register.connect(register.database_url(workspace))


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on `engine` inside the block."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        seen.append(sql)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def newest_first() -> list[int]:
    return sorted(range(LETTERS), key=lambda n: (-letter(n).date.toordinal(), n))


def test_list_is_one_query_newest_first_with_the_latest_batch_counted(engine: Engine) -> None:
    with statements(engine) as sql:
        page = register.list_letters(engine, 50)
    assert len(sql) == 1
    order = newest_first()[:50]
    assert [s.reference for s in page] == [f"MC-{n:04d}" for n in order]
    for s, n in zip(page, order, strict=True):
        assert s.batches == batches(n)
        assert s.copies == copies(n, batches(n) - 1)
        last = START_AT + dt.timedelta(hours=n * 3 + batches(n) - 1)
        assert s.last_rendered_at == last
        assert [d.reference for d in s.deposits] == ([f"DEP-{n}"] if n % 7 == 0 else [])


def test_the_whole_list_is_still_one_query(engine: Engine) -> None:
    with statements(engine) as sql:
        every = register.list_letters(engine)
    assert len(sql) == 1 and len(every) == LETTERS == register.count_letters(engine)
    assert [s.reference for s in every] == [f"MC-{n:04d}" for n in newest_first()]


def test_detail_takes_the_same_few_queries_however_many_batches(engine: Engine) -> None:
    counts = []
    for n in (0, 1, 2):  # one, two and three batches
        with statements(engine) as sql:
            detail = register.letter_detail(engine, f"MC-{n:04d}")
        counts.append(len(sql))
        assert len(detail.batches) == batches(n)
        latest = detail.latest
        assert latest is not None
        assert [f.role for f in latest.files].count("copy") == copies(n, batches(n) - 1)
        assert detail.letter == letter(n)
    assert counts[0] == counts[1] == counts[2] <= 6


def test_a_batch_and_a_deposit_in_both_houses(tmp_path: Path) -> None:
    """A letter deposited in both Libraries is listed once, with both references."""
    ref = "MC-0001"
    engine = register.connect(register.database_url(tmp_path))
    with register.transaction(engine) as session:
        register.record_batch(session, letter(1), dispatches(1, 0), START_AT, "out/1")
        files = [*dispatches(1, 9), dispatches(1, 9)[-1]]
        files[-1] = register.FileRecord(
            "library-commons", "Commons", "library", "out/x.pdf", "0" * 64, 1
        )
        when = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
        register.record_batch(session, letter(1), files, when, "out/1")
    register.record_deposit(engine, ref, "DEP-C", "commons")
    register.record_deposit(engine, ref, "DEP-L", "lords")
    [summary] = [s for s in register.list_letters(engine) if s.reference == ref]
    assert {(d.house, d.reference) for d in summary.deposits} == {
        ("commons", "DEP-C"),
        ("lords", "DEP-L"),
    }
    assert summary.batches == 2 and summary.copies == copies(1, 9)


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_record_list_shows_the_newest_fifty_and_says_so(workspace: Path) -> None:
    code, stdout, stderr = run("record", "list", "-w", workspace)
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].split() == [
        "reference",
        "dated",
        "copies",
        "batched",
        "(UTC)",
        "deposited",
        "to",
    ]
    rows = lines[2:]
    assert len(rows) == 50
    assert [r.split()[0] for r in rows] == [f"MC-{n:04d}" for n in newest_first()[:50]]
    assert rows[0].index("Lord Number") == lines[0].index("to")  # columns line up
    assert "the newest 50 of 120 letters; --limit N or --all for more" in stderr


def test_record_list_limit_and_all(workspace: Path) -> None:
    code, stdout, stderr = run("record", "list", "--limit", "3", "-w", workspace)
    assert code == 0 and len(stdout.splitlines()) == 2 + 3 and "of 120" in stderr
    code, stdout, stderr = run("record", "list", "--all", "-w", workspace)
    assert code == 0 and len(stdout.splitlines()) == 2 + LETTERS and stderr == ""
    code, stdout, _ = run("record", "list", "--json", "-n", "2", "-w", workspace)
    assert [x["reference"] for x in json.loads(stdout)] == [
        f"MC-{n:04d}" for n in newest_first()[:2]
    ]
    code, _, _ = run("record", "list", "--limit", "0", "-w", workspace)
    assert code == 2


def test_record_show_lists_every_file_of_the_latest_batch(workspace: Path) -> None:
    n = 1
    sent = copies(n, batches(n) - 1)
    code, stdout, stderr = run("record", "show", f"MC-{n:04d}", "-w", workspace)
    assert code == 0 and sent == 2
    table = stdout.splitlines()[-(sent + 4) :]
    assert table[0].split() == ["role", "file", "on", "disk", "recipient"]
    assert [line.split()[0] for line in table[2:]] == ["addressee", "copy", "copy", "library"]
    assert all(line.split()[2] == "missing" for line in table[2:])
    assert "no longer match" in stderr


def test_discharges_are_looked_up_for_the_undertakings_asked_about(engine: Engine) -> None:
    with statements(engine) as sql:
        found = register.discharged(engine, {"u3", "u7", "nope"})
    assert len(sql) == 1
    assert found == {
        "u3": ("MC-0003", START_AT + dt.timedelta(hours=9)),  # the first of its batches
        "u7": ("MC-0007", START_AT + dt.timedelta(hours=21)),
    }
    many = {f"u{n}" for n in range(1200)}  # more ids than one IN clause takes
    with statements(engine) as sql:
        every = register.discharged(engine, many)
    assert len(sql) == 3 and every == register.discharged(engine)
    assert len(every) == LETTERS


def test_the_stdlib_reader_reads_what_sqlalchemy_reads(workspace: Path, engine: Engine) -> None:
    """`record list` and `show` read SQLite without SQLAlchemy: every letter of varied shape
    (one to three batches, none to four copies, deposits) comes back the same."""
    reader = register.open_reader(workspace)
    assert isinstance(reader, SqliteReader)
    with reader:
        assert register.list_letters(reader) == register.list_letters(engine)
        assert register.list_letters(reader, 7) == register.list_letters(engine, 7)
        assert register.count_letters(reader) == LETTERS
        for n in range(LETTERS):
            ref = f"MC-{n:04d}"
            assert register.letter_detail(reader, ref) == register.letter_detail(engine, ref)
        many = {f"u{n}" for n in range(1200)}
        assert register.discharged(reader, many) == register.discharged(engine, many)
