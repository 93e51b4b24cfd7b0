"""Asking the official to choose: a message and a row of buttons.

The last choice is the safe one (Cancel, Not now): it has the focus, so an Enter pressed
by habit sends, records or overwrites nothing, and Escape chooses it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ChoiceDialog(ModalScreen[str]):
    """Returns the value of the button pressed (`choices` are (value, label) pairs)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel")
    ]

    def __init__(self, title: str, message: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self._title, self._message, self._choices = title, message, list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self._title
            yield Static(self._message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for n, (value, label) in enumerate(self._choices):
                    yield Button(
                        label, id=f"choice-{value}", variant="primary" if n == 0 else "default"
                    )

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self._choices[-1][0]}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(self._choices[-1][0])


def confirm(title: str, message: str, yes: str = "Yes", no: str = "Cancel") -> ChoiceDialog:
    """A two-button question whose result is "yes" or "no"."""
    return ChoiceDialog(title, message, [("yes", yes), ("no", no)])
