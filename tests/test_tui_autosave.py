"""No lost work: an editor killed mid-edit leaves an autosave that the next start offers back."""

from __future__ import annotations

import datetime as dt
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from draftkit.draft import autosave_path
from draftkit.tui.app import make_app
from draftkit.tui.dialogs.choice import ChoiceDialog
from draftkit.workspace import load_case
from tui_helpers import child_session, empty_sections, settle, type_text

pytestmark = pytest.mark.anyio

#: Typing in a child process, which the test then kills with SIGKILL.
TYPING = """
await pilot.press("f3", "p")
for ch in "Typed before the crash.":
    await pilot.press(ch)
Path(sys.argv[2]).write_text("typed")
await asyncio.sleep(600)
"""


def wait_for(check: Callable[[], bool], what: str, limit: float = 120.0) -> None:
    """Poll until `check()` holds (a generous limit: this is not a timing test)."""
    end = time.monotonic() + limit
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


async def test_killed_session_is_offered_back_and_restores_the_work(
    case: Path, tmp_path: Path
) -> None:
    empty_sections(case)
    before = (case / "letter.yaml").read_text(encoding="utf-8")
    marker = tmp_path / "typed"
    child = child_session(TYPING, str(case), str(marker))
    try:
        wait_for(marker.exists, "the typing to finish")
        saved = autosave_path(case / "letter.yaml")
        # The autosave is debounced: pull the plug once it holds the last keystroke.
        wait_for(lambda: saved.exists() and "crash." in saved.read_text("utf-8"), "autosave")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert (case / "letter.yaml").read_text(encoding="utf-8") == before

    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-restore")
        await settle(pilot)
        draft = app.screen.draft
        assert draft.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
    letter = load_case(case).letter
    assert letter.sections[0].blocks[0].text == "Typed before the crash."
    assert not autosave_path(case / "letter.yaml").exists()


async def test_discarding_the_autosave_keeps_the_file_and_removes_the_copy(case: Path) -> None:
    letter_path = case / "letter.yaml"
    before = letter_path.read_text(encoding="utf-8")
    autosave_path(letter_path).write_text(before.replace("library: lords", "library: both"))
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.draft.dirty
    assert letter_path.read_text(encoding="utf-8") == before
    assert not autosave_path(letter_path).exists()


async def test_quitting_with_unsaved_changes_asks(case: Path) -> None:
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "p")
        await type_text(pilot, "Draft")
        await pilot.press("escape", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")  # Cancel: keep editing
        await settle(pilot)
        assert app.screen.draft.dirty
        assert app.is_running


async def test_a_file_changed_on_disk_is_not_overwritten(case: Path) -> None:
    letter_path = case / "letter.yaml"
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "p")
        await type_text(pilot, "Mine")
        await pilot.press("escape")
        theirs = letter_path.read_text(encoding="utf-8").replace("library: lords", "library: both")
        letter_path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert letter_path.read_text(encoding="utf-8") == theirs
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#choice-overwrite")
        await settle(pilot)
    saved = load_case(case).letter
    assert saved.sections[0].blocks[-1].text == "Mine"
    assert saved.distribution.library == "lords"
