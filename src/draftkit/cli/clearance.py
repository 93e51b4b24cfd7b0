"""`draftkit clearance send / absorb / approve / resolve`: clearance rounds in Word.

The register, python-docx and lxml are imported only when a command runs.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, display_path
from ..register import open_register
from .common import JsonOption, fail, open_case, out, print_json, usage
from .console import escape

app = typer.Typer(
    help="Clearance rounds in Word: send, absorb what comes back, approve.", no_args_is_help=True
)

CaseArg = typer.Argument(..., help="A case folder, or its letter.yaml.")
STATUS_COLOUR = {"applied": "green", "needs_decision": "yellow", "conflict": "red"}


@app.command("send")
def send(
    case_path: Path = CaseArg,
    to: str = typer.Option(..., "--to", help="Who the round goes to (name or team)."),
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Folder for the DOCX."),
) -> None:
    """Write OUT/<reference>-clearance-N.docx and record round N sent to NAME."""
    from ..clearance.send import send as send_round

    if not to.strip():
        usage("--to needs a name")
    if output.exists() and not output.is_dir():
        usage(f"{output} is a file; -o takes a folder")
    case = open_case(case_path)
    engine = open_register(case.workspace.root)
    try:
        sent = send_round(case, to.strip(), output, engine)
    except InputError as exc:
        fail(exc.problems)
    except OSError as exc:
        usage(f"cannot write to {output}: {exc.strerror or exc}")
    out.print(
        f"round {sent.round.round} to {sent.round.to}: wrote {display_path(sent.path)}",
        markup=False,
    )


@app.command("absorb")
def absorb(
    case_path: Path = CaseArg,
    file: Path = typer.Argument(..., help="The DOCX that came back."),
    author: str | None = typer.Option(
        None, "--author", help="Who edited it, where the file does not say."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    as_json: bool = JsonOption,
) -> None:
    """Read a returned DOCX: apply prose edits to letter.yaml, list the rest and the comments."""
    from ..clearance import absorb as absorbing

    if not file.is_file():
        usage(f"{file}: no such file")
    case = open_case(case_path)
    engine = open_register(case.workspace.root)
    try:
        result = absorbing.absorb(case, file.read_bytes(), file.name, engine, author=author)
        if not dry_run:
            absorbing.commit(case, result, engine)
    except InputError as exc:
        fail(exc.problems)
    if as_json:
        print_json(result.as_dict())
        return
    letter = display_path(case.letter_path)
    for c in result.changes:
        where = f"section {c.section} block {c.block}" if c.section else "unplaced"
        colour = STATUS_COLOUR[c.status]
        out.print(
            f"[{colour}]{c.status:14}[/{colour}] {where} ({c.kind}) by {escape(c.author or '?')}"
        )
    for note_ in result.comments:
        where = f"section {note_.section} block {note_.block}" if note_.section else "unplaced"
        out.print(
            f"comment        {where} by {note_.author}: {note_.text} [on: {note_.quoted}]",
            markup=False,
        )
    for note in result.notes:
        out.print(f"note: {note}", markup=False)
    if dry_run:
        diff = result.diff(letter)
        out.print(diff or f"{letter}: no change", markup=False)
        out.print("dry run: nothing written", markup=False)
    elif result.new_data is not None:
        out.print(f"updated {letter}", markup=False)
    if result.repeated:
        out.print(f"{file.name} was absorbed before: its comments are not added again")


@app.command("approve")
def approve(
    case_path: Path = CaseArg,
    by: str = typer.Option(..., "--by", help="Who clears the letter."),
    role: str | None = typer.Option(None, "--role", help="Their role, e.g. 'Policy lead'."),
) -> None:
    """Record a clearance of the letter (open comments stay listed until resolved)."""
    from ..clearance import workflow

    case = open_case(case_path)
    engine = open_register(case.workspace.root)
    event = workflow.approve(engine, case, by, role)
    out.print(f"{case.letter.reference}: cleared by {by}{f' ({role})' if role else ''} "
              f"at {event.at:%Y-%m-%d %H:%M} UTC", markup=False)  # fmt: skip


@app.command("resolve")
def resolve(
    case_path: Path = CaseArg,
    comment: int = typer.Argument(..., help="The comment's number (`draftkit status`)."),
    by: str = typer.Option(..., "--by", help="Who resolved it."),
) -> None:
    """Mark a reviewer's comment resolved."""
    from .. import register
    from ..register import workflow as reg

    case = open_case(case_path)
    engine = open_register(case.workspace.root)
    try:
        done = reg.resolve_comment(engine, case.letter.reference, comment, by)
    except register.RegisterError as exc:
        usage(str(exc))
    out.print(f"comment {done.id} ({done.author}: {done.text}) resolved by {by}", markup=False)


@app.command("decide")
def decide(
    case_path: Path = CaseArg,
    decision: int = typer.Argument(..., help="The decision's number (`draftkit status`)."),
    by: str = typer.Option(..., "--by", help="Who decides."),
    keep: bool = typer.Option(False, "--keep", help="Keep the approved wording."),
    depart: bool = typer.Option(
        False, "--depart", help="Make the block prose with the reviewer's wording."
    ),
    reason: str | None = typer.Option(None, "--reason", help="Why it departs (with --depart)."),
) -> None:
    """Settle an edit made inside a snippet: keep the approved line, or depart from it."""
    from ..clearance import decide as deciding

    if keep == depart:
        usage("say --keep or --depart")
    if depart and not (reason or "").strip():
        usage("--depart needs --reason: check reports it to the snippet's owner")
    case = open_case(case_path)
    engine = open_register(case.workspace.root)
    try:
        if keep:
            done = deciding.keep(engine, case, decision, by)
        else:
            done = deciding.depart(engine, case, decision, by, (reason or "").strip())
    except InputError as exc:
        fail(exc.problems)
    what = "kept the approved wording" if keep else "made it prose departing from the line"
    out.print(
        f"decision {decision}: section {done.section} block {done.block} ({done.snippet}): {what}",
        markup=False,
    )
