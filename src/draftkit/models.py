"""The validated shapes of draftkit's input files (see CONTRACT.md, "Data files").

These are pure data: loading them from YAML (with line numbers for errors) lives in
`loading.py`, cross-file checks in `workspace.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", min_length=1, max_length=120)]


def no_items() -> list[Any]:
    """A new empty list: the default of a list field that many instances leave out.

    A factory, as pydantic deep-copies a `[]` default for each instance (a directory of
    every Peer is 800 of them), and a Python function rather than `list`: pydantic reads
    the factory's signature, and a builtin's is parsed with `tokenize`, whose pattern
    (about 5 ms to compile) nothing else on `check`'s path needs.
    """
    return []


class Model(BaseModel):
    """Base for input models: unknown keys are mistakes (a typo'd field is reported)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Rank(StrEnum):
    """Ranks of members; every row of conventions/forms-of-address.md."""

    LORD = "Lord"
    BARONESS = "Baroness"
    LADY = "Lady"
    VISCOUNT = "Viscount"
    VISCOUNTESS = "Viscountess"
    EARL = "Earl"
    COUNTESS = "Countess"
    MARQUESS = "Marquess"
    MARCHIONESS = "Marchioness"
    DUKE = "Duke"
    DUCHESS = "Duchess"
    BISHOP = "Bishop"
    ARCHBISHOP = "Archbishop"
    MP = "MP"


#: Ranks whose title is always "... of P": the name part is empty.
TERRITORIAL_RANKS = frozenset(
    {
        Rank.COUNTESS,
        Rank.MARQUESS,
        Rank.MARCHIONESS,
        Rank.DUKE,
        Rank.DUCHESS,
        Rank.BISHOP,
        Rank.ARCHBISHOP,
    }
)

#: Ranks styled either "Earl Attlee" or "the Earl of Arran" ("the Viscount of Oxfuird").
EITHER_NAME_OR_OF = frozenset({Rank.EARL, Rank.VISCOUNT})

House = Literal["lords", "commons"]

#: How a letter greets an MP: "Dear Mr Coyle" or "Dear Neil" (`[address] mp_salutation`).
MpSalutation = Literal["formal", "first_name"]


class Honorific(StrEnum):
    """An MP's honorific, as Parliament records it (never guessed from a name or gender)."""

    MR = "Mr"
    MRS = "Mrs"
    MS = "Ms"
    MISS = "Miss"
    MX = "Mx"
    DR = "Dr"
    SIR = "Sir"
    DAME = "Dame"


#: Honorifics that go with the given name ("Dear Sir Edward") and are part of the full name.
KNIGHTHOODS = frozenset({Honorific.SIR, Honorific.DAME})


class Member(Model):
    """A member of either House. Forms of address are derived (`address.py`), never stored."""

    id: Id
    rank: Rank
    name: str = ""
    of: str | None = None
    privy_counsellor: bool = False
    party: str | None = None
    address: list[str] | None = None
    email: str | None = None
    parlparse_id: str | None = None
    #: Other ParlParse ids of the same person: earlier memberships (a party change starts
    #: a new one) and the person id, so debates of any year map their speakers here.
    other_parlparse_ids: list[str] = Field(default_factory=no_items)
    parliament_id: int | None = None
    #: An MP's constituency (Parliament's `membershipFrom`).
    constituency: str | None = None
    #: An MP's names and honorific, for the salutation ("Dear Mr Coyle", "Dear Sir Edward").
    given_name: str | None = None
    surname: str | None = None
    honorific: Honorific | None = None
    sitting: bool = True
    left_on: dt.date | None = None
    left_reason: str | None = None

    @field_validator("name", "of", "given_name", "surname", "constituency", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        """Spacing is normalised: "Hunt  of Kings Heath " would otherwise show in every form."""
        return " ".join(value.split()) if isinstance(value, str) else value

    @model_validator(mode="before")
    @classmethod
    def _mp_name_from_parts(cls, data: object) -> object:
        """An MP recorded by given name and surname needs no separate `name`."""
        if isinstance(data, dict) and str(data.get("rank")) == "MP" and not data.get("name"):
            given, surname = data.get("given_name"), data.get("surname")
            if (
                isinstance(given, str)
                and given.strip()
                and isinstance(surname, str)
                and surname.strip()
            ):
                honorific = data.get("honorific")
                knight = str(honorific) in {h.value for h in KNIGHTHOODS}
                data = {**data, "name": " ".join([str(honorific)] * knight + [given, surname])}
        return data

    @model_validator(mode="after")
    def _title_complete(self) -> Member:
        if self.rank in TERRITORIAL_RANKS and not self.of:
            raise ValueError(f"a {self.rank.value} needs `of` (e.g. of: Blackburn)")
        either = self.rank in EITHER_NAME_OR_OF
        if self.rank not in TERRITORIAL_RANKS and not either and not self.name:
            raise ValueError(f"a {self.rank.value} needs `name`")
        if either and not (self.name or self.of):
            article = "an" if self.rank.value[0] in "AEIOU" else "a"
            raise ValueError(f"{article} {self.rank.value} needs `name` or `of`")
        if self.rank is not Rank.MP and self.honorific is not None:
            raise ValueError(f"`honorific` is for an MP; a {self.rank.value} is styled by rank")
        return self

    @property
    def parlparse_ids(self) -> list[str]:
        """Every ParlParse id this member answers to, the current one first."""
        return [i for i in (self.parlparse_id, *self.other_parlparse_ids) if i]

    @property
    def house(self) -> House:
        return "commons" if self.rank is Rank.MP else "lords"


class Minister(Model):
    """The sender: a minister, who may also be a member of Parliament."""

    id: Id
    member: Id | None = None
    name: str
    role: str
    department: str
    letterhead: str | None = None
    signature: str | None = None


def _int_as_text(value: object) -> object:
    return str(value) if isinstance(value, int) else value


#: A Hansard column: `1139` in YAML is read as the text "1139".
Column = Annotated[str | None, BeforeValidator(_int_as_text)]

QuestionStatus = Literal["proposed", "accepted", "rejected"]


class Question(Model):
    """A question raised in the debate, which the letter should answer.

    Imported debates propose candidates (`status: proposed`) with the paragraph id and
    excerpt they came from; the official accepts, edits, merges or rejects them.
    A question typed by hand is accepted.
    """

    id: Id
    asked_by: Id
    text: str = Field(min_length=1)
    topics: list[str] = []
    column: Column = None
    excerpt: str | None = None
    status: QuestionStatus = "accepted"
    kind: Literal["tabled", "direct", "indirect"] | None = None
    paragraph: str | None = None
    merged_from: list[Id] = []


class Undertaking(Model):
    """A minister's promise in the debate to write (or to place a copy in the Library)."""

    id: Id
    minister: Id
    to: list[Id] = Field(min_length=1)
    column: Column = None
    paragraph: str | None = None
    excerpt: str = Field(min_length=1)
    due: dt.date
    library: bool = False


#: The kind of proceeding: how a letter and a covering slip describe it.
DebateKind = Literal[
    "debate", "short_debate", "oral_question", "urgent_question", "statement", "bill"
]
#: Where it was held.
Venue = Literal["chamber", "grand_committee", "westminster_hall"]


def venue_of(location: str | None) -> Venue:
    """The venue named by a free-text location ("Grand Committee", "Westminster Hall");
    anything else is the Chamber."""
    text = " ".join((location or "").lower().split())
    if "grand committee" in text:
        return "grand_committee"
    if "westminster hall" in text:
        return "westminster_hall"
    return "chamber"


class Debate(Model):
    """A debate in either House: who spoke, in order, and what they asked."""

    id: Id
    house: House
    date: dt.date
    title: str = Field(min_length=1)
    kind: DebateKind = "debate"
    #: Default: read from the free-text `location` earlier imports wrote, else the Chamber.
    venue: Venue = "chamber"
    #: How the title reads after "on" in a sentence; default derived from the title.
    subject: str | None = None
    hansard: str | None = None
    location: str | None = None
    columns: str | None = None
    minister: Id
    speakers: list[Id] = []
    questions: list[Question] = []
    undertakings: list[Undertaking] = []
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _venue_from_location(cls, data: object) -> object:
        """A debate.yaml with only the old `location: Grand Committee` keeps its venue."""
        if isinstance(data, dict) and data.get("venue") is None and data.get("location"):
            return {**data, "venue": venue_of(str(data["location"]))}
        return data


SnippetStatus = Literal["draft", "approved", "withdrawn"]


class SnippetMeta(Model):
    """A snippet's front matter: who owns it and whether it is cleared for use."""

    id: Id
    title: str = Field(min_length=1)
    topics: list[str] = []
    status: SnippetStatus
    owner: str
    approved_by: str | None = None
    approved_on: dt.date | None = None
    review_by: dt.date | None = None
    version: int = Field(ge=1)
    params: dict[str, str] = {}

    @field_validator("params", mode="before")
    @classmethod
    def _params_as_mapping(cls, value: object) -> object:
        """`params` may be a list of names or a mapping of name to description."""
        if value is None:
            return {}
        if isinstance(value, list):
            return {str(name): "" for name in value}
        return value

    @field_validator("topics", mode="before")
    @classmethod
    def _topics_list(cls, value: object) -> object:
        return [] if value is None else value

    @model_validator(mode="after")
    def _approved_has_approver(self) -> SnippetMeta:
        if self.status == "approved" and not (self.approved_by and self.approved_on):
            raise ValueError("an approved snippet needs `approved_by` and `approved_on`")
        return self


def _text_only(value: object) -> object:
    """A placeholder's value is printed as it stands, so it must be text: `[1, 2]` or a bare
    number would print as Python writes it, or lose its form (`007`, `3,885`)."""
    if isinstance(value, str):
        return value
    if value is None:
        raise ValueError("a placeholder needs a value: write the text it should print")
    kind = (
        "a list" if isinstance(value, list)
        else "a mapping" if isinstance(value, dict)
        else "true/false" if isinstance(value, bool)
        else "a number" if isinstance(value, int | float)
        else "a date" if isinstance(value, dt.date)
        else type(value).__name__
    )  # fmt: skip
    example = f' ("{value}")' if kind in ("a number", "a date") else ""
    raise ValueError(
        f"a placeholder's value must be text, not {kind}: write it in quotes{example}, "
        "as it should print"
    )


#: A placeholder's value in a letter: text only.
ParamValue = Annotated[str, BeforeValidator(_text_only)]

_PIN = re.compile(r"^(?P<id>[a-z0-9][a-z0-9._-]*?)(?:@(?P<version>\d+))?$")


class Block(Model):
    """One block of a section: an approved snippet (optionally pinned) or prose."""

    snippet: str | None = None
    params: dict[str, ParamValue] = {}
    text: str | None = None
    checks: dict[str, str] = {}
    #: Prose that stands in for an approved line reworded in clearance: `ID@VERSION`.
    departs_from: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        if (self.snippet is None) == (self.text is None):
            raise ValueError("a block has either `snippet: ID` or `text: ...`, not both or neither")
        if self.snippet is not None and not _PIN.match(self.snippet):
            raise ValueError(f"`{self.snippet}` is not a snippet id (ID or ID@VERSION)")
        if self.text is not None and self.params:
            raise ValueError("`params` go with a snippet block, not a text block")
        if self.departs_from is not None:
            m = _PIN.match(self.departs_from)
            if self.text is None or not m or not m["version"]:
                raise ValueError("`departs_from: ID@VERSION` goes on a text block")
            if not (self.reason or "").strip():
                raise ValueError("a block that `departs_from` a snippet needs a `reason`")
        elif self.reason is not None:
            raise ValueError("`reason` goes with `departs_from: ID@VERSION`")
        return self

    @property
    def snippet_id(self) -> str | None:
        m = _PIN.match(self.snippet) if self.snippet else None
        return m["id"] if m else None

    @property
    def pinned_version(self) -> int | None:
        m = _PIN.match(self.snippet) if self.snippet else None
        return int(m["version"]) if m and m["version"] else None


class Section(Model):
    """Part of the letter answering some of the debate's questions."""

    title: str | None = None
    answers: list[Id] = []
    blocks: list[Block] = []


class Distribution(Model):
    """Who gets a copy: the debate's speakers and/or named members, and the Library."""

    copies: list[str] = []
    exclude: list[Id] = []
    library: Literal["lords", "commons", "both", "none"] = "none"

    @field_validator("copies", mode="before")
    @classmethod
    def _copies_list(cls, value: object) -> object:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        return value

    @property
    def speakers(self) -> bool:
        return "speakers" in self.copies

    @property
    def named(self) -> list[str]:
        return [c for c in self.copies if c != "speakers"]


class Letter(Model):
    """The reply: to whom, from whom, and its sections of snippets and prose."""

    reference: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)
    debate: Id
    from_: Id = Field(alias="from")
    to: Id
    date: dt.date
    letterhead: str | None = None
    salutation: str | None = None
    #: "Dear Mr Coyle" (formal) or "Dear Neil" (first_name) for an MP; default the workspace's.
    mp_salutation: MpSalutation | None = None
    sections: list[Section] = []
    closing: str | None = None
    #: "Yours sincerely" above the signature; unset: the letterhead's; "" prints none.
    valediction: str | None = None
    #: Print each section's title as a heading.
    headings: bool = False
    #: Print "Copies to:" and the distribution after the signature.
    cc: bool = False
    distribution: Distribution = Distribution()
    discharges: list[Id] = []
    not_answered: dict[Id, str] = {}
