"""The findings of `check`: severity, code, place, message and suggested fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList

from .labels import separated_options


@dataclass(frozen=True)
class FindingRow:
    """One line of the table, and the block it belongs to (to jump there)."""

    severity: str
    code: str
    where: str
    message: str
    fix: str = ""
    section: int | None = None
    block: int | None = None


class FindingsTable(OptionList):
    """Errors first, each wrapped to the pane; Enter on one about a block jumps to that block."""

    @dataclass
    class Jump(Message):
        section: int
        block: int | None

    def show(self, rows: Sequence[FindingRow]) -> None:
        self._rows = list(rows)
        empty = Text("✓ No findings.", style="bold green")
        self.set_options(separated_options([_line(r) for r in rows], empty))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.isdigit():
            row = self._rows[int(event.option.id)]
            if row.section is not None:
                self.post_message(self.Jump(row.section, row.block))


def _line(r: FindingRow) -> Text:
    """A finding as shown: severity mark, message, code and place, the fix."""
    error = r.severity == "error"
    line = Text("✗ " if error else "! ", style="bold red" if error else "bold yellow")
    line.append(r.message)
    line.append(f"\n  {r.code} · {r.where}", style="dim")
    if r.fix:
        line.append(f"\n  fix: {r.fix}", style="green")
    return line
