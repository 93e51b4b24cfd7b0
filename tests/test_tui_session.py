"""A full drafting session in the TUI, driven by keys: from empty sections to the seed letter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

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
from tui_helpers import Messages, burst, empty_sections, paste

pytestmark = pytest.mark.anyio

SIZE = (160, 48)
#: The prose block typed (in part) key by key; the others are pasted, as officials paste drafts.
TYPED = 5


def _questions(app: App[None]) -> str:
    """The Questions pane's title once the case is on screen and laid out, else ''.

    Before its first layout the pane has no width and shows the short "2 left"."""
    found = app.screen.query(QuestionList)
    title = str(found.first().border_title or "") if found else ""
    return title if title.startswith("Questions · ") else ""


async def keys(pilot: Pilot, *names: str) -> None:
    """Keys in one read, each handed to what has focus once the one before is dealt with."""
    burst(pilot, names)
    await pilot.app.input_delivered()


async def insert_snippet(
    pilot: Pilot, watch: Messages, screen: ComposeScreen, block: Block
) -> None:
    """Library: filter by the snippet's title words, arrow to it, Enter, fill its params."""
    snippet = screen.snippets[block.snippet_id]
    picker = screen.query_one(SnippetPicker)
    blocks = len(screen.letter.sections[screen.query_one(LetterOutline).place[0]].blocks)
    await keys(pilot, "f4", "slash", *snippet.meta.title.split()[0], "enter")
    for _ in range(picker.option_count):
        if picker.highlighted_option and picker.highlighted_option.id == snippet.id:
            break
        await keys(pilot, "down")
    assert picker.highlighted_option.id == snippet.id
    await keys(pilot, "enter")
    if snippet.meta.params:
        await watch.until("the params dialog", lambda: isinstance(pilot.app.screen, ParamsDialog))
        for name in snippet.meta.params:
            await keys(pilot, *str(block.params[name]), "enter")
    section = screen.query_one(LetterOutline).place[0]
    await watch.until(
        f"{snippet.id} in the letter",
        lambda: (
            pilot.app.screen is screen and len(screen.letter.sections[section].blocks) == blocks + 1
        ),
    )
    await keys(pilot, "f3")


async def test_full_session_reproduces_the_example_letter(case: Path) -> None:
    expected = load_case(SEED_CASE)
    empty_sections(case)
    app = make_app(case, today=dt.date(2019, 5, 30))
    watch = Messages()
    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        await watch.until(
            "the letter", lambda: bool(isinstance(app.screen, ComposeScreen) and _questions(app))
        )
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        questions = screen.query_one(QuestionList)
        assert questions.border_title == "Questions · 2 left"
        assert [str(o.prompt).startswith("○ unanswered") for o in questions.options] == [True, True]
        outline = screen.query_one(LetterOutline)
        prose_seen = 0
        for s, section in enumerate(expected.letter.sections):
            await keys(pilot, "f3")
            outline.go_to((s, None))
            await watch.until(f"section {s}", lambda s=s: outline.place == (s, None))
            for block in section.blocks:
                if block.snippet_id:
                    await insert_snippet(pilot, watch, screen, block)
                    continue
                await keys(pilot, "p")
                prose_seen += 1
                text = block.text or ""
                if prose_seen == TYPED:
                    # Typed key by key (braces and quotes included) up to the member's name.
                    cut = text.index("}}") + 2
                    await keys(pilot, *text[:cut])
                    await paste(pilot, text[cut:])
                else:
                    await paste(pilot, text)
                await keys(pilot, "escape")
                await watch.until(
                    "the prose in the letter",
                    lambda s=s, text=text: any(
                        b.text == text for b in screen.draft.letter()[0].sections[s].blocks
                    ),
                )
        await watch.until("every question answered", lambda: "· 0 left" in questions.border_title)
        assert screen.draft.dirty
        await watch.until("the autosave", autosave_path(case / "letter.yaml").exists)
        await keys(pilot, "ctrl+s")
        await watch.until("the save", lambda: not screen.draft.dirty)
        assert not autosave_path(case / "letter.yaml").exists()
        await keys(pilot, "ctrl+q")
    reopened = load_case(case)
    assert reopened.letter == expected.letter
    assert to_text(compose(reopened)) == to_text(compose(expected))
    # The file keeps its comments and key order.
    text = (case / "letter.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Reply to Lord Rosser after the Grooming Gangs debate")
    assert text.index("reference:") < text.index("sections:") < text.index("closing:")


async def test_reopening_shows_the_questions_answered(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    watch = Messages()
    async with app.run_test(size=SIZE, message_hook=watch):
        await watch.until("the letter", lambda: bool(_questions(app)))
        assert _questions(app) == "Questions · 0 left"
        assert not app.screen.draft.dirty
        # Every action with a key is in the command palette too.
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Save", "Undo", "Redo", "Check", "Render", "Batch", "Quit"} <= titles
