"""Snapshots of the TUI (pytest-textual-snapshot): the main screen and the snippet picker.

Regenerate after a deliberate change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftkit.tui.app import make_app
from draftkit.tui.widgets.editor import ProseArea
from tui_helpers import Messages, settle

SIZE = (160, 45)


@pytest.fixture
def seed_app(case: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The seed case, opened from its workspace so paths on screen are the same every run."""
    monkeypatch.chdir(case.parent)
    return make_app(Path(case.name), today=dt.date(2019, 5, 30))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Keys delivered, then the live review's runs done: a run may queue the next, so twice."""
    await settle(pilot)
    await settle(pilot)


def test_main_screen(snap_compare, seed_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, terminal_size=SIZE, run_before=_settle)


def test_snippet_picker(snap_compare, seed_app) -> None:  # type: ignore[no-untyped-def]
    async def pick(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("f4", "down", "down")
        await _settle(pilot)

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=pick)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen_at_common_sizes(snap_compare, seed_app, size) -> None:  # type: ignore[no-untyped-def]
    """80x24 is first-class: the findings count, save and quit stay in view."""
    assert snap_compare(seed_app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_writing_prose_at_common_sizes(snap_compare, seed_app, size) -> None:  # type: ignore[no-untyped-def]
    """While prose is written in a narrow terminal the box takes the width it needs."""

    async def write(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("f3", "down", "e")
        # On a busy machine the box may not have focus yet when the keys are in.
        await Messages().until("the prose box", lambda: isinstance(pilot.app.focused, ProseArea))
        await _settle(pilot)
        # The cursor shown steadily: a blinking one is drawn or not by the clock (a busy
        # machine took the picture in the other half of the blink).
        area = pilot.app.screen.query_one(ProseArea)
        area.cursor_blink = False
        # TextArea caches its lines by a key that a steady cursor shares with the blink's
        # hidden half: a line drawn then would be reused without its cursor.
        area.notify_style_update()
        area.refresh()
        await pilot.pause()

    assert snap_compare(seed_app, terminal_size=size, run_before=write)


def test_help_at_80x24(snap_compare, seed_app) -> None:  # type: ignore[no-untyped-def]
    """F1 at 80 columns: each key beside its whole description, headings on lines of their own."""

    async def help_(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)

    assert snap_compare(seed_app, terminal_size=(80, 24), run_before=help_)
