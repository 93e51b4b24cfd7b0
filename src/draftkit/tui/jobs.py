"""Long jobs of the compose screen, run off the UI thread: render and batch.

Each job calls the same core function as the CLI in a thread worker and posts what came of
it as a typed message to the widget that started it (harlequin's pattern): `Progress` while
it runs, then `Rendered`, `Batched` or `Failed`. Screens handle the messages with `@on`;
tests read them from `run_test(message_hook=...)` instead of waiting for the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker

from ..errors import InputError, Problem

if TYPE_CHECKING:  # the batch wing (WeasyPrint, SQLAlchemy) loads only when batching
    from ..batch import BatchResult, Prepared
    from ..workspace import Case

#: The worker group of render and batch: one at a time.
GROUP = "output"


@dataclass
class Progress(Message):
    """A job is `done` steps of `total` in, doing `what`."""

    what: str
    done: int
    total: int


@dataclass
class Rendered(Message):
    """The letter was written to `paths`."""

    paths: list[Path]


@dataclass
class Checked(Message):
    """A batch's letter was composed and checked: its errors stop it unless forced."""

    prepared: Prepared


@dataclass
class Batched(Message):
    """A batch wrote every file and recorded it in the register."""

    result: BatchResult


@dataclass
class Failed(Message):
    """A job wrote nothing: the letter's `problems` (input errors), or `error` (say, OS)."""

    problems: list[Problem]
    error: str = ""


def _run(owner: Widget, job: Callable[[Callable[[Message], object]], Message]) -> Worker[None]:
    """Run `job(post)` in a thread; post its message, or `Failed` if the input is wrong."""

    def work() -> None:
        try:
            message = job(owner.post_message)
        except InputError as exc:
            message = Failed(exc.problems)
        except OSError as exc:
            message = Failed([], str(exc))
        owner.post_message(message)

    return owner.run_worker(work, thread=True, exclusive=True, group=GROUP, exit_on_error=False)


def render(owner: Widget, case: Case, formats: Sequence[str], out: Path) -> Worker[None]:
    """Write the letter in each format to `out`, as `draftkit render` does."""
    from ..compose import compose, require_body
    from ..render import write_outputs

    def job(post: Callable[[Message], object]) -> Message:
        from ..clearance import workflow
        from ..register import RegisterError

        try:
            signed = workflow.is_signed(case)  # the signature image only on a signed letter
        except RegisterError as exc:
            return Failed([], str(exc))
        document = require_body(case, compose(case, signed=signed))
        paths: list[Path] = []
        for n, fmt in enumerate(formats):
            post(Progress(f"Rendering {fmt.upper()}…", n, len(formats)))
            paths += write_outputs(document, [fmt], out)
        return Rendered(paths)

    return _run(owner, job)


def check_batch(owner: Widget, case: Case, today: dt.date | None) -> Worker[None]:
    """Compose and check the letter a batch would send: the batch wing's `prepare`."""

    def job(post: Callable[[Message], object]) -> Message:
        from ..batch import prepare
        from ..clearance import workflow
        from ..register import RegisterError

        post(Progress("Checking the letter…", 0, 1))
        try:
            signed = workflow.is_signed(case)  # a signed letter's copies carry the signature
        except RegisterError as exc:
            return Failed([], str(exc))
        if not signed and case.workspace.settings.workflow.require_signed:
            return Failed(
                [],
                f"{case.letter.reference} is not signed: not batched (the workspace sets "
                "[workflow] require_signed; `draftkit sign` it first)",
            )
        return Checked(prepare(case, today=today, signed=signed))

    return _run(owner, job)


def batch(owner: Widget, checked: Checked, out: Path) -> Worker[None]:
    """Every file of the batch and its record, with progress: `draftkit batch`'s `batch_case`.

    Forced: the official has seen the findings (and any errors) and chosen to send.
    """

    def job(post: Callable[[Message], object]) -> Message:
        from ..batch import batch_case

        def progress(done: int, total: int, what: str) -> None:
            post(Progress(what, done, total))

        prepared = checked.prepared
        result = batch_case(prepared.case, out, force=True, prepared=prepared, progress=progress)
        return Batched(result)

    return _run(owner, job)
