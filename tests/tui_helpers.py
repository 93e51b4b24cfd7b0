"""Driving the TUI as an official would: keys, typing, pasting; shared by the TUI tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from textual import events
from textual.keys import _character_to_key
from textual.message import Message
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from draftkit.yamlio import dump_yaml, load_yaml

M = TypeVar("M", bound=Message)
#: Seconds a test waits for a message before failing (a timer's pause, a worker's run).
MESSAGE_WAIT = 20


def empty_sections(case: Path) -> None:
    """Make the case a fresh start: every section keeps its title and questions, no blocks."""
    data = load_yaml(case / "letter.yaml")
    for section in data["sections"]:
        section["blocks"] = []
    (case / "letter.yaml").write_text(dump_yaml(data), encoding="utf-8")


def copy_case(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.db", "__pycache__", "out"))
    return dest


async def type_text(pilot: Pilot, text: str) -> None:
    """Key by key, as typed."""
    for ch in text:
        await pilot.press(ch)


async def paste(pilot: Pilot, text: str) -> None:
    """Text pasted into the focused widget (bracketed paste, as a terminal sends it)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


class Messages:
    """The messages the app handles (pass as run_test's `message_hook`), and a wait for one."""

    def __init__(self) -> None:
        self.seen: list[Message] = []
        self._new = asyncio.Event()

    def __call__(self, message: Message) -> None:
        self.seen.append(message)
        self._new.set()

    async def wait_for(self, kind: type[M], test: Callable[[M], bool] = lambda m: True) -> M:
        """The first `kind` message (seen already or still to come) that passes `test`."""
        while True:
            found = [m for m in self.seen if isinstance(m, kind) and test(m)]
            if found:
                return found[0]
            self._new.clear()
            await asyncio.wait_for(self._new.wait(), MESSAGE_WAIT)

    async def until(self, what: str, done: Callable[[], bool]) -> None:
        """Return once `done()` holds, looking again as each message arrives.

        For a state rather than a message: `pilot.press` waits for the CPU to go quiet,
        which the checks' worker keeps from happening (250 ms a key). The short timeout
        covers the message that made it true having been the last (the hook sees a
        message before it is handled), and a test given no hook."""
        loop = asyncio.get_running_loop()
        end = loop.time() + MESSAGE_WAIT
        while not done():
            assert loop.time() < end, f"timed out waiting for {what}"
            self._new.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new.wait(), 0.02)


async def settle(pilot: Pilot) -> None:
    """Let keys, workers (preview, checks) finish and the screen catch up."""
    await pilot.app.input_delivered()
    # Not the workers waiting for an answer in a dialog: they finish when it is answered.
    for worker in [w for w in pilot.app.workers if w.group != "dialog"]:
        with contextlib.suppress(WorkerCancelled, WorkerFailed):  # the test looks at the result
            await worker.wait()
    await pilot.pause()


#: A headless editing session in a child process: opens the case in argv[1], waits for it
#: to load, then runs BODY with `app`, `pilot` and `sys.argv` in scope.
CHILD_TEMPLATE = """
import asyncio, json, sys
from pathlib import Path
from draftkit.tui.app import make_app

async def main():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
{body}

asyncio.run(main())
"""


def child_session(body: str, *args: str) -> subprocess.Popen[str]:
    """Start `body` (Python, indented 8 spaces) as an editing session in a child process."""
    script = CHILD_TEMPLATE.format(body=textwrap.indent(textwrap.dedent(body), " " * 8))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], env=env, stdout=subprocess.PIPE, text=True
    )


def burst(pilot: Pilot, keys: Iterable[str]) -> None:
    """Keys arriving in one read, as a terminal delivers a fast typist or a tmux send-keys:
    every event is queued before the app handles the first (pilot.press waits after each)."""
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        char = key if len(key) == 1 else None
        event = events.Key(name, char)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
