"""Find and replace, as in Word (ctrl+f): in the block being written or across the letter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static


@dataclass(frozen=True)
class FindRequest:
    """What to look for, what to put instead, and where (the prose block or every block)."""

    find: str
    replace: str
    action: Literal["find", "replace"]
    whole_letter: bool
    match_case: bool


class FindDialog(ModalScreen[FindRequest | None]):
    """Find (Enter) or Replace all; Escape cancels. Replacing changes prose, never snippets."""

    AUTO_FOCUS = "#find-text"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="find-cancel")
    ]

    def __init__(self, find: str, in_block: bool) -> None:
        super().__init__(classes="dialog")
        self._find, self._in_block = find, in_block

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Find and replace"
            yield Label("Find")
            yield Input(self._find, id="find-text")
            yield Label("Replace with")
            yield Input(id="replace-text")
            with Horizontal(id="find-options"):
                yield Checkbox("Whole letter", not self._in_block, id="find-whole")
                yield Checkbox("Match case", False, id="find-case")
            yield Static(
                "Snippets are cleared lines: replacing changes prose blocks only.", classes="dim"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Find", id="find-go", variant="primary")
                yield Button("Replace all", id="replace-go")
                yield Button("Cancel", id="find-cancel-button")

    def _request(self, action: Literal["find", "replace"]) -> FindRequest | None:
        find = self.query_one("#find-text", Input).value
        if not find:
            return None
        return FindRequest(
            find,
            self.query_one("#replace-text", Input).value,
            action,
            self.query_one("#find-whole", Checkbox).value,
            self.query_one("#find-case", Checkbox).value,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "find-go":
            self.dismiss(self._request("find"))
        elif event.button.id == "replace-go":
            self.dismiss(self._request("replace"))
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "find-text":
            self.dismiss(self._request("find"))
        else:
            self.query_one("#replace-go", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
