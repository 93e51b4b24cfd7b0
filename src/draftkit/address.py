"""Forms of address derived from a member's rank and title (conventions/forms-of-address.md).

Officials never type a peer's form of address: every display name, address line,
salutation and in-text reference comes from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .models import Member, Rank

#: The House's postal address, used when a member has none of their own.
HOUSE_ADDRESS: dict[str, tuple[str, ...]] = {
    "lords": ("House of Lords", "London SW1A 0PW"),
    "commons": ("House of Commons", "London SW1A 0AA"),
}

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


@dataclass(frozen=True)
class Forms:
    """The four ways a member is named in a letter."""

    display: str
    address_line: str
    salutation: str
    in_text: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def forms(member: Member) -> Forms:
    """Derive display name, address line, salutation and in-text reference."""
    if member.rank is Rank.MP:
        # "MP" belongs to a sitting Member only: a former MP is plain "Dennis Skinner".
        prefix = "The Rt Hon. " if member.privy_counsellor else ""
        suffix = " MP" if member.sitting else ""
        return Forms(
            display=f"{member.name}{suffix}",
            address_line=f"{prefix}{member.name}{suffix}",
            salutation=f"Dear {member.name}",
            in_text=member.name,
        )
    if member.rank in (Rank.BISHOP, Rank.ARCHBISHOP):
        title = f"Lord {member.rank.value} of {member.of}"
        return Forms(
            display=f"The {title}",
            address_line=f"{_ADDRESS_STYLE[member.rank]} {title}",
            salutation=f"Dear {member.rank.value}",
            in_text=f"the {member.rank.value} of {member.of}",
        )
    title = _title(member)
    # "The Earl of Arran" is always "the"; "Lord Rosser" and "Earl Attlee" never are.
    territorial = not member.name
    display = f"The {title}" if territorial else title
    in_text = f"the {title}" if territorial else title
    if member.rank in _ADDRESS_STYLE:
        address_line = f"{_ADDRESS_STYLE[member.rank]} {title}"
    elif member.privy_counsellor and member.rank in _RT_HON_THE:
        address_line = f"The Rt Hon. the {title}"
    else:
        address_line = f"The {title}"
    return Forms(display, address_line, _salutation(member), in_text)


def _title(member: Member) -> str:
    """ "Lord Alexander of Weedon", "Earl of Arran", "Duke of Norfolk"."""
    parts = [member.rank.value]
    if member.name:
        parts.append(member.name)
    if member.of:
        parts.append(f"of {member.of}")
    return " ".join(parts)


def _salutation(member: Member) -> str:
    if member.rank in (Rank.DUKE, Rank.DUCHESS):
        return f"Dear {member.rank.value}"
    return f"Dear {_SALUTATION_WORD[member.rank]} {member.name or member.of}"


def address_block(member: Member) -> list[str]:
    """The address block: the derived first line, then the member's address or the House's."""
    lines = member.address or list(HOUSE_ADDRESS[member.house])
    return [forms(member).address_line, *lines]
