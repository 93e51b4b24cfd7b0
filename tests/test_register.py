"""The distribution register: schema on first use, migrations, records, deposits, hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.orm import Session

from draftkit import register
from draftkit.register import migrations
from draftkit.register.schema import SchemaVersion

WHEN = dt.datetime(2019, 5, 30, 9, 30, tzinfo=dt.UTC)
LETTER = register.LetterRecord(
    reference="MC2019-05-30-rosser",
    case_path="/cases/grooming",
    debate="grooming-gangs-2019-05-14",
    sender_id="home-office-mos-lords",
    sender_name="Baroness Williams of Trafford",
    addressee_id="lord-rosser",
    addressee_name="Lord Rosser",
    date=dt.date(2019, 5, 30),
    snippets=(("cse-evidence-base", 1), ("taxi-cross-border-tfg", 2)),
)


def files(folder: Path, houses: tuple[str, ...] = ("lords",)) -> list[register.FileRecord]:
    folder.mkdir(parents=True, exist_ok=True)
    specs = [
        ("lord-rosser", "Lord Rosser", "addressee", "letter.pdf"),
        ("baroness-cox", "Baroness Cox", "copy", "copy-01-baroness-cox.pdf"),
        *[
            (f"library-{h}", f"House of {h.title()} Library", "library", f"library-{h}.pdf")
            for h in houses
        ],
    ]
    out = []
    for rid, name, role, filename in specs:
        data = f"{rid} {filename}".encode()
        (folder / filename).write_bytes(data)
        out.append(
            register.FileRecord(
                rid, name, role, str(folder / filename), hashlib.sha256(data).hexdigest(), len(data)
            )
        )
    return out


def record(engine, folder: Path, houses: tuple[str, ...] = ("lords",)) -> list[register.FileRecord]:
    recs = files(folder, houses)
    with Session(engine) as session:
        register.record_batch(session, LETTER, recs, WHEN, str(folder))
        session.commit()
    return recs


def test_default_url_is_draftkit_db_in_the_workspace(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(register.ENV_URL, raising=False)
    assert register.database_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/draftkit.db"
    monkeypatch.setenv(register.ENV_URL, "sqlite:///elsewhere.db")
    assert register.database_url(tmp_path) == "sqlite:///elsewhere.db"


def test_schema_created_on_first_use_and_stamped(db_url: str, tmp_path: Path) -> None:
    engine = register.connect(db_url)
    names = set(inspect(engine).get_table_names())
    assert {
        "letters",
        "batches",
        "dispatches",
        "snippet_uses",
        "deposits",
        "schema_version",
    } <= names
    with Session(engine) as s:
        assert s.scalars(select(SchemaVersion.version)).all() == [migrations.LATEST]
    register.connect(db_url)  # opening again changes nothing
    with Session(engine) as s:
        assert s.scalars(select(SchemaVersion.version)).all() == [migrations.LATEST]


def test_an_older_register_is_migrated(db_url: str, tmp_path: Path, monkeypatch) -> None:
    url = db_url
    register.connect(url)  # at version LATEST

    def add_notes(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE letters ADD COLUMN notes VARCHAR(200)"))

    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, migrations.LATEST, add_notes)
    engine = register.connect(url)
    assert "notes" in {c["name"] for c in inspect(engine).get_columns("letters")}
    with Session(engine) as s:
        assert s.scalars(select(SchemaVersion.version)).all() == [migrations.LATEST]


def test_a_newer_register_is_refused(db_url: str, tmp_path: Path, monkeypatch) -> None:
    url = db_url
    register.connect(url)
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST - 1)
    with pytest.raises(register.RegisterError, match="newer than this draftkit"):
        register.connect(url)


def test_a_bad_url_is_a_register_error() -> None:
    with pytest.raises(register.RegisterError, match="cannot use database URL"):
        register.connect("nosuchdb://x")


def test_record_list_and_detail(db_url: str, tmp_path: Path) -> None:
    engine = register.connect(db_url)
    recs = record(engine, tmp_path / "out")
    [summary] = register.list_letters(engine)
    assert (summary.reference, summary.addressee_name, summary.copies) == (
        LETTER.reference,
        "Lord Rosser",
        1,
    )
    assert summary.last_rendered_at == WHEN
    detail = register.letter_detail(engine, LETTER.reference)
    assert detail.letter == LETTER
    assert detail.latest is not None
    assert [f.recipient_id for f in detail.latest.files] == [f.recipient_id for f in recs]
    assert detail.latest.files[1].sha256 == recs[1].sha256
    assert detail.latest.files[1].dispatched_at == WHEN


def test_a_second_batch_keeps_the_letter_and_adds_a_run(db_url: str, tmp_path: Path) -> None:
    engine = register.connect(db_url)
    record(engine, tmp_path / "out")
    record(engine, tmp_path / "out")
    [summary] = register.list_letters(engine)
    assert summary.batches == 2
    assert len(register.letter_detail(engine, LETTER.reference).batches) == 2


def test_file_status(db_url: str, tmp_path: Path) -> None:
    engine = register.connect(db_url)
    recs = record(engine, tmp_path / "out")
    Path(recs[1].path).write_bytes(b"tampered")
    Path(recs[2].path).unlink()
    latest = register.letter_detail(engine, LETTER.reference).latest
    assert latest is not None
    assert [register.file_status(f, tmp_path) for f in latest.files] == ["ok", "changed", "missing"]


def test_deposit(db_url: str, tmp_path: Path) -> None:
    engine = register.connect(db_url)
    record(engine, tmp_path / "out")
    info = register.record_deposit(engine, LETTER.reference, "DEP2019-0456")
    assert (info.house, info.reference) == ("lords", "DEP2019-0456")
    register.record_deposit(engine, LETTER.reference, "DEP2019-0457")  # corrected
    deposits = register.letter_detail(engine, LETTER.reference).deposits
    assert [(d.house, d.reference) for d in deposits] == [("lords", "DEP2019-0457")]
    assert register.list_letters(engine)[0].deposits == deposits
    with pytest.raises(register.RegisterError, match="not deposited in the commons"):
        register.record_deposit(engine, LETTER.reference, "DEP", "commons")
    with pytest.raises(register.RegisterError, match="no letter `NOPE`"):
        register.record_deposit(engine, "NOPE", "DEP")


def test_deposit_in_both_libraries_needs_the_house(db_url: str, tmp_path: Path) -> None:
    engine = register.connect(db_url)
    record(engine, tmp_path / "out", houses=("lords", "commons"))
    with pytest.raises(register.RegisterError, match="--house"):
        register.record_deposit(engine, LETTER.reference, "DEP2019-0456")
    register.record_deposit(engine, LETTER.reference, "DEP2019-0456", "commons")
    register.record_deposit(engine, LETTER.reference, "DEP2019-0999", "lords")
    deposits = register.letter_detail(engine, LETTER.reference).deposits
    assert {(d.house, d.reference) for d in deposits} == {
        ("commons", "DEP2019-0456"),
        ("lords", "DEP2019-0999"),
    }


def test_every_foreign_key_is_indexed(db_url: str) -> None:
    engine = register.connect(db_url)
    inspector = inspect(engine)
    unindexed = []
    for table in inspector.get_table_names():
        indexed = [tuple(i["column_names"]) for i in inspector.get_indexes(table)]
        indexed += [tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)]
        for fk in inspector.get_foreign_keys(table):
            cols = tuple(fk["constrained_columns"])
            if not any(ix[: len(cols)] == cols for ix in indexed):
                unindexed.append((table, cols))
    assert inspector.get_foreign_keys("dispatches")  # the probe sees foreign keys at all
    assert unindexed == []


def test_a_version_2_register_gains_the_journal_and_the_indexes(db_url: str) -> None:
    engine = register.connect(db_url)
    with engine.begin() as conn:  # as draftkit left it before the journal
        conn.execute(text("DROP TABLE journal_files"))
        conn.execute(text("DROP TABLE journal"))
        conn.execute(text("DROP INDEX ix_dispatches_batch_id"))
        conn.execute(text("UPDATE schema_version SET version = 2"))
    engine = register.connect(db_url)
    assert {"journal", "journal_files"} <= set(inspect(engine).get_table_names())
    assert "ix_dispatches_batch_id" in {
        i["name"] for i in inspect(engine).get_indexes("dispatches")
    }


def _first_use(url: str) -> str:
    from draftkit import register as reg

    try:
        reg.connect(url)
    except reg.RegisterError as exc:
        return str(exc)
    return "ok"


def test_first_use_by_four_processes_at_once_creates_the_schema_once(db_url: str) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4) as pool:
        outcomes = list(pool.map(_first_use, [db_url] * 4))
    assert outcomes == ["ok"] * 4
    with Session(register.connect(db_url)) as s:
        assert s.scalars(select(SchemaVersion.version)).all() == [migrations.LATEST]


def test_a_wrong_url_is_one_line_without_the_password(tmp_path: Path) -> None:
    from pgserver import free_port

    url = f"postgresql+psycopg://clerk:hunter2@127.0.0.1:{free_port()}/register"
    with pytest.raises(register.RegisterError) as caught:
        register.connect(url)
    message = str(caught.value)
    assert "hunter2" not in message and "clerk:***@127.0.0.1" in message
    assert "\n" not in message
    with pytest.raises(register.RegisterError, match="cannot be used"):
        register.connect(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'r.db'}")
