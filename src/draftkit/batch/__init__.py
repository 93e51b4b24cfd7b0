"""The batch wing: the letter, a copy for everyone on the list, the Library copy, the record.

One entry point for every front end: `prepare(case)` composes the letter and runs the
checks (what a batch would send, and what stands in its way); `batch_case(case, out)`
then writes every file and records it in the register, refusing a letter whose checks
found errors unless forced. `draftkit batch` and the TUI both call these, nothing else.

- `plan`: which files a batch sends, and each copy's covering slip;
- `slips`: every slip laid out in one WeasyPrint pass;
- `assemble`: each copy as the letter's pages behind its slip, without laying either out again;
- `run`: rendering, journalling, staging, installing and recording the set;
- `recovery`: what a killed batch left, reconciled with the journal by hash (`repair`);
- `lock`: one batch per reference (and output folder) at a time;
- `faults`: test-only hooks that kill or pause a batch at its step boundaries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from .. import register
from ..compose import compose, require_body
from ..document import Document
from ..workspace import Case
from .lock import Busy
from .recovery import repair
from .run import Backend, BatchResult, Progress, quiet, run_batch

if TYPE_CHECKING:
    from ..checks import Finding

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


def prepare(case: Case, *, today: dt.date | None = None, signed: bool = False) -> Prepared:
    """Compose the letter (input errors raise `InputError`) and run every check on it.

    `signed`: the minister has signed it (`clearance.workflow.is_signed`), so the copies
    carry the signature image.
    """
    from ..checks import run_checks  # every rule family: only when checking

    document = require_body(case, compose(case, signed=signed))
    findings = run_checks(case, today=today, document=document)
    return Prepared(case, document, tuple(findings))


def batch_case(
    case: Case,
    out: Path,
    *,
    force: bool = False,
    progress: Progress = quiet,
    prepared: Prepared | None = None,
    today: dt.date | None = None,
    engine: Engine | None = None,
    backend: Backend | None = None,
) -> BatchResult:
    """Batch a case into `OUT/<reference>/` and record it; `Blocked` if checks fail unforced.

    `prepared` is the caller's own `prepare(case)` when it has shown the findings already.
    The register is the workspace's (or `DRAFTKIT_DATABASE_URL`'s) unless `engine` is given.
    """
    prepared = prepared or prepare(case, today=today)
    if prepared.errors and not force:
        raise Blocked(prepared)
    engine = engine or register.open_register(case.workspace.root)
    return run_batch(case, prepared.document, out, engine, backend=backend, progress=progress)
