"""The register's read path: `record list`, `record show` and `undertakings list` print the
same on SQLite (read with the stdlib, no SQLAlchemy) and on PostgreSQL (through it).

Each test runs on both databases (`db_url`); the register is named by
`DRAFTKIT_DATABASE_URL`, as a department's shared register would be.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit import register
from draftkit.cli import app
from draftkit.register import migrations
from draftkit.register.reads import EngineReader, SqliteReader
from hansard_support import import_migrant_case, lords_2009_workspace
from test_imports import loaded_modules

FIRST = dt.datetime(2019, 5, 30, 9, 30, tzinfo=dt.UTC)
AGAIN = dt.datetime(2019, 6, 2, 16, 5, 7, 123456, tzinfo=dt.UTC)


def letter(reference: str, day: dt.date, discharges: tuple[str, ...] = ()) -> register.LetterRecord:
    return register.LetterRecord(
        reference=reference,
        case_path=f"cases/{reference}",
        debate="grooming-gangs-2019-05-14",
        sender_id="home-office-mos-lords",
        sender_name="Baroness Williams of Trafford",
        addressee_id="lord-rosser",
        addressee_name="Lord R",
        date=day,
        snippets=(("cse-evidence-base", 1), ("taxi-cross-border-tfg", 2)),
        discharges=discharges,
    )


def files(reference: str, copies: int, houses: tuple[str, ...]) -> list[register.FileRecord]:
    """The addressee's file, `copies` copies and a Library copy per House, as recorded."""
    people: list[tuple[str, str, register.Role, int]] = [
        ("lord-rosser", "Lord Rosser", "addressee", 10),
        *((f"peer-{n}", f"Lord Peer {n}", "copy", 11) for n in range(copies)),
        *((f"library-{h}", f"House of {h.title()} Library", "library", 12) for h in houses),
    ]
    return [
        register.FileRecord(rid, name, role, f"out/{reference}/{rid}.pdf", str(size) * 32, size)
        for rid, name, role, size in people
    ]


