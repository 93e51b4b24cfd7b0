"""The debate's questions: who asked each, and whether the letter answers it yet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...editing import QuestionState, unanswered_count
from .labels import clip_lines

#: At most this many lines of a question's text in the list (the debate view shows it all).
QUESTION_LINES = 5


class QuestionList(OptionList):
    """One option per question; highlighting one tells the screen which question is in hand."""

    @dataclass
    class Chosen(Message):
        """The official moved to a question (`selected`: they pressed Enter on it)."""

        question_id: str
        selected: bool

    _shown: tuple[Sequence[QuestionState], Mapping[str, str]] = ((), {})

    def show(self, states: Sequence[QuestionState], speakers: Mapping[str, str]) -> None:
        """Rebuild the list; `speakers` maps member id to display name."""
        self._shown = (states, speakers)
        # As wide as the text can be even once the list scrolls (the scrollbar shown).
        width = self.size.width - self.styles.scrollbar_size_vertical
        keep = self.highlighted
        options: list[Option | None] = []
        for st in states:
            q = st.question
            line = Text()
            if st.answered:
                line.append("✓ answered ", style="bold green")
            elif st.not_answered_reason is not None:
                line.append("- not answered ", style="bold yellow")
            else:
                line.append("○ unanswered ", style="bold red")
            line.append(speakers.get(q.asked_by, q.asked_by), style="bold")
            if q.column:
                line.append(f" col {q.column}", style="dim")
            line.append("\n")
            line.append(clip_lines(q.text, width, QUESTION_LINES) if width > 0 else q.text)
            if options:
                options.append(None)
            options.append(Option(line, id=q.id))
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
            if states:
                self.highlighted = min(keep or 0, len(states) - 1)
        left = unanswered_count(states)
        title = f"Questions · {left} left"
        # The count matters more than the word: at 80 columns the pane is 18 wide.
        self.border_title = title if len(title) + 4 <= self.outer_size.width else f"{left} left"

    def on_resize(self) -> None:
        """The questions are cut to the new width (a narrower pane, more lines each)."""
        if self._shown[0]:
            self.show(*self._shown)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id, selected=False))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id, selected=True))
