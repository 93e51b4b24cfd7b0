"""The `draftkit` command line: one Typer app, a module per command group."""

from __future__ import annotations

import typer

from . import batch, case, debate, edit, members, record, snippets, undertakings

app = typer.Typer(
    name="draftkit",
    help="Draft ministerial letters from debates and approved policy snippets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
case.register(app)
edit.register(app)
app.add_typer(snippets.app, name="snippets")
app.add_typer(members.app, name="members")
app.add_typer(debate.app, name="debate")
app.add_typer(undertakings.app, name="undertakings")
batch.register_command(app)
app.add_typer(record.app, name="record")


def main() -> None:
    app()
