"""`draftkit debate`: create a case from Parliament's record and review its questions."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.prompt import IntPrompt
from rich.table import Table

from ..errors import InputError, Problem, Where, display_path
from ..hansard import api
from ..hansard.importer import HeadingNeeded, choose, plan_case, read_source, write_case
from ..hansard.review import load_debate
from ..workspace import case_dir, find_workspace_root, load_workspace
from .common import JsonOption, err, fail, out, print_json, usage

app = typer.Typer(help="Debates from Parliament's record.", no_args_is_help=True)


def _read(source: Path | None, hansard: str | None) -> tuple[bytes, Where]:
    if hansard:
        if source is not None:
            usage("give either SOURCE or --hansard EXT_ID, not both")
        return api.fetch(hansard)
    if source is None:
        usage("give a SOURCE file (ParlParse XML or Hansard API JSON) or --hansard EXT_ID")
    try:
        return source.read_bytes(), source
    except OSError as exc:
        raise InputError([Problem(source, None, "", f"cannot read: {exc.strerror}")]) from None


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def _ask_heading(exc: HeadingNeeded) -> str:
    """On a terminal, let the official pick the debate from the file's headings."""
    err.print("This file holds several debates:")
    for n, heading in enumerate(exc.headings, 1):
        err.print(f"  {n}. {heading}", markup=False)
    numbers = [str(n) for n in range(1, len(exc.headings) + 1)]
    choice = IntPrompt.ask("Which one", console=err.rich, choices=numbers, show_choices=False)
    return exc.headings[choice - 1]


@app.command("import")
def import_(
    source: Path | None = typer.Argument(
        None, help="A ParlParse/TheyWorkForYou XML file or a Hansard API debate JSON file."
    ),
    case: Path = typer.Option(..., "--case", help="Folder for the new case."),
    heading: str | None = typer.Option(
        None, "--heading", help="Which debate of a sitting-day file (its heading, or part of it)."
    ),
    hansard: str | None = typer.Option(
        None, "--hansard", help="Fetch the debate with this ExtId from the Hansard API."
    ),
    minister: str | None = typer.Option(
        None, "--minister", help="Member id of the minister who replied (default: found)."
    ),
    department: str | None = typer.Option(
        None, "--department", help="The minister's department, when draftkit must add them."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing case's files."),
) -> None:
    """Create a case (debate.yaml and a letter.yaml skeleton) from Parliament's record."""
    try:
        data, name = _read(source, hansard)
        debates = read_source(data, name)
        try:
            transcript = choose(debates, heading, name)
        except HeadingNeeded as exc:
            if heading is not None or not _interactive():
                raise
            transcript = choose(debates, _ask_heading(exc), name)
        root = find_workspace_root(case if case.exists() else case.parent)
        ws, problems = load_workspace(root)
        if problems:
            fail(problems)
        plan = plan_case(transcript, ws, name, minister=minister, department=department)
        paths = write_case(plan, case, force=force)
    except InputError as exc:
        fail(exc.problems)
    debate = plan.debate
    out.print(f"Imported {debate.title} ({debate.hansard}) into {display_path(case)}", markup=False)
    out.print(f"  speakers: {len(debate.speakers)}; minister: {debate.minister}", markup=False)
    proposed = sum(q.status == "proposed" for q in debate.questions)
    out.print(
        f"  questions: {len(debate.questions)} candidates ({proposed} to review)", markup=False
    )
    for u in debate.undertakings:
        out.print(f"  undertaking {u.id}: to {', '.join(u.to)}, due {u.due}", markup=False)
    for path in paths:
        out.print(f"wrote {display_path(path)}", markup=False)
    out.print(f"Next: draftkit edit {display_path(case)}", markup=False)


@app.command("questions")
def questions(
    case_path: Path = typer.Argument(..., help="A case folder, or its letter.yaml."),
    as_json: bool = JsonOption,
) -> None:
    """The debate's candidate questions, with who asked, the column and their status."""
    try:
        debate = load_debate(case_dir(case_path) / "debate.yaml")
    except InputError as exc:
        fail(exc.problems)
    rows = [
        {
            "id": q.id,
            "speaker": q.asked_by,
            "column": q.column,
            "text": q.text,
            "status": q.status,
        }
        for q in debate.questions
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(show_edge=False, pad_edge=False)
    for col in ("id", "status", "speaker", "col", "question"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(str(r[k] or "") for k in ("id", "status", "speaker", "column", "text")))
    out.print(table)
