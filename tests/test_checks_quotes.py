"""Quotations and restatements: `quote.mismatch` and `coverage.unanswered_body`, each
tripped and not tripped, and the TUI's count of questions left following the same rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks_util import codes, edit_yaml, findings, set_text
from draftkit import editing
from draftkit.hansard.review import QuestionReview
from draftkit.models import Question
from draftkit.quotation import holds, is_paraphrase, join_passages, quote, restates
from draftkit.workspace import load_case
from hansard_support import import_migrant_case, lords_2009_workspace

NEUBERGER = (
    "It must be possible for various employment standards agencies, such as the Fair "
    "Employment Enforcement Board, the national minimum wage inspectorate and the "
    "Gangmasters Licensing Authority, to ensure that employment rights are protected, "
    "irrespective of immigration status. Can the Government assure the House that they "
    "will look at ways of ensuring that that happens?"
)


def _q(text: str, excerpt: str | None = NEUBERGER) -> Question:
    return Question(id="q", asked_by="baroness-neuberger", text=text, excerpt=excerpt)


# the record and what it holds


def test_a_question_picked_out_of_its_passage_is_quoted_as_picked() -> None:
    q = _q(
        "Can the Government assure the House that they will look at ways of ensuring "
        "that that happens?"
    )
    assert not is_paraphrase(q) and quote(q) == q.text


def test_an_edited_question_is_a_paraphrase_quoted_from_the_record() -> None:
    q = _q("Will the Government protect employment rights?")
    assert is_paraphrase(q) and quote(q) == NEUBERGER


def test_a_hand_typed_question_is_its_own_record() -> None:
    q = _q("What will the Government do about taxis?", excerpt=None)
    assert not is_paraphrase(q) and quote(q) == q.text


def test_light_normalisation_and_elisions() -> None:
    assert holds(NEUBERGER, "“can the government assure the house  that they will look”")
    assert holds(NEUBERGER, "employment rights are protected […] Can the Government assure")
    assert holds(NEUBERGER, "agencies, such as the Fair Employment Enforcement Board...")
    assert not holds(NEUBERGER, "Can the Government ensure the House")
    assert not holds(NEUBERGER, "look at ways of ensuring that that happen")  # word boundary
    assert not holds(NEUBERGER, "happens? […] It must be possible")  # out of order


WORDS = st.lists(
    st.sampled_from(["the", "a", "minister", "will", "migrant", "workers", "rights", "law"]),
    min_size=3,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(WORDS, st.data())
def test_any_run_of_the_record_is_held_and_a_changed_word_is_not(words, data) -> None:
    record = " ".join(words)
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    run = words[i:j]
    assert holds(record, " ".join(run).upper())
    changed = [*run[:-1], run[-1] + "x"]
    assert not holds(record, " ".join(changed))


def test_join_passages_says_a_shared_sentence_once_and_marks_a_gap() -> None:
    a, b = "One two three. Four five six?", "Four five six? Seven eight."
    assert join_passages(a, b) == "One two three. Four five six? Seven eight."
    assert join_passages("One.", "Nine.") == "One. […] Nine."
    assert join_passages("One.", "Two.", record="Zero. One. Two.") == "One. Two."


# quote.mismatch


@pytest.fixture
def migrant(tmp_path: Path) -> Path:
    case = import_migrant_case(lords_2009_workspace(tmp_path / "ws"))
    QuestionReview(case).accept("q4")
    return case


def _write(case: Path, section: int, text: str) -> None:
    edit_yaml(
        case / "letter.yaml", lambda d: d["sections"][section]["blocks"].append({"text": text})
    )


def test_the_skeleton_quotes_what_the_record_holds(migrant: Path) -> None:
    assert "quote.mismatch" not in codes(migrant)
    _write(migrant, 1, "As you said, “the GLA has had a significant impact” in those sectors.")
    _write(migrant, 1, "Baroness Neuberger put it plainly: “abuse and exploitation are the norm”.")
    assert "quote.mismatch" not in codes(migrant)


def test_a_misquotation_is_an_error(migrant: Path) -> None:
    _write(migrant, 1, "Baroness Neuberger asked: “Will the Government protect every worker?”")
    (f,) = [f for f in findings(migrant) if f.code == "quote.mismatch"]
    assert f.severity == "error" and "Baroness Neuberger" in f.message
    assert "{{ question.quote }}" in (f.fix or "")


def test_words_quoted_as_another_members_are_an_error(migrant: Path) -> None:
    # Lord Harries said this, not Lord Parekh: the nearest name is who it is attributed to.
    _write(
        migrant,
        1,
        "Baroness Neuberger agreed when Lord Parekh said “the GLA has had a significant impact”.",
    )
    (f,) = [f for f in findings(migrant) if f.code == "quote.mismatch"]
    assert "Lord Parekh" in f.message


def test_a_paraphrase_in_quotation_marks_is_an_error(migrant: Path) -> None:
    QuestionReview(migrant).edit("q4", "Will the Government protect migrant workers?")
    assert "quote.mismatch" not in codes(migrant)  # the skeleton reports it, unquoted
    _write(migrant, 1, 'Baroness Neuberger asked: "Will the Government protect migrant workers?"')
    assert "quote.mismatch" in codes(migrant)


def test_terms_and_topics_in_quotation_marks_are_not_quotations(migrant: Path) -> None:
    _write(
        migrant, 1, "You asked about “phoenix companies” and the so-called “lines to take” in law."
    )
    _write(migrant, 1, "The report “Migrant workers in the United Kingdom” sets out the position.")
    assert "quote.mismatch" not in codes(migrant)


# coverage.unanswered_body


def test_a_section_that_only_restates_its_question_is_not_an_answer(migrant: Path) -> None:
    (f,) = [
        f for f in findings(migrant) if f.code == "coverage.unanswered_body" and "q4" in f.message
    ]
    assert f.severity == "error" and "only restates" in f.message
    case = load_case(migrant)
    states = {
        s.question.id: s
        for s in editing.question_states(case.letter, case.debate, case.workspace.members)
    }
    assert not states["q4"].answered and editing.unanswered_count(list(states.values())) == 2
    _write(
        migrant, 1, "The Government will extend the Authority's remit to construction from April."
    )
    assert all(
        "q4" not in f.message for f in findings(migrant) if f.code == "coverage.unanswered_body"
    )
    case = load_case(migrant)
    states = {
        s.question.id: s
        for s in editing.question_states(case.letter, case.debate, case.workspace.members)
    }
    assert states["q4"].answered


def test_a_handwritten_restatement_and_an_empty_section_are_not_answers(case: Path) -> None:
    def restate(d) -> None:
        set_text(
            d,
            1,
            0,
            "During the debate, Lord Blunkett also asked about taxi licensing and drivers "
            "operating across local authority boundaries.",
        )
        del d["sections"][1]["blocks"][1:]
        d["sections"][0]["blocks"] = []

    assert "coverage.unanswered_body" not in codes(case)  # the seed letter answers both
    edit_yaml(case / "letter.yaml", restate)
    found = [f for f in findings(case) if f.code == "coverage.unanswered_body"]
    assert len(found) == 2
    assert "has no blocks" in found[0].message and "only restates" in found[1].message


def test_restates_judges_the_words_beyond_the_question() -> None:
    q = _q("What will the Government do about taxi licensing?", excerpt=None)
    assert restates("You asked: “{{ question.quote }}”", [q])
    assert restates("During the debate on 14 May, you raised taxi licensing.", [q])
    assert not restates(
        "Taxi licensing is a matter for local authorities, which set the rules.", [q]
    )
    assert not restates(
        "You asked about taxi licensing: we will legislate next year to close it.", [q]
    )
