"""Keys in the editor: every key applied in order whatever the rate; editing keys edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from draftkit.tui.app import make_app
from draftkit.tui.screens.compose import ComposeScreen
from draftkit.tui.widgets.editor import ProseArea
from draftkit.tui.widgets.outline import LetterOutline
from draftkit.tui.widgets.preview import Preview
from tui_helpers import burst, settle

pytestmark = pytest.mark.anyio

SIZE = (120, 40)


async def _open(pilot) -> ComposeScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ComposeScreen)
    return screen


async def test_a_burst_of_keys_after_e_gives_exactly_the_typed_text(case: Path) -> None:
    """`e`, 18 Backspaces and a sentence in one read: the block ends as typed (it used to
    keep `OLDTE...` and lose the sentence's last characters)."""
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("f3")
        outline = screen.query_one(LetterOutline)
        outline.go_to((0, 0))
        await pilot.pause()
        old = screen.letter.sections[0].blocks[0].text or ""
        sentence = "The new text, typed fast: it ends here."
        burst(pilot, ["e", *["backspace"] * 18, *sentence])
        await settle(pilot)
        area = screen.query_one(ProseArea)
        expected = old.rstrip("\n")[:-18] + sentence
        assert area.text == expected
        await pilot.press("escape")
        await settle(pilot)
        assert screen.letter.sections[0].blocks[0].text == expected


#: 200 keys, with letters that are commands in the outline (p, s, e, n, t, x) and in the
#: library, capitals, digits, punctuation and Backspaces.
BURST = list("Sentences next: expect six taxes, please! 12 tests (x2) & more; ") * 3
BURST = [*BURST[:180], *["backspace"] * 5, *"Done at 200"][:199]


def _typed(keys: list[str]) -> str:
    out: list[str] = []
    for key in keys:
        if key == "backspace":
            out.pop()
        else:
            out.append(key)
    return "".join(out)


async def test_a_burst_of_200_keys_in_one_go_gives_exactly_the_typed_text(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("f3")
        sections = len(screen.letter.sections)
        burst(pilot, ["p", *BURST])  # p adds a prose block and moves to it: 200 keys
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        place = screen.query_one(LetterOutline).place
        assert place is not None and place[1] is not None
        block = screen.letter.sections[place[0]].blocks[place[1]]
        assert block.text == _typed(BURST)
        assert len(screen.letter.sections) == sections  # no `n` ran as a command
        words = str(screen.query_one("#words").render())
        assert words.endswith(" words") and int(words.split()[0].replace(",", "")) > 300


async def test_editing_keys_edit_in_the_prose_box_and_start_nothing(case: Path) -> None:
    """ctrl+b and ctrl+i make the selection bold and italic; ctrl+a selects all; none of
    them batches, and the batch key is F10."""
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("f3", "p")
        await pilot.press(*"make this bold")
        await pilot.press("shift+left", "shift+left", "shift+left", "shift+left", "ctrl+b")
        await pilot.press("end", "space", "ctrl+i", *"slanted")
        await settle(pilot)
        area = screen.query_one(ProseArea)
        assert area.text == "make this **bold** *slanted*"
        assert app.screen is screen  # no dialog: nothing started
        await pilot.press("ctrl+a", *"Replaced")
        assert area.text == "Replaced"
        await pilot.press("ctrl+u")  # TextArea's delete-to-line-start must not fire
        assert area.text == "Replaced"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert not (case.parent / "draftkit.db").exists()


async def test_save_help_and_quit_head_the_footer_and_f8_leaves_the_copy_list(
    case: Path,
) -> None:
    """At 80 columns the footer is cut at the right: with the letter or the library focused
    their own keys used to come first and push save and quit out of view."""
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        for key in ("f2", "f3", "f4", "f9"):
            await pilot.press(key)
            await settle(pilot)
            shown = [a.binding.id for a in screen.active_bindings.values() if a.binding.show]
            assert shown[:3] == ["save", "help", "quit"], key
        # F8 from the copy list: the focus left in it brought the Copies tab straight back.
        await pilot.press("shift+tab", "f8")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "preview"
        assert isinstance(app.focused, Preview)
