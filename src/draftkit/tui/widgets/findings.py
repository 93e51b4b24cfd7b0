"""The findings of `check`: severity, code, place, message and suggested fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable


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


class FindingsTable(DataTable[Text]):
    """Errors first; Enter on a finding about a block jumps to that block."""

    @dataclass
    class Jump(Message):
        section: int
        block: int | None

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns("", "code", "where", "message", "fix")
        self._rows: list[FindingRow] = []

    def show(self, rows: Sequence[FindingRow]) -> None:
        self._rows = list(rows)
        self.clear()
        for r in rows:
            style = "bold red" if r.severity == "error" else "yellow"
            self.add_row(
                Text("✗" if r.severity == "error" else "!", style=style),
                Text(r.code, style="dim"),
                Text(r.where),
                Text(r.message),
                Text(r.fix, style="green"),
            )
        if not rows:
            self.add_row(
                Text("✓", style="bold green"), Text(""), Text(""), Text("No findings."), Text("")
            )
        errors = sum(1 for r in rows if r.severity == "error")
        self.border_title = f"{errors} error(s), {len(rows) - errors} warning(s)"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self._rows[event.cursor_row] if event.cursor_row < len(self._rows) else None
        if row and row.section is not None:
            self.post_message(self.Jump(row.section, row.block))
