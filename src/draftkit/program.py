"""The `draftkit` program: what runs around every command (`python -m draftkit`, and the
command pip installs).

It lives apart from `draftkit.cli` so that it runs before Typer is imported: the garbage
collector is set first, for Typer's import too (about 50M instructions, a twentieth of
`draftkit check`, issue 15).
"""

from __future__ import annotations

import gc
import sys

#: Cyclic garbage is looked for after this many allocations, not CPython's 700 (and the
#: older generations as rarely; mypy tunes its own collector the same way). A command
#: allocates hundreds of thousands of long-lived objects as it imports pydantic, Typer and
#: the models, and every collection walks them again: about a quarter of `draftkit
#: check`'s time at the default. Short commands and the editor alike still collect.
GC_THRESHOLD = (200_000, 30, 30)


def main() -> None:
    """The `draftkit` program. A batch forks its render worker before anything else: Typer
    reads even the root's options through pydantic, 0.1 s the worker can spend importing
    WeasyPrint instead. The root takes no option but `--help`, so the command comes first.

    What the command made lives until the process ends, so at its end it is frozen out of
    the collector (`gc.freeze`): the interpreter's collections at exit skip it instead of
    walking every object once more (0.05 s after a check, 0.2 s after a batch).

    No pydantic plugin is loaded, or looked for, unless the environment asks for one
    (`pydantic_plugins`).
    """
    gc.set_threshold(*GC_THRESHOLD)
    from .pydantic_plugins import disable

    disable()
    try:
        _run()
    finally:
        gc.freeze()


def _run() -> None:
    """Run the command named on the command line (a batch with its worker forked first)."""
    from .cli import app

    if sys.argv[1:2] != ["batch"]:
        app()
        return
    from .batch.worker import fork_early

    done = fork_early()
    try:
        app()
    finally:
        done()  # a worker the batch did not take (a usage error, --help) is stopped
