"""Sentences of a Hansard paragraph, and which parts of it are quotations.

Peers quote letters, reports and the people they met; a question inside a
quotation ("but what can I do?") is not theirs, so callers skip quoted spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')
# A sentence ends at . ? ! (optionally followed by a closing quote or bracket) before
# white space and a capital, an opening quote or a digit; not after the abbreviations of
# the Commons' forms ("the hon. Member for ...", "the right hon. Gentleman", "Mr. Speaker").
_ABBREVIATIONS = ("hon", "Hon", "Mr", "Mrs", "Ms", "Dr", "St")
_BOUNDARY = re.compile(
    "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
    + r"(?<=[.?!])[\"\u201d\u2019)]?\s+(?=[A-Z\"\u201c\u2018(0-9])"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it sits in its paragraph."""

    text: str
    start: int
    end: int
    quoted: bool


def sentences(paragraph: str) -> list[Sentence]:
    """Split a paragraph into sentences, marking those that lie inside a quotation."""
    quotes = [m.span() for m in _QUOTES.finditer(paragraph)]
    out: list[Sentence] = []
    start = 0
    cuts = [m.start() for m in _BOUNDARY.finditer(paragraph)] + [len(paragraph)]
    for cut in cuts:
        # Keep a closing quote that ends the sentence with it.
        end = cut
        while end < len(paragraph) and paragraph[end] in '"\u201d\u2019)':
            end += 1
        chunk = paragraph[start:end]
        text = chunk.strip()
        if text:
            first = start + (len(chunk) - len(chunk.lstrip()))
            # The sentence's own end mark: its last . ? ! before any closing quote.
            mark = first + len(text.rstrip('"\u201d\u2019)')) - 1
            quoted = any(a < mark < b for a, b in quotes)
            out.append(Sentence(text, first, first + len(text), quoted))
        start = end
    return out


def ends_with_question_mark(text: str) -> bool:
    return text.rstrip('"\u201d\u2019) ').endswith("?")


def unquoted(text: str) -> str:
    """The text with every quotation blanked out (same length, so positions still hold)."""
    return _QUOTES.sub(lambda m: " " * len(m.group()), text)
