"""The source-neutral shape of a debate as Parliament records it, before it becomes a case.

Both readers (ParlParse XML, Hansard API JSON) produce these; speakers are still the
record's own external ids, mapped to directory members only by `speakers.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

IdScheme = Literal["parlparse", "parliament"]

#: Speaker names that are the chair or the House, never speakers of the debate.
_PROCEDURAL = re.compile(
    r"\b(Deputy Speaker|Lord Speaker|Speaker|Deputy Chairman|Chairman of Committees|"
    r"Deputy Chair|Chair|Noble Lords|Hon\. Members|Several Noble Lords)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SpeakerRef:
    """Who spoke, as the record names them: an external id and the printed name."""

    scheme: IdScheme
    value: str
    name: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a speech, with the record's own paragraph id and column."""

    pid: str
    text: str
    column: str | None = None


@dataclass
class Speech:
    """A block of the record: a member's speech, or an unattributed block (speaker None)."""

    speaker: SpeakerRef | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    column: str | None = None
    time: str | None = None

    @property
    def procedural(self) -> bool:
        """The chair, the House ("Noble Lords: Hear, hear"), or a block with no speaker."""
        return self.speaker is None or bool(_PROCEDURAL.search(self.speaker.name))


@dataclass
class Transcript:
    """One debate: its heading, date, House, and the speeches under it in order."""

    title: str
    house: Literal["lords", "commons"]
    date: dt.date
    speeches: list[Speech] = field(default_factory=list)
    kind: str | None = None
    location: str | None = None
    source: str | None = None
    volume: int | None = None

    @property
    def columns(self) -> str | None:
        """The first and last columns the debate occupies, e.g. `1139-1153`."""
        cols = [
            p.column for s in self.speeches for p in s.paragraphs if p.column and p.column.isdigit()
        ]
        if not cols:
            return None
        first, last = min(cols, key=int), max(cols, key=int)
        return first if first == last else f"{first}-{last}"

    @property
    def hansard(self) -> str:
        """The citation officials use: "HL Deb 27 October 2009, vol 713, cols 1139-1153"."""
        prefix = "HL Deb" if self.house == "lords" else "HC Deb"
        parts = [f"{prefix} {self.date.day} {self.date:%B %Y}"]
        if self.volume:
            parts.append(f"vol {self.volume}")
        cols = self.columns
        if cols:
            parts.append(f"col{'s' if '-' in cols else ''} {cols}")
        return ", ".join(parts)

    @property
    def members_speaking(self) -> list[Speech]:
        return [s for s in self.speeches if not s.procedural]
