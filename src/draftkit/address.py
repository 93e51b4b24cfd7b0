"""Forms of address derived from a member's rank and title (conventions/forms-of-address.md).

Officials never type a peer's form of address: every display name, address line,
salutation and in-text reference comes from here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .models import KNIGHTHOODS, Honorific, Member, MpSalutation, Rank

#: The House's postal address, used when a member has none of their own.
HOUSE_ADDRESS: dict[str, tuple[str, ...]] = {
    "lords": ("House of Lords", "London SW1A 0PW"),
    "commons": ("House of Commons", "London SW1A 0AA"),
}

#: The honorifics as words ("Sir" in "Sir Edward Leigh"), for reading a displayed name.
HONORIFICS = frozenset(h.value for h in Honorific)

#: The word a salutation uses for each rank ("Dear Lord Falkland" for a Viscount).
_SALUTATION_WORD = {
    Rank.LORD: "Lord",
    Rank.VISCOUNT: "Lord",
    Rank.EARL: "Lord",
    Rank.MARQUESS: "Lord",
    Rank.BARONESS: "Baroness",
    Rank.VISCOUNTESS: "Lady",
    Rank.LADY: "Lady",
    Rank.COUNTESS: "Lady",
    Rank.MARCHIONESS: "Lady",
}

#: Ranks that take "The Rt Hon. the ..." when the holder is a Privy Counsellor.
_RT_HON_THE = frozenset(
    {Rank.LORD, Rank.BARONESS, Rank.LADY, Rank.VISCOUNT, Rank.VISCOUNTESS, Rank.EARL, Rank.COUNTESS}
)

#: The address-line style of ranks whose address line differs from "The <display>".
_ADDRESS_STYLE = {
    Rank.MARQUESS: "The Most Hon. the",
    Rank.MARCHIONESS: "The Most Hon. the",
    Rank.DUKE: "His Grace the",
    Rank.DUCHESS: "Her Grace the",
    Rank.BISHOP: "The Rt Revd the",
    Rank.ARCHBISHOP: "The Most Revd and Rt Hon. the",
}

#: Every word a form may hold besides the member's own `name`, `of`, names and honorific:
#: its rank, styles and the fixed words around them. The spelling check reads members'
#: words from their fields and derives forms only to learn one of these
#: (tests/test_big_directory.py holds every form to it).
FORM_WORDS = frozenset(
    " ".join(
        [
            *_ADDRESS_STYLE.values(),
            *_SALUTATION_WORD.values(),
            *Rank,
            *Honorific,
            "The the Lord of Dear Rt Hon. MP right hon. Member for",
        ]
    )
    .replace(".", " ")
    .split()
)


@dataclass(frozen=True)
class Forms:
    """The ways a member is named in a letter; `in_text_short` omits an MP's constituency."""

    display: str
    address_line: str
    salutation: str
    in_text: str
    in_text_short: str

    def as_dict(self) -> dict[str, str]:
        """The forms by field name: plain strings, so no `dataclasses.asdict` deep copy."""
        return {name: getattr(self, name) for name in _FORM_FIELDS}


_FORM_FIELDS = tuple(f.name for f in fields(Forms))


#: The ranks `forms` tells apart, held here: reading an enum's member costs more than a name.
_MP = Rank.MP
_CHURCH = frozenset({Rank.BISHOP, Rank.ARCHBISHOP})
_DUCAL = frozenset({Rank.DUKE, Rank.DUCHESS})


def forms(member: Member, mp_salutation: MpSalutation = "formal") -> Forms:
    """Derive display name, address line, salutation and in-text reference.

    `mp_salutation` chooses between "Dear Mr Coyle" and "Dear Neil" for an MP; a peer's
    salutation does not depend on it. (Called for every member of a directory of 1,200 by
    the names check: kept to plain string work.)
    """
    rank = member.rank
    if rank is _MP:
        return _mp_forms(member, mp_salutation)
    word, of = str(rank), member.of  # a StrEnum's str is its value
    if rank in _CHURCH:
        title = f"Lord {word} of {of}"
        in_text = f"the {word} of {of}"
        return Forms(
            display=f"The {title}",
            address_line=f"{_ADDRESS_STYLE[rank]} {title}",
            salutation=f"Dear {word}",
            in_text=in_text,
            in_text_short=in_text,
        )
    name = member.name
    title = _title(word, name, of)
    # "The Earl of Arran" is always "the"; "Lord Rosser" and "Earl Attlee" never are.
    display = title if name else f"The {title}"
    in_text = title if name else f"the {title}"
    style = _ADDRESS_STYLE.get(rank)
    if style is not None:
        address_line = f"{style} {title}"
    elif member.privy_counsellor and rank in _RT_HON_THE:
        address_line = f"The Rt Hon. the {title}"
    else:
        address_line = f"The {title}"
    # "Dear Duke"; "Dear Lord Falkland" for a Viscount (the rank's word, then name or place).
    salutation = f"Dear {word}" if rank in _DUCAL else f"Dear {_SALUTATION_WORD[rank]} {name or of}"
    return Forms(display, address_line, salutation, in_text, in_text)


def _mp_forms(member: Member, mp_salutation: MpSalutation) -> Forms:
    """An MP's forms: "Neil Coyle MP", "the hon. Member for Bermondsey ... (Neil Coyle)"."""
    full = full_name(member)
    # "MP" and "hon. Member" belong to a sitting Member only: a former MP is "Dennis Skinner".
    mp = f"{full} MP" if member.sitting else full
    in_text = mp
    if member.sitting and member.constituency:
        hon = "right hon." if member.privy_counsellor else "hon."
        in_text = f"the {hon} Member for {member.constituency} ({full})"
    prefix = "The Rt Hon. " if member.privy_counsellor else ""
    return Forms(mp, f"{prefix}{mp}", mp_salutation_of(member, mp_salutation), in_text, mp)


def full_name(member: Member) -> str:
    """An MP's full name as Parliament displays it: a knight or dame always with the style."""
    style = member.honorific
    if style in KNIGHTHOODS and not member.name.startswith(f"{style} "):
        return f"{style} {member.name}"
    return member.name


def _name_parts(member: Member) -> tuple[str, str]:
    """Given name and surname: the recorded ones, else read from the displayed name."""
    words = member.name.split()
    if len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]  # "Sir Edward Leigh": the style is not the given name
    given = member.given_name or words[0]
    surname = member.surname or " ".join(words[1:]) or words[-1]
    return given, surname


def mp_salutation_of(member: Member, mp_salutation: MpSalutation) -> str:
    """ "Dear Mr Coyle" / "Dear Sir Edward" (formal) or "Dear Neil" (first name).

    The formal form needs the honorific Parliament records; without one the first-name
    form is used (`check` warns), as no honorific is ever guessed from a name.
    """
    given, surname = _name_parts(member)
    style = member.honorific
    if mp_salutation == "first_name" or style is None:
        return f"Dear {given}"
    return f"Dear {style} {given if style in KNIGHTHOODS else surname}"


def _title(rank: str, name: str, of: str | None) -> str:
    """ "Lord Alexander of Weedon", "Earl of Arran", "Duke of Norfolk"."""
    title = f"{rank} {name}" if name else rank
    return f"{title} of {of}" if of else title


def address_block(member: Member) -> list[str]:
    """The address block: the derived first line, then the member's address or the House's."""
    return [forms(member).address_line, *postal_lines(member)]


def postal_lines(member: Member) -> list[str]:
    """The address block's lines after the first: the member's own address, else the House's."""
    return member.address or list(HOUSE_ADDRESS[member.house])
