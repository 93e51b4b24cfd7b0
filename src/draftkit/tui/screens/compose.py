"""The compose screen: questions on the left, the letter in the middle, tools on the right.

The screen turns what the panes ask for into calls on `draftkit.editing` (pure edits),
`draftkit.draft` (saving, autosave, conflicts) and the same compose/render/check
functions the CLI uses; long work runs in thread workers so the UI never freezes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.timer import Timer
from textual.widgets import Footer, Header, ProgressBar, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from ... import editing, prose
from ...address import forms
from ...checks import Finding, from_problems, run_checks
from ...directory.find import find_members
from ...distribution import copy_recipients
from ...draft import Autosave, Draft, DraftPreview, autosave_path, pending_autosave, preview
from ...errors import InputError, Problem, display_path
from ...hansard.review import QuestionReview
from ...models import Letter, Question
from ...prose import count_words
from ...render import FORMATS
from ...snippets import Snippet, search
from ...spelling import case_words
from ...suggest import suggest
from .. import jobs
from ..dialogs.choice import ChoiceDialog, confirm
from ..dialogs.find import FindDialog, FindRequest
from ..dialogs.help import HelpDialog, Places
from ..dialogs.params import ParamsDialog
from ..dialogs.render import RenderDialog, RenderRequest
from ..dialogs.text import TextDialog
from ..saving import Outcome, save_flow
from ..widgets.comments import CommentRow, CommentsList
from ..widgets.distribution import CopyList, DistributionPane
from ..widgets.editor import BlockEditor, ProseArea
from ..widgets.findings import FindingRow, FindingsTable
from ..widgets.labels import first_words
from ..widgets.library import SnippetLibrary, SnippetPicker
from ..widgets.outline import LetterOutline, Place
from ..widgets.preview import Preview
from ..widgets.questions import QuestionList
from .debate import DebateScreen
from .footer import EssentialsFirst

#: Seconds from the first unsaved edit to the autosave copy being written; not pushed back
#: by further typing, so the copy is never more than this behind the last keystroke.
AUTOSAVE_DELAY = 1.0
#: Seconds of pause in typing before the outline, preview and findings catch up.
TYPING_PAUSE = 0.3
#: Seconds between looks at letter.yaml on disk for changes made by someone else.
DISK_POLL = 2.0
#: Below this many columns the layout is the narrow one (80x24 is first-class).
NARROW = 110
#: How many suggestions head the library list for the question in hand.
SUGGESTIONS = 6
#: Formats ticked by default in the render dialog, when the emitters offer them.
DEFAULT_FORMATS = ("pdf", "docx")


class ComposeScreen(EssentialsFirst[None]):
    """Editing one case's letter."""

    FOOTER_FIRST = ("save", "help", "quit")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save letter.yaml"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last change", show=False),
        Binding("ctrl+y", "redo", "Redo", id="redo", tooltip="Redo", show=False),
        Binding("f5", "check", "Check", id="check", tooltip="Run the checks"),
        Binding("f6", "render", "Render", id="render", tooltip="Render PDF/DOCX"),
        Binding(
            "f10",
            "batch",
            "Batch",
            id="batch",
            tooltip="Every copy, the Library copy, manifest.json, and the register",
        ),
        Binding("f1", "help", "Help", id="help", tooltip="Every key, by pane"),
        Binding("ctrl+f", "find", "Find", id="find", tooltip="Find and replace", show=False),
        Binding(
            "ctrl+o", "open_pdf", "Open PDF", id="open-pdf", tooltip="Open the PDF", show=False
        ),
        Binding("f2", "focus_questions", "Questions", id="focus-questions", show=False),
        Binding("f3", "focus_outline", "Letter", id="focus-outline", show=False),
        Binding("f4", "pick_snippet", "Library", id="focus-library", show=False),
        Binding("f8", "show_tab('preview')", "Preview", id="show-preview", show=False),
        Binding("f9", "copies", "Copies", id="show-distribution", show=False),
        Binding(
            "f12",
            "show_comments",
            "Comments",
            id="show-comments",
            show=False,
            tooltip="Reviewers' open comments from clearance rounds",
        ),
        Binding(
            "f7", "debate", "Debate", id="debate", tooltip="The debate: review candidate questions"
        ),
    ]

    def __init__(
        self, draft: Draft, today: dt.date | None = None, open_elsewhere: str | None = None
    ) -> None:
        super().__init__()
        self.draft = draft
        self.today = today
        #: Who has the letter open for editing when it is not this editor (then read-only).
        self.open_elsewhere = open_elsewhere
        self.letter: Letter = draft.base.letter
        self.question_id: str | None = None
        self.last_outputs: list[Path] = []
        self._autosave_timer: Timer | None = None
        self._refresh_timer: Timer | None = None
        self._disk_warned = False
        self._reviewing = False
        self._review_next: editing.LetterData | None = None

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield QuestionList(id="questions")
            with Vertical(id="letter"):
                yield LetterOutline(id="outline")
                yield BlockEditor(id="editor")
            with TabbedContent(id="side", initial="library"):
                with TabPane("Library", id="library"):
                    yield SnippetLibrary(id="snippet-library")
                with TabPane("Preview", id="preview"):
                    yield Preview(id="preview-pane")
                with TabPane("Copies", id="distribution"):
                    yield DistributionPane(id="distribution-pane")
                with TabPane("Findings", id="findings"):
                    yield FindingsTable(id="findings-table")
        with Horizontal(id="status-bar"):
            yield Static(id="status")
            # A total from the start: an indeterminate bar animates 15 times a second.
            yield ProgressBar(id="progress", total=1, show_eta=False)
            yield Static(id="findings-count")
            yield Static(id="words")
        yield Footer(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        """Below 110 columns the side panes narrow, and give way while prose is written."""
        self.set_class(event.size.width < NARROW, "narrow")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.set_class(isinstance(event.widget, ProseArea), "writing")

    def on_mount(self) -> None:
        case = self.draft.base
        self.query_one("#outline").border_title = "Letter"
        self.query_one("#editor").border_title = "Block"
        self.query_one("#progress").display = False
        self.question_id = case.debate.questions[0].id if case.debate.questions else None
        self.refresh_views()
        self._refresh_library()
        self.set_interval(DISK_POLL, self._check_disk)
        self.query_one(QuestionList).focus()
        self._load_comments()
        self._load_known_words()
        if self.open_elsewhere is not None:
            # Its autosave is the other editor's live work, not a crash's: never offered,
            # written or removed here.
            self.query_one(ProseArea).read_only = True
            self.query_one("#status", Static).update("Read-only: open in another editor")
            self.notify(
                f"{display_path(self.draft.path)} is open in another editor "
                f"({self.open_elsewhere}). It is shown read-only here: close it there to edit.",
                severity="warning",
                timeout=20,
            )
            return
        saved = pending_autosave(self.draft.path)  # an orphan: its editor is gone
        if saved is not None:
            self.draft.keep_autosave = True  # until the official says what to do with it
            self.app.push_screen(
                ChoiceDialog(
                    "Unsaved work found",
                    f"{display_path(self.draft.path)} has unsaved changes from an earlier "
                    "session that did not close cleanly. Restore them? (Not now keeps the "
                    "copy and asks again next time.)",
                    [("restore", "Restore"), ("discard", "Discard them"), ("later", "Not now")],
                ),
                lambda choice: self._restore(choice, saved),
            )

    def _read_only(self) -> bool:
        """In a read-only session say why nothing can change here, and return True."""
        if self.open_elsewhere is None:
            return False
        self.notify(
            f"Read-only: {display_path(self.draft.path)} is open in another editor "
            f"({self.open_elsewhere}). Close it there to edit here.",
            severity="warning",
        )
        return True

    @work(thread=True, exclusive=True, group="spelling-words", exit_on_error=False)
    def _load_known_words(self) -> None:
        """The case's own words for the prose box's spelling (as `check` knows them)."""
        known = case_words(self.draft.base)
        self.app.call_from_thread(self.query_one(ProseArea).set_known_words, known)

    def _restore(self, choice: str | None, saved: Autosave) -> None:
        if choice == "restore":
            self.draft.restore(saved)
            self.refresh_views()
            self.notify("Unsaved work restored. Save with ctrl+s.")
        elif choice == "discard":
            self.draft.discard_autosave()

    # -- showing the state ----------------------------------------------------------------

    @property
    def snippets(self) -> dict[str, Snippet]:
        return self.draft.base.workspace.snippets

    def _member_name(self, member_id: str) -> str:
        member = self.draft.base.workspace.members.get(member_id)
        return forms(member).display if member else member_id

    def refresh_views(self) -> None:
        """Show the current state of the letter in every pane."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        letter, problems = self.draft.letter()
        if letter is None:
            self.query_one(Preview).show_problems(problems)
            self._show_findings([], problems)
            return
        self.letter = letter
        case = self.draft.base
        states = editing.question_states(letter, case.debate, case.workspace.members)
        names = {q.asked_by: self._member_name(q.asked_by) for q in case.debate.questions}
        self.query_one(QuestionList).show(states, names)
        outline = self.query_one(LetterOutline)
        outline.show(letter, self.snippets, letter.date)
        self._show_block(outline.place)
        self._show_distribution()
        self._update_title()
        self._recompute(self.draft.data)
        self._autosave_soon()

    def _update_title(self) -> None:
        self.title = f"draftkit · {self.letter.reference}"
        mark = " ● unsaved" if self.draft.dirty else ""
        if self.open_elsewhere is not None:
            mark = " · read-only (open in another editor)"
        self.sub_title = f"{display_path(self.draft.path)}{mark}"

    def _show_block(self, place: Place | None) -> None:
        editor = self.query_one(BlockEditor)
        if place is None:
            return
        s, b = place
        if s >= len(self.letter.sections):
            return
        section = self.letter.sections[s]
        if b is None or b >= len(section.blocks):
            editor.show_section(s, section)
            return
        block = section.blocks[b]
        if block.snippet_id is None:
            editor.show_prose((s, b), block.text or "")
        else:
            editor.show_snippet(block, self.snippets.get(block.snippet_id), self.letter.date)

    def _show_distribution(self) -> None:
        case = self.draft.base
        copies = copy_recipients(self.letter, case.debate, case.sender, case.workspace.members)
        self.query_one(DistributionPane).show(
            self.letter.distribution.speakers,
            self.letter.distribution.library,
            [(m.id, forms(m).display) for m in copies],
            self.query_one(DistributionPane).sentence,
        )

    def _question(self) -> Question | None:
        return next((q for q in self.draft.base.debate.questions if q.id == self.question_id), None)

    def _refresh_library(self) -> None:
        library = self.query_one(SnippetLibrary)
        text = library.filter_text.strip()
        date = self.letter.date
        if text:
            found = search(self.snippets, text)
            library.show([], found, date, f"Library · {len(found)} match “{text}”")
            return
        question = self._question()
        ranked = suggest(self.snippets, question, SUGGESTIONS) if question else []
        shown = {s.id for s, _ in ranked}
        others = sorted(
            (s for s in self.snippets.values() if s.id not in shown), key=lambda s: s.id
        )
        heading = (
            f"Library · suggested for {self._member_name(question.asked_by)}'s question"
            if ranked and question
            else f"Library · {len(self.snippets)} snippets"
        )
        library.show(ranked, others, date, heading)

    # -- live preview and findings (worker) -------------------------------------------------

    def _recompute(self, data: editing.LetterData) -> None:
        """Compose and check `data` off the UI thread; while a run is going, only the latest
        edit waits for the next one (a run per keystroke pause would queue up behind it)."""
        if self._reviewing:
            self._review_next = data
            return
        self._reviewing = True
        self._review(data)

    @work(thread=True, group="recompute", exit_on_error=False)
    def _review(self, data: editing.LetterData) -> None:
        result = preview(self.draft, data)
        findings = _run_checks(result, self.today)
        self.app.call_from_thread(self._show_review, result, findings)

    def _show_review(self, result: DraftPreview, findings: list[FindingRow]) -> None:
        self._reviewing = False
        if self._review_next is not None:
            data, self._review_next = self._review_next, None
            self._recompute(data)
            return
        preview = self.query_one(Preview)
        if result.text is not None:
            preview.show_text(result.text)
            self.query_one("#words", Static).update(f"{count_words(result.text):,} words")
        else:
            preview.show_problems(result.problems)
        pane = self.query_one(DistributionPane)
        pane.sentence = result.document.distribution.sentence if result.document else ""
        self._show_distribution()
        self._show_findings(findings, [])

    def _show_findings(self, rows: list[FindingRow], problems: list[Problem]) -> None:
        rows = rows + [_row(f) for f in from_problems(problems)]
        table = self.query_one(FindingsTable)
        table.show(rows)
        errors = sum(1 for r in rows if r.severity == "error")
        tabs = self.query_one(TabbedContent)
        label = f"Findings {len(rows)}" if rows else "Findings"
        if errors:
            label = f"Findings [bold red]{errors}✗[/] {len(rows)}"
        tabs.get_tab("findings").label = label
        # Also in the status bar, which no width hides (at 80 columns the tab may be cut).
        count = self.query_one("#findings-count", Static)
        count.update(Text.from_markup(label.replace("Findings", "findings", 1)))

    # -- autosave and the file on disk --------------------------------------------------------

    def _autosave_soon(self) -> None:
        """Write the autosave copy AUTOSAVE_DELAY after the first edit since the last copy."""
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)

    def _autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if self.open_elsewhere is not None:  # the autosave is the other editor's
            return
        try:
            self.draft.autosave()
        except OSError as exc:
            self.notify(f"Autosave failed: {exc}", severity="error")

    def _check_disk(self) -> None:
        if self.draft.changed_on_disk() and not self._disk_warned:
            self._disk_warned = True
            self.notify(
                f"{display_path(self.draft.path)} was changed on disk by someone else. "
                "Saving will ask before overwriting it.",
                severity="warning",
                timeout=10,
            )

    # -- editing ----------------------------------------------------------------------------

    def edit(
        self, data: editing.LetterData, key: str | None = None, place: Place | None = None
    ) -> None:
        """Make an edit current, show it, and put the cursor on `place`."""
        if self._read_only():
            self.refresh_views()  # a switch flipped, say, shows the letter as it is again
            return
        self.draft.apply(data, key)
        if place is not None:
            self.refresh_views()
            self.query_one(LetterOutline).go_to(place)
            self._show_block(place)
        else:
            self.refresh_views()

    def _target(self) -> tuple[int, int] | None:
        """Where an inserted block goes: after the highlighted block, or ending its section."""
        place = self.query_one(LetterOutline).place
        if place is None:
            return None
        s, b = place
        return (s, len(self.letter.sections[s].blocks) if b is None else b + 1)

    def _insert(self, block: editing.LetterData) -> tuple[int, int] | None:
        target = self._target()
        data = self.draft.data
        if target is None:
            question = self._question()
            if question is None:
                self.notify("The debate has no questions: add a section first.", severity="warning")
                return None
            data, s = editing.add_section(data, [question.id])
            target = (s, 0)
        self.edit(editing.insert_block(data, *target, block), place=target)
        return target

    def action_add_prose(self) -> None:
        if self._insert(editing.text_block()) is not None:
            self.query_one(BlockEditor).edit_prose()

    def action_pick_snippet(self) -> None:
        self.query_one(TabbedContent).active = "library"
        self.query_one("#library-list").focus()

    def action_filter_library(self) -> None:
        self.query_one(TabbedContent).active = "library"
        self.query_one(SnippetLibrary).focus_filter()

    @on(SnippetLibrary.InsertRequested)
    def _insert_requested(self, event: SnippetLibrary.InsertRequested) -> None:
        snippet = self.snippets[event.snippet_id]
        warning = editing.insert_warning(snippet, self.letter.date)
        if warning is None:
            self._insert_snippet(snippet)
            return
        self.app.push_screen(
            confirm("Not a cleared line", f"{warning}\n\nInsert it anyway?", yes="Insert anyway"),
            lambda answer: self._insert_snippet(snippet) if answer == "yes" else None,
        )

    def _insert_snippet(self, snippet: Snippet) -> None:
        if not (snippet.meta.params or snippet.used_params):
            self._insert(editing.snippet_block(snippet))
            self.notify(f"Inserted {snippet.id}.")
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            self._insert(editing.snippet_block(snippet, values))
            missing = editing.unfilled_params(snippet, values)
            if missing:
                self.notify(
                    f"Inserted {snippet.id}; unfilled: {', '.join(missing)}.", severity="warning"
                )
            else:
                self.notify(f"Inserted {snippet.id}.")

        self.app.push_screen(ParamsDialog(snippet, {}), done)

    def action_edit_block(self) -> None:
        place = self.query_one(LetterOutline).place
        if place is None:
            return
        s, b = place
        if b is None:
            self.action_rename_section()
            return
        block = self.letter.sections[s].blocks[b]
        if block.snippet_id is None:
            self.query_one(BlockEditor).edit_prose()
            return
        snippet = self.snippets.get(block.snippet_id)
        if snippet is None or not (snippet.meta.params or snippet.used_params):
            self.notify("This snippet has no placeholders to fill.")
            return
        self.app.push_screen(
            ParamsDialog(snippet, block.params),
            lambda values: (
                self.edit(editing.set_params(self.draft.data, s, b, values), place=(s, b))
                if values is not None
                else None
            ),
        )

    def action_rename_section(self) -> None:
        place = self.query_one(LetterOutline).place
        if place is None:
            return
        s = place[0]

        def done(title: str | None) -> None:
            if title is not None:
                self.edit(editing.set_section_title(self.draft.data, s, title), place=(s, None))

        current = self.letter.sections[s].title or ""
        self.app.push_screen(
            TextDialog("Section title", "The heading of this section:", current), done
        )

    def action_add_section(self) -> None:
        question = self._question()
        if question is None:
            self.notify("Choose a question on the left first.", severity="warning")
            return

        def done(title: str | None) -> None:
            if title is None:
                return
            data, s = editing.add_section(self.draft.data, [question.id], title.strip() or None)
            self.edit(data, place=(s, None))
            self.query_one(LetterOutline).focus()

        self.app.push_screen(
            TextDialog(
                "New section",
                f"A section answering {self._member_name(question.asked_by)}: "
                f"“{first_words(question.text, 120)}”.\nIts heading (may be left empty):",
            ),
            done,
        )

    def action_move(self, delta: int) -> None:
        place = self.query_one(LetterOutline).place
        if place is None or place[1] is None:
            return
        data, s, b = editing.move_block(self.draft.data, place[0], place[1], delta)
        if data is not self.draft.data:
            self.edit(data, place=(s, b))

    def action_remove(self) -> None:
        place = self.query_one(LetterOutline).place
        if place is None:
            return
        s, b = place
        if b is not None:
            self.edit(
                editing.remove_block(self.draft.data, s, b),
                place=(s, max(b - 1, 0)) if b else (s, None),
            )
            self.notify("Block removed (ctrl+z brings it back).")
        elif not self.letter.sections[s].blocks:
            self.edit(editing.remove_section(self.draft.data, s))
        else:
            self.notify("Remove the section's blocks first.", severity="warning")

    @on(BlockEditor.ProseEdited)
    def _prose_edited(self, event: BlockEditor.ProseEdited) -> None:
        """Typing: keep every keystroke at once, redraw the other panes when typing pauses."""
        if self._read_only():
            return
        s, b = event.place
        self.draft.apply(editing.set_text(self.draft.data, s, b, event.text), key=f"text-{s}-{b}")
        self.query_one(BlockEditor).applied(event.place, event.text)
        self._update_title()
        self._autosave_soon()
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(TYPING_PAUSE, self.refresh_views)

    def action_undo(self) -> None:
        if self.draft.undo():
            self.refresh_views()
        else:
            self.notify("Nothing to undo.")

    def action_redo(self) -> None:
        if self.draft.redo():
            self.refresh_views()
        else:
            self.notify("Nothing to redo.")

    # -- moving about -------------------------------------------------------------------------

    @on(QuestionList.Chosen)
    def _question_chosen(self, event: QuestionList.Chosen) -> None:
        changed = event.question_id != self.question_id
        self.question_id = event.question_id
        sections = [i for i, s in enumerate(self.letter.sections) if event.question_id in s.answers]
        if sections and (changed or event.selected):
            self.query_one(LetterOutline).go_to((sections[0], None))
        if changed:
            self._refresh_library()
        if event.selected:
            if sections:
                self.query_one(LetterOutline).focus()
            else:
                self.action_add_section()

    @on(LetterOutline.Moved)
    def _outline_moved(self, event: LetterOutline.Moved) -> None:
        self._show_block(event.place)
        # The library suggests for the question the section in hand answers.
        s = event.place[0]
        answers = self.letter.sections[s].answers if s < len(self.letter.sections) else []
        if answers and answers[0] != self.question_id:
            self.question_id = answers[0]
            self._refresh_library()
        if event.selected:
            self.action_edit_block()

    @on(SnippetLibrary.FilterChanged)
    def _filter_changed(self) -> None:
        self._refresh_library()

    # -- clearance comments (a tab only when a round came back with some) ----------------

    @work(thread=True, exclusive=True, group="comments", exit_on_error=False)
    def _load_comments(self, resolve: int | None = None) -> None:
        """Read the open comments from the register (resolving one first), then show them."""
        from ...clearance.workflow import open_comments, resolve_comment

        case = self.draft.base
        if resolve is not None:
            resolve_comment(case, resolve)
        rows = [
            CommentRow(
                c.id,
                c.author,
                c.text,
                c.quoted,
                None if c.section is None else c.section - 1,
                None if c.block is None else c.block - 1,
                c.round,
            )
            for c in open_comments(case)
        ]
        self.app.call_from_thread(self._show_comments, rows, resolve is not None)

    def _show_comments(self, rows: list[CommentRow], resolved: bool) -> None:
        tabs = self.query_one(TabbedContent)
        label = f"Comments {len(rows)}" if rows else "Comments"
        if self.query("#comments"):
            self.query_one(CommentsList).show(rows)
            tabs.get_tab("comments").label = label
        elif rows:
            tabs.add_pane(TabPane(label, CommentsList(rows, id="comments-list"), id="comments"))
        if resolved:
            self.query_one("#status", Static).update("Comment resolved (recorded in the register)")

    def action_show_comments(self) -> None:
        if not self.query("#comments"):
            self.query_one("#status", Static).update("No open comments from clearance rounds")
            return
        self.query_one(TabbedContent).active = "comments"
        self.query_one(CommentsList).focus()

    @on(CommentsList.Resolve)
    def _resolve_comment(self, event: CommentsList.Resolve) -> None:
        self._load_comments(event.comment)

    @on(FindingsTable.Jump)
    def _jump(self, event: FindingsTable.Jump) -> None:
        outline = self.query_one(LetterOutline)
        outline.go_to((event.section, event.block))
        outline.focus()

    def _flush_typing(self) -> None:
        """Catch the panes up with typing now rather than at the next pause."""
        if self._refresh_timer is not None:
            self.refresh_views()

    def action_focus_outline(self) -> None:
        self._flush_typing()
        self.query_one(LetterOutline).focus()

    def action_focus_questions(self) -> None:
        self.query_one(QuestionList).focus()

    def action_show_tab(self, tab: str) -> None:
        """Show a side tab and move into it: focus left in the tab it replaces (the copy
        list, say) brought that tab straight back, as TabbedContent shows the focus."""
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        target = next((w for w in tabs.get_pane(tab).query("*") if w.can_focus), None)
        if target is not None:
            target.focus()

    def action_copies(self) -> None:
        """The copy list, ready to add a member by name (Enter on a result adds them)."""
        self.action_show_tab("distribution")
        self.query_one("#member-search").focus()

    @classmethod
    def help_places(cls, app: type[DOMNode]) -> Places:
        """Where each set of keys works, for F1 (the app's own keys are `app`'s)."""
        return [
            ("Anywhere", [cls, app]),
            ("The letter (F3)", [LetterOutline]),
            ("The prose box (e or Enter on a prose block)", [ProseArea]),
            ("The library (F4): type to filter", [SnippetPicker]),
            ("Copies (F9): type a name, Enter on a result adds them", [CopyList]),
            ("The debate view (F7)", [DebateScreen]),
        ]

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog(self.help_places(type(self.app))))

    def action_open_pdf(self) -> None:
        """Open the PDF last rendered (or the one in out/) in the system's viewer."""
        rendered = [p for p in self.last_outputs if p.suffix == ".pdf"]
        default = self.draft.base.dir / "out" / f"{self.letter.reference}.pdf"
        pdf = rendered[0] if rendered else default
        if not pdf.exists():
            self.notify("No PDF yet: render it first (F6).", severity="warning")
            return
        opener = shutil.which("xdg-open") or shutil.which("open")
        if opener is None:
            self.notify(f"The PDF is {pdf.resolve()}", timeout=15)
            return
        subprocess.Popen(
            [opener, str(pdf)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.notify(f"Opening {display_path(pdf)}")

    # -- find and replace ----------------------------------------------------------------

    def _prose_place(self) -> tuple[int, int] | None:
        place = self.query_one(LetterOutline).place
        if place is None or place[1] is None:
            return None
        block = self.letter.sections[place[0]].blocks[place[1]]
        return (place[0], place[1]) if block.snippet_id is None else None

    def action_find(self) -> None:
        self._flush_typing()
        area = self.query_one(ProseArea)
        selected = area.selected_text if area.has_focus else ""
        here = self._prose_place() if area.has_focus else None
        self.app.push_screen(FindDialog(selected, here is not None), self._found)

    def _found(self, request: FindRequest | None) -> None:
        if request is None:
            return
        here = self._prose_place()
        only = None if request.whole_letter or here is None else here
        if request.action == "replace":
            data, count = prose.replace_in_letter(
                self.draft.data,
                request.find,
                request.replace,
                match_case=request.match_case,
                only=only,
            )
            if count:
                self.edit(data)
            where = "in the letter's prose" if only is None else "in this block"
            self.notify(f"Replaced {count} “{request.find}” {where} (ctrl+z undoes it).")
            return
        blocks = prose.prose_blocks(self.draft.data)
        if only is not None:
            blocks = [b for b in blocks if b[:2] == only]
        start = (here or (0, -1), self.query_one(ProseArea).cursor_offset if here else -1)
        hit = _next_hit(blocks, request.find, request.match_case, start)
        if hit is None:
            self.notify(f"“{request.find}” is not in the letter's prose.", severity="warning")
            return
        s, b, offset = hit
        self.query_one(LetterOutline).go_to((s, b))
        self._show_block((s, b))
        self.query_one(BlockEditor).edit_prose(select=(offset, offset + len(request.find)))

    # -- distribution -------------------------------------------------------------------------

    @on(DistributionPane.SpeakersToggled)
    def _speakers(self, event: DistributionPane.SpeakersToggled) -> None:
        if event.on != self.letter.distribution.speakers:
            self.edit(editing.set_copy_speakers(self.draft.data, event.on))

    @on(DistributionPane.LibraryChosen)
    def _library(self, event: DistributionPane.LibraryChosen) -> None:
        if event.library != self.letter.distribution.library:
            self.edit(editing.set_library(self.draft.data, event.library))

    @on(DistributionPane.CopyRemoved)
    def _copy_removed(self, event: DistributionPane.CopyRemoved) -> None:
        speakers = self.draft.base.debate.speakers
        self.edit(editing.remove_copy(self.draft.data, event.member_id, speakers))

    @on(DistributionPane.CopyAdded)
    def _copy_added(self, event: DistributionPane.CopyAdded) -> None:
        self.edit(editing.add_copy(self.draft.data, event.member_id))

    @on(DistributionPane.MemberSearch)
    def _member_search(self, event: DistributionPane.MemberSearch) -> None:
        members = self.draft.base.workspace.members
        found = find_members(members, event.text, 8) if event.text.strip() else []
        self.query_one(DistributionPane).show_matches([(m.id, forms(m).display) for m in found])

    # -- saving and quitting (one conversation: tui.saving.save_flow) --------------------

    def action_save(self) -> None:
        if self._read_only():
            return
        self._flush_typing()
        self._save()

    @work(exclusive=True, group="dialog")
    async def _save(self) -> None:
        await self._saved(None)

    async def _saved(self, before: str | None) -> Outcome:
        """Save (asking first when `before` says why), and say what came of it."""
        outcome = await save_flow(self.app, self.draft, before)
        if outcome == "saved":
            self._disk_warned = False
            self.notify(f"Saved {display_path(self.draft.path)}.")
        elif outcome == "reloaded":
            self._disk_warned = False
            self.notify(
                "Loaded the file from disk. Your version is kept in "
                f"{display_path(autosave_path(self.draft.path))} and ctrl+z returns to it."
            )
        self.refresh_views()
        return outcome

    def request_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        self._flush_typing()
        self._quit()

    @work(exclusive=True, group="dialog")
    async def _quit(self) -> None:
        if not self.draft.dirty:
            self._autosave()  # removes the copy, unless it holds work set aside
            self.app.exit()
            return
        if await self._saved("quit") in ("saved", "discarded"):
            self.app.exit()

    # -- the debate view ----------------------------------------------------------------------

    def action_debate(self) -> None:
        """Open the debate view; its decisions come back as letter edits (undoable)."""
        if self._read_only():  # its decisions are saved to debate.yaml at once
            return
        case = self.draft.base
        members = case.workspace.members
        names = {mid: forms(members[mid]).display for mid in case.debate.speakers if mid in members}
        self.app.push_screen(DebateScreen(case.dir, self.draft.data, names), self._debate_done)

    def _debate_done(self, result: QuestionReview | None) -> None:
        if result is None:
            return
        self.draft.base = dataclasses.replace(
            self.draft.base, debate=result.debate, debate_data=result.debate_data
        )
        if result.letter_changed:
            self.draft.apply(result.letter_data)
        self.refresh_views()
        self._load_known_words()  # the members' recorded words are known words

    # -- check and render (workers) ------------------------------------------------------------

    def action_check(self) -> None:
        self.query_one(TabbedContent).active = "findings"
        self._recompute(self.draft.data)
        self.query_one(FindingsTable).focus()

    def action_render(self) -> None:
        chosen = [f for f in DEFAULT_FORMATS if f in FORMATS] or list(FORMATS)
        out = self.draft.base.dir / "out"
        self.app.push_screen(RenderDialog(FORMATS, chosen, out), self._start_render)

    def _start_render(self, request: RenderRequest | None) -> None:
        if request is None:
            return
        try:
            case = self.draft.case()
        except InputError as exc:
            self._not_written(exc.problems)
            return
        self._progress(jobs.Progress("Rendering…", 0, len(request.formats)))
        jobs.render(self, case, request.formats, request.out)

    @work(exclusive=True, group="dialog")
    async def action_batch(self) -> None:
        """Like `draftkit batch`: the saved letter, checked, then every file and the record."""
        if self._read_only():  # the other editor may be about to change what would be sent
            return
        if await self._saved("batch") != "saved":
            return
        try:
            case = self.draft.case()
        except InputError as exc:  # the saved letter does not load (say, edited outside)
            self._not_written(exc.problems)
            return
        jobs.check_batch(self, case, self.today)

    @on(jobs.Checked)
    @work(exclusive=True, group="dialog")
    async def _checked(self, event: jobs.Checked) -> None:
        """The letter a batch would send is checked: ask (Cancel focused) before sending it."""
        self._done("")
        errors = event.prepared.errors
        if errors:
            self._show_findings([_row(f) for f in event.prepared.findings], [])
            self.query_one(TabbedContent).active = "findings"
            answer = await self.app.push_screen_wait(
                confirm(
                    "Checks found errors",
                    f"{len(errors)} error(s) in the findings. A batch sends the letter out as "
                    "it is; batch anyway (like --force)?",
                    yes="Batch anyway",
                )
            )
            if answer != "yes":
                return
        default = display_path(self.draft.base.dir / "out")
        folder = await self.app.push_screen_wait(
            TextDialog("Batch", "Folder for OUT/<reference>/ (files, manifest.json):", default)
        )
        if folder and folder.strip():
            self._progress(jobs.Progress("Batching…", 0, 1))
            jobs.batch(self, event, Path(folder.strip()).expanduser())

    @on(jobs.Progress)
    def _progress(self, event: jobs.Progress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=event.total, progress=event.done)
        self.query_one("#status", Static).update(event.what)

    def _done(self, message: str) -> None:
        self.query_one("#progress").display = False
        self.query_one("#status", Static).update(message)

    @on(jobs.Rendered)
    def _rendered(self, event: jobs.Rendered) -> None:
        self.last_outputs = event.paths
        where = ", ".join(display_path(p) for p in event.paths)
        self._done(f"Wrote {where}")
        self.notify(f"Wrote {where}. ctrl+o opens the PDF.", title="Done", timeout=10)

    @on(jobs.Batched)
    def _batched(self, event: jobs.Batched) -> None:
        result = event.result
        self.last_outputs = [Path(f.path) for f in result.files] + [result.manifest]
        message = f"Batched: {result.summary}"
        self._done(message)
        self.notify(message, title="Done", timeout=10)

    @on(jobs.Failed)
    def _failed(self, event: jobs.Failed) -> None:
        if event.problems:
            self._not_written(event.problems)
        else:
            self._done(f"Failed: {event.error}")
            self.notify(f"Failed: {event.error}", severity="error", timeout=15)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A job that broke (not bad input: a bug, a full disk) says so instead of hiding."""
        if event.worker.group == "recompute" and event.state is WorkerState.ERROR:
            self._reviewing = False  # the next edit starts a fresh run
        if event.worker.group == jobs.GROUP and event.state is WorkerState.ERROR:
            self._done(f"Failed: {event.worker.error}")
            self.notify(f"Failed: {event.worker.error}", severity="error", timeout=15)

    def _not_written(self, problems: list[Problem]) -> None:
        """Nothing was rendered or batched: the letter's input errors, on the findings tab."""
        self._done("Not written: the letter has errors (see Findings).")
        self._show_findings([], problems)
        self.query_one(TabbedContent).active = "findings"


def _next_hit(
    blocks: list[tuple[int, int, str]],
    needle: str,
    match_case: bool,
    after: tuple[tuple[int, int], int],
) -> tuple[int, int, int] | None:
    """The first match after `after` ((section, block), offset) in reading order, wrapping."""
    hits = [
        (s, b, offset)
        for s, b, text in blocks
        for offset in prose.find_all(text, needle, match_case=match_case)
    ]
    (s0, b0), o0 = after
    later = [h for h in hits if (h[0], h[1], h[2]) > (s0, b0, o0)]
    found = later or hits
    return found[0] if found else None


def _row(f: Finding) -> FindingRow:
    where = f"{f.location(display_path)} {f.place}".strip()
    return FindingRow(f.severity, f.code, where, f.message, f.fix or "", f.section, f.block)


def _run_checks(result: DraftPreview, today: dt.date | None) -> list[FindingRow]:
    """The same checks as `draftkit check`, on the letter as it stands (saved or not)."""
    if result.case is None:
        return [_row(f) for f in from_problems(result.problems)]
    return [_row(f) for f in run_checks(result.case, today=today, document=result.document)]
