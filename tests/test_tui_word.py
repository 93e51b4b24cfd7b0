"""Word users' habits in the editor: find and replace, F1, typing in the library, copies
from the keyboard, suggestions that follow the section, opening the PDF."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from draftkit.tui.app import DraftkitApp, make_app
from draftkit.tui.dialogs.find import FindDialog
from draftkit.tui.dialogs.help import HelpDialog, key_rows, key_table
from draftkit.tui.screens.compose import ComposeScreen
from draftkit.tui.widgets.editor import ProseArea
from draftkit.tui.widgets.labels import clip_lines
from draftkit.tui.widgets.library import SnippetLibrary
from draftkit.tui.widgets.outline import LetterOutline
from tui_helpers import Messages, paste, settle, type_text

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


async def _open(pilot) -> ComposeScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert isinstance(pilot.app.screen, ComposeScreen)
    return pilot.app.screen


async def test_replace_all_across_the_letter_changes_prose_and_undoes(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        before = [b.text for s in screen.letter.sections for b in s.blocks if b.text]
        assert any("working group" in t for t in before)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, FindDialog)
        await type_text(pilot, "working group")
        await pilot.press("tab", "tab")  # the Label is not focusable: on to "Replace with"
        app.screen.query_one("#replace-text").value = "task force"
        await pilot.click("#replace-go")
        await settle(pilot)
        after = [b.text for s in screen.letter.sections for b in s.blocks if b.text]
        assert not any("working group" in (t or "") for t in after)
        assert any("task force" in (t or "") for t in after)
        await pilot.press("f3", "ctrl+z")
        await settle(pilot)
        assert [b.text for s in screen.letter.sections for b in s.blocks if b.text] == before


async def test_replace_in_the_block_being_written_shows_and_keeps_the_change(case: Path) -> None:
    """Replacing from the prose box: the box shows the new words, and typing on does not
    write the old ones back (the box once kept showing them, and the next key did)."""
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("f3", "down", "p")
        await paste(pilot, "We will recieve it.")
        await settle(pilot)
        await pilot.press("ctrl+f")
        dialog = app.screen
        assert isinstance(dialog, FindDialog)
        await type_text(pilot, "recieve")
        await pilot.press("tab")
        await type_text(pilot, "receive")
        await pilot.press("enter", "enter")  # Enter in "Replace with" goes to Replace all
        await settle(pilot)
        area = screen.query_one(ProseArea)
        assert area.has_focus and area.text == "We will receive it."
        await pilot.press("end")
        await type_text(pilot, " Soon.")
        await pilot.press("escape")  # the panes catch up with the typing
        await settle(pilot)
        assert [b.text for b in screen.letter.sections[0].blocks][1] == "We will receive it. Soon."


async def test_find_selects_the_next_match_in_the_prose_box(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("ctrl+f")
        await type_text(pilot, "offenders")
        await pilot.press("enter")
        await settle(pilot)
        area = screen.query_one(ProseArea)
        assert area.has_focus
        assert area.selected_text == "offenders"


async def test_f1_lists_the_keys_of_every_pane(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpDialog)
        out = Console(file=io.StringIO(), width=120)
        out.print(app.screen.table)
        shown = out.file.getvalue()
        for text in ("Save letter.yaml", "f10", "Insert a prose block", "bold", "Remove copy"):
            assert text in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ComposeScreen)


def test_help_reads_at_80_columns() -> None:
    """Every key and its description on one line at 80 columns (the headings once made
    the key column 50 wide and broke the descriptions a word a line)."""
    places = ComposeScreen.help_places(DraftkitApp)
    out = Console(file=io.StringIO(), width=74)  # the dialog's inside at 80 columns
    out.print(key_table(places))
    lines = out.file.getvalue().splitlines()
    for _, rows in key_rows(places):
        for key, does in rows:
            assert any(line.startswith(key + " ") and does in line for line in lines), (
                f"{key} {does}"
            )


@settings(max_examples=60)
@given(st.text(st.sampled_from("ab cdefghij-"), max_size=120), st.integers(1, 30))
def test_clipped_list_text_wraps_into_its_lines_at_word_boundaries(text: str, width: int) -> None:
    clipped = clip_lines(text, width, 3)
    flat = " ".join(text.split())
    if clipped == flat:
        return
    assert clipped.endswith("…")
    assert flat.startswith(clipped[:-1].rstrip())

    assert len(textwrap.wrap(clipped, width, break_long_words=False, break_on_hyphens=False)) <= 3


async def test_typing_in_the_library_filters_and_runs_no_command(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("f4")
        await type_text(pilot, "taxi")
        await settle(pilot)
        assert app.screen is screen  # `t` opened the retitle dialog here once
        library = screen.query_one(SnippetLibrary)
        assert library.filter_text == "taxi"
        assert "taxi" in str(screen.query_one("#library-heading").render())


async def test_suggestions_follow_the_section_being_written(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        sections = screen.letter.sections
        assert sections[0].answers != sections[-1].answers
        await pilot.press("f3")
        screen.query_one(LetterOutline).go_to((len(sections) - 1, None))
        await settle(pilot)
        assert screen.question_id == sections[-1].answers[0]


async def test_a_copy_is_added_from_the_keyboard(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("copies: speakers", "copies: [baroness-cox]"))
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        before = len(screen.letter.distribution.copies)
        await pilot.press("f9")
        await type_text(pilot, "blunkett")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert screen.letter.distribution.copies == ["baroness-cox", "lord-blunkett"]
        assert before == 1


async def test_open_the_pdf_prints_its_path_without_a_viewer(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    pdf = case / "out" / "MC2019-05-30-rosser.pdf"
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await pilot.press("ctrl+o")
        assert "render it first" in " ".join(n.message for n in app._notifications)
        pdf.parent.mkdir()
        pdf.write_bytes(b"%PDF-1.7\n")
        await pilot.press("ctrl+o")
        assert str(pdf.resolve()) in " ".join(n.message for n in app._notifications)


async def test_unknown_words_are_underlined_as_typed_and_members_names_are_not(
    case: Path,
) -> None:
    messages = Messages()
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE, message_hook=messages) as pilot:
        screen = await _open(pilot)
        await pilot.press("f3", "down", "e")
        await settle(pilot)
        area = screen.query_one(ProseArea)
        assert area.known_words and area.misspelt == []  # the seed's prose: nothing marked
        await paste(pilot, " We will recieve Lord Rosser's")
        await type_text(pilot, " reply.")
        await messages.wait_for(ProseArea.Spellchecked, lambda m: m.text.endswith("reply."))
        assert [area.text[a:b] for a, b in area.misspelt] == ["recieve"]
        drawn = [
            "".join(seg.text for seg in area.render_line(y) if seg.style and seg.style.underline)
            for y in range(area.size.height)
        ]
        assert "recieve" in drawn
        assert not any("Rosser" in line for line in drawn)
