"""The batch wing: the letter, a copy for everyone on the list, the Library copy, the record.

One entry point for every front end: `prepare(case)` composes the letter and runs the
checks (what a batch would send, and what stands in its way); `batch_case(case, out)`
then writes every file and records it in the register, refusing a letter whose checks
found errors unless forced. `draftkit batch` and the TUI both call these, nothing else.

- `plan`: which files a batch sends, and each copy's covering slip;
- `layout`: the letter's and the copies' PDFs laid out (what the worker process runs);
- `slips`: every slip laid out in one WeasyPrint pass;
- `assemble`: each copy as the letter's pages behind its slip, without laying either out again;
- `run`: rendering, journalling, staging, installing and recording the set;
- `recovery`: what a killed batch left, reconciled with the journal by hash (`repair`);
- `lock`: one batch per reference (and output folder) at a time;
- `worker`: the process a batch forks as it starts, to lay the PDFs out;
- `faults`: test-only hooks that kill or pause a batch at its step boundaries.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..checks import Finding
    from ..document import Document
    from ..workspace import Case
    from .lock import Busy
    from .recovery import repair
    from .run import Backend, BatchResult, Progress
    from .worker import Worker

__all__ = [
    "Backend",
    "BatchResult",
    "Blocked",
    "Busy",
    "Prepared",
    "Progress",
    "batch_case",
    "prepare",
    "repair",
]

#: Names this package re-exports from its modules, imported when first asked for: the
#: CLI imports `batch.worker` (to fork it) before SQLAlchemy, pypdf or the case loader.
_FROM = {
    "Backend": "run",
    "BatchResult": "run",
    "Progress": "run",
    "Busy": "lock",
    "repair": "recovery",
}


def __getattr__(name: str) -> Any:
    if name in _FROM:
        return getattr(importlib.import_module(f"{__name__}.{_FROM[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Prepared:
    """A case's composed letter and its check findings: what a batch would send."""

    case: Case
    document: Document
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        """The findings that stop a batch unless it is forced."""
        from ..checks import blocking

        return blocking(self.findings)


class Blocked(Exception):
    """The checks found errors and the batch was not forced: nothing written or recorded."""

    def __init__(self, prepared: Prepared) -> None:
        super().__init__(f"{len(prepared.errors)} error(s) in the checks: not batched")
        self.prepared = prepared


def prepare(
    case: Case,
    *,
    today: dt.date | None = None,
    signed: bool = False,
    worker: Worker | None = None,
) -> Prepared:
    """Compose the letter (input errors raise `InputError`) and run every check on it.

    `signed`: the minister has signed it (`clearance.workflow.is_signed`), so the copies
    carry the signature image. `worker` (`batch.worker`) starts laying the letter out
    before the checks run, for the batch that will most likely follow.
    """
    from ..checks import run_checks  # every rule family: only when checking
    from ..compose import compose, require_body

    document = require_body(case, compose(case, signed=signed))
    if worker is not None:
        from .layout import start_layout  # not `run`: SQLAlchemy waits for the register

        start_layout(worker, document)
    findings = run_checks(case, today=today, document=document)
    return Prepared(case, document, tuple(findings))


def batch_case(
    case: Case,
    out: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    prepared: Prepared | None = None,
    today: dt.date | None = None,
    engine: Engine | None = None,
    backend: Backend | None = None,
    worker: Worker | None = None,
) -> BatchResult:
    """Batch a case into `OUT/<reference>/` and record it; `Blocked` if checks fail unforced.

    `prepared` is the caller's own `prepare(case)` when it has shown the findings already.
    The register is the workspace's (or `DRAFTKIT_DATABASE_URL`'s) unless `engine` is given.
    `worker` (`batch.worker`) lays out the PDFs, if it can.
    """
    from .. import register
    from .run import quiet, run_batch

    prepared = prepared or prepare(case, today=today)
    if prepared.errors and not force:
        raise Blocked(prepared)
    engine = engine or register.open_register(case.workspace.root)
    return run_batch(
        case,
        prepared.document,
        out,
        engine,
        backend=backend,
        progress=progress or quiet,
        worker=worker,
    )
