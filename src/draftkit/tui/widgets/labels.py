"""How letter parts and snippets are labelled on screen (Rich text, no domain decisions)."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from ...snippets import Snippet

#: Colour of each snippet state in lists.
STATE_STYLE = {
    "approved": "green",
    "draft": "yellow",
    "expired": "bold red",
    "withdrawn": "bold red",
}


def state_badge(snippet: Snippet, on: dt.date) -> Text:
    state = snippet.state(on)
    return Text(state, style=STATE_STYLE[state])


def snippet_line(snippet: Snippet, on: dt.date, score: float | None = None) -> Text:
    """Title, then "approved v3 review 2019-08-31" (state coloured) and the suggestion score."""
    out = Text(snippet.meta.title, style="bold")
    out.append("\n")
    out.append_text(state_badge(snippet, on))
    out.append(f" v{snippet.meta.version}", style="dim")
    review = snippet.meta.review_by
    out.append(f" review {review.isoformat() if review else '-'}", style="dim")
    if score is not None:
        out.append(f" · match {score:.0f}", style="cyan")
    return out


def first_words(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def clip_lines(text: str, width: int, lines: int) -> str:
    """`text` cut to what wraps into `lines` lines of `width` at word boundaries, ending in
    an ellipsis when anything was cut (a list's entry must not fill the pane)."""
    flat = " ".join(text.split())
    # As the screen wraps: at spaces only, a long word whole (hyphens do not break).
    wrapped = textwrap.wrap(flat, max(width, 1), break_long_words=False, break_on_hyphens=False)
    if len(wrapped) <= lines:
        return flat
    kept = wrapped[: max(lines, 1)]
    last = kept[-1]
    while last and len(last) + 1 > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return " ".join(kept)


def separated_options(lines: Sequence[Text], empty: Text) -> list[Option | None]:
    """Each line an option (id its index) with a separator between; `empty` when none."""
    options: list[Option | None] = []
    for n, line in enumerate(lines):
        if options:
            options.append(None)
        options.append(Option(line, id=str(n)))
    return options or [Option(empty, id="none")]
