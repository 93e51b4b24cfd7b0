"""`draftkit undertakings list`: the book of promises across every case in a workspace."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from draftkit.cli import app
from hansard_support import import_migrant_case, lords_2009_workspace

runner = CliRunner()
KEYS = ["id", "debate", "minister", "to", "column", "excerpt", "due", "status", "letter"]


def _workspace(tmp_path: Path, settings: str = "") -> Path:
    ws = lords_2009_workspace(tmp_path / "ws", settings)
    import_migrant_case(ws, "cases/migrant")
    return ws


def _list(ws: Path, *args: str) -> list[dict]:
    result = runner.invoke(app, ["undertakings", "list", "-w", str(ws), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_has_the_contract_keys_and_status_by_date(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (row,) = _list(ws, "--as-of", "2009-11-10")
    assert list(row)[: len(KEYS)] == KEYS
    assert row["status"] == "open" and row["due"] == "2009-11-10" and row["letter"] is None
    assert row["minister"] == "lord-brett" and len(row["to"]) == 7
    assert _list(ws, "--as-of", "2009-11-11")[0]["status"] == "overdue"
    assert _list(ws, "--overdue", "--as-of", "2009-11-10") == []
    assert len(_list(ws, "--open", "--as-of", "2009-11-11")) == 1


def test_due_working_days_comes_from_the_workspace(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "[undertakings]\ndue_working_days = 5\n")
    assert _list(ws, "--as-of", "2009-10-28")[0]["due"] == "2009-11-03"


def test_a_broken_debate_is_a_warning_not_the_end(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (ws / "cases" / "bad").mkdir()
    (ws / "cases" / "bad" / "debate.yaml").write_text("id: [\n")
    result = runner.invoke(app, ["undertakings", "list", "-w", str(ws), "--json"])
    assert result.exit_code == 0
    assert "warning:" in result.output and "debate.yaml" in result.output
