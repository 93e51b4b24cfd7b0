"""Below the outline: the highlighted block in full; prose is edited here in a TextArea."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from ...editing import insert_warning, unfilled_params
from ...models import Block, Section
from ...prose import toggle_mark
from ...snippets import Snippet
from ...spelling import carry_spans, misspelt_spans
from .labels import state_badge

#: Seconds of pause in typing before the spelling is checked again.
SPELL_PAUSE = 0.4
#: The highlight name of an unknown word, and how it looks (Word's red underline).
SPELLING = "draftkit.misspelt"
SPELLING_STYLE = Style(underline=True, color="red")


class ProseArea(TextArea):
    """The prose editor, with Word's keys: ctrl+a selects all, ctrl+b / ctrl+i make the
    selection bold / italic in Markdown; Escape hands focus back to the letter outline.

    Words neither the UK English dictionary nor the case knows are underlined in red, as
    `draftkit check` reports them (`spelling.unknown`). The check runs in a thread once
    typing pauses, never in the keystroke's path; until it has run again, underlines the
    typing has not touched stay and move with the text (`spelling.carry_spans`).
    """

    @dataclass
    class Spellchecked(Message):
        """The spelling of the box's `text` was checked: `misspelt` (start, end) offsets."""

        text: str
        misspelt: list[tuple[int, int]]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "screen.focus_outline", "Done", id="prose-done"),
        Binding("ctrl+a", "select_all", "Select all", id="prose-select-all", show=False),
        Binding(
            "ctrl+b",
            "mark('**')",
            "Bold",
            id="prose-bold",
            tooltip="**bold** (Markdown)",
            show=False,
        ),
        Binding(
            "ctrl+i",
            "mark('*')",
            "Italic",
            id="prose-italic",
            tooltip="*italic* (Markdown)",
            show=False,
        ),
        Binding("ctrl+u", "underline", "Underline", id="prose-underline", show=False),
        # TextArea's own F6 (select line) and F7 (select all) would hide render and debate.
        Binding("f6", "screen.render", show=False),
        Binding("f7", "screen.debate", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Before TextArea's own set-up, which builds the highlights (see below) already.
        #: The case's own words (members, glossary, snippets); None: not known yet, so
        #: nothing is checked (a member's name would be marked for a moment).
        self.known_words: Collection[str] | None = None
        self.misspelt: list[tuple[int, int]] = []
        self._checked = ""  # the text `misspelt` was found in (or carried to)
        self._spell_timer: Timer | None = None
        super().__init__(*args, **kwargs)

    def set_known_words(self, known: Collection[str]) -> None:
        """The case's vocabulary has been read: check the text with it now."""
        self.known_words = known
        self._spellcheck()

    def load_text(self, text: str) -> None:
        """Another block: its own underlines, checked at once."""
        self.misspelt, self._checked = [], text
        super().load_text(text)
        self._spellcheck()

    def on_text_area_changed(self) -> None:
        """Typing: check again once it pauses (each key pushes the check back)."""
        if self._spell_timer is not None:
            self._spell_timer.stop()
        self._spell_timer = self.set_timer(SPELL_PAUSE, self._spellcheck)

    def _spellcheck(self) -> None:
        if self._spell_timer is not None:
            self._spell_timer.stop()
            self._spell_timer = None
        known = self.known_words
        if known is None:
            return
        text = self.text

        def check() -> None:
            found = [(start, end) for start, end, _ in misspelt_spans(text, known, suggest=False)]
            self.app.call_from_thread(self._show_misspelt, text, found)

        self.run_worker(check, thread=True, exclusive=True, group="spelling", exit_on_error=False)

    def _show_misspelt(self, text: str, found: list[tuple[int, int]]) -> None:
        now = self.text
        self.misspelt = found if text == now else carry_spans(text, now, found)
        self._checked = now
        self._build_highlight_map()
        self.refresh()
        self.post_message(self.Spellchecked(now, self.misspelt))

    def _build_highlight_map(self) -> None:
        """TextArea's highlights (none: plain text) plus the underlined words, as its
        (line, start byte, end byte, name) entries; called on every edit, so it is cheap."""
        super()._build_highlight_map()
        if not self.misspelt:
            return
        text = self.text
        if text != self._checked:
            self.misspelt, self._checked = carry_spans(self._checked, text, self.misspelt), text
        where = self.document.get_location_from_index  # type: ignore[attr-defined]  # a Document
        for start, end in self.misspelt:
            row, col = where(start)
            line = self.document.get_line(row)
            first = len(line[:col].encode("utf-8"))
            self._highlights[row].append(
                (first, first + len(text[start:end].encode("utf-8")), SPELLING)
            )

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        # A copy: the built-in theme's styles are shared by every TextArea.
        self._theme.syntax_styles = {**self._theme.syntax_styles, SPELLING: SPELLING_STYLE}

    def _offset(self, location: tuple[int, int]) -> int:
        # TextArea types its document as DocumentBase; a plain-text box holds a Document.
        return self.document.get_index_from_location(location)  # type: ignore[attr-defined]

    @property
    def cursor_offset(self) -> int:
        """Where the cursor is, as an offset into the text."""
        return self._offset(self.cursor_location)

    def action_mark(self, mark: str) -> None:
        """Toggle Markdown bold or italic on the selection (or start it at the cursor)."""
        start, end = self.selection
        done = toggle_mark(self.text, self._offset(start), self._offset(end), mark)
        self.replace(
            done.text, self.document.start, self.document.end, maintain_selection_offset=False
        )
        where = self.document.get_location_from_index  # type: ignore[attr-defined]  # as above
        self.selection = Selection(where(done.start), where(done.end))

    def action_underline(self) -> None:
        """Markdown has no underline (and ctrl+u must not delete the line as TextArea's does)."""
        self.notify("Letters use bold (ctrl+b) or italic (ctrl+i); there is no underline.")


class BlockEditor(Vertical):
    """Shows a section heading, a snippet's text and clearance, or a prose block to edit."""

    @dataclass
    class ProseEdited(Message):
        """The official typed in the prose block at `place`."""

        place: tuple[int, int]
        text: str

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._place: tuple[int, int] | None = None
        #: The box's text as the letter last took it (loaded, or a ProseEdited applied).
        self._reported = ""

    def compose(self) -> ComposeResult:
        yield Static(id="block-info")
        with VerticalScroll(id="block-body-scroll"):
            yield Static(id="block-body")
        yield ProseArea(id="prose", soft_wrap=True, tab_behavior="focus")

    def _mode(self, prose: bool) -> None:
        self.query_one("#prose").display = prose
        self.query_one("#block-body-scroll").display = not prose

    def show_section(self, index: int, section: Section) -> None:
        self._place = None
        self._mode(False)
        self.border_title = f"Section {index + 1}"
        self.query_one("#block-info", Static).update(
            Text.assemble(("Title: ", "bold"), section.title or "(none)")
        )
        self.query_one("#block-body", Static).update(
            "Answers: "
            + (", ".join(section.answers) or "-")
            + "\n\nKeys: s insert a snippet, p add prose, n new section for the question on "
            "the left, t rename this section."
        )

    def show_snippet(self, block: Block, snippet: Snippet | None, on: dt.date) -> None:
        self._place = None
        self._mode(False)
        self.border_title = "Snippet"
        info = self.query_one("#block-info", Static)
        body = self.query_one("#block-body", Static)
        if snippet is None:
            info.update(Text(f"{block.snippet}: not in the library", style="bold red"))
            body.update("")
            return
        m = snippet.meta
        head = Text.assemble((m.title, "bold"), "\n", (f"{m.id} v{m.version} ", "dim"))
        head.append_text(state_badge(snippet, on))
        head.append(f" · owner {m.owner} · review by {m.review_by or '-'}", style="dim")
        warning = insert_warning(snippet, on)
        if warning:
            head.append(f"\n{warning}", style="bold red")
        if m.params:
            missing = unfilled_params(snippet, block.params)
            head.append("\nparams: ", style="bold")
            head.append(
                ", ".join(f"{k}={block.params.get(k, '')!s}" for k in m.params if k not in missing)
            )
            if missing:
                head.append(f"  unfilled: {', '.join(missing)} (press e)", style="bold red")
        info.update(head)
        body.update(Text(snippet.body.strip()))

    def show_prose(self, place: tuple[int, int], text: str) -> None:
        """Show the prose block at `place` holding `text` (as the letter has it now).

        While keys typed in the box have not yet reached the letter (its Changed messages
        are on the way) the box is the truth and is left alone: reloading it would lose
        them. Otherwise a different text is an edit made elsewhere (replace, undo, a
        reload) and the box takes it, the cursor kept where it was: a box left showing the
        old words wrote them back over the edit at the next keystroke.
        """
        self._mode(True)
        self.border_title = "Prose (type here; Esc returns to the letter)"
        self.query_one("#block-info", Static).update(
            Text("Markdown with placeholders, e.g. {{ debate.date | weekday_date }}", "dim")
        )
        area = self.query_one("#prose", ProseArea)
        same = self._place == place
        if same and (area.text != self._reported or area.text.strip("\n") == text.strip("\n")):
            return  # typing on its way to the letter, or nothing new
        cursor = area.cursor_location if same else None
        self._place, self._reported = place, text
        with area.prevent(TextArea.Changed):
            area.load_text(text)
        if cursor is not None:
            area.move_cursor(cursor)

    def edit_prose(self, select: tuple[int, int] | None = None) -> None:
        """Focus the prose box with the cursor at the end of its text, to carry on writing
        (or with `select`, offsets into the text, selected: a match found)."""
        area = self.query_one("#prose", ProseArea)
        if select is None:
            area.move_cursor(area.document.end)
        else:
            where = area.document.get_location_from_index  # type: ignore[attr-defined]  # as above
            area.selection = Selection(where(select[0]), where(select[1]))
        self.screen.set_focus(area)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._place is not None:
            self.post_message(self.ProseEdited(self._place, event.text_area.text))

    def applied(self, place: tuple[int, int], text: str) -> None:
        """The letter has taken `text` from the box at `place` (a ProseEdited was handled)."""
        if place == self._place:
            self._reported = text
