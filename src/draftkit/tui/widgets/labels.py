"""How letter parts and snippets are labelled on screen (Rich text, no domain decisions)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

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
