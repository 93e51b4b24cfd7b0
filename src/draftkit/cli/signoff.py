"""`draftkit sign` and `draftkit status`: the minister's signature and the letter's workflow.

The register is imported only when a command runs.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..register import open_register
from .common import JsonOption, open_case, out, print_json

app = typer.Typer()

CaseArg = typer.Argument(..., help="A case folder, or its letter.yaml.")


@app.command("sign")
def sign(
    case_path: Path = CaseArg,
    by: str = typer.Option(..., "--by", help="The minister signing."),
) -> None:
    """Record the minister's signature: the signature image is printed from now on."""
    from ..clearance import workflow

    case = open_case(case_path)
    engine = open_register(case.workspace.root)
    state = workflow.current(engine, case).state
    event = workflow.sign(engine, case, by)
    if state != "cleared":
        out.print(f"note: the letter was {state}, not cleared, when signed", markup=False)
    out.print(
        f"{case.letter.reference}: signed by {by} at {event.at:%Y-%m-%d %H:%M} UTC", markup=False
    )


@app.command("status")
def status(
    case_path: Path = CaseArg,
    as_json: bool = JsonOption,
) -> None:
    """The letter's state with who and when, its clearance rounds and open comments."""
    from ..clearance import workflow

    case = open_case(case_path)
    engine = open_register(case.workspace.root)
    data = workflow.status(engine, case)
    if as_json:
        print_json(data)
        return
    out.print(f"{data['reference']}: {data['state']}", markup=False)
    for e in data["history"]:
        who = f" by {e['by']}" if e["by"] else ""
        role = f" ({e['role']})" if e["role"] else ""
        rnd = f" round {e['round']}" if e["round"] else ""
        note = f" - {e['note']}" if e.get("note") else ""
        out.print(f"  {e['at'] or '-':32} {e['state']:13}{rnd}{who}{role}{note}", markup=False)
    for r in data["rounds"]:
        back = ", ".join(r["absorbed"]) or "nothing back yet"
        out.print(f"  round {r['round']} to {r['to']} ({r['file']}): {back}", markup=False)
    open_comments = [c for c in data["comments"] if not c["resolved"]]
    for c in open_comments:
        where = f"section {c['section']} block {c['block']}" if c["section"] else "unplaced"
        out.print(f"  comment {c['id']} ({where}) {c['author']}: {c['text']}", markup=False)
    for d in data["decisions"]:
        out.print(
            f"  decision {d['id']} section {d['section']} block {d['block']} "
            f"({d['snippet']}): {d['status']}",
            markup=False,
        )
