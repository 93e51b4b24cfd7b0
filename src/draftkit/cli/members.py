"""`draftkit members`: the member directory with derived forms of address."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ..address import forms
from ..models import Member
from .common import WorkspaceOption, open_workspace, out, print_json, usage

app = typer.Typer(help="The member directory.", no_args_is_help=True)


def member_row(member: Member) -> dict[str, object]:
    """The contract's JSON keys: id, rank, display, address_line, salutation, in_text."""
    return {
        "id": member.id,
        "rank": member.rank.value,
        **forms(member).as_dict(),
        "party": member.party,
        "sitting": member.sitting,
    }


@app.command("list")
def list_(
    workspace: Path | None = WorkspaceOption,
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """Every member with display name, address line, salutation and in-text form."""
    ws = open_workspace(workspace)
    rows = [member_row(m) for m in sorted(ws.members.values(), key=lambda m: m.id)]
    if as_json:
        print_json(rows)
        return
    table = Table(show_edge=False, pad_edge=False)
    for col in ("id", "display", "address line", "salutation", "in text"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            *(str(r[k]) for k in ("id", "display", "address_line", "salutation", "in_text"))
        )
    out.print(table)


@app.command("show")
def show(
    member_id: str = typer.Argument(..., help="Member id."),
    workspace: Path | None = WorkspaceOption,
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """One member and every derived form of address."""
    ws = open_workspace(workspace)
    member = ws.members.get(member_id)
    if member is None:
        usage(f"no member `{member_id}`")
    row = member_row(member)
    if as_json:
        print_json(row)
        return
    for key, value in row.items():
        out.print(f"[bold]{key:13}[/bold] {value if value is not None else '-'}")
