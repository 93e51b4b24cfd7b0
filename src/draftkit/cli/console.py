"""The commands' terminal lines: Rich's console markup, rendered without importing Rich.

Every command prints lines such as `[red]error:[/red] …` with user text passed through
`escape`. Rich renders them well, but importing it and starting a console costs about
30 ms and rendering fifteen lines 9 ms more: a tenth of `draftkit check` (issue 15).
`Console.print` renders the same markup itself: Rich's tags and escapes, colour as Rich
decides it (a terminal, unless NO_COLOR, TERM=dumb or TTY_COMPATIBLE/FORCE_COLOR say
otherwise), no wrapping. Tables, progress bars and prompts stay Rich's own: `Console.rich`
is a Rich console on the same stream, made when one of them first needs it.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console as RichConsole
    from rich.console import RenderableType

#: A tag as Rich reads one (`rich.markup.RE_TAGS`): backslashes before it escape it.
_TAG = re.compile(r"(\\*)\[([a-z#/@][^[]*?)]")
#: Rich's `escape`: a backslash before anything that would be read as a tag.
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")

#: SGR parameters of the style words draftkit's lines use (and their Rich synonyms).
_SGR = {
    "bold": "1", "b": "1", "dim": "2", "d": "2", "italic": "3", "i": "3",
    "underline": "4", "u": "4", "reverse": "7", "r": "7", "strike": "9", "s": "9",
    "black": "30", "red": "31", "green": "32", "yellow": "33",
    "blue": "34", "magenta": "35", "cyan": "36", "white": "37",
}  # fmt: skip
_COLOURS = frozenset(v for v in _SGR.values() if len(v) == 2)
#: Control characters a line must not carry to a terminal (an ESC in a member's name would
#: start an escape sequence); tab and newline stay.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def escape(text: str) -> str:
    """`text` made literal inside markup, exactly as `rich.markup.escape` makes it."""
    text = _ESCAPE.sub(lambda m: f"{m[1]}{m[1]}\\{m[2]}", text)
    return text + "\\" if text.endswith("\\") and not text.endswith("\\\\") else text


def render(markup: str, colour: bool, styles: bool) -> str:
    """The line `markup` shows: its tags as SGR sequences (none when `styles` is false).

    Rich's rules, kept to the letter: a tag is `[style]`, `[/style]` or `[/]`; an even
    run of backslashes before one is halved, an odd run makes it literal text, and `\\[`
    elsewhere is `[`; `[/]` closes the newest open tag, `[/x]` the newest `x`, and the end
    of the line any left open. Where styles overlap, the span Rich would put last gives
    the colour; each stretch between two tags is written on its own, as Rich writes it.
    A style draftkit does not use (any word not in `_SGR`) styles nothing, as Rich
    styles nothing it cannot parse.
    """
    plain: list[str] = []
    length = 0
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    open_: list[tuple[int, str, tuple[str, ...]]] = []
    position = 0

    def add(piece: str) -> None:
        nonlocal length
        plain.append(piece)
        length += len(piece)

    for match in _TAG.finditer(markup):
        backslashes, tag = match.groups()
        add(markup[position : match.start()].replace("\\[", "["))
        position = match.end()
        halves, odd = divmod(len(backslashes), 2)
        add("\\" * halves)
        if odd:
            add(f"[{tag}]")
            continue
        name = tag.partition("=")[0]
        if name.startswith("/"):
            wanted = _style(name[1:])[0] if name[1:].strip() else None
            found = [n for n, (_, key, _) in enumerate(open_) if wanted in (None, key)]
            if found:
                begun, _, codes = open_.pop(found[-1])
                spans.append((begun, length, codes))
        else:  # a tag with parameters (`[b=x]`) styles nothing, as in Rich
            key, codes = _style(name)
            open_.append((length, key, () if "=" in tag else codes))
    add(markup[position:].replace("\\[", "["))
    while open_:
        begun, _, codes = open_.pop()
        spans.append((begun, length, codes))
    text = "".join(plain)
    if not styles:
        return text
    ordered = sorted(reversed(spans), key=lambda span: span[0])
    cuts = sorted({0, length, *(n for begun, end, _ in spans for n in (begun, end))})
    runs = [
        (_combine([codes for begun, end, codes in ordered if begun <= a < end], colour), text[a:b])
        for a, b in itertools.pairwise(cuts)
    ]
    return "".join(f"\x1b[{sgr}m{piece}\x1b[0m" if sgr else piece for sgr, piece in runs)


def _style(tag: str) -> tuple[str, tuple[str, ...]]:
    """A tag's name as Rich matches a closing tag to it, and its SGR parameters (none
    unless every word is one draftkit uses: Rich styles nothing it cannot parse)."""
    words = tag.lower().split()
    if words and all(w in _SGR for w in words):
        codes = _combine([tuple(_SGR[w] for w in words)], colour=True)
        return f"sgr:{codes}", tuple(codes.split(";"))
    return " ".join(words), ()


def _combine(styles: list[tuple[str, ...]], colour: bool) -> str:
    """The SGR parameters of overlapping styles, as Rich writes them: attributes in
    order, then the last colour (none when not `colour`)."""
    codes = [c for style in styles for c in style]
    attributes = sorted({c for c in codes if c not in _COLOURS}, key=int)
    colours = [c for c in codes if c in _COLOURS][-1:] if colour else []
    return ";".join(attributes + colours)


class Console:
    """Lines of markup on stdout or stderr, looked up when printed (so a test's capture,
    which swaps `sys.stdout`, sees them), styled on a terminal as Rich would style them."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr
        self._rich: RichConsole | None = None

    @property
    def file(self) -> TextIO:
        return sys.stderr if self.stderr else sys.stdout

    @property
    def is_terminal(self) -> bool:
        """Rich's test: TTY_COMPATIBLE, then FORCE_COLOR, then whether the stream is a TTY."""
        compatible = os.environ.get("TTY_COMPATIBLE", "")
        if compatible in ("0", "1"):
            return compatible == "1"
        force = os.environ.get("FORCE_COLOR")
        if force is not None:
            return force != ""
        try:
            return self.file.isatty()
        except (AttributeError, ValueError):  # no isatty, or a closed stream
            return False

    def print(self, renderable: str | RenderableType = "", *, markup: bool = True) -> None:
        """One line: markup rendered (or `markup=False`: the text as it is); anything other
        than a string (a table) is left to Rich."""
        if not isinstance(renderable, str):
            self.rich.print(renderable)
            return
        line = renderable.translate(_CONTROLS)
        if markup:
            dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
            styles = self.is_terminal and not dumb
            line = render(line, colour=os.environ.get("NO_COLOR", "") == "", styles=styles)
        self.file.write(line + "\n")
        self.file.flush()

    @property
    def rich(self) -> RichConsole:
        """A Rich console on the same stream, for tables, progress bars and prompts."""
        if self._rich is None:
            from rich.console import Console as RichConsole

            self._rich = RichConsole(stderr=self.stderr, highlight=False, soft_wrap=True)
        return self._rich
