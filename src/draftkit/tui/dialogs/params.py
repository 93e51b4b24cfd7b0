"""The parameter form of a snippet: one field per placeholder, unfilled ones marked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...editing import unfilled_params
from ...snippets import Snippet


class ParamsDialog(ModalScreen[dict[str, str] | None]):
    """Returns the values typed (empty ones included), or None when cancelled."""

    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="params-cancel")
    ]

    def __init__(self, snippet: Snippet, values: Mapping[str, object]) -> None:
        super().__init__(classes="dialog")
        self._snippet = snippet
        self._values = {k: str(v) for k, v in values.items()}

    def _names(self) -> list[str]:
        meta = self._snippet.meta
        return [*meta.params, *sorted(self._snippet.used_params - set(meta.params))]

    def compose(self) -> ComposeResult:
        meta = self._snippet.meta
        missing = set(unfilled_params(self._snippet, self._values))
        with Vertical(classes="dialog-box") as box:
            box.border_title = f"Placeholders of {meta.id}"
            yield Static(meta.title, classes="dialog-message")
            with VerticalScroll(id="params-fields"):
                for name in self._names():
                    note = meta.params.get(name, "")
                    label = f"{name}: {note}" if note else name
                    yield Static(
                        label + ("  (unfilled)" if name in missing else ""),
                        classes="unfilled" if name in missing else "",
                    )
                    yield Input(self._values.get(name, ""), placeholder=note, id=f"param-{name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="params-save", variant="primary")
                yield Button("Cancel", id="params-cancel-button")

    def _result(self) -> dict[str, str]:
        return {n: self.query_one(f"#param-{n}", Input).value for n in self._names()}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        idx = inputs.index(event.input)
        if idx + 1 < len(inputs):
            inputs[idx + 1].focus()
        else:
            self.dismiss(self._result())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self._result() if event.button.id == "params-save" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
