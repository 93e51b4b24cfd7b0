"""The live text preview: the composed letter as the addressee will read it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...errors import Problem, display_path


class Preview(VerticalScroll):
    """Shows `render.text.to_text` of the composed letter, or why it cannot be composed."""

    def compose(self):
        yield Static(id="preview-text")

    def show_text(self, text: str) -> None:
        self.query_one("#preview-text", Static).update(Text(text))

    def show_problems(self, problems: Sequence[Problem]) -> None:
        out = Text("The letter cannot be composed yet:\n\n", style="bold red")
        for p in problems:
            out.append(f"• {p.message}\n", style="red")
            out.append(f"  {display_path(p.file)}:{p.line or ''} {p.field}\n", style="dim")
        self.query_one("#preview-text", Static).update(out)
