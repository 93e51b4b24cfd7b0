"""`draftkit snippets`: browse and search the approved snippet library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.table import Table

from ..errors import InputError, did_you_mean, display_path
from ..snippets import Snippet, search
from ..suggest import suggest
from ..workspace import judged_on, load_debate
from .common import JsonOption, WorkspaceOption, fail, open_workspace, out, print_json, usage

app = typer.Typer(help="The approved snippet library.", no_args_is_help=True)


def _row(snippet: Snippet, today: dt.date) -> dict[str, object]:
    m = snippet.meta
    return {
        "id": m.id,
        "title": m.title,
        "version": m.version,
        "status": m.status,
        "state": snippet.state(today),
        "topics": m.topics,
        "owner": m.owner,
        "approved_by": m.approved_by,
        "approved_on": m.approved_on,
        "review_by": m.review_by,
        "params": m.params,
        "path": display_path(snippet.path),
    }


def _table(snippets: list[Snippet]) -> None:
    today = dt.date.today()
    table = Table(show_edge=False, pad_edge=False)
    for col in ("id", "v", "status", "review by", "title"):
        table.add_column(col, no_wrap=col == "id")  # an id is typed back: never cut it
    for s in snippets:
        state = s.state(today)
        colour = {"approved": "green", "draft": "yellow"}.get(state, "red")
        table.add_row(
            s.id,
            str(s.meta.version),
            f"[{colour}]{state}[/{colour}]",
            str(s.meta.review_by or "-"),
            s.meta.title,
        )
    out.print(table)


@app.command("list")
def list_(
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """Every snippet with its status, version and review date."""
    ws = open_workspace(workspace)
    snippets = sorted(ws.snippets.values(), key=lambda s: s.id)
    if as_json:
        print_json([_row(s, dt.date.today()) for s in snippets])
    else:
        _table(snippets)


@app.command("search")
def search_(
    text: str = typer.Argument(..., help="Words to find in title, topics or body."),
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """Full-text search over titles, topics and bodies."""
    ws = open_workspace(workspace)
    found = search(ws.snippets, text)
    if as_json:
        print_json([_row(s, dt.date.today()) for s in found])
    elif found:
        _table(found)
    else:
        out.print(f"No snippet matches {text!r}.")


@app.command("suggest")
def suggest_(
    case_path: Path = typer.Argument(..., help="A case folder, or its letter.yaml."),
    question_id: str = typer.Argument(..., help="The id of a question in the case's debate."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many snippets at most."),
    as_json: bool = JsonOption,
) -> None:
    """The snippets most relevant to one of the debate's questions, best first."""
    try:
        ws, debate = load_debate(case_path)
    except InputError as exc:
        fail(exc.problems)
    question = next((q for q in debate.questions if q.id == question_id), None)
    if question is None:
        known = ", ".join(q.id for q in debate.questions) or "none"
        usage(f"the debate has no question `{question_id}` (its questions: {known})")
    ranked = suggest(ws.snippets, question, limit)
    on = judged_on(case_path)  # the letter's date, as `check` judges expiry
    if as_json:
        print_json([{**_row(s, on), "score": score} for s, score in ranked])
        return
    if not ranked:
        out.print(f"No snippet in the library matches question `{question_id}`.")
        return
    table = Table(show_edge=False, pad_edge=False)
    for col in ("score", "id", "v", "status", "title"):
        table.add_column(col, no_wrap=col == "id")  # an id is typed back: never cut it
    for s, score in ranked:
        table.add_row(f"{score:.1f}", s.id, str(s.meta.version), s.state(on), s.meta.title)
    out.print(f"{question.text}\n", markup=False)
    out.print(table)


@app.command("show")
def show(
    snippet_id: str = typer.Argument(..., help="Snippet id."),
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """One snippet: its clearance record and its text."""
    ws = open_workspace(workspace)
    snippet = ws.snippets.get(snippet_id)
    if snippet is None:
        usage(f"no snippet `{snippet_id}`{did_you_mean(snippet_id, ws.snippets)}")
    row = _row(snippet, dt.date.today())
    if as_json:
        print_json({**row, "body": snippet.body})
        return
    for key in (
        "id",
        "title",
        "version",
        "state",
        "owner",
        "approved_by",
        "approved_on",
        "review_by",
        "path",
    ):
        out.print(f"[bold]{key:12}[/bold] {row[key] if row[key] is not None else '-'}")
    out.print(f"[bold]{'topics':12}[/bold] {', '.join(snippet.meta.topics) or '-'}")
    if snippet.meta.params:
        out.print(f"[bold]{'params':12}[/bold]")
        for name, desc in snippet.meta.params.items():
            out.print(f"  {name}: {desc}", markup=False)
    out.print()
    out.print(snippet.body, markup=False)
