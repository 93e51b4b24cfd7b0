"""The debate rule family: undecided candidates, and promises a letter claims to keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.checks import run_checks
from draftkit.cli import app
from draftkit.workspace import load_case
from hansard_support import import_migrant_case, lords_2009_workspace


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return import_migrant_case(lords_2009_workspace(tmp_path / "ws"))


def _codes(case: Path) -> dict[str, str]:
    return {f.code: f.message for f in run_checks(load_case(case))}


def test_fresh_import_warns_of_unreviewed_candidates_only(case: Path) -> None:
    findings = run_checks(load_case(case))
    assert [(f.code, f.severity) for f in findings if f.family == "debate"] == [
        ("debate.unreviewed", "warning")
    ]
    # The skeleton's one section restates the tabled question: the letter is not written yet.
    assert [f.code for f in findings if f.severity == "error"] == ["coverage.unanswered_body"]
    assert "12 candidate question(s)" in _codes(case)["debate.unreviewed"]


def test_discharging_a_promise_to_people_the_letter_does_not_reach(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("copies: speakers", "copies: [lord-parekh]"))
    message = _codes(case)["debate.discharge_unreached"]
    assert "the Earl of Sandwich" in message and "the Bishop of Ripon and Leeds" in message
    assert "Lord Parekh" not in message and "Lord Harries" not in message


def test_all_speakers_reached_is_not_flagged(case: Path) -> None:
    assert "debate.discharge_unreached" not in _codes(case)


def test_unknown_undertaking_is_an_error(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("workers-2009-10-27.u1", "workers-2009-10-27.u9"))
    result = CliRunner().invoke(app, ["check", str(case)])
    assert result.exit_code == 1
    assert "no undertaking `immigration-migrant-workers-2009-10-27.u9`" in result.output


def test_answering_a_rejected_question_is_flagged(case: Path) -> None:
    debate = case / "debate.yaml"
    text = debate.read_text()
    debate.write_text(text.replace("status: accepted", "status: rejected", 1))
    assert "debate.rejected_answered" in _codes(case)
