"""`draftkit undertakings`: the ministers' promises to write, across the workspace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

import typer

from ..errors import display_path
from ..hansard.book import Discharge, Lookup, book
from ..roots import find_workspace_root
from .common import JsonOption, WorkspaceOption, columns, err, out, print_json, usage

app = typer.Typer(
    help="Promises to write made in debates, tracked to dispatch.", no_args_is_help=True
)


def dispatched(root: Path) -> Lookup:
    """Which undertakings the register shows a dispatched letter for (none without one)."""

    def lookup(undertakings: Collection[str]) -> dict[str, Discharge]:
        from .. import register  # the register only when this command runs

        try:
            reader = register.open_reader(root, create=False)
            if reader is None:
                return {}
            with reader:
                found = register.discharged(reader, undertakings)
        except register.RegisterError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        return {uid: Discharge(reference, when.date()) for uid, (reference, when) in found.items()}

    return lookup


@app.command("list")
def list_(
    workspace: Path | None = WorkspaceOption,
    only_open: bool = typer.Option(False, "--open", help="Only those not yet discharged."),
    overdue: bool = typer.Option(False, "--overdue", help="Only those past their due date."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Judge overdue as on this date (YYYY-MM-DD; default today)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Every undertaking in every case: to whom, due when, and whether a letter discharged it."""
    try:
        today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        usage(f"--as-of expects a date as YYYY-MM-DD, got {as_of!r}")
    root = find_workspace_root(workspace or Path.cwd())
    entries, problems = book(root, dispatched(root), today)
    for p in problems:
        err.print(f"warning: {p.shown(display_path)}", markup=False)
    if only_open:
        entries = [e for e in entries if e.status != "discharged"]
    if overdue:
        entries = [e for e in entries if e.status == "overdue"]
    rows = [e.as_dict() for e in entries]
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("No undertakings.")
        return
    lines = [
        (
            str(r["id"]),
            str(r["status"]),
            str(r["due"]),
            str(r["column"] or "-"),
            str(r["letter"] or "-"),
            ", ".join(r["to"]),  # type: ignore[arg-type]  # as_dict gives `to` as a list of ids
        )
        for r in rows
    ]
    typer.echo(columns(("id", "status", "due", "column", "letter", "to"), lines))
