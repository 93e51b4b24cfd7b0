"""The debate view in the TUI, driven with the pilot as an official would use it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftkit.tui.app import make_app
from draftkit.tui.screens.compose import ComposeScreen
from draftkit.tui.screens.debate import DebateScreen
from draftkit.workspace import load_case
from hansard_support import import_migrant_case, lords_2009_workspace
from tui_helpers import settle, type_text

SIZE = (160, 48)
pytestmark = pytest.mark.anyio


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return import_migrant_case(lords_2009_workspace(tmp_path / "ws"))


async def _open_debate(pilot) -> DebateScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert isinstance(pilot.app.screen, ComposeScreen)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DebateScreen)
    return screen


async def test_accept_in_the_debate_view_adds_a_section_to_the_letter(case: Path) -> None:
    app = make_app(case, today=dt.date(2009, 11, 2))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_debate(pilot)
        # The first proposed candidate is in hand, its paragraph marked in the transcript.
        assert screen._current().id == "q2"
        assert screen.query_one("#para-a_1143_0_3").has_class("current")
        await pilot.press("a")
        await settle(pilot)
        assert load_case(case).debate.questions[1].status == "accepted"  # saved at once
        await pilot.press("escape")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.draft.dirty  # the new section is an undoable edit of the letter
        assert [s.answers for s in compose.letter.sections] == [["q1"], ["q2"]]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [s.answers for s in load_case(case).letter.sections] == [["q1"], ["q2"]]


async def test_reject_edit_and_merge_from_the_keyboard(case: Path) -> None:
    app = make_app(case, today=dt.date(2009, 11, 2))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_debate(pilot)
        await pilot.press("r")  # q2 rejected
        await pilot.press("down", "e")  # q3: reword it
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Will the Government think again on forced labour?")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "space", "down", "m")  # q4 marked, merged into q5
        await settle(pilot)
        assert screen.marked == []
    debate = load_case(case).debate
    statuses = {q.id: q.status for q in debate.questions}
    assert statuses["q2"] == "rejected"
    q3 = next(q for q in debate.questions if q.id == "q3")
    assert q3.text == "Will the Government think again on forced labour?"
    assert "q4" not in statuses
    q5 = next(q for q in debate.questions if q.id == "q5")
    assert q5.merged_from == ["q4"]


async def test_decisions_undo_and_redo_with_ctrl_z_and_ctrl_y(case: Path) -> None:
    app = make_app(case, today=dt.date(2009, 11, 2))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_debate(pilot)
        await pilot.press("a", "down", "r")  # q2 accepted, q3 rejected
        await settle(pilot)
        assert [q.status for q in load_case(case).debate.questions[1:3]] == [
            "accepted",
            "rejected",
        ]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert load_case(case).debate.questions[2].status == "proposed"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert load_case(case).debate.questions[1].status == "proposed"
        assert screen.review.debate.questions[1].status == "proposed"
        assert "Undone: q2 accepted" in [n.message for n in app._notifications]
        await pilot.press("ctrl+z")
        assert "Nothing to undo." in [n.message for n in app._notifications]
        await pilot.press("ctrl+y")  # q2 accepted again, with its section
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert [s.answers for s in compose.letter.sections] == [["q1"], ["q2"]]
    statuses = [q.status for q in load_case(case).debate.questions[1:3]]
    assert statuses == ["accepted", "proposed"]
