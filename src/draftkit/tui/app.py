"""The `draftkit edit` application: paint at once, load the case in a worker, push the editor.

The App is small on purpose (frogmouth style): it loads and hands over to screens, and a
new view (a debate screen, say) is a screen and a binding. Heavy modules (pydantic
models, Jinja, compose, checks) are imported by the loading worker after the first
paint, so the terminal shows something at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static


class DraftkitApp(App[None]):
    """Loads the case, then pushes the compose screen (or the problems screen)."""

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

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(f"Opening {self.case_path} …", id="loading-message")
            yield LoadingIndicator(id="loading")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        """Read and check the case off the UI thread, then show it."""
        from ..draft import Draft
        from ..errors import InputError
        from ..workspace import load_case
        from .screens.compose import ComposeScreen
        from .screens.problems import ProblemsScreen

        try:
            case = load_case(self.case_path)
        except InputError as exc:
            self.call_from_thread(self.push_screen, ProblemsScreen(self.case_path, exc.problems))
            return
        self.call_from_thread(self.push_screen, ComposeScreen(Draft.open(case), self.today))

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
        """Quit; the compose screen asks first when there is unsaved work."""
        request_quit = getattr(self.screen, "request_quit", None)
        if request_quit is not None:
            request_quit()
        else:
            self.exit()


def make_app(case_path: Path, today: dt.date | None = None) -> DraftkitApp:
    """The one factory: the CLI, the tests and the benchmark start the same app."""
    return DraftkitApp(case_path, today)
