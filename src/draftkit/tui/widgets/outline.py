"""The letter in the middle pane: its sections and their blocks, in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ...editing import unfilled_params
from ...models import Letter
from ...snippets import Snippet
from .labels import STATE_STYLE, first_words

#: Where the cursor is: (section, block) or (section, None) on a section's heading.
Place = tuple[int, int | None]


def place_id(place: Place) -> str:
    s, b = place
    return f"sec-{s}" if b is None else f"blk-{s}-{b}"


def parse_place(option_id: str) -> Place:
    parts = option_id.split("-")
    return (int(parts[1]), None) if parts[0] == "sec" else (int(parts[1]), int(parts[2]))


class LetterOutline(OptionList):
    """Sections and blocks; keys here act on the highlighted block (through screen actions)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "screen.add_prose", "Prose", id="add-prose", tooltip="Insert a prose block"),
        Binding(
            "s", "screen.pick_snippet", "Snippet", id="pick-snippet", tooltip="Insert a snippet"
        ),
        Binding("e", "screen.edit_block", "Edit", id="edit-block", tooltip="Edit text/params"),
        Binding("n", "screen.add_section", "Section", id="add-section", tooltip="New section"),
        Binding("t", "screen.rename_section", "Title", id="rename-section", tooltip="Retitle"),
        Binding(
            "ctrl+up,left_square_bracket",
            "screen.move(-1)",
            "Up",
            id="move-up",
            key_display="[",
            tooltip="Move the block up",
        ),
        Binding(
            "ctrl+down,right_square_bracket",
            "screen.move(1)",
            "Down",
            id="move-down",
            key_display="]",
            tooltip="Move the block down",
        ),
        Binding(
            "delete,x",
            "screen.remove",
            "Remove",
            id="remove",
            key_display="x",
            tooltip="Remove the block (undo brings it back)",
        ),
    ]

    @dataclass
    class Moved(Message):
        """The cursor moved to a section heading or a block (`selected`: Enter was pressed)."""

        place: Place
        selected: bool

    def show(self, letter: Letter, snippets: Mapping[str, Snippet], on: dt.date) -> None:
        """Rebuild from the letter, keeping the cursor where it was."""
        keep = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option] = []
        for s, section in enumerate(letter.sections):
            head = Text(f"§{s + 1} ", style="bold")
            head.append(section.title or "(untitled section)", style="bold underline")
            head.append(f"\n   answers: {', '.join(section.answers) or '-'}", style="dim")
            if not section.blocks:
                head.append("\n   (empty: press s for a snippet, p for prose)", style="italic dim")
            options.append(Option(head, id=place_id((s, None))))
            for b, block in enumerate(section.blocks):
                options.append(Option(self._block_label(block, snippets, on), id=place_id((s, b))))
        if not options:
            options.append(
                Option(
                    Text("No sections yet: press n on a question.", "dim"), id="none", disabled=True
                )
            )
        ids = [o.id for o in options]
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
            self.highlighted = ids.index(keep) if keep in ids else 0

    @staticmethod
    def _block_label(block, snippets: Mapping[str, Snippet], on: dt.date) -> Text:
        line = Text("  ")
        if block.snippet_id is None:
            line.append("¶ ", style="bold cyan")
            line.append(first_words(block.text or "", 110) or "(empty prose)")
            return line
        snippet = snippets.get(block.snippet_id)
        line.append("▣ ", style="bold magenta")
        if snippet is None:
            line.append(f"{block.snippet}: not in the library", style="bold red")
            return line
        state = snippet.state(on)
        line.append(snippet.meta.title, style="bold")
        version = block.pinned_version or snippet.meta.version
        line.append(f"\n    {snippet.id} v{version} ", style="dim")
        line.append(state, style=STATE_STYLE[state])
        if block.pinned_version and block.pinned_version < snippet.meta.version:
            line.append(f" (library has v{snippet.meta.version})", style="yellow")
        missing = unfilled_params(snippet, block.params)
        if missing:
            line.append(f"\n    unfilled: {', '.join(missing)}", style="bold red")
        return line

    def go_to(self, place: Place) -> None:
        try:
            self.highlighted = self.get_option_index(place_id(place))
        except OptionDoesNotExist:
            return

    @property
    def place(self) -> Place | None:
        opt = self.highlighted_option
        return parse_place(opt.id) if opt and opt.id and opt.id != "none" else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and event.option.id != "none":
            self.post_message(self.Moved(parse_place(event.option.id), selected=False))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != "none":
            self.post_message(self.Moved(parse_place(event.option.id), selected=True))
