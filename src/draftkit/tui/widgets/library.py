"""The snippet library tab: filter as you type, suggestions for the question in hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...editing import insert_warning
from ...snippets import Snippet
from .labels import first_words, snippet_line, state_badge


class SnippetPicker(OptionList):
    """The list: arrows and Enter to insert; typing a letter starts filtering with it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "screen.filter_library", "Filter", id="library-filter", key_display="/"),
        Binding("enter", "select", "Insert", id="library-insert", tooltip="Insert the snippet"),
    ]

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.key not in ("slash", "space"):
            event.stop()
            event.prevent_default()
            self.query_ancestor(SnippetLibrary).type_filter(event.character)


class SnippetLibrary(Vertical):
    """Input to filter, the matching snippets (state, version, review date), the one in focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_list", "List", show=False, id="library-list"),
    ]

    @dataclass
    class FilterChanged(Message):
        text: str

    @dataclass
    class InsertRequested(Message):
        snippet_id: str

    def compose(self) -> ComposeResult:
        yield Static(id="library-heading")
        yield Input(
            placeholder="Filter: words in title, topics or text",
            id="library-filter",
            select_on_focus=False,  # typing in the list carries on here
        )
        yield SnippetPicker(id="library-list")
        with VerticalScroll(id="library-detail-scroll"):
            yield Static(id="library-detail")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._snippets: dict[str, Snippet] = {}
        self._on = dt.date.today()

    def show(
        self,
        suggested: Sequence[tuple[Snippet, float]],
        others: Sequence[Snippet],
        on: dt.date,
        heading: str,
    ) -> None:
        """List suggestions (with scores) first, then the other matches; `on` is the letter date."""
        self._on = on
        picker = self.query_one(SnippetPicker)
        options: list[Option] = []
        self._snippets = {}
        for snippet, score in suggested:
            options.append(Option(snippet_line(snippet, on, score), id=snippet.id))
            self._snippets[snippet.id] = snippet
        if suggested and others:
            options.append(Option(Text("── other snippets ──", "dim"), id="-sep-", disabled=True))
        for snippet in others:
            options.append(Option(snippet_line(snippet, on), id=snippet.id))
            self._snippets[snippet.id] = snippet
        ids = [o.id for o in options]
        picker.set_options(options)
        if options:
            # A new question or filter: the best match first, in view.
            picker.highlighted = 0
            picker.scroll_home(animate=False)
            self._show_detail(str(ids[0]))
        else:
            self.query_one("#library-detail", Static).update(Text("Nothing matches.", "dim"))
        self.query_one("#library-heading", Static).update(Text(heading, style="bold"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail(event.option.id or "")

    def _show_detail(self, snippet_id: str) -> None:
        """The highlighted snippet in full: clearance record, warning, and its text."""
        snippet = self._snippets.get(snippet_id)
        if snippet is None:
            return
        m = snippet.meta
        text = Text.assemble((m.title, "bold"), "\n", (f"{m.id} v{m.version} ", "dim"))
        text.append_text(state_badge(snippet, self._on))
        text.append(
            f"\nowner {m.owner}; approved by {m.approved_by or '-'} on {m.approved_on or '-'};"
            f" review by {m.review_by or '-'}\ntopics: {', '.join(m.topics) or '-'}",
            style="dim",
        )
        if m.params:
            text.append("\nparams: " + ", ".join(m.params), style="cyan")
        warning = insert_warning(snippet, self._on)
        if warning:
            text.append(f"\n{warning}", style="bold red")
        text.append("\n\n" + first_words(snippet.body, 600))
        self.query_one("#library-detail", Static).update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self._snippets:
            self.post_message(self.InsertRequested(event.option.id))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(SnippetPicker).focus()

    def action_focus_list(self) -> None:
        self.query_one(SnippetPicker).focus()

    def focus_filter(self) -> None:
        """`/`: the filter box with its text selected, so typing starts a new filter."""
        box = self.query_one(Input)
        box.select_all()
        self.screen.set_focus(box)

    def type_filter(self, text: str) -> None:
        """Typing in the list goes on in the filter box (letters never run commands here)."""
        box = self.query_one(Input)
        box.value = text  # a new filter, as `/` then typing would start
        box.cursor_position = len(text)
        self.screen.set_focus(box)

    @property
    def filter_text(self) -> str:
        return self.query_one(Input).value
