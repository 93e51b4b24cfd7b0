"""A member's recorded words: what may be printed in quotation marks, and what may not.

A question's `excerpt` is the passage of the record it came from (an import always
records it). Its `text` is what the official kept: the member's own words while it
can still be found in the excerpt, a paraphrase once edited away from it. Only the
recorded words are ever quoted (`{{ question.quote }}`); a paraphrase is reported
("you asked about ..."), never put in the member's mouth.

Comparisons are light: case, curly and straight quotes, dashes, spacing and the
punctuation at either end of a passage do not count; an elision (`…`, `...`, `[…]`)
or an editorial insertion in square brackets stands for any run of words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from .address import forms
from .models import Member, Question, Section

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
#: An elision or an editorial insertion: "[…]", "[...]", "…", "...", "[the Government]".
_GAP = re.compile(r"\s*(?:\[[^\]]*\]|\u2026|\.\.\.)\s*")
#: Punctuation and quotation marks that may open or close a quoted passage either way.
_EDGE = " \t\n\"'.,;:!?()-"
ELLIPSIS = "[\u2026]"
#: The record of an imported debate, beside its debate.yaml: each speech, paragraph by
#: paragraph, with its speaker's member id.
TRANSCRIPT_FILE = "transcript.yaml"


def normalise(text: str) -> str:
    """Text folded for comparison: one kind of quote and dash, single spaces, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(text.split()).lower()


def pieces(quoted: str) -> list[str]:
    """The runs of words a quotation claims, in order, with its elisions taken out."""
    out = []
    for part in _GAP.split(normalise(quoted)):
        part = part.strip(_EDGE)
        if part:
            out.append(part)
    return out


def holds(record: str, quoted: str) -> bool:
    """Does `record` hold `quoted`: every run of its words, in order, word for word?"""
    return held_in([record], quoted)


def held_in(records: Iterable[str], quoted: str) -> bool:
    """Does any one passage of `records` hold `quoted` (see `holds`)?"""
    runs = pieces(quoted)
    if not runs:
        return True
    for record in records:
        text, at = normalise(record), 0
        for run in runs:
            found = _find_words(text, run, at)
            if found < 0:
                break
            at = found + len(run)
        else:
            return True
    return False


def _find_words(text: str, run: str, start: int) -> int:
    """Where `run` starts in `text` at or after `start`, on word boundaries; -1 if nowhere."""
    at = text.find(run, start)
    while at >= 0:
        before = text[at - 1] if at > 0 else " "
        end = at + len(run)
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() and run[0].isalnum()) and not (
            after.isalnum() and run[-1].isalnum()
        ):
            return at
        at = text.find(run, at + 1)
    return -1


def is_paraphrase(question: Question) -> bool:
    """A question whose text the record does not hold: the official's words, not the member's."""
    return bool(question.excerpt) and not holds(question.excerpt or "", question.text)


def quote(question: Question) -> str:
    """The member's recorded words for a question, fit to print in quotation marks.

    Its `text` while that is the member's own words (a question picked out of a longer
    passage), else the whole `excerpt`; a question typed by hand (no excerpt) is its text.
    """
    text = " ".join(question.text.split())
    if question.excerpt and not holds(question.excerpt, text):
        return " ".join(question.excerpt.split())
    return text


def join_passages(first: str, second: str, record: str = "") -> str:
    """Two passages of one speech as one: overlap said once, a gap marked `[…]`.

    `record` (the passages' joint source, if known) shows whether `second` followed
    `first` directly, in which case they are joined by a space.
    """
    first, second = " ".join(first.split()), " ".join(second.split())
    if not first or holds(first, second):
        return first or second
    if holds(second, first):
        return second
    if record and holds(record, f"{first} {second}"):
        return f"{first} {second}"
    # The longest end of `first` that `second` starts with (sentences both excerpts hold).
    for size in range(min(len(first), len(second)), 9, -1):
        starts_word = size == len(first) or first[-size - 1] == " "
        ends_word = size == len(second) or second[size] == " "
        if starts_word and ends_word and first[-size:] == second[:size]:
            return first + second[size:]
    return f"{first} {ELLIPSIS} {second}"


#: Placeholders in prose: `{{ debate.date | weekday_date }}`, `{{ question.quote }}`.
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Words that tell a block is citing the question rather than answering it.
_CITING = re.compile(r"\b(?:asked|ask|asking|raised|question|questions|enquired|queried)\b")
#: Words a restatement is made of besides the question's own: the linking sentence.
_LINKING_WORDS = """
a about after also an and any are as asked asking at be been before by debate did do
during enquired following for from had has have he her his i if in into is it its
me my noble of on or our point points queried question questions raise raised regarding
referred said she so that the their them there they this those to up us was we were
what when whether which who why will with would you your yours
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december
lord lords lady baroness viscount viscountess earl countess marquess marchioness duke
duchess bishop archbishop mr mrs ms miss dr sir dame hon rt right honourable friend
member members minister government
"""
_LINKING = frozenset(_LINKING_WORDS.split())
#: A block restating its question holds fewer words of its own than this.
OWN_WORDS = 4


def _words(text: str) -> list[str]:
    return _WORDS.findall(normalise(_PLACEHOLDER.sub(" ", text)))


def restates(text: str, questions: Iterable[Question], names: Iterable[str] = ()) -> bool:
    """Is this prose only the question said again ("you asked: ..." and nothing else)?

    It is when it cites the question (a quotation or paraphrase of it, or "you asked")
    and, the question's words, members' `names` and the linking words aside, holds
    fewer than `OWN_WORDS` words of its own.
    """
    qs = list(questions)
    if not qs:
        return False
    source = [q.text for q in qs] + [quote(q) for q in qs]
    cites = "question.quote" in text or bool(_CITING.search(normalise(text)))
    cites = cites or any(holds(text, s) for s in source)
    if not cites:
        return False
    known = set(_LINKING)
    for part in (*source, *names):
        known.update(_words(part))
    own = [w for w in _words(text) if w not in known and not w.isdigit()]
    return len(own) < OWN_WORDS


def has_body(
    blocks: Iterable[tuple[str | None, str | None]],
    questions: Iterable[Question],
    names: Iterable[str] = (),
) -> bool:
    """Does a section answer its questions: a snippet, or prose that is more than a restatement?

    `blocks` are (snippet id, prose text) pairs, one of them None, as letter.yaml holds
    them; the TUI's count and `check` (`coverage.unanswered_body`) both ask this.
    """
    qs, who = list(questions), list(names)
    for snippet, text in blocks:
        if snippet:
            return True
        if text and text.strip() and not restates(text, qs, who):
            return True
    return False


def section_answers(
    section: Section, questions: Mapping[str, Question], members: Mapping[str, Member] | None = None
) -> bool:
    """Does this section answer its questions, rather than only restating them?"""
    asked = [questions[a] for a in section.answers if a in questions]
    names = [forms(members[q.asked_by]).in_text for q in asked if members and q.asked_by in members]
    return has_body(((b.snippet, b.text) for b in section.blocks), asked, names)
