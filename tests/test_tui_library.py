"""The snippet library in the TUI: expired and withdrawn lines need a second thought."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftkit import editing
from draftkit.tui.app import make_app
from draftkit.tui.dialogs.choice import ChoiceDialog
from draftkit.tui.widgets.library import SnippetPicker
from draftkit.workspace import load_case
from tui_helpers import settle

pytestmark = pytest.mark.anyio


def test_states_and_warnings(case: Path) -> None:
    snippets = load_case(case).workspace.snippets
    taxi = snippets["taxi-cross-border-tfg"]  # review by 2019-12-31
    assert taxi.state(dt.date(2019, 5, 30)) == "approved"
    assert editing.insert_warning(taxi, dt.date(2019, 5, 30)) is None
    assert taxi.state(dt.date(2020, 1, 1)) == "expired"
    assert "due for review by 2019-12-31" in (
        editing.insert_warning(taxi, dt.date(2020, 1, 1)) or ""
    )
    withdrawn = taxi.meta.model_copy(update={"status": "withdrawn"})
    gone = type(taxi)(withdrawn, taxi.body, taxi.path, taxi.body_line)
    assert gone.state(dt.date(2019, 5, 30)) == "withdrawn"
    assert "withdrawn" in (editing.insert_warning(gone, dt.date(2019, 5, 30)) or "")


async def test_an_expired_snippet_is_inserted_only_after_confirming(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("date: 2019-05-30", "date: 2020-01-06"))
    app = make_app(case)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        blocks = len(screen.letter.sections[0].blocks)
        await pilot.press("f4")
        picker = screen.query_one(SnippetPicker)
        assert "expired" in str(picker.highlighted_option.prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")  # Cancel: nothing inserted
        await settle(pilot)
        assert len(screen.letter.sections[0].blocks) == blocks
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#choice-yes")
        await settle(pilot)
        total = sum(len(s.blocks) for s in screen.letter.sections)
        assert total == sum(len(s.blocks) for s in load_case(case).letter.sections) + 1


async def test_a_case_with_errors_opens_on_the_problems_each_placed(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("cse-evidence-base@1", "cse-evidence-bse@1"))
    app = make_app(case)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemsScreen"
        shown = str(app.screen.query_one("#problems Static").render())
        assert "letter.yaml:" in shown
        assert "unknown snippet `cse-evidence-bse` (did you mean `cse-evidence-base`?)" in shown
        await pilot.press("ctrl+q")
    assert not app.is_running