@pytest.fixture
def workspace(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose register (at `db_url`) holds two letters: MC-B batched twice (two
    copies, then three, deposited in both Libraries) and MC-A once, discharging a promise."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "draftkit.toml").write_text("")
    monkeypatch.setenv(register.ENV_URL, db_url)
    engine = register.connect(db_url)
    with register.transaction(engine) as session:
        a = letter("MC-A", dt.date(2019, 5, 30), ("debate.u1",))
        b = letter("MC-B", dt.date(2019, 6, 1))
        register.record_batch(session, a, files("MC-A", 1, ("lords",)), FIRST, "out/MC-A")
        register.record_batch(session, b, files("MC-B", 2, ("lords",)), FIRST, "out/MC-B")
        both = files("MC-B", 3, ("lords", "commons"))
        register.record_batch(session, b, both, AGAIN, "out/MC-B")
    register.record_deposit(engine, "MC-B", "DEP-C", "commons")
    register.record_deposit(engine, "MC-B", "DEP-L", "lords")
    (root / "out" / "MC-B").mkdir(parents=True)
    (root / "out" / "MC-B" / "library-lords.pdf").write_bytes(b"changed since")
    engine.dispose()
    return root


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_record_list_reads_the_same_on_both_databases(workspace: Path) -> None:
    code, stdout, stderr = run("record", "list", "-w", workspace)
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [
        "reference  dated       copies  batched (UTC)     deposited                     to",
        "---------  -----       ------  -------------     ---------                     --",
        "MC-B       2019-06-01  3       2019-06-02 16:05  commons: DEP-C, lords: DEP-L  Lord R",
        "MC-A       2019-05-30  1       2019-05-30 09:30  -                             Lord R",
    ]
    code, stdout, stderr = run("record", "list", "-w", workspace, "--limit", "1")
    assert code == 0 and len(stdout.splitlines()) == 3
    assert stderr == "the newest 1 of 2 letters; --limit N or --all for more\n"
    code, stdout, _ = run("record", "list", "-w", workspace, "--json")
    b, a = json.loads(stdout)
    assert b == {
        "reference": "MC-B",
        "addressee": "Lord R",
        "date": "2019-06-01",
        "batches": 2,
        "last_rendered_at": "2019-06-02 16:05:07.123456+00:00",
        "copies": 3,
        "deposits": {"commons": "DEP-C", "lords": "DEP-L"},
    }
    assert (a["batches"], a["copies"], a["deposits"]) == (1, 1, {})


def test_record_show_reads_the_same_on_both_databases(workspace: Path) -> None:
    code, stdout, stderr = run("record", "show", "MC-B", "-w", workspace)
    assert code == 0
    assert stdout.splitlines() == [
        "MC-B  2019-06-01  to Lord R",
        "from Baroness Williams of Trafford; debate grooming-gangs-2019-05-14; case cases/MC-B",
        "snippets: cse-evidence-base v1, taxi-cross-border-tfg v2",
        "batches: 2; files sent 2019-06-02 16:05 UTC",
        "deposited in the House of Commons Library as DEP-C",
        "deposited in the House of Lords Library as DEP-L",
        "role       file                 on disk  recipient",
        "----       ----                 -------  ---------",
        "addressee  lord-rosser.pdf      missing  Lord Rosser",
        "copy       peer-0.pdf           missing  Lord Peer 0",
        "copy       peer-1.pdf           missing  Lord Peer 1",
        "copy       peer-2.pdf           missing  Lord Peer 2",
        "library    library-lords.pdf    changed  House of Lords Library",
        "library    library-commons.pdf  missing  House of Commons Library",
    ]
    assert "some dispatched files no longer match the register" in stderr
    code, stdout, _ = run("record", "show", "MC-A", "-w", workspace, "--json")
    shown = json.loads(stdout)
    assert shown["discharges"] == ["debate.u1"]
    assert shown["batches"] == ["2019-05-30 09:30:00+00:00"]
    assert [(f["role"], f["bytes"], f["dispatched_at"]) for f in shown["files"]] == [
        ("addressee", 10, "2019-05-30 09:30:00+00:00"),
        ("copy", 11, "2019-05-30 09:30:00+00:00"),
        ("library", 12, "2019-05-30 09:30:00+00:00"),
    ]
    code, _, stderr = run("record", "show", "NOPE", "-w", workspace)
    assert code == 1 and stderr == "error: no letter `NOPE` in the register\n"


def test_the_reads_agree_with_what_was_recorded(workspace: Path, db_url: str) -> None:
    """Through whichever reader the workspace gets, and through SQLAlchemy, the same records."""
    engine = register.connect(db_url)  # first: a reader's snapshot holds off a writer's commit
    reader = register.open_reader(workspace)
    assert reader is not None
    expected = SqliteReader if db_url.startswith("sqlite") else EngineReader
    assert type(reader) is expected
    with reader:
        for ref in ("MC-A", "MC-B"):
            detail = register.letter_detail(reader, ref)
            assert detail == register.letter_detail(engine, ref)
        assert register.list_letters(reader) == register.list_letters(engine)
        assert register.discharged(reader, ["debate.u1", "other"]) == {"debate.u1": ("MC-A", FIRST)}
        assert register.discharged(reader) == register.discharged(engine)
        assert not register.batch_pending(reader, "MC-A")
    b = register.letter_detail(engine, "MC-B")
    assert [batch.rendered_at for batch in b.batches] == [FIRST, AGAIN]
    assert b.letter == letter("MC-B", dt.date(2019, 6, 1))
    assert [f.dispatched_at for f in b.batches[-1].files] == [AGAIN] * 6


def test_undertakings_list_reads_discharges_the_same_on_both_databases(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = lords_2009_workspace(tmp_path / "ws")
    import_migrant_case(ws, "cases/migrant")
    monkeypatch.setenv(register.ENV_URL, db_url)
    result = CliRunner().invoke(app, ["undertakings", "list", "-w", str(ws), "--json"])
    [promise] = json.loads(result.stdout)
    assert promise["letter"] is None
    engine = register.connect(db_url)
    with register.transaction(engine) as session:
        done = letter("MC-U", dt.date(2009, 11, 2), (promise["id"],))
        register.record_batch(session, done, files("MC-U", 0, ("lords",)), AGAIN, "out/MC-U")
    result = CliRunner().invoke(app, ["undertakings", "list", "-w", str(ws), "--json"])
    [promise] = json.loads(result.stdout)
    assert (promise["status"], promise["letter"], promise["discharged_on"]) == (
        "discharged",
        "MC-U",
        "2019-06-02",
    )


def sqlite_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with its own `draftkit.db`, at the current schema, holding MC-A."""
    monkeypatch.delenv(register.ENV_URL, raising=False)
    root = tmp_path / "ws"
    root.mkdir()
    (root / "draftkit.toml").write_text("")
    engine = register.open_register(root)
    with register.transaction(engine) as session:
        a = letter("MC-A", dt.date(2019, 5, 30))
        register.record_batch(session, a, files("MC-A", 1, ("lords",)), FIRST, "out/MC-A")
    engine.dispose()
    return root


def test_record_list_and_show_on_sqlite_never_import_sqlalchemy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sqlite_workspace(tmp_path, monkeypatch)
    for command in (["record", "list"], ["record", "show", "MC-A"]):
        loaded = loaded_modules(*command, "-w", str(root))
        assert "draftkit.register.reads" in loaded  # the probe sees the register's own imports
        assert sorted(m for m in loaded if m.startswith(("sqlalchemy", "pydantic_settings"))) == []
        assert "draftkit.register.schema" not in loaded


def test_the_probe_sees_sqlalchemy_where_a_command_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a blind probe: noting a deposit writes through SQLAlchemy."""
    root = sqlite_workspace(tmp_path, monkeypatch)
    loaded = loaded_modules("record", "deposit", "MC-A", "DEP-1", "-w", str(root))
    assert "sqlalchemy" in loaded and "draftkit.register.database" in loaded


def test_an_older_or_missing_register_goes_the_sqlalchemy_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No file: `record list` makes the register; an older schema is migrated first."""
    monkeypatch.delenv(register.ENV_URL, raising=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert register.open_reader(empty, create=False) is None
    assert not (empty / "draftkit.db").exists()
    code, stdout, _ = run("record", "list", "-w", empty)
    assert code == 0 and "holds no letters yet" in stdout
    assert (empty / "draftkit.db").is_file()

    root = sqlite_workspace(tmp_path, monkeypatch)
    engine = register.open_register(root)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_letters_newest"))
        conn.execute(text("UPDATE schema_version SET version = 4"))
    engine.dispose()
    reader = register.open_reader(root)
    assert isinstance(reader, EngineReader)  # migrated by `connect` on the way
    with reader:
        assert [s.reference for s in register.list_letters(reader)] == ["MC-A"]
    with sqlite3.connect(root / "draftkit.db") as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(migrations.LATEST,)]
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "ix_letters_newest" in indexes
    assert isinstance(register.open_reader(root), SqliteReader)


def test_a_locked_register_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sqlite_workspace(tmp_path, monkeypatch)
    monkeypatch.setenv(register.ENV_TIMEOUT, "0")
    holder = sqlite3.connect(root / "draftkit.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a writer mid-commit: no reader may look
    try:
        code, stdout, stderr = run("record", "list", "-w", root)
    finally:
        holder.close()
    assert (code, stdout) == (1, "")
    assert "is locked by another program; try again shortly (database is locked)" in stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr


def test_undertakings_list_on_sqlite_loads_neither_sqlalchemy_nor_the_debate_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(register.ENV_URL, raising=False)
    ws = lords_2009_workspace(tmp_path / "ws")
    import_migrant_case(ws, "cases/migrant")
    register.open_register(ws).dispose()
    loaded = loaded_modules("undertakings", "list", "-w", str(ws))
    assert "draftkit.register.reads" in loaded  # the register was asked
    assert sorted(m for m in loaded if m.startswith("sqlalchemy")) == []
    assert "draftkit.hansard.review" not in loaded  # reading a debate needs no round trip
    assert sorted(m for m in loaded if m.startswith("rich")) == []  # plain columns


def test_undertakings_list_prints_whole_ids_in_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each undertaking on one line, its id and members' ids whole, to copy into a command."""
    monkeypatch.delenv(register.ENV_URL, raising=False)
    ws = lords_2009_workspace(tmp_path / "ws")
    import_migrant_case(ws, "cases/migrant")
    listed = CliRunner().invoke(app, ["undertakings", "list", "-w", str(ws), "--json"])
    (row,) = json.loads(listed.stdout)
    shown = CliRunner().invoke(app, ["undertakings", "list", "-w", str(ws)])
    assert shown.exit_code == 0, shown.output
    header, rule, line = shown.stdout.splitlines()
    assert header.split() == ["id", "status", "due", "column", "letter", "to"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert line.split(None, 5) == [
        row["id"], row["status"], row["due"], str(row["column"]), row["letter"] or "-",
        ", ".join(row["to"]),
    ]  # fmt: skip


def test_is_signed_reads_the_register_as_the_engine_does(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drafted, signed, dispatched, then changed: the stdlib read (SQLite) and the engine's
    (PostgreSQL) give each answer, and a change since signing is still recorded."""
    from draftkit.clearance import workflow
    from draftkit.workspace import load_case

    shutil.copytree(EXAMPLES, tmp_path / "example", ignore=shutil.ignore_patterns("*.db"))
    case = tmp_path / "example" / "grooming-gangs-2019"
    monkeypatch.setenv(register.ENV_URL, db_url)
    loaded = load_case(case)
    assert workflow.is_signed(loaded) is False
    assert not (tmp_path / "register.db").exists()  # asking makes no register
    engine = register.connect(db_url)
    workflow.approve(engine, loaded, "Jo Smith", "Policy lead")
    assert workflow.is_signed(loaded) is False
    workflow.sign(engine, loaded, "Baroness Williams of Trafford")
    assert workflow.is_signed(loaded) is True
    record = register.LetterRecord(**{**vars(letter(loaded.letter.reference, FIRST.date()))})
    sent = dt.datetime.now(dt.UTC)
    with register.transaction(engine) as session:
        register.record_batch(session, record, files(record.reference, 1, ()), sent, "out/x")
    assert workflow.is_signed(loaded) is True
    reader = register.open_reader(case.parent)
    assert isinstance(reader, SqliteReader if db_url.startswith("sqlite") else EngineReader)
    with reader:
        read = register.history(reader, loaded.letter.reference)
    assert read == register.history(engine, loaded.letter.reference)
    assert [(e.state, e.by, e.role) for e in read] == [
        ("drafted", None, None),
        ("cleared", "Jo Smith", "Policy lead"),
        ("signed", "Baroness Williams of Trafford", None),
        ("dispatched", "Baroness Williams of Trafford", None),
    ]
    assert read[-1].at == sent and read[-1].note == "out/x" and read[2].inputs_sha256

    letter_yaml = case / "letter.yaml"
    letter_yaml.write_text(letter_yaml.read_text(encoding="utf-8") + "\n# changed\n", "utf-8")
    changed = load_case(case)
    assert workflow.is_signed(changed) is False
    after = register.history(engine, changed.letter.reference)
    assert (after[-1].state, after[-1].note) == ("drafted", workflow.CHANGED_NOTE)
    assert workflow.is_signed(changed) is False
    assert len(register.history(engine, changed.letter.reference)) == len(after)  # once
    engine.dispose()


def test_a_letter_batched_unsigned_is_dispatched_without_a_signature(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No signature to carry and none changed: nothing is recorded by asking, however often,
    and the letter signed afterwards carries it."""
    from draftkit.clearance import workflow
    from draftkit.workspace import load_case

    shutil.copytree(EXAMPLES, tmp_path / "example", ignore=shutil.ignore_patterns("*.db"))
    monkeypatch.setenv(register.ENV_URL, db_url)
    case = load_case(tmp_path / "example" / "grooming-gangs-2019")
    engine = register.connect(db_url)
    record = letter(case.letter.reference, FIRST.date())
    with register.transaction(engine) as session:
        register.record_batch(session, record, files(record.reference, 1, ()), FIRST, "out/x")
    for _ in range(2):
        assert workflow.is_signed(case) is False
        now = workflow.current(engine, case)
        assert (now.state, now.signed) == ("dispatched", False)
    assert [e.state for e in register.history(engine, case.letter.reference)] == ["dispatched"]
    workflow.sign(engine, case, "Baroness Williams of Trafford")
    assert workflow.is_signed(case) is True
    assert workflow.current(engine, case).state == "signed"
    engine.dispose()
