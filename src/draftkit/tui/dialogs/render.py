"""What to render and where: the formats the emitters offer and an output folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static


@dataclass(frozen=True)
class RenderRequest:
    formats: tuple[str, ...]
    out: Path


class RenderDialog(ModalScreen[RenderRequest | None]):
    """Tick formats, edit the folder, Render; Escape cancels."""

    #: Rendering replaces files of the same name in the folder: Cancel has the focus.
    AUTO_FOCUS = "#render-cancel-button"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="render-cancel")
    ]

    def __init__(self, formats: Sequence[str], chosen: Sequence[str], out: Path) -> None:
        super().__init__(classes="dialog")
        self._formats, self._chosen, self._out = list(formats), set(chosen), out

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Render the letter"
            yield Static("The addressee's letter, written as OUT/<reference>.<format>.")
            with Horizontal(id="render-formats"):
                for fmt in self._formats:
                    yield Checkbox(fmt.upper(), fmt in self._chosen, id=f"fmt-{fmt}")
            yield Label("Output folder")
            yield Input(str(self._out), id="render-out")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Render", id="render-go", variant="primary")
                yield Button("Cancel", id="render-cancel-button")

    def _request(self) -> RenderRequest | None:
        formats = tuple(f for f in self._formats if self.query_one(f"#fmt-{f}", Checkbox).value)
        folder = self.query_one("#render-out", Input).value.strip()
        if not formats or not folder:
            self.notify("Choose at least one format and a folder.", severity="warning")
            return None
        return RenderRequest(formats, Path(folder).expanduser())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "render-go":
            self.dismiss(None)
        elif (request := self._request()) is not None:
            self.dismiss(request)

    def on_input_submitted(self) -> None:
        if (request := self._request()) is not None:
            self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)
