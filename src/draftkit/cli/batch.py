"""`draftkit batch`: the letter, a copy for everyone on the list, the Library copy, the record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import InputError
from .common import EXIT_INPUT, err, fail, open_case, os_error, out
from .console import escape

if TYPE_CHECKING:
    from ..batch import Progress as ProgressFn
    from ..batch.worker import Worker

CaseArg = typer.Argument(..., help="A case folder, or its letter.yaml.")


@contextmanager
def progress_bar(quiet: bool) -> Iterator[ProgressFn]:
    """A rich progress bar on a terminal; nothing with --quiet or when output is not a TTY."""
    if quiet or not err.is_terminal:
        yield lambda done, total, what: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err.rich, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield update


app = typer.Typer()


@app.command("batch")
def batch(
    case_path: Path = CaseArg,
    output: Path = typer.Option(..., "--output", "-o", help="Folder for OUT/<reference>/."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or file list."),
    force: bool = typer.Option(False, "--force", help="Batch even when checks find errors."),
) -> None:
    """Write the letter, every copy and the Library copy with manifest.json; record them."""
    from ..batch.worker import Worker  # forked as the command began: importing WeasyPrint

    with Worker.start() as worker:
        from .. import spelling

        spelling.preload()  # after the fork (a thread is never forked): while the case loads
        _batch(case_path, output, quiet, force, worker)


def _batch(case_path: Path, output: Path, quiet: bool, force: bool, worker: Worker) -> None:
    """`batch`, with the render worker already started."""
    from .. import register
    from ..batch import Blocked, Busy, batch_case, prepare  # pypdf, SQLAlchemy: when batching
    from ..clearance import workflow
    from .findings import show, summary  # the checks: imported after the worker is forked

    case = open_case(case_path)
    try:
        signed = workflow.is_signed(case)  # no register is made for a batch that stops here
    except register.RegisterError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if not signed and case.workspace.settings.workflow.require_signed:
        err.print(
            f"[red]{escape(case.letter.reference)} is not signed: not batched[/red] "
            "(the workspace sets [workflow] require_signed; `draftkit sign` it first)"
        )
        raise typer.Exit(EXIT_INPUT)
    if not signed and not quiet:
        err.print(
            f"[yellow]warning:[/yellow] {escape(case.letter.reference)} is not signed: "
            "the letter goes out without the signature (`draftkit sign` records it)"
        )
    try:
        prepared = prepare(case, signed=signed, worker=worker)
    except InputError as exc:
        fail(exc.problems)
    if (prepared.findings and not quiet) or prepared.errors:
        show(err, prepared.findings)
    try:
        with progress_bar(quiet) as progress:
            result = batch_case(
                case, output, force=force, progress=progress, prepared=prepared, worker=worker
            )
    except Blocked:
        err.print(
            f"[red]{summary(prepared.findings)}: not batched[/red]"
            " (fix them, or --force to batch anyway)"
        )
        raise typer.Exit(EXIT_INPUT) from None
    except InputError as exc:
        fail(exc.problems)
    except (register.RegisterError, Busy) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    except OSError as exc:
        os_error(exc)
    if quiet:
        return
    for f in result.files:
        out.print(f"{f.role:9} {f.recipient_name:32} {Path(f.path).name}", markup=False)
    out.print(result.summary, markup=False)
