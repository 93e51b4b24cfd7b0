"""Candidate questions: each pattern with a sentence that trips it and one that does not,
and recall and precision on the hand-labelled 2009 debate."""

from __future__ import annotations

import datetime as dt

import pytest

from draftkit.hansard.parlparse import read_debates
from draftkit.hansard.questions import propose
from draftkit.hansard.speakers import Speakers
from draftkit.hansard.transcript import Paragraph, SpeakerRef, Speech, Transcript
from draftkit.yamlio import load_yaml
from hansard_support import FIXTURES, MIGRANT_XML


def _debate(*speeches: tuple[str | None, str]) -> tuple[Transcript, Speakers]:
    """A tiny transcript: (member id or None for an unattributed block, paragraph text)."""
    t = Transcript("Test", "lords", dt.date(2024, 1, 10))
    members: list[str | None] = []
    for n, (member, text) in enumerate(speeches, 1):
        ref = SpeakerRef("parlparse", f"x/{member}", member) if member else None
        t.speeches.append(Speech(ref, [Paragraph(f"p{n}", text, "100")], "100"))
        members.append(member)
    order = list(dict.fromkeys(m for m in members if m))
    return t, Speakers(members, order)


def _texts(*speeches: tuple[str | None, str], minister: str = "lord-min") -> list[str]:
    t, s = _debate(*speeches, ("lord-min", "My Lords, I thank noble Lords."))
    return [c.text for c in propose(t, s, minister)]


@pytest.mark.parametrize(
    ("trips", "does_not"),
    [
        # tabled
        (
            "To ask His Majesty's Government what plans they have for rural bus services.",
            "We were asked by His Majesty's Government to wait for the review.",
        ),
        # direct: a sentence ending in "?"
        (
            "Has the Minister detected any change in heart towards these people?",
            "The Minister has detected no change in heart towards these people.",
        ),
        # indirect: I ask the Minister whether
        (
            "I ask the Minister whether the fund will continue after March.",
            "I asked the Chancellor last year about the fund.",
        ),
        # indirect: Can the Minister tell the House
        (
            "Can the Minister tell the House when the review will report.",
            "The Minister can tell from the figures that it has worked.",
        ),
        # indirect: I would be grateful if the Minister could
        (
            "I would be grateful if the Minister could set out the timetable.",
            "I would be grateful for more time in these debates.",
        ),
        # indirect: I would be interested in the Minister's comments
        (
            "I would be interested in the Minister's comments.",
            "I would be interested in a debate on this later.",
        ),
        # indirect: I hope that the Minister can say
        (
            "I hope that the Minister can say that the Government will think again.",
            "I hope that the weather holds for the harvest.",
        ),
    ],
    ids=["tabled", "direct", "ask-whether", "can-tell", "grateful-if", "interested", "hope-say"],
)
def test_each_pattern_trips_and_its_near_miss_does_not(trips: str, does_not: str) -> None:
    assert _texts(("lord-a", f"My Lords, the point stands. {trips}")) == [trips]
    assert _texts(("lord-a", f"My Lords, the point stands. {does_not}")) == []


@pytest.mark.parametrize(
    "text",
    [
        'One cleaner said, "I know they should pay me, but what can I do? Nobody listens".',
        "What are the facts?",
        "Do we not all think that the key is to go after the exploiters?",
    ],
    ids=["quoted", "short-rhetorical", "negative-rhetorical"],
)
def test_quotations_and_rhetorical_questions_are_not_candidates(text: str) -> None:
    assert _texts(("lord-a", text)) == []


def test_nothing_from_the_minister() -> None:
    t, s = _debate(
        ("lord-a", "Will the Minister confirm the date?"),
        ("lord-min", "Why does this matter? I can confirm the date. Can I say more?"),
    )
    assert [(c.asked_by, c.text) for c in propose(t, s, "lord-min")] == [
        ("lord-a", "Will the Minister confirm the date?")
    ]


def test_tabled_question_in_an_unattributed_block_goes_to_the_named_tabler() -> None:
    t, s = _debate(
        (None, "Tabled By Lord B"),
        ("lord-a", "My Lords, I speak first."),
        ("lord-b", "My Lords, I tabled this."),
    )
    # As in ParlParse: one unattributed block, "Tabled By ..." then the question.
    t.speeches[0].paragraphs.append(
        Paragraph("p1b", "To ask His Majesty's Government what is their assessment of X.")
    )
    t.speeches[1].speaker = SpeakerRef("parlparse", "x/a", "Lord A")
    t.speeches[2].speaker = SpeakerRef("parlparse", "x/b", "Lord B")
    found = propose(t, s, "lord-min")
    assert [(c.asked_by, c.kind) for c in found] == [("lord-b", "tabled")]


def test_each_candidate_keeps_speaker_column_paragraph_and_excerpt() -> None:
    t, s = _debate(("lord-a", "The fund closes in March. Will it be renewed?"))
    (c,) = propose(t, s, "lord-min")
    assert (c.asked_by, c.column, c.paragraph) == ("lord-a", "100", "p1")
    assert c.excerpt == "The fund closes in March. Will it be renewed?"


def _migrant_candidates() -> list[tuple[str, str, str]]:
    from hansard_support import MIGRANT_SPEAKERS

    (_, debate) = read_debates(MIGRANT_XML.read_bytes(), "migrant.xml")
    ids = dict(
        zip(
            [s.speaker.value for s in debate.members_speaking if s.speaker],
            MIGRANT_SPEAKERS,
            strict=True,
        )
    )
    members = [ids.get(s.speaker.value) if s.speaker else None for s in debate.speeches]
    speakers = Speakers(members, MIGRANT_SPEAKERS)
    return [(c.paragraph, c.asked_by, c.text) for c in propose(debate, speakers, "lord-brett")]


def test_recall_and_precision_on_the_hand_labelled_2009_debate() -> None:
    labels = load_yaml(FIXTURES / "labels-2009-migrant-workers.yaml")["questions"]
    found = _migrant_candidates()

    def matches(label: dict, cand: tuple[str, str, str]) -> bool:
        return (
            cand[0] == label["paragraph"]
            and cand[1] == label["speaker"]
            and cand[2].startswith(label["starts"])
        )

    hits = [lab for lab in labels if any(matches(lab, c) for c in found)]
    true_found = [c for c in found if any(matches(lab, c) for lab in labels)]
    recall = len(hits) / len(labels)
    precision = len(true_found) / len(found)
    print(f"recall {len(hits)}/{len(labels)}, precision {len(true_found)}/{len(found)}")
    assert recall == 1.0, [lab for lab in labels if lab not in hits]
    assert precision == 1.0, [c for c in found if c not in true_found]
