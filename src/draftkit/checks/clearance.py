"""Clearance: every snippet used is approved, in date, as pinned, and fully filled in.

A pinned `ID@VERSION` older than the library is shown with a diff against the
superseded text the library keeps in `.history/<id>@<version>.md`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Mapping

from ..errors import inside
from ..models import Block
from ..snippets import Snippet, history_path, previous_version
from .context import Context, block_place
from .findings import Finding
from .registry import Rule

CODES = {
    "snippet.draft": "a snippet that has not been cleared (status: draft)",
    "snippet.withdrawn": "a snippet withdrawn from use",
    "snippet.expired": "a snippet past its `review_by` date on the letter's date",
    "snippet.not_yet_approved": "a snippet approved only after the letter's date",
    "snippet.changed": "a pinned snippet changed in the library since it was pinned",
    "snippet.placeholder": "a placeholder left unfilled, empty or holding a marker",
    "snippet.departed": "prose standing in for an approved line reworded in clearance",
}

#: Values that mean "not filled in yet".
_MARKER = re.compile(r"^\s*(?:|tbc|tbd|todo|xx+|\?+|n/?a|\[.*\]|<.*>|\.\.\.|…)\s*$", re.IGNORECASE)


def check(ctx: Context) -> Iterator[Finding]:
    library = ctx.case.workspace.snippets
    date = ctx.case.letter.date
    for s, section in enumerate(ctx.case.letter.sections):
        for b, block in enumerate(section.blocks):
            if block.departs_from:
                yield _departed(ctx, s, b, block, library)
            snippet = library.get(block.snippet_id or "")
            if snippet is None:
                continue
            loc = ("sections", s, "blocks", b, "snippet")
            place = block_place(s, b) + f" (snippet {block.snippet})"
            meta = snippet.meta
            if meta.status != "approved":
                yield ctx.at(
                    f"snippet.{meta.status}",
                    "error",
                    loc,
                    f"snippet `{snippet.id}` is {meta.status}: it is not cleared for use",
                    _replacement(snippet, library, date)
                    or f"ask its owner ({meta.owner}) to clear it, or write to the point in prose",
                    place=place,
                )
            elif snippet.is_expired(date):
                yield ctx.at(
                    "snippet.expired",
                    "error",
                    loc,
                    f"snippet `{snippet.id}` was due for review by {meta.review_by}, "
                    f"before the letter's date {date}",
                    f"ask its owner ({meta.owner}) to review it and set a new `review_by`",
                    place=place,
                )
            elif meta.approved_on and meta.approved_on > date:
                yield ctx.at(
                    "snippet.not_yet_approved",
                    "warning",
                    loc,
                    f"snippet `{snippet.id}` was approved on {meta.approved_on}, "
                    f"after the letter's date {date}",
                    "check the letter's date",
                    place=place,
                )
            if block.pinned_version and block.pinned_version < meta.version:
                yield _changed(ctx, loc, place, snippet, block.pinned_version)
            yield from _placeholders(ctx, s, b, block, place)


def _departed(
    ctx: Context, s: int, b: int, block: Block, library: Mapping[str, Snippet]
) -> Finding:
    """A block departing from an approved line: its owner must hear of it."""
    line = block.departs_from or ""
    snippet = library.get(line.split("@")[0])
    owner = snippet.meta.owner if snippet else "its owner"
    return ctx.at(
        "snippet.departed",
        "warning",
        ("sections", s, "blocks", b, "departs_from"),
        f"this block departs from the approved line `{line}` (owner: {owner}): {block.reason}",
        f"tell {owner}, who may clear the new wording as a new version of the line",
        place=block_place(s, b),
    )


def _replacement(snippet: Snippet, library: Mapping[str, Snippet], date: dt.date) -> str | None:
    """An approved, in-date snippet on the same topics, to suggest instead."""
    topics = set(snippet.meta.topics)
    best: tuple[int, str] | None = None
    for other in library.values():
        if other.id == snippet.id or other.meta.status != "approved" or other.is_expired(date):
            continue
        overlap = len(topics & set(other.meta.topics))
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, other.id)
    return f"use an approved snippet instead, e.g. `{best[1]}`" if best else None


def _changed(
    ctx: Context, loc: tuple[str | int, ...], place: str, snippet: Snippet, pinned: int
) -> Finding:
    current = snippet.meta.version
    old = previous_version(snippet, pinned)
    message = (
        f"snippet `{snippet.id}` was pinned at version {pinned} but the library now has "
        f"version {current}; the letter will carry version {current}'s text"
    )
    detail = None
    if old is None:
        kept = inside(history_path(snippet, pinned), ctx.case.workspace.root)
        message += f" (no copy of version {pinned} in {kept} to compare)"
    else:
        detail = diff(old, snippet) or None
        if detail is None:
            message += " (the wording is unchanged)"
    return ctx.at(
        "snippet.changed",
        "warning",
        loc,
        message,
        f"read the change, then pin the new version: `snippet: {snippet.id}@{current}`",
        place=place,
        detail=detail,
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u2018\u201c'\"(])")


def _sentences(body: str) -> list[str]:
    """One sentence a line, so a diff of a one-line paragraph shows what changed."""
    lines: list[str] = []
    for line in body.splitlines():
        lines.extend(_SENTENCE_END.split(line) if line.strip() else [""])
    return [f"{line}\n" for line in lines]


def diff(old: Snippet, new: Snippet) -> str:
    """A unified diff, sentence by sentence, from the old version's body to the new one's."""
    return "".join(
        difflib.unified_diff(
            _sentences(old.body),
            _sentences(new.body),
            fromfile=f"{old.id}@{old.meta.version}",
            tofile=f"{new.id}@{new.meta.version}",
        )
    )


def _placeholders(ctx: Context, s: int, b: int, block: Block, place: str) -> Iterator[Finding]:
    """Placeholder values given but not really filled in: empty, TBC, XX, [name]..."""
    for name, value in block.params.items():
        if isinstance(value, str | type(None)) and _MARKER.match(value or ""):
            shown = "empty" if not (value or "").strip() else f"`{value}`"
            yield ctx.at(
                "snippet.placeholder",
                "error",
                ("sections", s, "blocks", b, "params", name),
                f"placeholder `params.{name}` is not filled in ({shown})",
                f"give `{name}` its real value",
                place=place,
            )


RULE = Rule("clearance", CODES, check)
