"""The debate rule family: undecided candidates, and promises a letter claims to keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks_util import edit_yaml
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


# The retired Bishop: distribution.not_sitting and debate.discharge_unreached agree.

BISHOP = "bishop-of-ripon-and-leeds"


def _retire_the_bishop(case: Path) -> None:
    members = case.parent / "members" / "lords-2009.yaml"
    text = members.read_text()
    members.write_text(
        text.replace(
            "  of: Ripon and Leeds\n",
            "  of: Ripon and Leeds\n  sitting: false\n  left_on: 2014-01-31\n"
            "  left_reason: retired\n",
        )
    )


def _distribution(case: Path, change) -> None:
    edit_yaml(case / "letter.yaml", lambda d: change(d["distribution"]))


def _about_the_bishop(case: Path) -> list[tuple[str, str]]:
    """The findings that concern the Bishop: (code, fix)."""
    return [
        (f.code, f.fix or "")
        for f in run_checks(load_case(case))
        if "Bishop" in f.message and f.family in ("distribution", "debate")
    ]


def test_retired_bishop_excluded_after_the_warning_is_kept_by_the_library(case: Path) -> None:
    _retire_the_bishop(case)
    ((code, fix),) = _about_the_bishop(case)  # on the copy list, the Library has a copy
    assert code == "distribution.not_sitting"
    assert f"add `{BISHOP}` to `distribution.exclude`" in fix and "Library keeps the promise" in fix
    _distribution(case, lambda d: d.update(exclude=[BISHOP]))  # the fix, followed
    assert _about_the_bishop(case) == []


def test_retired_bishop_excluded_with_no_library_copy_is_reported_once(case: Path) -> None:
    _retire_the_bishop(case)
    _distribution(case, lambda d: d.update(exclude=[BISHOP], library="none"))
    ((code, fix),) = _about_the_bishop(case)
    assert code == "debate.discharge_unreached"
    assert "`distribution.library: lords`" in fix and "distribution.copies" not in fix
    _distribution(case, lambda d: d.update(library="lords"))  # the fix, followed
    assert _about_the_bishop(case) == []


def test_retired_bishop_on_the_list_with_no_library_copy_gets_the_same_advice(case: Path) -> None:
    _retire_the_bishop(case)
    _distribution(case, lambda d: d.update(library="none"))
    ((code, fix),) = _about_the_bishop(case)
    assert code == "distribution.not_sitting"
    assert f"`{BISHOP}` to `distribution.exclude`" in fix
    assert "`distribution.library: lords`" in fix
    _distribution(case, lambda d: d.update(exclude=[BISHOP], library="lords"))
    assert _about_the_bishop(case) == []


def test_a_sitting_member_left_out_still_needs_a_copy(case: Path) -> None:
    _retire_the_bishop(case)
    _distribution(case, lambda d: d.update(exclude=[BISHOP, "lord-parekh"]))
    found = [f for f in run_checks(load_case(case)) if f.code == "debate.discharge_unreached"]
    ((fix, message),) = [(f.fix or "", f.message) for f in found]
    assert "Lord Parekh" in message and "Bishop" not in message
    assert "`lord-parekh` to `distribution.copies`" in fix
