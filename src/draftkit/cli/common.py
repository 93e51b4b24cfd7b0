"""What every command shares: the consoles, turning errors into messages and exit codes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from ..errors import InputError, Problem, display_path
from .console import Console, escape

if TYPE_CHECKING:  # loading pulls in pydantic and YAML: not for `record list` or `--help`
    from ..workspace import Case, Workspace

out = Console()
err = Console(stderr=True)

EXIT_INPUT = 1
EXIT_USAGE = 2


def fail(problems: Iterable[Problem]) -> NoReturn:
    """Print every problem as `file:line: field: message` on stderr and exit 1."""
    problems = list(problems)
    for p in problems:
        err.print(p.shown(display_path), markup=False)
    n = len(problems)
    err.print(f"[red]{n} error{'s' if n != 1 else ''}[/red]")
    raise typer.Exit(EXIT_INPUT)


def os_error(exc: OSError, folder: Path | None = None) -> NoReturn:
    """A file the command could not write or read, as one line naming it; exit 1."""
    where = exc.filename if exc.filename is not None else folder or "output"
    why = exc.strerror or str(exc)
    err.print(f"[red]error:[/red] {escape(str(where))}: {escape(why)}")
    raise typer.Exit(EXIT_INPUT)


def usage(message: str) -> NoReturn:
    """Print a usage error (a path or id with `[` in it stays as typed) and exit 2."""
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(EXIT_USAGE)


def open_case(path: Path) -> Case:
    """The case at `path`; its problems exit 1."""
    from ..workspace import load_case

    try:
        return load_case(path)
    except InputError as exc:
        fail(exc.problems)


def open_workspace(folder: Path | None) -> Workspace:
    """The workspace at or above `folder` (default: the working folder); errors exit 1."""
    from ..workspace import find_workspace_root, load_workspace

    root = find_workspace_root(folder or Path.cwd())
    ws, problems = load_workspace(root)
    if problems:
        fail(problems)
    return ws


def print_json(data: Any) -> None:
    """Plain JSON on stdout for scripts: no colour, no wrapping."""
    import json

    typer.echo(json.dumps(data, default=str, ensure_ascii=False, indent=2))


#: `--json`, as every command that can print for scripts takes it.
JsonOption = typer.Option(False, "--json", help="JSON for scripts.")

WorkspaceOption = typer.Option(
    None, "--workspace", "-w", help="Workspace folder (default: found from the working folder)."
)


def columns(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows as plain aligned columns under their headers, the last column free to run on.

    Plain text in one write, not a rich table: ten thousand rows print in a blink, ids
    and file names are never cut or wrapped (so they can be copied into the next
    command), and no listing imports Rich.
    """
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers[:-1])]
    lines = [headers, tuple("-" * len(h) for h in headers), *rows]
    return "\n".join(
        "  ".join([*(c.ljust(w) for c, w in zip(line, widths, strict=False)), line[-1]]).rstrip()
        for line in lines
    )
