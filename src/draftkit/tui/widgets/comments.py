"""The Comments tab: reviewers' open comments from clearance rounds, with the block each marks.

Enter on a comment jumps to its block in the letter (the same message the findings use);
`r` asks for it to be marked resolved, which the screen records in the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList

from .findings import FindingsTable
from .labels import separated_options


@dataclass(frozen=True)
class CommentRow:
    """One open comment; `section` and `block` count from 0, as the outline does."""

    id: int
    author: str
    text: str
    quoted: str
    section: int | None
    block: int | None
    round: int


class CommentsList(OptionList):
    """Open comments, in the order they came back; Enter jumps, `r` resolves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "resolve",
            "Resolve",
            id="resolve-comment",
            tooltip="Mark the highlighted comment resolved",
        ),
    ]

    @dataclass
    class Resolve(Message):
        comment: int

    def __init__(self, rows: Sequence[CommentRow] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows = list(rows)

    def on_mount(self) -> None:
        self.show(self._rows)

    def show(self, rows: Sequence[CommentRow]) -> None:
        self._rows = list(rows)
        empty = Text("No open comments.", style="dim")
        self.set_options(separated_options([_line(row) for row in rows], empty))

    def _row(self, option_id: str | None) -> CommentRow | None:
        return self._rows[int(option_id)] if option_id and option_id.isdigit() else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self._row(event.option.id)
        if row is not None and row.section is not None:
            self.post_message(FindingsTable.Jump(row.section, row.block))

    def action_resolve(self) -> None:
        if self.highlighted is None:
            return
        row = self._row(self.get_option_at_index(self.highlighted).id)
        if row is not None:
            self.post_message(self.Resolve(row.id))


def _line(row: CommentRow) -> Text:
    """A comment as shown: who and what, its round and block, the words it marks."""
    line = Text(f"{row.author}: ", style="bold")
    line.append(row.text)
    where = (
        f"section {row.section + 1}, block {row.block + 1}"
        if row.section is not None and row.block is not None
        else "not placed in a block"
    )
    line.append(f"\n  round {row.round} · {where}", style="dim")
    if row.quoted:
        line.append(f"\n  on: “{row.quoted}”", style="italic")
    return line
