"""`draftkit edit [CASE]`: the Textual TUI, imported only when used (other commands stay fast)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer()


@app.command("edit")
def edit(
    case_path: Path = typer.Argument(
        Path("."), help="A case folder, or its letter.yaml (default: the working folder)."
    ),
) -> None:
    """Compose the reply in the terminal: questions, letter, snippet library, preview."""
    from ..tui.app import make_app

    make_app(case_path).run()
