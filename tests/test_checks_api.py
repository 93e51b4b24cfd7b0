"""The checks API: the seed passes, findings are well formed, switches work both ways."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from checks_util import TODAY, codes, edit_yaml, findings, set_text
from conftest import SEED_CASE
from draftkit.checks import all_codes, blocking, run_checks
from draftkit.cli import app
from draftkit.workspace import load_case


def test_seed_has_no_errors() -> None:
    found = run_checks(load_case(SEED_CASE), today=TODAY)
    assert blocking(found) == []


def test_every_code_emitted_is_registered(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Monday 14 May, TODO."))
    found = findings(case)
    assert found
    assert {f.code for f in found} <= set(all_codes())


def test_finding_as_dict_has_the_contract_keys(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Monday 14 May we met."))
    (f,) = [f for f in findings(case) if f.code == "date.weekday"]
    d = f.as_dict()
    for key in ("code", "severity", "file", "line", "place", "field", "message", "fix"):
        assert key in d
    assert d["place"] == "section 1, block 1"
    assert d["field"] == "sections[0].blocks[0]"
    assert d["line"] == _line_of(case / "letter.yaml", "On Monday 14 May")
    json.dumps(d)


def _line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_workspace_switch_turns_a_code_off(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Monday 14 May we met."))
    assert "date.weekday" in codes(case)
    toml = case.parent / "draftkit.toml"
    toml.write_text(toml.read_text().replace("[checks]", "[checks]\ndate.weekday = false"))
    assert "date.weekday" not in codes(case)


def test_workspace_switch_by_family_and_quoted_key(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Monday 14 May we met."))
    toml = case.parent / "draftkit.toml"
    toml.write_text(toml.read_text().replace("[checks]", '[checks]\n"date" = false'))
    assert not [c for c in codes(case) if c.startswith("date.")]


def test_unknown_workspace_switch_is_reported(case) -> None:
    toml = case.parent / "draftkit.toml"
    toml.write_text(toml.read_text().replace("[checks]", "[checks]\ndate.weekdya = false"))
    (f,) = [f for f in findings(case) if f.code == "checks.unknown"]
    assert Path(f.file).name == "draftkit.toml"
    assert f.line == 6
    assert f.fix == "did you mean `date.weekday`?"


def test_block_switch_needs_a_reason_and_silences_only_its_block(case) -> None:
    def change(d):
        set_text(d, 0, 0, "On Monday 14 May we met.")
        set_text(d, 0, 1, "On Monday 14 May we met again.")
        d["sections"][0]["blocks"][0]["checks"] = {"date.weekday": "as printed in Hansard"}

    edit_yaml(case / "letter.yaml", change)
    weekday = [f for f in findings(case) if f.code == "date.weekday"]
    assert [(f.section, f.block) for f in weekday] == [(0, 1)]

    edit_yaml(
        case / "letter.yaml", lambda d: d["sections"][0]["blocks"][0].update(checks={"date": " "})
    )
    found = findings(case)
    assert [(f.section, f.block) for f in found if f.code == "date.weekday"] == [(0, 1)]
    (reason,) = [f for f in found if f.code == "checks.reason"]
    assert reason.severity == "error"
    assert reason.field == "sections[0].blocks[0].checks.date"


def test_unused_and_unknown_block_switches_are_reported(case) -> None:
    def change(d):
        d["sections"][0]["blocks"][0]["checks"] = {"date.weekday": "no such problem here"}
        d["sections"][0]["blocks"][1]["checks"] = {"style.spellng": "typo"}

    edit_yaml(case / "letter.yaml", change)
    found = {f.code: f for f in findings(case)}
    assert found["checks.unused"].block == 0
    assert found["checks.unknown"].block == 1


def test_cli_check_seed_exits_0_and_json_keeps_keys() -> None:
    result = CliRunner().invoke(app, ["check", str(SEED_CASE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] is True
    assert {"case", "ok", "findings"} <= set(data)
    assert not [f for f in data["findings"] if f["severity"] == "error"]


def test_cli_check_exits_1_on_error_finding_and_shows_fix(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Monday 14 May we met."))
    result = CliRunner().invoke(app, ["check", str(case)])
    assert result.exit_code == 1
    assert "Dates" in result.output
    assert "14 May 2019 was a Tuesday" in result.output
    assert "fix: write “Tuesday 14 May”" in result.output
    assert "1 error" in result.output


def test_cli_check_input_error_is_file_line_field(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: d.update(to="lord-rossr"))
    result = CliRunner().invoke(app, ["check", str(case), "--json"])
    assert result.exit_code == 1
    (f,) = json.loads(result.output)["findings"]
    assert f["code"] == "input" and f["field"] == "to" and f["line"]
    assert "did you mean `lord-rosser`" in f["message"]


def test_seed_warnings_are_the_real_ones() -> None:
    """The seed keeps its real wording; these are the points a private office would raise."""
    found = run_checks(load_case(SEED_CASE), today=TODAY)
    assert sorted((f.code, f.place.split(" [")[0], f.fix) for f in found) == [
        (
            "names.near_miss",
            "section 1, block 4 (snippet offender-prevention-partners@3)",
            "write “Lucy Faithfull Foundation”",
        ),
        (
            "style.abbreviation",
            "section 1, block 3 (snippet online-advertising-working-group@2)",
            "at its first use write “… (CSAE)” after the words in full",
        ),
        (
            "style.money",
            "section 1, block 2",
            "write “£2.6 million” (or set [style] money in draftkit.toml)",
        ),
        (
            "style.number",
            "section 1, block 4 (snippet offender-prevention-partners@3) params.callers",
            "write “3,885”",
        ),
        ("style.spelling", "section 2, block 1", "write “licensing”"),
    ]


def test_cli_check_warnings_only_exit_0_with_summary() -> None:
    result = CliRunner().invoke(app, ["check", str(SEED_CASE)])
    assert result.exit_code == 0, result.output
    assert "no errors, 5 warnings" in result.output
    assert "House style" in result.output and "Names" in result.output
