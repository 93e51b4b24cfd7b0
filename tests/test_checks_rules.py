"""Coverage, clearance, distribution and dates: each rule tripped, and not tripped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checks_util import block, codes, edit_yaml, findings, own_library, set_text

SNIPPET = "snippets/home-office/child-exploitation/online-advertising-working-group.md"


# coverage


def test_unanswered_question_is_an_error(case) -> None:
    assert "coverage.unanswered" not in codes(case)
    edit_yaml(case / "letter.yaml", lambda d: d["sections"][1].update(answers=[]))
    (f,) = [f for f in findings(case) if f.code == "coverage.unanswered"]
    assert f.severity == "error"
    assert "taxi-cross-border" in f.message and "Lord Blunkett" in f.message
    assert "not_answered" in f.fix


def test_not_answered_with_reason_is_accepted_without_reason_is_not(case) -> None:
    def set_aside(reason):
        def change(d):
            d["sections"][1]["answers"] = []
            d["not_answered"] = {"taxi-cross-border": reason}

        return change

    edit_yaml(case / "letter.yaml", set_aside("a matter for the Department for Transport"))
    assert not {"coverage.unanswered", "coverage.reason"} & set(codes(case))
    edit_yaml(case / "letter.yaml", set_aside(""))
    assert "coverage.reason" in codes(case)


def test_answered_and_not_answered_contradict(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: d.update(not_answered={"taxi-cross-border": "x"}))
    assert "coverage.contradiction" in codes(case)


def test_asker_without_a_copy(case) -> None:
    assert "coverage.no_copy" not in codes(case)
    edit_yaml(case / "letter.yaml", lambda d: d["distribution"].update(exclude=["lord-blunkett"]))
    (f,) = [f for f in findings(case) if f.code == "coverage.no_copy"]
    assert "Lord Blunkett asked question `taxi-cross-border`" in f.message


def test_unknown_question_in_answers_is_an_input_error(case) -> None:
    from draftkit.errors import InputError
    from draftkit.workspace import load_case

    edit_yaml(case / "letter.yaml", lambda d: d["sections"][1].update(answers=["taxi-crossborder"]))
    with pytest.raises(InputError, match="did you mean `taxi-cross-border`"):
        load_case(case)


# clearance


def _set_front(case, path: str, **changes: str) -> None:
    file = own_library(case).parent / path
    text = file.read_text()
    for key, value in changes.items():
        head, _, rest = text.partition(f"\n{key}:")
        text = head + f"\n{key}: {value}" + rest[rest.index("\n") :]
    file.write_text(text)


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_uncleared_snippet_is_an_error(case, status) -> None:
    assert f"snippet.{status}" not in codes(case)
    _set_front(case, SNIPPET, status=status)
    (f,) = [f for f in findings(case) if f.code == f"snippet.{status}"]
    assert f.severity == "error"
    assert f.place == "section 1, block 3 (snippet online-advertising-working-group@2)"
    assert f.field == "sections[0].blocks[2].snippet"


def test_withdrawn_snippet_suggests_an_approved_one(case) -> None:
    _set_front(case, SNIPPET, status="withdrawn")
    (f,) = [f for f in findings(case) if f.code == "snippet.withdrawn"]
    assert "use an approved snippet instead" in f.fix


def test_snippet_past_review_on_the_letters_date(case) -> None:
    _set_front(case, SNIPPET, review_by="2019-05-29")
    (f,) = [f for f in findings(case) if f.code == "snippet.expired"]
    assert "2019-05-29" in f.message and f.severity == "error"
    _set_front(case, SNIPPET, review_by="2019-05-30")
    assert "snippet.expired" not in codes(case)


def test_snippet_approved_after_the_letter(case) -> None:
    _set_front(case, SNIPPET, approved_on="2019-06-01")
    assert "snippet.not_yet_approved" in codes(case)


def _new_version(case, history: bool) -> None:
    file = own_library(case).parent / SNIPPET
    old = file.read_text()
    if history:
        (file.parent / ".history").mkdir()
        (file.parent / ".history" / "online-advertising-working-group@2.md").write_text(old)
    new = old.replace("version: 2", "version: 3").replace(
        "blacklisted.", "blocked.\n\nA further sentence was added in version 3."
    )
    file.write_text(new)


def test_changed_snippet_shows_a_diff_from_history(case) -> None:
    _new_version(case, history=True)
    (f,) = [f for f in findings(case) if f.code == "snippet.changed"]
    assert f.severity == "warning"
    assert "pinned at version 2" in f.message and "version 3" in f.message
    assert f.fix.endswith("`snippet: online-advertising-working-group@3`")
    assert "--- online-advertising-working-group@2" in f.detail
    assert "+A further sentence was added in version 3." in f.detail
    assert any(line.startswith("-") and "blacklisted." in line for line in f.detail.splitlines())


def test_changed_snippet_without_history_says_so(case) -> None:
    _new_version(case, history=False)
    (f,) = [f for f in findings(case) if f.code == "snippet.changed"]
    assert f.detail is None and "no copy of version 2" in f.message


def test_history_files_are_not_library_snippets(case) -> None:
    _new_version(case, history=True)
    assert "input" not in codes(case)  # no "id defined twice"


def test_current_pin_is_not_changed(case) -> None:
    edit_yaml(
        case / "letter.yaml",
        lambda d: block(d, 0, 2).update(snippet="online-advertising-working-group"),
    )
    assert "snippet.changed" not in codes(case)


@pytest.mark.parametrize("value", ["", "TBC", "XX", "[number]", "???"])
def test_placeholder_given_a_marker(case, value) -> None:
    edit_yaml(case / "letter.yaml", lambda d: block(d, 0, 3)["params"].update(callers=value))
    (f,) = [f for f in findings(case) if f.code == "snippet.placeholder"]
    assert f.severity == "error" and f.field == "sections[0].blocks[3].params.callers"


def test_placeholder_missing_is_a_clearance_error(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: block(d, 0, 3)["params"].pop("since"))
    (f,) = [f for f in findings(case) if f.code == "snippet.placeholder"]
    assert f.severity == "error" and "params.since" in f.message


def test_placeholder_filled(case) -> None:
    assert "snippet.placeholder" not in codes(case)


# distribution


def test_closing_promising_the_library_when_list_has_none(case) -> None:
    def change(d):
        d["closing"] = (
            "I hope you find this letter helpful. I will also send a copy to all Peers "
            "who spoke at the debate and place a copy in the House Library."
        )
        d["distribution"]["library"] = "none"

    edit_yaml(case / "letter.yaml", change)
    (f,) = [f for f in findings(case) if f.code == "distribution.closing"]
    assert "Library" in f.message and f.severity == "error"
    assert "send a copy to all Peers who spoke at the debate" in f.fix


def test_closing_agreeing_with_the_list(case) -> None:
    edit_yaml(
        case / "letter.yaml",
        lambda d: d.update(
            closing="I hope you find this letter helpful. I am copying this letter to all "
            "noble Lords who spoke in the debate and placing a copy in the Library of the House."
        ),
    )
    assert "distribution.closing" not in codes(case)


def test_closing_silent_about_copies_the_list_sends(case) -> None:
    edit_yaml(
        case / "letter.yaml",
        lambda d: d.update(closing="I am placing a copy of this letter in the House Library."),
    )
    (f,) = [f for f in findings(case) if f.code == "distribution.closing"]
    assert f.message == "the list sends 4 copies but the closing does not say so"
    assert "all Peers who spoke" in f.fix


def test_closing_promising_all_speakers_when_one_is_excluded(case) -> None:
    def change(d):
        d["closing"] = "I am copying this letter to all Peers who spoke and to the House Library."
        d["distribution"]["exclude"] = ["viscount-falkland"]

    edit_yaml(case / "letter.yaml", change)
    (f,) = [f for f in findings(case) if f.code == "distribution.closing"]
    assert "leaves out `viscount-falkland`" in f.message


def test_closing_promising_the_wrong_house(case) -> None:
    edit_yaml(
        case / "letter.yaml",
        lambda d: d.update(
            closing="I am copying this letter to all Peers who spoke and placing a copy "
            "in the House of Commons Library."
        ),
    )
    (f,) = [f for f in findings(case) if f.code == "distribution.closing"]
    assert "House of Commons Library" in f.message and "House of Lords Library" in f.message


def test_addressee_also_copied(case) -> None:
    assert "distribution.addressee" not in codes(case)
    edit_yaml(
        case / "letter.yaml", lambda d: d["distribution"].update(copies=["speakers", "lord-rosser"])
    )
    (f,) = [f for f in findings(case) if f.code == "distribution.addressee"]
    assert f.field == "distribution.copies[1]"


def test_exclude_that_removes_nobody(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: d["distribution"].update(exclude=["lord-blunkett"]))
    assert "distribution.exclude" not in codes(case)
    edit_yaml(
        case / "letter.yaml",
        lambda d: d["distribution"].update(copies=["lord-pickles"], exclude=["lord-blunkett"]),
    )
    assert "distribution.exclude" in codes(case)


def test_copy_recipient_must_be_a_member(case) -> None:
    from draftkit.errors import InputError
    from draftkit.workspace import load_case

    edit_yaml(case / "letter.yaml", lambda d: d["distribution"].update(copies=["lord-nobody"]))
    with pytest.raises(InputError, match="unknown member `lord-nobody`"):
        load_case(case)


def _retire(case, member: str, extra: str) -> None:
    path = case.parent / "members.yaml"
    text = path.read_text().replace(f"- id: {member}\n", f"- id: {member}\n{extra}")
    path.write_text(text)


def test_copied_member_who_no_longer_sits(case) -> None:
    _retire(case, "viscount-falkland", "  sitting: false\n  left_reason: retired\n")
    (f,) = [f for f in findings(case) if f.code == "distribution.not_sitting"]
    assert f.severity == "warning"
    assert f.message == (
        "Viscount Falkland is on the copy list but no longer sits in the House (retired)"
    )


def test_member_who_left_after_the_letter_was_sent_is_fine(case) -> None:
    _retire(case, "viscount-falkland", "  sitting: false\n  left_on: 2023-06-01\n")
    assert "distribution.not_sitting" not in codes(case)
    _retire(case, "lord-pickles", "  left_on: 2019-05-01\n")
    assert "distribution.not_sitting" in codes(case)


def test_addressee_who_left_before_the_letter(case) -> None:
    _retire(
        case, "lord-rosser", "  sitting: false\n  left_on: 2019-05-20\n  left_reason: retired\n"
    )
    (f,) = [f for f in findings(case) if f.code == "distribution.not_sitting"]
    assert f.field == "to"
    assert f.message == "the addressee, Lord Rosser, left the House on 2019-05-20 (retired)"


def test_salutation_override(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: d.update(salutation="Dear Richard"))
    assert "distribution.salutation" not in codes(case)
    edit_yaml(case / "letter.yaml", lambda d: d.update(salutation="Dear Baroness Rosser"))
    (f,) = [f for f in findings(case) if f.code == "distribution.salutation"]
    assert "`Dear Lord Rosser`" in f.message
    edit_yaml(case / "letter.yaml", lambda d: d.update(salutation="Lord Rosser"))
    assert "distribution.salutation" in codes(case)


# dates


def test_letter_before_debate(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: d.update(date=dt.date(2019, 5, 13)))
    (f,) = [f for f in findings(case, today=dt.date(2019, 5, 13)) if f.code == "date.before_debate"]
    assert f.severity == "error" and f.field == "date"
    edit_yaml(case / "letter.yaml", lambda d: d.update(date=dt.date(2019, 5, 14)))
    assert "date.before_debate" not in codes(case)


def test_letter_far_in_the_future(case) -> None:
    assert "date.future" not in codes(case, today=dt.date(2019, 5, 30))
    assert "date.future" in codes(case, today=dt.date(2018, 5, 30))


def test_weekday_must_match_date(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Tuesday 14 May we met."))
    assert "date.weekday" not in codes(case)
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Wednesday 14 May 2019 we met."))
    (f,) = [f for f in findings(case) if f.code == "date.weekday"]
    assert "14 May 2019 was a Tuesday" in f.message


def test_weekday_in_a_snippet_points_at_the_snippet_file(case) -> None:
    file = own_library(case).parent / SNIPPET
    file.write_text(file.read_text().replace("The working group", "On Thursday 3 May the group"))
    (f,) = [f for f in findings(case) if f.code == "date.weekday"]
    assert Path(f.file).name == "letter.yaml" and f.block == 2
    assert f"{SNIPPET}:12" in f.place


def test_impossible_date(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On Monday 31 June we met."))
    assert "date.invalid" in codes(case)


def test_ordinal_dates(case) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On 14th May and May 2nd."))
    found = [f for f in findings(case) if f.code == "date.ordinal"]
    assert [f.fix for f in found] == ["write “14 May”", "write “2 May”"]
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, "On 14 May we met."))
    assert "date.ordinal" not in codes(case)
