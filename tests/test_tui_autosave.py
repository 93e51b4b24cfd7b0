"""No lost work: an editor killed mid-edit leaves an autosave that the next start offers back."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from draftkit.draft import autosave_path, lock_path
from draftkit.tui.app import make_app
from draftkit.tui.dialogs.choice import ChoiceDialog
from draftkit.tui.screens.compose import ComposeScreen
from draftkit.tui.widgets.editor import ProseArea
from draftkit.workspace import load_case
from draftkit.yamlio import load_yaml
from tui_helpers import child_session, empty_sections, settle, type_text

pytestmark = pytest.mark.anyio

#: Steady typing in a child process (never a pause long enough for a debounce), which
#: the test kills with SIGKILL part-way: argv[2] is written once 2 s of it have been typed,
#: with what had been typed by then and by half a second in.
STEADY = """
import time
await pilot.press("f3", "p")
start, typed, early = time.monotonic(), "", None
while True:
    for ch in "Steady words typed without a pause. ":
        await pilot.press(ch)
        typed += ch
        await asyncio.sleep(0.02)
        if early is None and time.monotonic() - start > 0.5:
            early = typed
        if time.monotonic() - start > 2 and not Path(sys.argv[2]).exists():
            part = Path(sys.argv[2] + ".part")  # renamed: the test never reads half a file
            part.write_text(json.dumps({"early": early, "typed": typed}))
            part.rename(sys.argv[2])
"""

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


def _theirs(letter_path: Path) -> str:
    """A colleague's save of the letter (a different Library), written to disk; its text."""
    theirs = letter_path.read_text(encoding="utf-8").replace("library: lords", "library: both")
    letter_path.write_text(theirs, encoding="utf-8")
    return theirs


async def _save_over_a_colleague(pilot, letter_path: Path) -> str:  # type: ignore[no-untyped-def]
    """Type "Mine" into a new prose block, let a colleague save, press ctrl+s: the conflict
    dialog is up. Returns the colleague's text."""
    await settle(pilot)
    await pilot.press("f3", "p")
    await type_text(pilot, "Mine")
    await pilot.press("escape")
    theirs = _theirs(letter_path)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChoiceDialog)
    return theirs


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


def test_steady_typing_is_autosaved_while_it_goes_on(case: Path, tmp_path: Path) -> None:
    """Killed 2 s into typing that never pauses, the autosave holds what was typed (the
    copy used to wait for a second of quiet, so nothing was kept)."""
    empty_sections(case)
    marker = tmp_path / "typed"
    child = child_session(STEADY, str(case), str(marker))
    try:
        wait_for(marker.exists, "2 s of typing")
        typing = json.loads(marker.read_text())
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    saved = autosave_path(case / "letter.yaml")
    assert saved.exists()
    kept = load_yaml(saved)["sections"][0]["blocks"][0]["text"]
    # The copy is at most a second behind: it holds what was typed by half a second in.
    assert kept.startswith(typing["early"])
    assert typing["typed"].rstrip().startswith(kept) or kept.startswith(typing["typed"].rstrip())


async def test_load_theirs_keeps_my_work_in_the_autosave(case: Path) -> None:
    """The conflict dialog says the work is kept whatever is chosen; "Load theirs" keeps it."""
    letter_path = case / "letter.yaml"
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:
        theirs = await _save_over_a_colleague(pilot, letter_path)
        assert app.focused is not None and app.focused.id == "choice-cancel"
        await pilot.click("#choice-reload")
        await pilot.pause(1.5)  # longer than the autosave delay
        await settle(pilot)
        assert not app.screen.draft.dirty
        assert "Mine" in autosave_path(letter_path).read_text(encoding="utf-8")
        await pilot.press("ctrl+q")
    assert letter_path.read_text(encoding="utf-8") == theirs
    assert "Mine" in autosave_path(letter_path).read_text(encoding="utf-8")


async def test_a_restored_autosave_asks_before_overwriting_a_newer_file(
    case: Path, tmp_path: Path
) -> None:
    """Work restored after a crash is checked against the file as it is now: a colleague's
    change made meanwhile is not overwritten without asking."""
    letter_path = case / "letter.yaml"
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:  # a session that dies with work unsaved
        await settle(pilot)
        await pilot.press("f3", "p")
        await type_text(pilot, "Mine")
        await pilot.press("escape")
        app.screen._autosave()
        copy = autosave_path(letter_path).read_text(encoding="utf-8")
        app.screen.draft.discard_autosave()
    autosave_path(letter_path).write_text(copy, encoding="utf-8")
    theirs = _theirs(letter_path)  # a colleague saves meanwhile
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#choice-restore")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.query_one("#choice-overwrite")
        await pilot.press("escape")
        await settle(pilot)
    assert letter_path.read_text(encoding="utf-8") == theirs


async def test_discarding_the_autosave_keeps_the_file_and_removes_the_copy(case: Path) -> None:
    letter_path = case / "letter.yaml"
    before = letter_path.read_text(encoding="utf-8")
    autosave_path(letter_path).write_text(before.replace("library: lords", "library: both"))
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-discard")
        await settle(pilot)
        assert not app.screen.draft.dirty
    assert letter_path.read_text(encoding="utf-8") == before
    assert not autosave_path(letter_path).exists()


async def test_not_now_keeps_the_autosave_for_next_time(case: Path) -> None:
    """Escape (or Enter, which lands on "Not now") neither restores nor deletes the work."""
    letter_path = case / "letter.yaml"
    kept = letter_path.read_text(encoding="utf-8").replace("library: lords", "library: both")
    autosave_path(letter_path).write_text(kept, encoding="utf-8")
    app = make_app(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.draft.dirty
        await pilot.press("ctrl+q")
    assert autosave_path(letter_path).read_text(encoding="utf-8") == kept


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
        theirs = await _save_over_a_colleague(pilot, letter_path)
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


async def test_a_second_editor_is_read_only_and_offers_only_an_orphaned_autosave(
    case: Path, tmp_path: Path
) -> None:
    """While an editor has the letter open, a second one says so, shows it read-only and
    neither offers, writes nor removes the first one's live autosave; once the first is
    killed, its lock file names a process that is gone and its autosave is offered back."""
    empty_sections(case)
    letter = case / "letter.yaml"
    before = letter.read_text(encoding="utf-8")
    marker = tmp_path / "typed"
    saved = autosave_path(letter)
    child = child_session(TYPING, str(case), str(marker))
    try:
        wait_for(marker.exists, "the typing to finish")
        wait_for(lambda: saved.exists() and "crash." in saved.read_text("utf-8"), "autosave")
        live = saved.read_text("utf-8")
        assert f"process {child.pid} on" in lock_path(letter).read_text("utf-8")
        app = make_app(case, today=dt.date(2019, 5, 30))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ComposeScreen)  # no "Unsaved work found" dialog
            assert f"process {child.pid} on" in (screen.open_elsewhere or "")
            assert screen.query_one(ProseArea).read_only
            await pilot.press("f3", "p", "ctrl+s")
            await settle(pilot)
            assert not screen.draft.dirty
            assert any("Read-only" in n.message for n in app._notifications)
            await pilot.press("ctrl+q")
            await settle(pilot)
        assert saved.read_text("utf-8") == live
        assert letter.read_text(encoding="utf-8") == before
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert f"process {child.pid} on" in lock_path(letter).read_text("utf-8")  # left behind
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)  # an orphan now: offered back
        assert str(os.getpid()) in lock_path(letter).read_text("utf-8")
    assert not lock_path(letter).exists()  # a clean close lets go of the letter
