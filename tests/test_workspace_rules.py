"""Rules a whole workspace shares: placeholder values are text, expiry is judged at the
letter's date everywhere, recorded paths are relative to the workspace, `init --empty`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from draftkit.cli import app
from draftkit.errors import InputError
from draftkit.workspace import judged_on, load_case, load_workspace

Cli = Callable[..., Result]
CASE = "grooming-gangs-2019"
REF = "MC2019-05-30-rosser"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("[1, 2]", "not a list"),
        ("3885", 'not a number: write it in quotes ("3885")'),
        ("2018-11-01", "not a date"),
        ("", "needs a value"),
    ],
)
def test_a_placeholder_value_that_is_not_text_is_an_error_at_its_line(
    case: Path, value: str, says: str
) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace('callers: "3885"', f"callers: {value}"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_case(case)
    [problem] = err.value.problems
    assert problem.line == text.splitlines().index('          callers: "3885"') + 1
    assert problem.field.endswith("params.callers")
    assert says in problem.message


def test_suggest_judges_expiry_at_the_letters_date_as_check_does(cli: Cli) -> None:
    """offender-prevention-partners is due for review by 2019-08-31: in date for a letter
    of 30 May 2019 (check passes it), whatever today is."""
    result = cli("snippets", "suggest", CASE, "cse-working-group", "--json", "-n", "20")
    assert result.exit_code == 0, result.output
    states = {row["id"]: row["state"] for row in json.loads(result.stdout)}
    assert states["offender-prevention-partners"] == "approved"
    assert cli("check", CASE).exit_code == 0


def test_the_judging_date_falls_back_to_today_without_a_readable_letter(case: Path) -> None:
    assert str(judged_on(case)) == "2019-05-30"
    (case / "letter.yaml").write_text("date: [not a date\n", encoding="utf-8")
    assert judged_on(case) == dt.date.today()


def test_manifest_and_record_carry_paths_relative_to_the_workspace(
    cli: Cli, workspace: Path
) -> None:
    result = cli("batch", CASE, "-o", "out")
    assert result.exit_code == 0, result.output
    manifest = (workspace / "out" / REF / "manifest.json").read_text(encoding="utf-8")
    shown = cli("record", "show", REF, "--json")
    assert shown.exit_code == 0, shown.output
    for text in (manifest, shown.stdout):
        assert str(workspace) not in text and str(workspace.resolve()) not in text
    record = json.loads(shown.stdout)
    assert record["case"] == CASE
    assert {f["path"] for f in record["files"]} >= {f"out/{REF}/letter.pdf"}
    assert {f["on_disk"] for f in record["files"]} == {"ok"}
    assert json.loads(manifest)["case"] == CASE


def test_init_empty_gives_settings_one_minister_and_the_generic_letterhead(
    tmp_path: Path,
) -> None:
    root = tmp_path / "new"
    result = CliRunner().invoke(app, ["init", str(root), "--empty"])
    assert result.exit_code == 0, result.output
    assert not list(root.rglob("letter.yaml")) and not list(root.rglob("debate.yaml"))
    assert (root / "templates" / "letterhead" / "generic" / "letterhead.toml").is_file()
    ws, problems = load_workspace(root)
    assert problems == [] and ws.warnings == []
    assert list(ws.ministers) == ["minister"]
    assert ws.snippets == {}  # its own (empty) library, not the bundled Home Office one
    assert ws.settings.letterhead == "generic"
