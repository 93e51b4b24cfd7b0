"""The minister's promises to write, found in the debate, resolved to whom they are owed.

"I will write to the noble Lord, Lord X" is owed to Lord X, "I will write to the hon.
Member for Glasgow North" to that seat's MP; "write to noble Lords"
to everyone who spoke; an unnamed "I will write to him" to the member whose point
is being answered (the last one named before it, else the speech before the
minister's). Each is due a number of working days after the debate, skipping
weekends and England and Wales bank holidays.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import Member, Rank
from .speakers import Speakers
from .text import sentences, unquoted
from .transcript import Transcript

_PROMISE = re.compile(
    r"\b(?:I|we)(?:'ll| will| shall| undertake| promise| am happy| would be happy| am going)\b"
)
_WRITING = re.compile(
    r"\bwrite to\b|\bwrite (?:with|setting out)\b|\bin writing\b|\bplace a copy\b[^.]*\bLibrary\b"
    r"|\bcopy (?:is |will be )?placed in the Library\b"
    r"|\bput (?:a copy|it) in the Library\b|\bdrop (?:him|her|them) a (?:line|note)\b"
)
_NEGATED = re.compile(r"\b(?:will not|won't|shall not|cannot|can't) (?:write|place)\b")
_EVERYONE = re.compile(
    r"\b(?:(?:all )?noble Lords|(?:all )?hon\. Members|(?:all )?Members who (?:have )?spoken"
    r"|everyone who (?:has )?spoke[n]?)\b"
)
_LIBRARY = re.compile(r"\bLibrary\b")


@dataclass(frozen=True)
class Promise:
    """A promise to write, found in one sentence of the minister's speech."""

    to: list[str]
    paragraph: str
    column: str | None
    excerpt: str
    library: bool


def _name_keys(member: Member) -> list[str]:
    """The ways a speaker may be named in the chamber, longest first."""
    keys: set[str] = set()
    title = member.name or member.of or ""
    if member.rank in (Rank.BISHOP, Rank.ARCHBISHOP):
        keys.add(f"{member.rank.value} of {member.of}")
    else:
        full = " ".join(p for p in (member.rank.value, member.name) if p)
        keys.add(f"{full} of {member.of}" if member.of else full)
        if member.name:
            keys.add(f"{member.rank.value} {member.name}")
        if member.rank in (Rank.VISCOUNT, Rank.EARL, Rank.MARQUESS, Rank.LORD):
            keys.add(f"Lord {title}")
        if member.rank in (
            Rank.BARONESS,
            Rank.VISCOUNTESS,
            Rank.COUNTESS,
            Rank.MARCHIONESS,
            Rank.LADY,
        ):
            keys.add(f"Lady {title}")
        if member.rank is Rank.MP:
            keys.add(member.name)
            keys.add(member.name.split()[-1])
            if member.constituency:
                # The Commons names a Member by seat: "the hon. Member for Glasgow North".
                keys.add(f"Member for {member.constituency}")
    return sorted(keys, key=len, reverse=True)


def named_speakers(text: str, speakers: Sequence[str], members: Mapping[str, Member]) -> list[str]:
    """The speakers named in `text`, in the order they are named."""
    hits: list[tuple[int, str]] = []
    for mid in speakers:
        member = members.get(mid)
        if member is None:
            continue
        for key in _name_keys(member):
            found = re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)
            if found:
                hits.append((found.start(), mid))
                break
    return [mid for _, mid in sorted(hits)]


def find_promises(
    transcript: Transcript, speakers: Speakers, minister: str, members: Mapping[str, Member]
) -> list[Promise]:
    """Every promise to write in the minister's speeches, each resolved to its recipients."""
    others = [m for m in speakers.order if m != minister]
    out: list[Promise] = []
    last_named: list[str] = []
    previous_speaker: str | None = None
    for speech, member in zip(transcript.speeches, speakers.of_speech, strict=True):
        if member != minister:
            if member:
                previous_speaker = member
            continue
        for para in speech.paragraphs:
            for sentence in sentences(para.text):
                text = unquoted(sentence.text)
                named = named_speakers(text, others, members)
                if (
                    _WRITING.search(text)
                    and _PROMISE.search(text)
                    and not _NEGATED.search(text)
                    and not sentence.quoted
                ):
                    if _EVERYONE.search(text):
                        to = list(others)
                    elif named:
                        to = named
                    elif last_named:
                        to = last_named[-1:]
                    else:
                        to = [previous_speaker] if previous_speaker else list(others)
                    out.append(
                        Promise(
                            to=to,
                            paragraph=para.pid,
                            column=para.column or speech.column,
                            excerpt=sentence.text,
                            library=bool(_LIBRARY.search(text)),
                        )
                    )
                if named:
                    last_named = named
    return out


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # on use: the package is large and most commands never count days

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def due_date(start: dt.date, working_days: int) -> dt.date:
    """The date `working_days` working days after `start` (England and Wales bank holidays)."""
    day = start
    remaining = working_days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
