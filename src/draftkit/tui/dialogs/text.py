"""A one-line question, such as a section's title."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class TextDialog(ModalScreen[str | None]):
    """Returns the text entered (Enter), or None (Escape)."""

    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="text-cancel")
    ]

    def __init__(self, title: str, message: str, value: str = "") -> None:
        super().__init__(classes="dialog")
        self._title, self._message, self._value = title, message, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self._title
            yield Static(self._message, classes="dialog-message")
            yield Input(self._value, id="text-value")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
