"""The `draftkit` command line: one Typer app, a module per command or command group.

Every command is registered one way: a row of `COMMANDS` naming the module under
`draftkit.cli` whose `app` (a `typer.Typer`) holds it. A module is imported only when
its command runs (`draftkit check` never imports the batch, the register or the TUI),
and `draftkit --help` imports none of them: it lists the one-line help kept here
(tests/test_cli.py checks that each line is the command's own).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class Entry:
    """Where a command lives, and the line `draftkit --help` shows for it."""

    module: str
    help: str
    #: The module's `app` is the command group itself (`draftkit snippets list`), not a
    #: home for top-level commands (`draftkit check`).
    group: bool = False


#: Every command and command group, in the order `draftkit --help` lists them.
COMMANDS: dict[str, Entry] = {
    "init": Entry(
        "case",
        "Scaffold a workspace: the example case, its members and ministers, and the snippet "
        "library.",
    ),
    "check": Entry(
        "case",
        "Check a case before it goes to the minister: inputs, coverage, clearance, style.",
    ),
    "render": Entry("case", "Render the addressee's letter as OUT/<reference>.<format>."),
    "edit": Entry(
        "edit", "Compose the reply in the terminal: questions, letter, snippet library, preview."
    ),
    "snippets": Entry("snippets", "The approved snippet library.", group=True),
    "members": Entry("members", "The member directory.", group=True),
    "debate": Entry("debate", "Debates from Parliament's record.", group=True),
    "undertakings": Entry(
        "undertakings", "Promises to write made in debates, tracked to dispatch.", group=True
    ),
    "batch": Entry(
        "batch",
        "Write the letter, every copy and the Library copy with manifest.json; record them.",
    ),
    "record": Entry("record", "The distribution register.", group=True),
    "clearance": Entry(
        "clearance", "Clearance rounds in Word: send, absorb what comes back, approve.", group=True
    ),
    "sign": Entry(
        "signoff", "Record the minister's signature: the signature image is printed from now on."
    ),
    "status": Entry(
        "signoff", "The letter's state with who and when, its clearance rounds and open comments."
    ),
}


def load_command(name: str) -> Any:
    """The click command for `name`, importing its module now.

    Built as Typer builds a sub-app (`add_typer`), so a group of one command stays a
    group (`draftkit undertakings list`) and only the root offers shell completion.
    """
    entry = COMMANDS[name]
    module = importlib.import_module(f"{__name__}.{entry.module}")
    holder = typer.Typer(add_completion=False)
    holder.add_typer(module.app, name=name if entry.group else None)
    built: Any = typer.main.get_command(holder)
    return built.commands[name]


class _Commands(Mapping[str, Any]):
    """`COMMANDS` as click's name → command mapping, each module imported when looked up."""

    def __init__(self) -> None:
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._loaded:
            self._loaded[name] = load_command(name)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    """The root group: commands from `COMMANDS`, each module imported when first needed."""

    _listing = False

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()  # type: ignore[assignment]  # read-only: nothing adds to it

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if self._listing:  # `draftkit --help`: the line kept here, no import
            return typer.core.TyperCommand(cmd_name, help=entry.help, short_help=entry.help)
        return self.commands[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="draftkit",
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Draft ministerial letters from debates and approved policy snippets."""
