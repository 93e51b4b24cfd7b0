"""The `draftkit edit` application: paint at once, load the case in a worker, push the editor.

The App is small on purpose (frogmouth style): it loads and hands over to screens, and a
new view (a debate screen, say) is a screen and a binding. Heavy modules (pydantic
models, Jinja, compose, checks) are imported by the loading worker after the first
paint, so the terminal shows something at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections import deque
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, ComposeResult, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

if TYPE_CHECKING:
    from ..draft import SessionLock

#: Seconds to wait for a widget to take its turn with a key (it may have been removed).
KEY_WAIT = 0.5


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
        self._input: deque[events.Key | events.Paste] = deque()
        self._delivering: asyncio.Task[None] | None = None
        self.session_lock: SessionLock | None = None

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(f"Opening {self.case_path} …", id="loading-message")
            yield LoadingIndicator(id="loading")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        """Read and check the case off the UI thread, then show it."""
        from ..draft import Draft, OpenElsewhere, lock_session
        from ..errors import InputError
        from ..workspace import load_case
        from .screens.compose import ComposeScreen
        from .screens.problems import ProblemsScreen

        try:
            case = load_case(self.case_path)
        except InputError as exc:
            self.call_from_thread(self._loaded)
            self.call_from_thread(self.push_screen, ProblemsScreen(self.case_path, exc.problems))
            return
        elsewhere: str | None = None
        try:
            self.session_lock = lock_session(case.letter_path)
        except OpenElsewhere as exc:  # a second editor on the letter: it may look, not edit
            elsewhere = exc.holder
        except OSError as exc:  # a folder where no lock can be made: saving will say more
            self.call_from_thread(self.notify, f"Not locked for editing: {exc}", severity="warning")
        screen = ComposeScreen(Draft.open(case), self.today, open_elsewhere=elsewhere)
        self.call_from_thread(self._loaded)
        self.call_from_thread(self.push_screen, screen)

    def on_unmount(self) -> None:
        """Closing: the letter is free for another editor (the kernel frees it on a crash)."""
        if self.session_lock is not None:
            self.session_lock.release()
            self.session_lock = None

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes go through `_deliver_input`, one at a time, in the order typed."""
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._input.append(event)
            if self._delivering is None or self._delivering.done():
                self._delivering = asyncio.create_task(self._deliver_input())
            return
        await super().on_event(event)

    async def _deliver_input(self) -> None:
        """Hand each key to the widget focused once the previous key has been dealt with.

        Textual sends a key to whatever has focus when the key is read; the key's binding
        runs later (once the key has bubbled back up to the app) and a focus change later
        still (`focus()` is a callback queued on the app). In a burst (a fast typist, a
        paste without bracketed paste, tmux send-keys) every key was read before `e` had
        moved focus to the prose box, so the rest went to the outline, where letters ran
        its commands and Backspaces came back to the prose box's bindings out of order.
        """
        while self._input:
            event = self._input.popleft()
            try:
                target: MessagePump = self.focused or self.screen
            except ScreenStackError:  # the app is closing
                return
            await super().on_event(event)
            if not _typed_into(target, event):
                await self._handled(target)

    async def _handled(self, target: MessagePump) -> None:
        """Return once `target`, each node above it, and then the app twice have worked
        through what was queued on them (the key, as it bubbles; then a focus callback)."""
        chain = [*target.ancestors_with_self, self] if isinstance(target, DOMNode) else [self]
        for pump in chain:
            done = asyncio.Event()
            if pump.call_later(done.set):
                # A node removed meanwhile never answers: do not wait for it for ever.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), KEY_WAIT)

    async def input_delivered(self) -> None:
        """Wait until every key and paste received so far has been handled (for tests)."""
        await self._handled(self)  # the app has taken in what was queued on it
        while self._delivering is not None and not self._delivering.done():
            await asyncio.shield(self._delivering)

    def _loaded(self) -> None:
        """The spinner goes once the case is open: it redraws 16 times a second, seen or not."""
        self.query_one("#loading").remove()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
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


def _typed_into(target: MessagePump, event: events.Key | events.Paste) -> bool:
    """Text going into a text box, which takes it at once and in order: no need to wait.

    Anything else may bubble up to a binding (Backspace is one in a TextArea) or move the
    focus, so the next key waits for it."""
    from textual.widgets import Input, TextArea  # loaded by then: after the first paint

    if not isinstance(target, (TextArea, Input)):
        return False
    return isinstance(event, events.Paste) or (event.is_printable and event.key != "tab")


def make_app(case_path: Path, today: dt.date | None = None) -> DraftkitApp:
    """The one factory: the CLI, the tests and the benchmark start the same app."""
    return DraftkitApp(case_path, today)
