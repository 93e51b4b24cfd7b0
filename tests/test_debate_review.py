"""The official's decisions on candidate questions, persisted in debate.yaml and letter.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.cli import app
from draftkit.compose import compose
from draftkit.errors import InputError
from draftkit.hansard.review import QuestionReview, transcript_view
from draftkit.render.text import to_text
from draftkit.workspace import load_case
from hansard_support import import_migrant_case, lords_2009_workspace


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return import_migrant_case(lords_2009_workspace(tmp_path / "ws"))


def _status(case: Path) -> dict[str, str]:
    return {q.id: q.status for q in load_case(case).debate.questions}


def _printed(case: Path) -> str:
    """The letter as its reader gets it."""
    return " ".join(to_text(compose(load_case(case))).split())


def test_accept_adds_a_section_citing_the_question(case: Path) -> None:
    QuestionReview(case).accept("q2")
    loaded = load_case(case)
    assert _status(case)["q2"] == "accepted"
    section = loaded.letter.sections[-1]
    assert section.answers == ["q2"]
    assert "{{ members['earl-of-sandwich'].in_text }} asked" in (section.blocks[0].text or "")
    assert (
        'the Earl of Sandwich asked: "Has the Minister detected any change in heart towards '
        'these people?"' in _printed(case)
    )
    QuestionReview(case).accept("q2")  # twice is once
    assert sum("q2" in s.answers for s in load_case(case).letter.sections) == 1


def test_reject_removes_an_untouched_skeleton_section(case: Path) -> None:
    QuestionReview(case).accept("q2")
    QuestionReview(case).reject("q2")
    assert _status(case)["q2"] == "rejected"
    assert all("q2" not in s.answers for s in load_case(case).letter.sections)


def test_reject_refuses_when_the_section_was_written(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("you asked the Government", "you asked us"))
    with pytest.raises(InputError, match="has been written"):
        QuestionReview(case).reject("q1")
    assert _status(case)["q1"] == "accepted"


def test_edit_keeps_the_excerpt_and_comments(case: Path) -> None:
    before = load_case(case).debate.questions[1]
    QuestionReview(case).edit("q2", "Has the Government changed its view on skilled Zimbabweans?")
    after = load_case(case).debate.questions[1]
    assert after.text == "Has the Government changed its view on skilled Zimbabweans?"
    assert after.excerpt == before.excerpt and after.paragraph == "a.1143.0/3"
    assert (case / "debate.yaml").read_text().startswith("# Immigration: Migrant Workers")


def test_merge_folds_questions_and_moves_letter_references(case: Path) -> None:
    QuestionReview(case).accept("q5")
    QuestionReview(case).merge("q4", ["q5"])
    loaded = load_case(case)
    ids = [q.id for q in loaded.debate.questions]
    assert "q5" not in ids
    q4 = next(q for q in loaded.debate.questions if q.id == "q4")
    assert q4.merged_from == ["q5"]
    assert q4.text.startswith("Can the Government assure") and "will they consider" in q4.text
    assert any(s.answers == ["q4"] for s in loaded.letter.sections)


def test_unknown_question_is_named(case: Path) -> None:
    with pytest.raises(InputError, match="no question `q99`"):
        QuestionReview(case).accept("q99")


def test_questions_cli_lists_statuses(case: Path) -> None:
    QuestionReview(case).reject("q3")
    result = CliRunner().invoke(app, ["debate", "questions", str(case), "--json"])
    rows = {r["id"]: r["status"] for r in json.loads(result.stdout)}
    assert rows["q1"] == "accepted" and rows["q3"] == "rejected" and rows["q2"] == "proposed"


def test_transcript_view_marks_each_candidate_where_it_was_said(case: Path) -> None:
    review = QuestionReview(case)
    review.edit("q2", "Has the Government changed its view on skilled Zimbabweans?")
    view = transcript_view(case, review.debate)
    marked = {
        m.question: (s.speaker, p.text[m.start : m.end])
        for s in view
        for p in s.passages
        for m in p.marks
    }
    assert len(marked) == 13
    # An edited question is still found in the record, by its source sentence.
    assert marked["q2"] == (
        "earl-of-sandwich",
        "Has the Minister detected any change in heart towards these people?",
    )
    assert marked["q1"][0] is None  # the tabled question's unattributed block
    assert view[1].name == "Lord Harries of Pentregarth" and view[1].column == "1139"


def test_transcript_view_is_empty_for_a_hand_typed_case(case: Path) -> None:
    (case / "transcript.yaml").unlink()
    assert transcript_view(case, QuestionReview(case).debate) == []


def test_the_letter_editor_lists_only_accepted_questions(case: Path) -> None:
    from draftkit.editing import question_states

    QuestionReview(case).accept("q4")
    loaded = load_case(case)
    assert [s.question.id for s in question_states(loaded.letter, loaded.debate)] == ["q1", "q4"]


def test_an_edited_question_is_reported_never_quoted(case: Path) -> None:
    QuestionReview(case).accept("q4")
    QuestionReview(case).edit("q4", "What will the Government do to protect employment rights?")
    printed = _printed(case)
    assert (
        "Baroness Neuberger asked about what will the Government do to protect employment "
        "rights." in printed
    )
    assert '"What will the Government do' not in printed
    # Edited back to her own words, the skeleton quotes them again.
    QuestionReview(case).edit(
        "q4", "Can the Government assure the House that they will look at ways"
    )
    assert 'Neuberger asked: "Can the Government assure the House' in _printed(case)


def test_a_written_section_is_not_rewritten_by_an_edit(case: Path) -> None:
    QuestionReview(case).accept("q4")
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("asked: ", "said: "))
    QuestionReview(case).edit("q4", "Employment rights")
    assert "Employment rights" not in letter.read_text()


def test_merge_keeps_the_decision_and_the_debate_order(case: Path) -> None:
    QuestionReview(case).accept("q4")
    QuestionReview(case).accept("q5")
    QuestionReview(case).merge("q5", ["q4"])  # kept the later one, as the TUI's highlight may
    loaded = load_case(case)
    ids = [q.id for q in loaded.debate.questions]
    assert ids[:4] == ["q1", "q2", "q3", "q5"]  # where q4, the earlier, stood
    merged = loaded.debate.questions[3]
    assert merged.status == "accepted" and merged.merged_from == ["q4"]
    assert merged.text.startswith("Can the Government assure")
    assert merged.column == "1147" and merged.paragraph == "a.1147.0/13"
    # One excerpt, its shared sentence said once.
    assert merged.excerpt is not None and merged.excerpt.count("Can the Government assure") == 1
    sections = [s for s in loaded.letter.sections if "q5" in s.answers]
    assert len(sections) == 1
    printed = _printed(case)
    assert (
        'asked: "Can the Government assure the House that they will look at ways of ensuring '
        "that that happens? In particular, will they consider" in printed
    )


def test_merging_apart_passages_marks_the_gap(case: Path) -> None:
    QuestionReview(case).accept("q6")
    QuestionReview(case).merge("q6", ["q4"])
    merged = next(q for q in load_case(case).debate.questions if q.id == "q6")
    assert merged.status == "accepted"
    assert merged.text.startswith("Can the Government assure")
    assert "happens? […] Thirdly, can the Government" in merged.text
    assert 'asked: "Can the Government assure' in _printed(case)


def test_merging_a_proposed_pair_leaves_it_proposed(case: Path) -> None:
    QuestionReview(case).merge("q7", ["q8"])
    merged = next(q for q in load_case(case).debate.questions if q.id == "q7")
    assert merged.status == "proposed"
    assert merged.excerpt is not None and merged.excerpt.count("Will the Minister assure") == 1


def test_every_decision_undoes_and_redoes_with_its_files(case: Path) -> None:
    """Accept, edit, merge and reject are taken back in turn, debate.yaml and letter.yaml with
    them, and made again by redo; a refused decision leaves nothing to undo."""
    files = [case / "debate.yaml", case / "letter.yaml"]
    states = [[f.read_text() for f in files]]
    review = QuestionReview(case)
    for decide in (
        lambda: review.accept("q2"),
        lambda: review.edit("q3", "Will the Government think again?"),
        lambda: review.merge("q5", ["q4"]),
        lambda: review.reject("q6"),
    ):
        decide()
        states.append([f.read_text() for f in files])
    with pytest.raises(InputError, match="no question"):
        review.merge("q99", ["q1"])
    assert [f.read_text() for f in files] == states[-1]
    undone = ["q6 rejected", "q4 merged into q5", "q3 reworded", "q2 accepted"]
    for state, what in zip(reversed(states[:-1]), undone, strict=True):
        assert review.undo() == what
        assert [f.read_text() for f in files] == state
        assert review.debate == load_case(case).debate
    assert review.undo() is None
    review_tui = QuestionReview(case, load_case(case).letter_data)  # the TUI's: letter in memory
    review_tui.accept("q2")
    assert review_tui.letter_changed
    review_tui.undo()
    assert not review_tui.letter_changed  # the editor's draft is left as it was
    assert review.redo() == "q2 accepted"
    assert review.redo() == "q3 reworded"
    assert [f.read_text() for f in files] == states[2]
    review.accept("q7")  # a new decision: what was undone can no longer be redone
    assert review.redo() is None
