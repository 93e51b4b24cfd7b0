"""The `draftkit edit` application: load the case, push the compose screen, offer commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..draft import Draft
from ..errors import InputError
from ..workspace import load_case
from .screens.compose import ComposeScreen
from .screens.problems import ProblemsScreen


class DraftkitApp(App[None]):
    """Small on purpose: screens do the work; a new view is a screen and a binding."""

    TITLE = "draftkit"
    CSS_PATH: ClassVar[list[str | PurePath]] = ["styles/app.tcss", "styles/dialogs.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Quit (asks if unsaved)"
        ),
    ]

    def __init__(self, case_path: Path, today: dt.date | None = None) -> None:
        super().__init__()
        self.case_path = case_path
        self.today = today

    def on_mount(self) -> None:
        try:
            case = load_case(self.case_path)
        except InputError as exc:
            self.push_screen(ProblemsScreen(self.case_path, exc.problems))
            return
        self.push_screen(ComposeScreen(Draft.open(case), self.today))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        """The palette offers every action that has a key, with the widget it belongs to."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.id and binding.description and binding.id not in seen and active.enabled:
                seen.add(binding.id)
                key = binding.key_display or binding.key
                help_text = f"{binding.tooltip or binding.description} ({key})"
                yield SystemCommand(
                    binding.description,
                    help_text,
                    partial(self.run_action, binding.action, active.node),
                )
        yield from super().get_system_commands(screen)

    async def action_quit(self) -> None:
        screen = self.screen
        if isinstance(screen, ComposeScreen):
            screen.request_quit()
        else:
            self.exit()


def make_app(case_path: Path, today: dt.date | None = None) -> DraftkitApp:
    """The one factory: the CLI, the tests and the benchmark start the same app."""
    return DraftkitApp(case_path, today)
