"""The letter sections an accepted question starts with: a linking sentence citing it.

Used by the import (for questions accepted at once, the tabled one) and by the
debate review when the official accepts another, so both write the same shape.
"""

from __future__ import annotations

import re

from ..models import Question

_TABLED_PREFIX = re.compile(r"^To ask (?:His|Her) Majesty['\u2019]s Government\s+", re.IGNORECASE)


def _quoted(text: str) -> str:
    # Braces would be read as template placeholders; Hansard text never needs them.
    return text.replace("{", "(").replace("}", ")")


def intro_text(question: Question, addressee: str) -> str:
    """ "During the debate on Tuesday 27 October, you asked ..." with the question cited."""
    when = "During the debate on {{ debate.date | weekday_date }}"
    text = _quoted(question.text.strip())
    if question.asked_by == addressee:
        if question.kind == "tabled" and _TABLED_PREFIX.match(text):
            return f"{when}, you asked the Government {_TABLED_PREFIX.sub('', text)}"
        return f'{when}, you asked: "{text}"'
    who = "{{ members['" + question.asked_by + "'].in_text }}"
    return f'{when}, {who} asked: "{text}"'


def section_for(question: Question, addressee: str, title: str | None = None) -> dict[str, object]:
    """A new letter section answering `question`, opening with the linking sentence."""
    section: dict[str, object] = {}
    if title:
        section["title"] = title
    section["answers"] = [question.id]
    section["blocks"] = [{"text": intro_text(question, addressee)}]
    return section
