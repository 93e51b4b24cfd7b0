"""The compose screen: questions on the left, the letter in the middle, tools on the right.

The screen turns what the panes ask for into calls on `draftkit.editing` (pure edits),
`draftkit.draft` (saving, autosave, conflicts) and the same compose/render/check
functions the CLI uses; long work runs in thread workers so the UI never freezes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, ProgressBar, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from ... import editing
from ...address import forms
from ...checks import Finding, blocking, from_problems, run_checks
from ...compose import compose
from ...directory.find import find_members
from ...distribution import copy_recipients
from ...draft import Autosave, ChangedOnDisk, Draft, Review, autosave_path, pending_autosave, review
from ...errors import InputError, Problem, display_path
from ...hansard.review import Review as QuestionReview
from ...models import Letter, Question
from ...prose import count_words
from ...render import FORMATS, write_outputs
from ...snippets import Snippet, search
from ...suggest import suggest
from ..dialogs.choice import ChoiceDialog, confirm
from ..dialogs.params import ParamsDialog
from ..dialogs.render import RenderDialog, RenderRequest
from ..dialogs.text import TextDialog
from ..widgets.distribution import DistributionPane
from ..widgets.editor import BlockEditor
from ..widgets.findings import FindingRow, FindingsTable
from ..widgets.library import SnippetLibrary
from ..widgets.outline import LetterOutline, Place
from ..widgets.preview import Preview
from ..widgets.questions import QuestionList
from .debate import DebateScreen

#: Seconds from the first unsaved edit to the autosave copy being written; not pushed back
#: by further typing, so the copy is never more than this behind the last keystroke.
AUTOSAVE_DELAY = 1.0
#: Seconds of pause in typing before the outline, preview and findings catch up.
TYPING_PAUSE = 0.3
#: Seconds between looks at letter.yaml on disk for changes made by someone else.
DISK_POLL = 2.0
#: How many suggestions head the library list for the question in hand.
SUGGESTIONS = 6
#: Formats ticked by default in the render dialog, when the emitters offer them.
DEFAULT_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Output:
    """What a render or batch worker wrote, and the sentence that says so."""

    message: str
    paths: list[Path]


class ComposeScreen(Screen[None]):
    """Editing one case's letter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save letter.yaml"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last change"),
        Binding("ctrl+y", "redo", "Redo", id="redo", tooltip="Redo"),
        Binding("f5", "check", "Check", id="check", tooltip="Run the checks"),
        Binding("f6", "render", "Render", id="render", tooltip="Render PDF/DOCX"),
        Binding(
            "f10",
            "batch",
            "Batch",
            id="batch",
            tooltip="Every copy, the Library copy, manifest.json, and the register",
        ),
        Binding("f2", "focus_questions", "Questions", id="focus-questions", show=False),
        Binding("f3", "focus_outline", "Letter", id="focus-outline", show=False),
        Binding("f4", "pick_snippet", "Library", id="focus-library", show=False),
        Binding("f8", "show_tab('preview')", "Preview", id="show-preview", show=False),
        Binding("f9", "show_tab('distribution')", "Copies", id="show-distribution", show=False),
        Binding(
            "f7", "debate", "Debate", id="debate", tooltip="The debate: review candidate questions"
        ),
    ]

    def __init__(self, draft: Draft, today: dt.date | None = None) -> None:
        super().__init__()
        self.draft = draft
        self.today = today
        self.letter: Letter = draft.base.letter
        self.question_id: str | None = None
        self.last_outputs: list[Path] = []
        self._autosave_timer: Timer | None = None
        self._refresh_timer: Timer | None = None
        self._disk_warned = False

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
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="words")
        yield Footer()

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
        saved = pending_autosave(self.draft.path)
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
        states = editing.question_states(letter, case.debate)
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

    @work(thread=True, exclusive=True, group="recompute", exit_on_error=False)
    def _recompute(self, data: editing.LetterData) -> None:
        result = review(self.draft, data)
        findings = _run_checks(result, self.today)
        self.app.call_from_thread(self._show_review, result, findings)

    def _show_review(self, result: Review, findings: list[FindingRow]) -> None:
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

    # -- autosave and the file on disk --------------------------------------------------------

    def _autosave_soon(self) -> None:
        """Write the autosave copy AUTOSAVE_DELAY after the first edit since the last copy."""
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)

    def _autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
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
                f"“{question.text[:120]}”.\nIts heading (may be left empty):",
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
        s, b = event.place
        self.draft.apply(editing.set_text(self.draft.data, s, b, event.text), key=f"text-{s}-{b}")
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
        if event.selected:
            self.action_edit_block()

    @on(SnippetLibrary.FilterChanged)
    def _filter_changed(self) -> None:
        self._refresh_library()

    @on(FindingsTable.Jump)
    def _jump(self, event: FindingsTable.Jump) -> None:
        outline = self.query_one(LetterOutline)
        outline.go_to((event.section, event.block))
        outline.focus()

    def action_focus_outline(self) -> None:
        if self._refresh_timer is not None:
            self.refresh_views()
        self.query_one(LetterOutline).focus()

    def action_focus_questions(self) -> None:
        self.query_one(QuestionList).focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

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

    # -- saving and quitting ---------------------------------------------------------------

    def action_save(self, then: Callable[[], None] | None = None) -> None:
        if self._refresh_timer is not None:
            self.refresh_views()
        try:
            self.draft.save()
        except ChangedOnDisk:
            self.app.push_screen(
                ChoiceDialog(
                    "Changed on disk",
                    f"{display_path(self.draft.path)} was changed by someone else after you "
                    "opened it. Your work is kept in the autosave copy whatever you choose.",
                    [
                        ("overwrite", "Overwrite with mine"),
                        ("reload", "Load theirs"),
                        ("cancel", "Cancel"),
                    ],
                ),
                lambda choice: self._resolve_conflict(choice, then),
            )
            return
        except OSError as exc:
            self.notify(f"Could not save: {exc}", severity="error")
            return
        self._saved(then)

    def _saved(self, then: Callable[[], None] | None) -> None:
        self._disk_warned = False
        self.refresh_views()
        self.notify(f"Saved {display_path(self.draft.path)}.")
        if then is not None:
            then()

    def _resolve_conflict(self, choice: str | None, then: Callable[[], None] | None) -> None:
        if choice == "overwrite":
            self.draft.save(force=True)
            self._saved(then)
        elif choice == "reload":
            try:
                self.draft.set_aside_and_reload()
            except OSError as exc:
                self.notify(f"Could not keep your version: {exc}", severity="error")
                return
            self._disk_warned = False
            self.refresh_views()
            self.notify(
                "Loaded the file from disk. Your version is kept in "
                f"{display_path(autosave_path(self.draft.path))} and ctrl+z returns to it."
            )

    def request_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        if not self.draft.dirty:
            self._autosave()  # removes the copy, unless it holds work set aside
            self.app.exit()
            return

        def done(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then=self.app.exit)
            elif choice == "discard":
                self.draft.discard_autosave()
                self.app.exit()

        self.app.push_screen(
            ChoiceDialog(
                "Unsaved changes",
                f"Save your changes to {display_path(self.draft.path)} before quitting?",
                [
                    ("save", "Save and quit"),
                    ("discard", "Quit without saving"),
                    ("cancel", "Cancel"),
                ],
            ),
            done,
        )

    # -- the debate view ----------------------------------------------------------------------

    def action_debate(self) -> None:
        """Open the debate view; its decisions come back as letter edits (undoable)."""
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
        if request is not None:
            names = ", ".join(f.upper() for f in request.formats)
            self._progress(f"Rendering {names}…", 0, len(request.formats))
            self._render_letter(request, self.draft.data)

    @work(thread=True, exclusive=True, group="output", exit_on_error=False)
    def _render_letter(self, request: RenderRequest, data: editing.LetterData) -> Output:
        document = compose(self.draft.case(data))
        paths: list[Path] = []
        total = len(request.formats)
        for n, fmt in enumerate(request.formats):
            self.app.call_from_thread(self._progress, f"Rendering {fmt.upper()}…", n, total)
            paths += write_outputs(document, [fmt], request.out)
        where = ", ".join(display_path(p) for p in paths)
        return Output(f"Wrote {where}", paths)

    def action_batch(self) -> None:
        """Like `draftkit batch`: saved letter, checks first, then every file and the record."""
        if self.draft.dirty:
            self.app.push_screen(
                confirm(
                    "Save first",
                    "The batch is recorded in the register as the saved letter. Save now?",
                    yes="Save and batch",
                ),
                lambda answer: (
                    self.action_save(then=self.action_batch) if answer == "yes" else None
                ),
            )
            return
        try:
            case = self.draft.case()
        except InputError as exc:  # the saved letter does not load (say, edited outside)
            self._not_written(exc.problems)
            return
        errors = blocking(run_checks(case, today=self.today))
        if errors:
            self.action_check()
            self.app.push_screen(
                confirm(
                    "Checks found errors",
                    f"{len(errors)} error(s) in the findings. A batch sends the letter out as it "
                    "is; batch anyway (like --force)?",
                    yes="Batch anyway",
                ),
                lambda answer: self._ask_batch_folder() if answer == "yes" else None,
            )
            return
        self._ask_batch_folder()

    def _ask_batch_folder(self) -> None:
        def go(folder: str | None) -> None:
            if folder and folder.strip():
                self._progress("Batching…", 0, 1)
                self._batch(Path(folder.strip()).expanduser())

        default = display_path(self.draft.base.dir / "out")
        self.app.push_screen(
            TextDialog("Batch", "Folder for OUT/<reference>/ (files, manifest.json):", default),
            go,
        )

    @work(thread=True, exclusive=True, group="output", exit_on_error=False)
    def _batch(self, out: Path) -> Output:
        from ... import register
        from ...batch import run_batch  # WeasyPrint, pypdf and SQLAlchemy: only when batching

        case = self.draft.case()
        document = compose(case)
        engine = register.connect(register.database_url(case.workspace.root))

        def progress(done: int, total: int, what: str) -> None:
            self.app.call_from_thread(self._progress, what, done, total)

        result = run_batch(case, document, out, engine, progress=progress)
        copies = sum(f.role == "copy" for f in result.files)
        return Output(
            f"Batched {len(result.files) + 1} files ({copies} copies) to "
            f"{display_path(result.folder)} and recorded them in the register",
            [Path(f.path) for f in result.files] + [result.manifest],
        )

    def _progress(self, message: str, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)
        self.query_one("#status", Static).update(message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "output" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self.query_one("#progress").display = False
        status = self.query_one("#status", Static)
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Output):
            self.last_outputs = worker.result.paths
            status.update(worker.result.message)
            self.notify(worker.result.message, title="Done", timeout=10)
            return
        error = worker.error
        if isinstance(error, InputError):
            self._not_written(error.problems)
        else:
            status.update(f"Failed: {error}")
            self.notify(f"Failed: {error}", severity="error", timeout=15)

    def _not_written(self, problems: list[Problem]) -> None:
        """Nothing was rendered or batched: the letter's input errors, on the findings tab."""
        self.query_one("#status", Static).update(
            "Not written: the letter has errors (see Findings)."
        )
        self._show_findings([], problems)
        self.query_one(TabbedContent).active = "findings"


def _row(f: Finding) -> FindingRow:
    where = f"{f.location(display_path)} {f.place}".strip()
    return FindingRow(f.severity, f.code, where, f.message, f.fix or "", f.section, f.block)


def _run_checks(result: Review, today: dt.date | None) -> list[FindingRow]:
    """The same checks as `draftkit check`, on the letter as it stands (saved or not)."""
    if result.case is None:
        return [_row(f) for f in from_problems(result.problems)]
    return [_row(f) for f in run_checks(result.case, today=today, document=result.document)]
