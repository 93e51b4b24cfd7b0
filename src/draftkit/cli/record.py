"""`draftkit record`: the distribution register (who got what, when, still intact?).

The register is imported only when a command runs, so that every other command starts
without it; `list` and `show` read a SQLite register without SQLAlchemy at all
(`register.open_reader`), `repair` and `deposit` write through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..register import Reader

from ..roots import find_workspace_root
from .common import (
    JsonOption,
    WorkspaceOption,
    columns,
    err,
    os_error,
    out,
    print_json,
    usage,
)
from .console import escape

app = typer.Typer(help="The distribution register.", no_args_is_help=True)


def _engine(workspace: Path | None) -> Engine:
    """The workspace's register (or DRAFTKIT_DATABASE_URL's); a failure exits 1."""
    from .. import register

    try:
        return register.open_register(find_workspace_root(workspace or Path.cwd()))
    except register.RegisterError as exc:
        err.print(f"[red]error:[/red] {exc}", markup=True)
        raise typer.Exit(1) from exc


@contextmanager
def _reading(workspace: Path | None) -> Iterator[Reader]:
    """A reader on the workspace's register for the block; any register failure exits 1."""
    from .. import register

    try:
        reader = register.open_reader(find_workspace_root(workspace or Path.cwd()))
        assert reader is not None  # made when missing, as `record` always has
        with reader:
            yield reader
    except register.RegisterError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else "-"


@app.command("list")
def list_(
    workspace: Path | None = WorkspaceOption,
    limit: int = typer.Option(
        50, "--limit", "-n", min=1, help="How many letters to list, newest first."
    ),
    every: bool = typer.Option(False, "--all", help="Every letter in the register."),
    as_json: bool = JsonOption,
) -> None:
    """Letters batched, newest first: reference, date, copies, last batch, deposits, addressee."""
    from .. import register

    with _reading(workspace) as reader:
        letters = register.list_letters(reader, None if every else limit)
        paged = not every and len(letters) == limit
        total = register.count_letters(reader) if paged else len(letters)
    if as_json:
        print_json(
            [
                {
                    "reference": s.reference,
                    "addressee": s.addressee_name,
                    "date": s.date,
                    "batches": s.batches,
                    "last_rendered_at": s.last_rendered_at,
                    "copies": s.copies,
                    "deposits": {d.house: d.reference for d in s.deposits},
                }
                for s in letters
            ]
        )
        return
    if not letters:
        out.print("The register holds no letters yet (run `draftkit batch`).")
        return
    rows = [
        (
            s.reference,
            str(s.date),
            str(s.copies),
            _when(s.last_rendered_at),
            ", ".join(
                d.reference if len(s.deposits) == 1 else f"{d.house}: {d.reference}"
                for d in s.deposits
            )
            or "-",
            s.addressee_name,
        )
        for s in letters
    ]
    typer.echo(columns(("reference", "dated", "copies", "batched (UTC)", "deposited", "to"), rows))
    if total > len(letters):
        err.print(
            f"the newest {limit} of {total:,} letters; --limit N or --all for more",
            markup=False,
        )


@app.command("show")
def show(
    reference: str = typer.Argument(..., help="The letter's reference."),
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """Who got what and when, and whether each file on disk still matches its hash."""
    from .. import register

    with _reading(workspace) as reader:
        detail = register.letter_detail(reader, reference)
        interrupted = register.batch_pending(reader, reference)
    if interrupted:
        err.print(
            f"[red]warning:[/red] a batch of {escape(reference)} was interrupted and is still "
            "pending; `draftkit record repair` finishes or undoes it"
        )
    letter, latest = detail.letter, detail.latest
    files = latest.files if latest else ()
    root = find_workspace_root(workspace or Path.cwd())
    states = [register.file_status(f, root) for f in files]
    if as_json:
        print_json(
            {
                "reference": letter.reference,
                "case": letter.case_path,
                "debate": letter.debate,
                "sender": {"id": letter.sender_id, "name": letter.sender_name},
                "addressee": {"id": letter.addressee_id, "name": letter.addressee_name},
                "date": letter.date,
                "snippets": [{"id": s, "version": v} for s, v in letter.snippets],
                "discharges": list(letter.discharges),
                "batches": [b.rendered_at for b in detail.batches],
                "deposits": [
                    {"house": d.house, "reference": d.reference, "recorded_at": d.recorded_at}
                    for d in detail.deposits
                ],
                "files": [
                    {
                        "recipient_id": f.recipient_id,
                        "recipient_name": f.recipient_name,
                        "role": f.role,
                        "path": f.path,
                        "sha256": f.sha256,
                        "bytes": f.bytes,
                        "dispatched_at": f.dispatched_at,
                        "on_disk": state,
                    }
                    for f, state in zip(files, states, strict=True)
                ],
            }
        )
        return
    out.print(f"[bold]{letter.reference}[/bold]  {letter.date}  to {letter.addressee_name}")
    out.print(f"from {letter.sender_name}; debate {letter.debate}; case {letter.case_path}")
    out.print(
        "snippets: " + (", ".join(f"{s} v{v}" for s, v in letter.snippets) or "none"),
        markup=False,
    )
    if letter.discharges:
        out.print("keeps the promises to write: " + ", ".join(letter.discharges), markup=False)
    out.print(
        f"batches: {len(detail.batches)}; files sent {_when(latest and latest.rendered_at)} UTC"
    )
    libraries = {f.recipient_id.removeprefix("library-"): f.recipient_name for f in files}
    for d in detail.deposits:
        library = libraries.get(d.house, f"{d.house} Library")
        out.print(f"deposited in the {library} as {d.reference}", markup=False)
    rows = [
        (f.role, Path(f.path).name, state, f.recipient_name)
        for f, state in zip(files, states, strict=True)
    ]
    if rows:
        typer.echo(columns(("role", "file", "on disk", "recipient"), rows))
    if any(s != "ok" for s in states):
        err.print("[red]warning:[/red] some dispatched files no longer match the register")


@app.command("repair")
def repair(workspace: Path | None = WorkspaceOption) -> None:
    """Finish or undo every batch that was interrupted, reconciling the files by hash."""
    from .. import register
    from ..batch import repair as repair_sets

    try:
        done = repair_sets(_engine(workspace))
    except register.RegisterError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    except OSError as exc:
        os_error(exc)
    for line in done:
        out.print(line, markup=False)
    if not done:
        out.print("Nothing to repair: every batch in the register is complete.")


@app.command("deposit")
def deposit(
    reference: str = typer.Argument(..., help="The letter's reference."),
    deposit_ref: str = typer.Argument(..., help="The Library's deposited-paper reference."),
    house: str | None = typer.Option(
        None, "--house", help="lords or commons (needed when both Libraries got a copy)."
    ),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Note the Library's deposited-paper reference (e.g. DEP2019-0456) for a letter."""
    from .. import register

    if house not in (None, "lords", "commons"):
        usage(f"--house is lords or commons, not {house!r}")
    try:
        info = register.record_deposit(_engine(workspace), reference, deposit_ref, house)
    except register.RegisterError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    from ..document import LIBRARY_NAMES

    out.print(
        f"{reference}: deposited in the {LIBRARY_NAMES[info.house]} as {info.reference}",
        markup=False,
    )
