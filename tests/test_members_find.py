"""`find_members`: the forgiving lookup the CLI and the TUI's distribution pane share."""

from __future__ import annotations

import pytest

from draftkit.directory.find import find_matches, find_members
from draftkit.models import Member

DIRECTORY = [
    Member(id="lord-alexander-of-weedon", rank="Lord", name="Alexander", of="Weedon"),
    Member(
        id="lord-alexander-of-tunis",
        rank="Lord",
        name="Alexander",
        of="Tunis",
        sitting=False,
        left_reason="died",
    ),
    Member(id="bishop-of-blackburn", rank="Bishop", of="Blackburn", party="Bishops"),
    Member(id="bishop-of-blackburn-alan-chesters", rank="Bishop", of="Blackburn", sitting=False),
    Member(id="bishop-of-st-albans", rank="Bishop", of="St Albans"),
    Member(id="baroness-amos", rank="Baroness", name="Amos", party="Labour"),
    Member(id="earl-of-arran", rank="Earl", of="Arran"),
    Member(id="viscount-falkland", rank="Viscount", name="Falkland"),
    Member(id="baroness-dsouza", rank="Baroness", name="D'Souza"),
    Member(id="lord-desai", rank="Lord", name="Désai"),
    Member(id="lord-st-john-of-bletso", rank="Lord", name="St John", of="Bletso"),
    Member(
        id="keir-starmer",
        rank="MP",
        name="Sir Keir Starmer",
        constituency="Holborn and St Pancras",
    ),
]
MEMBERS = {m.id: m for m in DIRECTORY}


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("alexander weedon", "lord-alexander-of-weedon"),
        ("Lord Alexander of Weedon", "lord-alexander-of-weedon"),
        ("bp blackburn", "bishop-of-blackburn"),
        ("The Lord Bishop of Blackburn", "bishop-of-blackburn"),
        ("Lady Amos", "baroness-amos"),
        ("baronness amos", "baroness-amos"),  # a typo
        ("st albans", "bishop-of-st-albans"),
        ("Saint Albans", "bishop-of-st-albans"),
        ("arran", "earl-of-arran"),
        ("lord arran", "earl-of-arran"),  # how he is addressed: "Dear Lord Arran"
        ("lord falkland", "viscount-falkland"),
        ("d souza", "baroness-dsouza"),
        ("D\u2019Souza", "baroness-dsouza"),
        ("desai", "lord-desai"),  # accents do not matter either way
        ("Lord Désai", "lord-desai"),
        ("st john bletso", "lord-st-john-of-bletso"),
        ("starmer", "keir-starmer"),
        ("holborn", "keir-starmer"),  # an MP by constituency
        ("lord-alexander-of-weedon", "lord-alexander-of-weedon"),  # the id itself
    ],
)
def test_finds_what_an_official_types(text: str, first: str) -> None:
    found = find_members(MEMBERS, text)
    assert found, f"nothing found for {text!r}"
    assert found[0].id == first


def test_every_word_must_match_something() -> None:
    assert find_members(MEMBERS, "alexander blackburn") == []
    assert find_members(MEMBERS, "zzzz") == []
    assert find_members(MEMBERS, "") == []
    assert find_members(MEMBERS, "the of") == []


def test_sitting_members_come_before_former_holders_of_the_same_title() -> None:
    assert [m.id for m in find_members(MEMBERS, "blackburn")] == [
        "bishop-of-blackburn",
        "bishop-of-blackburn-alan-chesters",
    ]
    assert find_members(MEMBERS, "alexander")[0].id == "lord-alexander-of-weedon"


def test_a_fuller_match_ranks_higher() -> None:
    matches = find_matches(MEMBERS, "lord alexander weedon")
    assert matches[0].member.id == "lord-alexander-of-weedon"
    assert all(m.score <= matches[0].score for m in matches)


def test_limit() -> None:
    assert len(find_members(MEMBERS, "lord", limit=2)) == 2
    assert len(find_members(MEMBERS, "lord", limit=0)) > 2
