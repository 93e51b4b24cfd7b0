"""Shown instead of the compose screen when the case cannot be loaded: every problem, placed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...errors import Problem, display_path


class ProblemsScreen(Screen[None]):
    """Lists `file:line: field: message` for each problem; fix the files and start again."""

    def __init__(self, case_path: Path, problems: Sequence[Problem]) -> None:
        super().__init__()
        self._case_path, self._problems = case_path, list(problems)

    def compose(self) -> ComposeResult:
        yield Header()
        text = Text(
            f"{display_path(self._case_path)} cannot be opened until these are fixed:\n\n",
            style="bold red",
        )
        for p in self._problems:
            text.append(f"{p.shown(display_path)}\n")
        with VerticalScroll(id="problems"):
            yield Static(text)
        yield Footer()
