"""`draftkit members`: the member directory with derived forms of address."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.table import Table

from ..address import address_block, forms
from ..directory.find import find_matches
from ..directory.records import Batch
from ..directory.sources import read_sources
from ..directory.store import Plan, apply, plan_for_workspace
from ..errors import InputError, did_you_mean, display_path
from ..models import Member, MpSalutation
from .common import JsonOption, WorkspaceOption, err, fail, open_workspace, out, print_json, usage
from .console import escape

app = typer.Typer(help="The member directory.", no_args_is_help=True)


def member_row(member: Member, mp_salutation: MpSalutation = "formal") -> dict[str, object]:
    """The contract's JSON keys: id, rank, display, address_line, salutation, in_text(_short)."""
    return {
        "id": member.id,
        "rank": member.rank.value,
        **forms(member, mp_salutation).as_dict(),
        "party": member.party,
        "sitting": member.sitting,
    }


#: Table columns: (heading, row key); `find` shows what tells members apart.
_ALL_COLUMNS = (
    ("id", "id"),
    ("display", "display"),
    ("address line", "address_line"),
    ("salutation", "salutation"),
    ("in text", "in_text"),
    ("sits", "sitting"),
)
_FIND_COLUMNS = (("id", "id"), ("display", "display"), ("party", "party"), ("sits", "sitting"))


def _table(rows: list[dict[str, object]], columns: tuple[tuple[str, str], ...]) -> None:
    table = Table(show_edge=False, pad_edge=False)
    for heading, _ in columns:
        table.add_column(heading, no_wrap=heading == "id")  # an id is typed back: never cut it
    for r in rows:
        table.add_row(*(_cell(r[key]) for _, key in columns))
    out.print(table)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value)) if value is not None else "-"


@app.command("list")
def list_(
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """Every member with display name, address line, salutation and in-text form."""
    ws = open_workspace(workspace)
    style = ws.settings.address.mp_salutation
    rows = [member_row(m, style) for m in sorted(ws.members.values(), key=lambda m: m.id)]
    if as_json:
        print_json(rows)
        return
    _table(rows, _ALL_COLUMNS)


@app.command("find")
def find(
    text: str = typer.Argument(..., help='What you know: "alexander weedon", "bp blackburn".'),
    limit: int = typer.Option(10, "--limit", "-n", help="At most this many (0: all)."),
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """Find members by name, title, see or place, forgivingly; best match first."""
    ws = open_workspace(workspace)
    matches = find_matches(ws.members, text, limit)
    style = ws.settings.address.mp_salutation
    rows = [{**member_row(m.member, style), "score": m.score} for m in matches]
    if as_json:
        print_json(rows)
    elif rows:
        _table(rows, _FIND_COLUMNS)
    else:
        out.print(f"No member matches {text!r}.", markup=False)


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(
        ...,
        help="ParlParse members XML (peers-ucl.xml, all-members.xml, with people.xml to "
        "join a person's ids) or Members API JSON.",
    ),
    workspace: Path | None = WorkspaceOption,
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would change; write nothing."),
    as_json: bool = JsonOption,
) -> None:
    """Import members from Parliament's data into members/lords.yaml and members/commons.yaml.

    Members are matched by their ParlParse or Parliament id, so importing again changes
    nothing and a newer file updates them. Entries that cannot be placed are listed,
    not guessed; a malformed or hostile file is refused and nothing is written.
    """
    try:
        batches = read_sources(files)
    except InputError as exc:
        fail(exc.problems)
    ws = open_workspace(workspace)
    try:
        plan = plan_for_workspace(ws, batches)
    except InputError as exc:
        fail(exc.problems)
    if not dry_run:
        apply(plan)
    if as_json:
        print_json(_report(batches, plan, dry_run))
    else:
        _print_report(batches, plan, dry_run)


def _report(batches: list[Batch], plan: Plan, dry_run: bool) -> dict[str, object]:
    return {
        "dry_run": dry_run,
        "sources": [
            {
                "file": display_path(b.file),
                "format": b.source,
                "entries": b.entries,
                "members": len(b.members),
                "ranks": dict(Counter(r.member.rank.value for r in b.members)),
                "sitting": sum(r.member.sitting for r in b.members),
                "flagged": [p.as_dict(display_path) for p in b.flagged],
                "notes": [p.as_dict(display_path) for p in b.notes],
            }
            for b in batches
        ],
        "files": [
            {
                "file": display_path(c.path),
                "added": c.added,
                "updated": c.updated,
                "unchanged": c.unchanged,
                "written": c.text is not None and not dry_run,
            }
            for c in plan.changes
        ],
        "kept_by_hand": [p.as_dict(display_path) for p in plan.kept_by_hand],
        "clashes": [p.as_dict(display_path) for p in plan.clashes],
    }


def _print_report(batches: list[Batch], plan: Plan, dry_run: bool) -> None:
    for b in batches:
        ranks = Counter(r.member.rank.value for r in b.members)
        sitting = sum(r.member.sitting for r in b.members)
        summary = ", ".join(f"{n} {rank}" for rank, n in ranks.most_common())
        joined = b.entries - len(b.members) - len(b.flagged)
        also = f"; {joined} later memberships joined to their member" if joined > 0 else ""
        out.print(
            f"{display_path(b.file)}: {b.entries} entries, {len(b.members)} members "
            f"({sitting} sitting{also}): {summary}",
            markup=False,
        )
        for p in b.flagged:
            err.print(f"flagged, not imported: {p}", markup=False)
        for p in b.notes:
            err.print(f"note: {p}", markup=False)
    for p in plan.kept_by_hand:
        out.print(f"kept by hand: {p}", markup=False)
    for p in plan.clashes:
        err.print(f"warning: {p}", markup=False)
    for c in plan.changes:
        state = "unchanged" if c.text is None else ("would change" if dry_run else "written")
        out.print(
            f"{display_path(c.path)}: {len(c.added)} added, {len(c.updated)} updated, "
            f"{c.unchanged} unchanged ({state})",
            markup=False,
        )


@app.command("show")
def show(
    member_id: str = typer.Argument(..., help="Member id."),
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """One member and every derived form of address."""
    ws = open_workspace(workspace)
    member = ws.members.get(member_id)
    if member is None:
        usage(f"no member `{member_id}`{did_you_mean(member_id, ws.members)}")
    row = {
        **member_row(member, ws.settings.address.mp_salutation),
        "privy_counsellor": member.privy_counsellor,
        "constituency": member.constituency,
        "honorific": member.honorific,
        "given_name": member.given_name,
        "surname": member.surname,
        "left_on": member.left_on,
        "left_reason": member.left_reason,
        "address": address_block(member)[1:],
        "email": member.email,
        "parlparse_ids": member.parlparse_ids,
        "parliament_id": member.parliament_id,
    }
    if as_json:
        print_json(row)
        return
    for key, value in row.items():
        if isinstance(value, list):
            value = ", ".join(value) or None
        shown = escape(str(value)) if value is not None else "-"
        out.print(f"[bold]{key:16}[/bold] {shown}")
