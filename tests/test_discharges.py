"""Undertakings tracked to dispatch: a batch records what its letter discharges, and the
book of promises reads it back from the register."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from batchfakes import FAKE
from draftkit import register
from draftkit.batch import layout
from draftkit.cli import app
from draftkit.register import migrations
from hansard_support import import_migrant_case, lords_2009_workspace

runner = CliRunner()
UNDERTAKING = "immigration-migrant-workers-2009-10-27.u1"


def book(ws: Path) -> list[dict]:
    result = runner.invoke(
        app, ["undertakings", "list", "-w", str(ws), "--json", "--as-of", "2009-11-11"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_batch_discharges_the_letters_undertakings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "default_backend", lambda: FAKE)
    monkeypatch.delenv(register.ENV_URL, raising=False)
    ws = lords_2009_workspace(tmp_path / "ws", "")
    case = import_migrant_case(ws, "cases/migrant")
    (row,) = book(ws)
    assert (row["status"], row["letter"]) == ("overdue", None)
    assert not (ws / "draftkit.db").exists()  # reading the book creates no register

    result = runner.invoke(app, ["batch", str(case), "-o", str(tmp_path / "out"), "-q", "--force"])
    assert result.exit_code == 0, result.output
    (row,) = book(ws)
    reference = next(p.name for p in (tmp_path / "out").iterdir())
    assert (row["id"], row["status"], row["letter"]) == (UNDERTAKING, "discharged", reference)
    assert row["discharged_on"] == dt.datetime.now(dt.UTC).date().isoformat()
    detail = register.letter_detail(register.connect(register.database_url(ws)), reference)
    assert detail.letter.discharges == (UNDERTAKING,)


def test_discharged_keeps_the_first_dispatch(tmp_path: Path) -> None:
    engine = register.connect(f"sqlite:///{tmp_path / 'r.db'}")
    letter = register.LetterRecord(
        "REF-1", "/c", "d", "s", "S", "a", "A", dt.date(2019, 5, 30), (), ("u1", "u2")
    )
    first = dt.datetime(2019, 5, 30, 9, tzinfo=dt.UTC)
    for when in (first, first + dt.timedelta(days=1)):
        with Session(engine) as session:
            register.record_batch(session, letter, [], when, "/out")
            session.commit()
    assert register.discharged(engine) == {"u1": ("REF-1", first), "u2": ("REF-1", first)}


def test_a_version_1_register_gains_the_discharges_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = register.connect(url)
    letter = register.LetterRecord("REF-1", "/c", "d", "s", "S", "a", "A", dt.date(2019, 5, 30), ())
    with Session(engine) as session:
        register.record_batch(session, letter, [], dt.datetime.now(dt.UTC), "/out")
        session.commit()
    with engine.begin() as conn:  # as a register written by the first draftkit
        conn.execute(text("DROP TABLE discharges"))
        for table in reversed(migrations.WORKFLOW_TABLES):  # added later still (version 3)
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("UPDATE schema_version SET version = 1"))
    engine = register.connect(url)
    assert "discharges" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalar() == (
            migrations.LATEST
        )
    assert [s.reference for s in register.list_letters(engine)] == ["REF-1"]
