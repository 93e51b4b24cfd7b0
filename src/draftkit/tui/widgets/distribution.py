"""The distribution tab: who gets a copy, the House Library, and the sentence that says so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static, Switch
from textual.widgets.option_list import Option

from ...document import LIBRARY_NAMES

LIBRARY_CHOICES = [
    *((name, house) for house, name in LIBRARY_NAMES.items()),
    ("Libraries of both Houses", "both"),
    ("No Library copy", "none"),
]


class CopyList(OptionList):
    """Who gets a copy; x removes the highlighted member."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,x", "remove", "Remove copy", id="remove-copy", key_display="x")
    ]

    def action_remove(self) -> None:
        opt = self.highlighted_option
        if opt and opt.id:
            self.post_message(DistributionPane.CopyRemoved(opt.id))


class DistributionPane(Vertical):
    """Shows the copy list the letter will go to; posts what the official changes."""

    @dataclass
    class SpeakersToggled(Message):
        on: bool

    @dataclass
    class LibraryChosen(Message):
        library: str

    @dataclass
    class CopyRemoved(Message):
        member_id: str

    @dataclass
    class CopyAdded(Message):
        member_id: str

    @dataclass
    class MemberSearch(Message):
        text: str

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: The closing's promise as last composed (kept while the letter cannot compose).
        self.sentence = ""
        self._shown: tuple[bool, str] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Switch(id="copy-speakers")
            yield Label("Copy to all who spoke", classes="switch-label")
        with Horizontal(classes="field"):
            yield Label("Library")
            yield Select(LIBRARY_CHOICES, id="library", allow_blank=False, value="none")
        yield Static(id="copy-heading")
        yield CopyList(id="copies")
        yield Input(placeholder="Add a member: type a name, Enter on a result", id="member-search")
        yield OptionList(id="member-results")
        yield Static(id="promise")

    def show(
        self,
        speakers: bool,
        library: str,
        copies: Sequence[tuple[str, str]],
        sentence: str,
    ) -> None:
        """`copies`: (member id, display name) in the order the copies go out."""
        self._shown = (speakers, library)
        switch = self.query_one("#copy-speakers", Switch)
        with switch.prevent(Switch.Changed):
            switch.value = speakers
        select = self.query_one("#library", Select)
        with select.prevent(Select.Changed):
            select.value = library
        self.query_one("#copy-heading", Static).update(
            Text(f"Copies ({len(copies)}), x removes one:", style="bold")
        )
        listing = self.query_one("#copies", CopyList)
        keep = listing.highlighted
        listing.set_options([Option(name, id=mid) for mid, name in copies])
        if copies:
            listing.highlighted = min(keep or 0, len(copies) - 1)
        self.query_one("#promise", Static).update(
            Text.assemble(("The closing will say: ", "bold"), sentence or "(nothing)")
        )

    def show_matches(self, matches: Sequence[tuple[str, str]]) -> None:
        results = self.query_one("#member-results", OptionList)
        results.set_options([Option(name, id=mid) for mid, name in matches])
        if matches:
            results.highlighted = 0

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        if self._shown is not None and event.value != self._shown[0]:
            self.post_message(self.SpeakersToggled(event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and self._shown and event.value != self._shown[1]:
            self.post_message(self.LibraryChosen(event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.MemberSearch(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the name box: on to the results, the best match highlighted (Enter adds)."""
        event.stop()
        self.screen.set_focus(self.query_one("#member-results", OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "member-results" and event.option.id:
            event.stop()
            self.post_message(self.CopyAdded(event.option.id))
            self.query_one("#member-search", Input).value = ""
