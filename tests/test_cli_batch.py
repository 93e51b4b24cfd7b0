"""`draftkit batch` and `draftkit record` as an official runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batchfakes import FAKE
from draftkit.batch import layout
from draftkit.cli import app

REF = "MC2019-05-30-rosser"


@pytest.fixture(autouse=True)
def fake_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "default_backend", lambda: FAKE)
    monkeypatch.delenv("DRAFTKIT_DATABASE_URL", raising=False)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_batch_then_record_list_show_deposit(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("batch", case, "-o", out)
    assert code == 0, stderr
    assert "copy      Viscount Falkland" in stdout
    assert "wrote 8 files (4 copies)" in stdout
    assert "━" not in stderr  # not a terminal: no progress bar
    ws = ["--workspace", str(case.parent)]

    code, stdout, _ = run("record", "list", "--json", *ws)
    [letter] = json.loads(stdout)
    assert (letter["reference"], letter["copies"], letter["addressee"]) == (REF, 4, "Lord Rosser")

    code, stdout, _ = run("record", "show", REF, "--json", *ws)
    shown = json.loads(stdout)
    assert [f["recipient_name"] for f in shown["files"] if f["role"] == "copy"] == [
        "Baroness Cox",
        "Viscount Falkland",
        "Lord Pickles",
        "Lord Blunkett",
    ]
    assert {f["on_disk"] for f in shown["files"]} == {"ok"}

    (out / REF / "copy-03-lord-pickles.pdf").write_bytes(b"edited by hand")
    code, stdout, stderr = run("record", "show", REF, *ws)
    assert code == 0
    assert "changed" in stdout and "no longer match" in stderr

    code, stdout, _ = run("record", "deposit", REF, "DEP2019-0456", *ws)
    assert code == 0 and "House of Lords Library as DEP2019-0456" in stdout
    code, stdout, _ = run("record", "list", *ws)
    assert "DEP2019-0456" in stdout


def test_quiet_prints_nothing(case: Path, tmp_path: Path) -> None:
    code, stdout, stderr = run("batch", case, "-o", tmp_path / "out", "--quiet")
    assert (code, stdout, stderr) == (0, "", "")
    assert (tmp_path / "out" / REF / "manifest.json").is_file()


def test_check_errors_block_the_batch_unless_forced(case: Path, tmp_path: Path) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text(encoding="utf-8").replace(
        "closing: I hope you find this letter helpful.",
        "closing: I hope this helps. I will place a copy in the Libraries of both Houses.",
    )
    letter.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = run("batch", case, "-o", out)
    assert code == 1
    assert "distribution.closing" in stderr and "not batched" in stderr
    assert not out.exists()
    assert not (case.parent / "draftkit.db").exists()
    code, _, stderr = run("batch", case, "-o", out, "--force")
    assert code == 0, stderr
    assert (out / REF / "library-lords.pdf").is_file()


def test_input_errors_exit_1(case: Path, tmp_path: Path) -> None:
    (case / "letter.yaml").write_text("reference: x\n", encoding="utf-8")
    code, _, stderr = run("batch", case, "-o", tmp_path / "out")
    assert code == 1 and "letter.yaml" in stderr


def test_database_url_from_the_environment(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "elsewhere.db"
    monkeypatch.setenv("DRAFTKIT_DATABASE_URL", f"sqlite:///{db}")
    code, _, stderr = run("batch", case, "-o", tmp_path / "out", "-q")
    assert code == 0, stderr
    assert db.is_file() and not (case.parent / "draftkit.db").exists()
    code, stdout, _ = run("record", "list", "--json", "--workspace", case.parent)
    assert json.loads(stdout)[0]["reference"] == REF


def test_record_errors(case: Path) -> None:
    ws = ["--workspace", str(case.parent)]
    code, stdout, _ = run("record", "list", *ws)
    assert code == 0 and "no letters yet" in stdout
    code, _, stderr = run("record", "show", "NOPE", *ws)
    assert code == 1 and "no letter `NOPE`" in stderr
    code, _, stderr = run("record", "deposit", REF, "DEP1", "--house", "scotland", *ws)
    assert code == 2
