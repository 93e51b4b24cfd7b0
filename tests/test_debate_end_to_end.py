"""The issue's "done when": peers-ucl.xml imported first, then the 2009 debate, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHARED_DATA
from draftkit.cli import app
from draftkit.workspace import load_case
from hansard_support import MIGRANT_SPEAKERS, MIGRANT_XML, answer_first_section

runner = CliRunner()


def _run(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the whole 2005 peerage imported, then the debate (read-only use)."""
    ws = tmp_path_factory.mktemp("e2e") / "ws"
    ws.mkdir()
    (ws / "draftkit.toml").write_text("")
    _run("members", "import", SHARED_DATA / "peers-ucl.xml", "-w", ws)
    _run("debate", "import", MIGRANT_XML, "--case", ws / "migrant", "--heading", "Migrant")
    # The official answers the tabled question the skeleton restates (else check says so).
    answer_first_section(ws / "migrant")
    return ws


def test_the_eight_who_spoke_as_directory_members_with_their_forms(imported: Path) -> None:
    case = load_case(imported / "migrant")
    assert case.debate.speakers == MIGRANT_SPEAKERS
    assert case.debate.minister == "lord-brett"
    rows = {
        r["id"]: r
        for r in json.loads(_run("members", "list", "--json", "-w", imported))
        if r["id"] in MIGRANT_SPEAKERS
    }
    assert [rows[s]["address_line"] for s in MIGRANT_SPEAKERS] == [
        "The Lord Harries of Pentregarth",
        "The Lord Parekh",
        "The Earl of Sandwich",
        "The Rt Revd the Lord Bishop of Ripon and Leeds",
        "The Lord Haskel",
        "The Baroness Neuberger",
        "The Baroness Neville-Jones",
        "The Lord Brett",
    ]
    assert rows["bishop-of-ripon-and-leeds"]["salutation"] == "Dear Bishop"
    assert rows["earl-of-sandwich"]["in_text"] == "the Earl of Sandwich"


def test_tabled_question_is_a_candidate_attributed_to_lord_harries(imported: Path) -> None:
    rows = json.loads(_run("debate", "questions", imported / "migrant", "--json"))
    tabled = [r for r in rows if r["text"].startswith("To ask Her Majesty's Government")]
    assert [(r["speaker"], r["column"]) for r in tabled] == [
        ("lord-harries-of-pentregarth", "1139")
    ]
    assert "lord-mckenzie-of-luton" not in {r["speaker"] for r in rows}


def test_one_undertaking_to_all_who_spoke(imported: Path) -> None:
    (row,) = json.loads(
        _run("undertakings", "list", "--json", "-w", imported, "--as-of", "2009-10-28")
    )
    assert row["to"] == MIGRANT_SPEAKERS[:-1]
    assert (row["minister"], row["status"], row["due"]) == ("lord-brett", "open", "2009-11-10")


def test_the_case_checks_and_renders_to_the_peer_who_opened(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run("check", imported / "migrant")
    _run("render", imported / "migrant", "-o", out, "-f", "txt")
    (txt,) = out.glob("*.txt")
    text = txt.read_text(encoding="utf-8")
    assert "The Lord Harries of Pentregarth\nHouse of Lords" in text
    assert "Dear Lord Harries" in text


def test_batch_copies_six_peers_and_the_library_and_discharges_the_promise(
    imported: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run("batch", imported / "migrant", "-o", out)
    (folder,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    copies = [f["recipient_id"] for f in files if f["role"] == "copy"]
    assert copies == MIGRANT_SPEAKERS[1:-1]  # the six other Peers who spoke, in order
    assert [f["path"] for f in files if f["role"] == "library"] == ["library-lords.pdf"]
    (row,) = json.loads(_run("undertakings", "list", "--json", "-w", imported))
    assert (row["status"], row["letter"]) == ("discharged", folder.name)
    assert _run("undertakings", "list", "--open", "--json", "-w", imported).strip() == "[]"
    shown = json.loads(_run("record", "show", folder.name, "--json", "-w", imported))
    assert shown["discharges"] == [row["id"]]
