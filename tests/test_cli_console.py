"""The commands' own console renders Rich's markup as Rich does, without importing it."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from rich.console import Console as RichConsole
from rich.errors import MarkupError
from rich.markup import escape as rich_escape

from draftkit.cli import console
from draftkit.cli.console import Console, escape, render

TAGS = ["[bold]", "[/bold]", "[red]", "[/red]", "[dim]", "[/dim]", "[green]", "[/]",
        "[bold red]", "[/bold red]", "[yellow]", "[/yellow]", "[italic]", "[/italic]",
        "[key]", "[/key]", "[Bold]", "[/BOLD]"]  # fmt: skip
#: User text: brackets, backslashes, tag-like words, controls Rich keeps or strips.
TEXT = st.text(alphabet=st.sampled_from(list("ab [] \\/=#@:.-é\t")), max_size=12)
PIECE = st.one_of(TEXT, st.sampled_from(TAGS), TEXT.map(escape), st.just("\\"), st.just("\\\\"))


def rich_line(markup: str, no_color: bool = False) -> str:
    """What Rich prints for `markup` on a standard-colour terminal."""
    buffer = io.StringIO()
    rich = RichConsole(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        highlight=False,
        soft_wrap=True,
        emoji=False,
        no_color=no_color,
        tab_size=1,
    )
    rich.print(markup)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, max_size=10), st.booleans())
@example(["[b=:", "]:"], False)  # a tag with parameters styles nothing
def test_render_is_riches_rendering(pieces: list[str], no_color: bool) -> None:
    markup = "".join(pieces).replace("\t", "")
    try:
        expected = rich_line(markup, no_color)
    except MarkupError:  # a closing tag Rich refuses; ours closes nothing instead
        return
    assert render(markup, colour=not no_color, styles=True) + "\n" == expected


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_escape_is_riches_escape_and_keeps_text_literal(text: str) -> None:
    assert escape(text) == rich_escape(text)
    assume("\\" not in text)  # Rich's escape leaves backslashes before a tag ambiguous
    assert render(f"[bold]{escape(text)}[/bold]", colour=True, styles=False) == text


def test_plain_stream_gets_no_sequences(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    Console().print("[red]error:[/red] a \\[b] \x1b[31mc")
    assert buffer.getvalue() == "error: a [b] [31mc\n"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"FORCE_COLOR": "1"}, "\x1b[1;31merror:\x1b[0m x\n"),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, "\x1b[1merror:\x1b[0m x\n"),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, "error: x\n"),
        ({"FORCE_COLOR": ""}, "error: x\n"),
        ({"TTY_COMPATIBLE": "1", "FORCE_COLOR": ""}, "\x1b[1;31merror:\x1b[0m x\n"),
    ],
)
def test_colour_follows_riches_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buffer)
    Console(stderr=True).print("[bold red]error:[/bold red] x")
    assert buffer.getvalue() == expected


def test_tables_go_to_rich_on_the_same_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.table import Table

    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    table = Table("name")
    table.add_row("Baroness Smith")
    Console().print(table)
    assert "Baroness Smith" in buffer.getvalue()


def test_check_imports_no_rich(tmp_path: object) -> None:
    """`draftkit check` of the example prints its findings without importing Rich."""
    probe = (
        "import sys, runpy; sys.argv = ['draftkit', 'check', 'examples/grooming-gangs-2019'];"
        "from draftkit.program import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False,
        cwd=console.__file__.rsplit("/src/", 1)[0],
    )  # fmt: skip
    assert "warning" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"
