"""Promises to write: each pattern trips (and a near miss does not), resolution of whom
they are owed to, and due dates in England and Wales working days."""

from __future__ import annotations

import datetime as dt

import pytest

from draftkit.hansard.speakers import Speakers
from draftkit.hansard.transcript import Paragraph, SpeakerRef, Speech, Transcript
from draftkit.hansard.undertakings import due_date, find_promises
from draftkit.models import Member, Rank

MEMBERS = {
    "lord-rosser": Member(id="lord-rosser", rank=Rank.LORD, name="Rosser"),
    "baroness-cox": Member(id="baroness-cox", rank=Rank.BARONESS, name="Cox"),
    "earl-of-sandwich": Member(id="earl-of-sandwich", rank=Rank.EARL, of="Sandwich"),
    "bishop-of-ely": Member(id="bishop-of-ely", rank=Rank.BISHOP, of="Ely"),
    "baroness-min": Member(id="baroness-min", rank=Rank.BARONESS, name="Min"),
}
ORDER = ["baroness-cox", "earl-of-sandwich", "lord-rosser", "bishop-of-ely", "baroness-min"]


def _promises(*minister_paragraphs: str) -> list[tuple[list[str], bool]]:
    t = Transcript("Test", "lords", dt.date(2024, 1, 10))
    for mid in ORDER[:-1]:
        t.speeches.append(
            Speech(SpeakerRef("parlparse", mid, mid), [Paragraph(f"{mid}/1", "My Lords.")], "1")
        )
    t.speeches.append(
        Speech(
            SpeakerRef("parlparse", "min", "Baroness Min"),
            [Paragraph(f"m/{i}", p, "9") for i, p in enumerate(minister_paragraphs)],
            "9",
        )
    )
    speakers = Speakers(list(ORDER), list(ORDER))
    return [(p.to, p.library) for p in find_promises(t, speakers, "baroness-min", MEMBERS)]


OTHERS = ORDER[:-1]


@pytest.mark.parametrize(
    ("trips", "to"),
    [
        ("I will write to the noble Lord, Lord Rosser, on that point.", ["lord-rosser"]),
        ("I will write to noble Lords on any of the points that I missed.", OTHERS),
        ("I shall communicate with the noble Baroness, Lady Cox, in writing.", ["baroness-cox"]),
        ("I will write to the noble Earl, Lord Sandwich.", ["earl-of-sandwich"]),
        ("I will write to the right reverend Prelate the Bishop of Ely.", ["bishop-of-ely"]),
    ],
    ids=["named-lord", "noble-lords", "in-writing", "earl", "bishop"],
)
def test_promises_resolve_to_whom_they_are_owed(trips: str, to: list[str]) -> None:
    assert _promises(trips) == [(to, False)]


@pytest.mark.parametrize(
    "near_miss",
    [
        "The noble Lord, Lord Rosser, wrote to me last week.",
        "I will not write about individual cases.",
        "A number of proposals have been made, which I will come to.",
        'He said, "I will write to the Home Secretary".',
    ],
    ids=["past", "negated", "no-writing", "quoted"],
)
def test_near_misses_are_not_promises(near_miss: str) -> None:
    assert _promises(near_miss) == []


def test_library_copy_is_an_undertaking_and_flags_the_library() -> None:
    found = _promises(
        "I will place a copy of the letter in the Library of the House.",
    )
    assert found == [(["bishop-of-ely"], True)]  # unnamed: the speech answered last


def test_unnamed_promise_goes_to_the_member_whose_point_is_answered() -> None:
    found = _promises(
        "The noble Baroness, Lady Cox, asked about funding.",
        "I do not have the figures to hand, but I will write to her with them.",
    )
    assert found == [(["baroness-cox"], False)]


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (dt.date(2009, 10, 27), 10, dt.date(2009, 11, 10)),  # two weekends
        (dt.date(2019, 5, 14), 10, dt.date(2019, 5, 29)),  # Spring bank holiday, 27 May
        (dt.date(2023, 12, 20), 3, dt.date(2023, 12, 27)),  # Christmas and Boxing Day
        (dt.date(2024, 3, 27), 2, dt.date(2024, 4, 2)),  # Good Friday and Easter Monday
        (dt.date(2024, 1, 12), 1, dt.date(2024, 1, 15)),  # Friday to Monday
    ],
)
def test_due_dates_skip_weekends_and_bank_holidays(start: dt.date, days: int, due: dt.date) -> None:
    assert due_date(start, days) == due
