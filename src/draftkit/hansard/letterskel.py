"""The letter sections an accepted question starts with: a linking sentence citing it.

Used by the import (for questions accepted at once, the tabled one) and by the
debate review when the official accepts, edits or merges one, so all write the same
shape. A question still in the member's words is quoted through `{{ question.quote }}`
(so the sentence follows the record when questions are merged); a paraphrase is
reported in the official's words without quotation marks.
"""

from __future__ import annotations

import re

from ..models import Question
from ..quotation import is_paraphrase

_TABLED_PREFIX = re.compile(r"^To ask (?:His|Her) Majesty['\u2019]s Government\s+", re.IGNORECASE)
#: Words that start a question and read in lower case after "asked about".
_STARTERS = frozenset(
    {"what", "how", "when", "where", "why", "whether", "who", "whom", "which", "will"}
    | {"would", "can", "could", "shall", "should", "may", "might", "must", "has", "have"}
    | {"had", "is", "are", "was", "were", "does", "do", "did", "if", "the", "a", "an"}
    | {"in", "on", "for", "to", "any", "more"}
)


def _literal(text: str) -> str:
    # Braces would be read as template placeholders; Hansard text never needs them.
    return " ".join(text.replace("{", "(").replace("}", ")").split())


def about(text: str) -> str:
    """A paraphrase as the end of "you asked about ...": no closing mark, a lower-case start."""
    clause = _literal(text).rstrip(" ?.!")
    first = clause.split(" ", 1)[0]
    if first.lower() in _STARTERS and first[:1].isupper() and first[1:].islower():
        clause = clause[:1].lower() + clause[1:]
    return clause


def intro_text(question: Question, addressee: str) -> str:
    """ "During the debate on Tuesday 27 October, you asked ..." with the question cited."""
    when = "During the debate on {{ debate.date | weekday_date }}"
    who = (
        "you"
        if question.asked_by == addressee
        else "{{ members['" + question.asked_by + "'].in_text }}"
    )
    if is_paraphrase(question):
        return f"{when}, {who} asked about {about(question.text)}."
    text = _literal(question.text)
    if who == "you" and question.kind == "tabled" and _TABLED_PREFIX.match(text):
        return f"{when}, you asked the Government {_TABLED_PREFIX.sub('', text)}"
    return f'{when}, {who} asked: "{{{{ question.quote }}}}"'


def section_for(question: Question, addressee: str, title: str | None = None) -> dict[str, object]:
    """A new letter section answering `question`, opening with the linking sentence."""
    section: dict[str, object] = {}
    if title:
        section["title"] = title
    section["answers"] = [question.id]
    section["blocks"] = [{"text": intro_text(question, addressee)}]
    return section
