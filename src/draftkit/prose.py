"""Word-processor habits on Markdown prose: bold/italic on a selection, find and replace,
word count. Pure functions on strings and letter data; the TUI only calls them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import editing
from .editing import LetterData

#: A word as Word counts one: a run of letters, digits, apostrophes or hyphens.
_WORD = re.compile(r"[\w'\u2019-]+")


def count_words(text: str) -> int:
    """How many words `text` has, as Word counts (Markdown marks and dashes are not words)."""
    return sum(1 for m in _WORD.finditer(text) if any(c.isalnum() for c in m.group()))


@dataclass(frozen=True)
class Wrapped:
    """Text after a bold/italic toggle, and the selection to show (offsets into `text`)."""

    text: str
    start: int
    end: int


def toggle_mark(text: str, start: int, end: int, mark: str) -> Wrapped:
    """Wrap text[start:end] in `mark` (`**` bold, `*` italic), or unwrap it if it is wrapped.

    With nothing selected the pair is inserted and the cursor left between them, so what
    is typed next is bold, as in Word.
    """
    start, end = sorted((start, end))
    n = len(mark)
    inner = text[start:end]
    if len(inner) >= 2 * n and inner.startswith(mark) and inner.endswith(mark):
        unwrapped = inner[n:-n]
        return Wrapped(text[:start] + unwrapped + text[end:], start, start + len(unwrapped))
    if text[max(start - n, 0) : start] == mark and text[end : end + n] == mark and inner:
        return Wrapped(text[: start - n] + inner + text[end + n :], start - n, end - n)
    return Wrapped(text[:start] + mark + inner + mark + text[end:], start + n, end + n)


def find_all(text: str, needle: str, *, match_case: bool = False) -> list[int]:
    """The offsets where `needle` starts in `text` (not overlapping), in order."""
    if not needle:
        return []
    flags = 0 if match_case else re.IGNORECASE
    return [m.start() for m in re.finditer(re.escape(needle), text, flags)]


def replace_text(text: str, needle: str, replacement: str, *, match_case: bool = False) -> str:
    """`text` with every `needle` replaced (the replacement is taken literally)."""
    if not needle:
        return text
    flags = 0 if match_case else re.IGNORECASE
    return re.sub(re.escape(needle), lambda _: replacement, text, flags=flags)


def prose_blocks(data: LetterData) -> list[tuple[int, int, str]]:
    """Every prose block of the letter as (section, block, text), in reading order."""
    found = []
    for s, section in enumerate(data.get("sections") or []):
        for b, block in enumerate(section.get("blocks") or []):
            if isinstance(block, dict) and "text" in block and "snippet" not in block:
                found.append((s, b, str(block.get("text") or "")))
    return found


def replace_in_letter(
    data: LetterData,
    needle: str,
    replacement: str,
    *,
    match_case: bool = False,
    only: tuple[int, int] | None = None,
) -> tuple[LetterData, int]:
    """Replace in every prose block (or only the block at `only`); how many were replaced.

    Snippets are cleared lines and are never changed: change the library instead.
    """
    count = 0
    for s, b, text in prose_blocks(data):
        if only is not None and (s, b) != only:
            continue
        hits = len(find_all(text, needle, match_case=match_case))
        if hits:
            count += hits
            new = replace_text(text, needle, replacement, match_case=match_case)
            data = editing.set_text(data, s, b, new)
    return data, count
