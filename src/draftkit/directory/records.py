"""What an importer hands the store: members read from a file, and what it could not place."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import Problem, Where
from ..models import Member, Rank
from ..slugs import slug_id

#: Party abbreviations used by ParlParse, spelt out as the House writes them.
PARTY_NAMES = {
    "Con": "Conservative",
    "Lab": "Labour",
    "LDem": "Liberal Democrat",
    "LD": "Liberal Democrat",
    "XB": "Crossbench",
    "Bp": "Bishops",
    "DUP": "Democratic Unionist Party",
    "UUP": "Ulster Unionist Party",
    "UU": "Ulster Unionist Party",
    "Green": "Green Party",
    "UKIP": "UK Independence Party",
    "PC": "Plaid Cymru",
    "SNP": "Scottish National Party",
    "SF": "Sinn Féin",
    "SDLP": "Social Democratic and Labour Party",
    "Ind": "Independent",
    "Ind Lab": "Independent Labour",
    "Ind Con": "Independent Conservative",
    "Non-affiliated": "Non-affiliated",
    "Judge": "Law Lord",
    "SPK": "Speaker",
}


@dataclass(frozen=True)
class Imported:
    """One member read from a source file, with what the store needs to give it an id."""

    member: Member
    line: int | None
    #: Forenames and start of membership: they tell apart holders of the same title.
    forenames: str = ""
    since: str = ""
    #: Whether the source says if the member is a Privy Counsellor (ParlParse peers do not).
    knows_privy_counsellor: bool = True


@dataclass
class Batch:
    """Everything read from one file: members, entries flagged (skipped), and notes."""

    file: Where
    source: str
    #: How many entries the file holds (ParlParse: one per membership; several may be one member).
    entries: int = 0
    members: list[Imported] = field(default_factory=list)
    flagged: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower case without accents or apostrophes: "D'Souza Lémon" → "dsouza lemon"."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"['\u2019`]", "", plain)


def base_id(member: Member) -> str:
    """The id a member gets unless another holds it: rank, name, "of" place; an MP's name."""
    if member.rank is Rank.MP:
        return slug_id(strip_honorifics(member.name))
    parts = [member.rank.value]
    if member.name:
        parts.append(member.name)
    if member.of:
        parts += ["of", member.of]
    return slug_id(" ".join(parts))


_HONORIFIC = re.compile(
    r"^(?:(?:the\s+)?rt\.?\s+hon\.?|sir|dame|dr|mr|mrs|ms|miss|mx|prof(?:essor)?|rev(?:d)?)\s+",
    re.IGNORECASE,
)


def strip_honorifics(name: str) -> str:
    """ "Rt Hon Sir Keir Starmer" → "Keir Starmer": honorifics change, ids should not."""
    previous = None
    while previous != name:
        previous = name
        name = _HONORIFIC.sub("", name.strip())
    return name
