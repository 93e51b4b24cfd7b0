"""The debate view: the imported record with candidate questions marked; the official decides.

Left, the candidates (status, who asked, the question); right, the transcript with each
candidate highlighted where it was said. Accept, edit, merge and reject call the same
`draftkit.hansard.review` operations as a script would; debate.yaml is saved at once,
and changes to the letter (a section for an accepted question) go back to the compose
screen's draft, so they can be undone and are saved with the letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import InputError, display_path
from ...hansard.review import Passage, QuestionReview, transcript_view
from ...models import Question
from ..dialogs.text import TextDialog
from .footer import EssentialsFirst

#: How each status looks, in the list and in the transcript.
STATUS_STYLE = {
    "proposed": ("? proposed", "bold yellow", "black on yellow"),
    "accepted": ("✓ accepted", "bold green", "black on green"),
    "rejected": ("✗ rejected", "dim", "strike dim"),
}


def _marked(passage: Passage) -> Text:
    """A paragraph of the record with its candidates highlighted by status."""
    text = Text(passage.text)
    for mark in passage.marks:
        text.stylize(STATUS_STYLE[mark.status][2], mark.start, mark.end)
    return text


def _anchor(pid: str) -> str:
    """A widget id for a paragraph id such as `a.1139.4/2`."""
    return "para-" + re.sub(r"[^A-Za-z0-9_-]", "_", pid)


class DebateScreen(EssentialsFirst[QuestionReview]):
    """Review one case's candidate questions against the record; dismissed with the review."""

    FOOTER_FIRST = ("debate-close", "quit")

    CSS_PATH = "../styles/debate.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", id="debate-accept", tooltip="Accept the question"),
        Binding("r", "reject", "Reject", id="debate-reject", tooltip="Reject the question"),
        Binding("e", "edit", "Edit", id="debate-edit", tooltip="Reword the question"),
        Binding("space", "mark", "Mark", id="debate-mark", tooltip="Mark a question to merge"),
        Binding("m", "merge", "Merge", id="debate-merge", tooltip="Merge the marked into this one"),
        Binding("ctrl+z", "undo", "Undo", id="debate-undo", tooltip="Undo the last decision"),
        Binding("ctrl+y", "redo", "Redo", id="debate-redo", tooltip="Redo the decision undone"),
        Binding("escape", "close", "Back", id="debate-close", tooltip="Back to the letter"),
    ]

    def __init__(self, folder: Path, letter_data: Any = None, names: dict[str, str] | None = None):
        super().__init__()
        self.review = QuestionReview(folder, letter_data)
        self.names = names or {}
        self.marked: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="debate-main"):
            yield OptionList(id="candidates")
            with Vertical(id="record"):
                yield Static(id="candidate-detail")
                yield VerticalScroll(id="transcript")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        debate = self.review.debate
        self.title = f"draftkit · {debate.title}"
        self.sub_title = debate.hansard or ""
        self.query_one("#candidates").border_title = "Candidate questions"
        self.query_one("#record").border_title = "Transcript"
        self._show_transcript()
        self._show_candidates()
        first = next((i for i, q in enumerate(debate.questions) if q.status == "proposed"), 0)
        candidates = self.query_one("#candidates", OptionList)
        if debate.questions:
            candidates.highlighted = first
        candidates.focus()

    # -- showing ------------------------------------------------------------------------

    def _who(self, member_id: str | None) -> str:
        return self.names.get(member_id or "", member_id or "")

    def _show_candidates(self) -> None:
        options = self.query_one("#candidates", OptionList)
        keep = options.highlighted
        options.clear_options()
        for q in self.review.debate.questions:
            label, style, _ = STATUS_STYLE[q.status]
            line = Text()
            line.append("◆ " if q.id in self.marked else "  ", style="bold magenta")
            line.append(f"{label} ", style=style)
            line.append(f"{q.id} ", style="dim")
            line.append(self._who(q.asked_by), style="bold")
            if q.column:
                line.append(f" c{q.column}", style="dim")
            line.append(f"\n{q.text}")
            options.add_option(Option(line, id=q.id))
        if keep is not None and self.review.debate.questions:
            options.highlighted = min(keep, len(self.review.debate.questions) - 1)

    def _show_transcript(self) -> None:
        """Lay out the record once; later decisions only restyle its paragraphs."""
        view = transcript_view(self.review.folder, self.review.debate)
        box = self.query_one("#transcript", VerticalScroll)
        if not view:
            box.mount(Static("No record was kept for this debate (it was not imported)."))
            return
        widgets: list[Static] = []
        for speech in view:
            who = self._who(speech.speaker) if speech.speaker else (speech.name or "")
            heading = Text(who or "(unattributed)", style="bold")
            if speech.column:
                heading.append(f"  col {speech.column}", style="dim")
            widgets.append(Static(heading, classes="speaker"))
            widgets += [
                Static(_marked(p), id=_anchor(p.pid), classes="passage") for p in speech.passages
            ]
        box.mount_all(widgets)

    def _restyle_transcript(self) -> None:
        for speech in transcript_view(self.review.folder, self.review.debate):
            for passage in speech.passages:
                if passage.marks:
                    self.query_one(f"#{_anchor(passage.pid)}", Static).update(_marked(passage))

    def _current(self) -> Question | None:
        options = self.query_one("#candidates", OptionList)
        if options.highlighted is None or not self.review.debate.questions:
            return None
        return self.review.debate.questions[options.highlighted]

    @on(OptionList.OptionHighlighted, "#candidates")
    def _follow(self) -> None:
        question = self._current()
        detail = self.query_one("#candidate-detail", Static)
        if question is None:
            detail.update("")
            return
        label, style, _ = STATUS_STYLE[question.status]
        text = Text(f"{label}  ", style=style)
        text.append(f"{self._who(question.asked_by)}", style="bold")
        text.append(f"  col {question.column or '?'}  ¶ {question.paragraph or '?'}", style="dim")
        if question.merged_from:
            text.append(f"  (merged: {', '.join(question.merged_from)})", style="dim")
        detail.update(text)
        for widget in self.query(".current"):
            widget.remove_class("current")
        if question.paragraph:
            found = self.query(f"#{_anchor(question.paragraph)}")
            if found:
                found.first().add_class("current")
                found.first().scroll_visible(top=True, animate=False)

    # -- deciding -----------------------------------------------------------------------

    def _decide(self, what: str, action: Callable[[], str | None]) -> None:
        """Make a decision (or undo one) and show it; say so if it was refused."""
        try:
            said = action()
        except InputError as exc:
            self.notify(
                "\n".join(p.shown(display_path) for p in exc.problems), severity="error", timeout=8
            )
            return
        except OSError as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=8)
            return
        self._show_candidates()
        self._restyle_transcript()
        self._follow()
        if what or said:
            self.notify(what or said or "")

    def action_accept(self) -> None:
        q = self._current()
        if q is not None:
            self._decide(f"{q.id} accepted", lambda: self.review.accept(q.id))

    def action_reject(self) -> None:
        q = self._current()
        if q is not None:
            self._decide(f"{q.id} rejected", lambda: self.review.reject(q.id))

    def action_edit(self) -> None:
        q = self._current()
        if q is None:
            return

        def done(text: str | None) -> None:
            if text is not None and text.strip() != q.text:
                self._decide(f"{q.id} reworded", lambda: self.review.edit(q.id, text))

        self.app.push_screen(
            TextDialog("Edit question", f"{q.id}, asked by {self._who(q.asked_by)}", q.text),
            done,
        )

    def action_mark(self) -> None:
        q = self._current()
        if q is None:
            return
        if q.id in self.marked:
            self.marked.remove(q.id)
        else:
            self.marked.append(q.id)
        self._show_candidates()

    def action_merge(self) -> None:
        q = self._current()
        others = [m for m in self.marked if q is not None and m != q.id]
        if q is None or not others:
            self.notify("Mark questions with space, then press m on the one to keep.")
            return
        self.marked = []
        self._decide(
            f"{', '.join(others)} merged into {q.id}", lambda: self.review.merge(q.id, others)
        )

    def action_undo(self) -> None:
        """Take back the last accept, reject, edit or merge (debate.yaml and the letter)."""
        self._step(self.review.undo, "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        self._step(self.review.redo, "Redone", "Nothing to redo.")

    def _step(self, step: Callable[[], str | None], done: str, nothing: str) -> None:
        def run() -> str:
            what = step()
            return f"{done}: {what}" if what else nothing

        self._decide("", run)

    def action_close(self) -> None:
        self.dismiss(self.review)
