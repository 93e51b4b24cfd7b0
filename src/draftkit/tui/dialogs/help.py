"""F1: every key of the editor, by where it works, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

#: Where a set of keys works, and the classes whose bindings they are.
Places = Sequence[tuple[str, Sequence[type[DOMNode]]]]


def _key(binding: Binding) -> str:
    keys = binding.key_display or binding.key.split(",")[0]
    return keys.replace("_", " ")


def key_rows(places: Places) -> list[tuple[str, list[tuple[str, str]]]]:
    """For each place, its (key, what it does) for every described binding of its classes."""
    out = []
    for where, classes in places:
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for cls in classes:
            for item in cls.BINDINGS:
                binding = item if isinstance(item, Binding) else Binding(*item)
                if not binding.description or binding.key in seen:
                    continue
                seen.add(binding.key)
                rows.append((_key(binding), binding.tooltip or binding.description))
        out.append((where, rows))
    return out


def key_table(places: Places) -> Group:
    """Each place's heading over a two-column table of its keys, the key columns one width.

    The headings are lines of their own: in the key column they made it as wide as the
    longest heading, and at 80 columns the descriptions were squeezed to a word a line.
    """
    listed = key_rows(places)
    width = max((len(key) for _, rows in listed for key, _ in rows), default=1)
    parts: list[Text | Table] = []
    for where, rows in listed:
        parts.append(Text(where, style="bold underline"))
        table = Table(box=None, expand=True, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column("key", style="bold cyan", no_wrap=True, width=width)
        table.add_column("does", ratio=1)
        for key, does in rows:
            table.add_row(key, does)
        parts += [table, Text("")]
    return Group(*parts)


class HelpDialog(ModalScreen[None]):
    """The keys, grouped by pane; Escape, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", id="help-close"),
    ]

    def __init__(self, places: Places) -> None:
        super().__init__(classes="dialog")
        self.table = key_table(places)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="help-box") as box:
            box.border_title = "Keys (Esc closes; ctrl+p finds any command by name)"
            with VerticalScroll():
                yield Static(self.table)
