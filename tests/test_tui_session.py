"""A full drafting session in the TUI, driven by keys: from empty sections to the seed letter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import SEED_CASE
from draftkit.compose import compose
from draftkit.draft import autosave_path
from draftkit.models import Block
from draftkit.render.text import to_text
from draftkit.tui.app import make_app
from draftkit.tui.dialogs.params import ParamsDialog
from draftkit.tui.screens.compose import ComposeScreen
from draftkit.tui.widgets.library import SnippetPicker
from draftkit.tui.widgets.outline import LetterOutline
from draftkit.tui.widgets.questions import QuestionList
from draftkit.workspace import load_case
from tui_helpers import empty_sections, paste, settle, type_text

pytestmark = pytest.mark.anyio

SIZE = (160, 48)
#: The prose block typed (in part) key by key; the others are pasted, as officials paste drafts.
TYPED = 5


async def insert_snippet(pilot, screen: ComposeScreen, block: Block) -> None:  # type: ignore[no-untyped-def]
    """Library: filter by the snippet's title words, arrow to it, Enter, fill its params."""
    snippet = screen.snippets[block.snippet_id]
    await pilot.press("f4")
    await pilot.press("slash")
    await type_text(pilot, snippet.meta.title.split()[0])
    await pilot.press("enter")
    picker = screen.query_one(SnippetPicker)
    for _ in range(picker.option_count):
        if picker.highlighted_option and picker.highlighted_option.id == snippet.id:
            break
        await pilot.press("down")
    assert picker.highlighted_option.id == snippet.id
    await pilot.press("enter")
    await settle(pilot)
    if snippet.meta.params:
        assert isinstance(pilot.app.screen, ParamsDialog)
        for name in snippet.meta.params:
            await type_text(pilot, str(block.params[name]))
            await pilot.press("enter")
    await settle(pilot)
    await pilot.press("f3")


async def test_full_session_reproduces_the_example_letter(case: Path) -> None:
    expected = load_case(SEED_CASE)
    empty_sections(case)
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        questions = screen.query_one(QuestionList)
        assert questions.border_title == "Questions · 2 left"
        assert [str(o.prompt).startswith("○ unanswered") for o in questions.options] == [True, True]
        outline = screen.query_one(LetterOutline)
        prose_seen = 0
        for s, section in enumerate(expected.letter.sections):
            await pilot.press("f3")
            outline.go_to((s, None))
            await pilot.pause()
            for block in section.blocks:
                if block.snippet_id:
                    await insert_snippet(pilot, screen, block)
                    continue
                await pilot.press("p")
                prose_seen += 1
                text = block.text or ""
                if prose_seen == TYPED:
                    # Typed key by key (braces and quotes included) up to the member's name.
                    cut = text.index("}}") + 2
                    await type_text(pilot, text[:cut])
                    await paste(pilot, text[cut:])
                else:
                    await paste(pilot, text)
                await pilot.press("escape")
                await settle(pilot)
        assert questions.border_title == "Questions · 0 left"
        assert screen.draft.dirty
        assert autosave_path(case / "letter.yaml").exists()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.draft.dirty
        assert not autosave_path(case / "letter.yaml").exists()
        await pilot.press("ctrl+q")
    reopened = load_case(case)
    assert reopened.letter == expected.letter
    assert to_text(compose(reopened)) == to_text(compose(expected))
    # The file keeps its comments and key order.
    text = (case / "letter.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Reply to Lord Rosser after the Grooming Gangs debate")
    assert text.index("reference:") < text.index("sections:") < text.index("closing:")


async def test_reopening_shows_the_questions_answered(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(QuestionList).border_title == "Questions · 0 left"
        assert not app.screen.draft.dirty
        # Every action with a key is in the command palette too.
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Save", "Undo", "Redo", "Check", "Render", "Batch", "Quit"} <= titles
