"""MPs in the letter: named as the Commons names them, and greeted as the department chooses.

In the text an MP is "the hon. Member for Glasgow North (Patrick Grady)" ("right hon."
for a Privy Counsellor), or "Patrick Grady MP" without a constituency on record; a bare
"Patrick Grady", "Mr Grady MP" or "the Member for Glasgow North" is not a form the
conventions allow (conventions/forms-of-address.md). The salutation's formal form needs
the honorific Parliament records; without one the letter falls back on the first name.

The text is read once: each word is looked up in an index of the directory's MPs, so
the cost grows with the text plus the directory, not their product.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..address import HONORIFICS, forms, full_name
from ..distribution import libraries
from ..document import LIBRARY_NAMES
from ..models import Member, Rank
from .context import Context, TextUnit
from .findings import Finding
from .names import bare, bare_words
from .registry import Rule

CODES = {
    "commons.in_text": "an MP named in the text in a form the conventions do not allow",
    "commons.honorific_unknown": "an MP addressee with no honorific, greeted by first name",
    "commons.libraries": "a letter reaching both Houses deposited in one House's Library",
}

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
#: "the Member for", "the hon. Member for", "The right hon. Member for" (any case of "the").
_MEMBER_FOR = re.compile(
    r"\b(?P<the>[Tt]he)\s+(?:(?P<honour>(?:right\s+)?hon(?:\.|ourable))\s+)?Member\s+for\s+"
)


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    """The words of a paragraph, a possessive's "'s" left off ("Grady's" is "Grady")."""
    return [_word(bare(m[0]), m.start()) for m in _WORD.finditer(text)]


def _word(text: str, start: int) -> _Word:
    """A word as read at `start`: it ends where its bare form does."""
    return _Word(text, start, start + len(text))


def _texts(text: str) -> tuple[str, ...]:
    """Just the words of a name or a constituency, as `_words` reads them (for the index)."""
    return tuple(bare_words(_WORD, text))


@dataclass(frozen=True)
class _Name:
    """A run of words that names an MP: their full name, or honorific + surname ("Mr Grady")."""

    words: tuple[str, ...]
    member: Member
    styled: bool  # "Mr Grady": only wrong with "MP" after it


class _Index:
    """The directory's MPs by the first word of each way of naming them, and by constituency."""

    def __init__(self, members: Mapping[str, Member]) -> None:
        self.names: dict[str, list[_Name]] = {}
        self.seats: dict[str, list[tuple[tuple[str, ...], Member]]] = {}
        for member in members.values():
            if member.rank is not Rank.MP:
                continue
            full = _texts(full_name(member))
            plain = full[1:] if len(full) > 2 and full[0] in HONORIFICS else full
            for words in {full, plain}:
                self._add_name(_Name(words, member, styled=False))
            if member.honorific and member.surname:
                style = (member.honorific.value, *_texts(member.surname))
                self._add_name(_Name(style, member, styled=True))
            if member.constituency and member.sitting:
                seat = _texts(member.constituency)
                self.seats.setdefault(seat[0], []).append((seat, member))
        for names in self.names.values():
            names.sort(key=lambda n: -len(n.words))  # longest first
        for seats in self.seats.values():
            seats.sort(key=lambda seat: -len(seat[0]))

    def _add_name(self, name: _Name) -> None:
        self.names.setdefault(name.words[0], []).append(name)

    def seat_at(self, words: list[_Word], i: int) -> tuple[int, Member] | None:
        """The constituency starting at word `i` (longest first): its length and its MP."""
        for seat, member in self.seats.get(words[i].text if i < len(words) else "", []):
            if tuple(w.text for w in words[i : i + len(seat)]) == seat:
                return len(seat), member
        return None


def check(ctx: Context) -> Iterator[Finding]:
    yield from _honorific(ctx)
    yield from _libraries(ctx)
    index = _Index(ctx.case.workspace.members)
    if not index.names:
        return
    for unit in ctx.units:
        yield from _in_text(ctx, unit, index)


def _honorific(ctx: Context) -> Iterator[Finding]:
    """A formal salutation to an MP whose honorific is unknown falls back on the first name."""
    case = ctx.case
    member = case.addressee
    if member.rank is not Rank.MP or member.honorific is not None or case.letter.salutation:
        return
    if case.mp_salutation != "formal":
        return
    f = forms(member)
    file, line = case.workspace.places.get(("member", member.id), ("members.yaml", None))
    where = f"{file}:{line}" if line else file
    yield ctx.at(
        "commons.honorific_unknown",
        "warning",
        ("to",),
        f"no honorific is recorded for {f.display} (`{member.id}`, {where}), so the letter "
        f"greets them by first name, “{f.salutation}”; no honorific is guessed from a name",
        "add the `honorific` Parliament records (Mr, Mrs, Ms, Miss, Mx, Dr, Sir, Dame) to "
        "the member, or set `mp_salutation: first_name` on the letter",
    )


def _libraries(ctx: Context) -> Iterator[Finding]:
    """A letter that reaches MPs and peers goes to the Libraries of both Houses."""
    libs = libraries(ctx.case.letter)
    reached = {ctx.case.addressee.house, *(m.house for m in ctx.copies)}
    if len(libs) != 1 or len(reached) != 2:
        return
    (house,) = libs
    yield ctx.at(
        "commons.libraries",
        "warning",
        ("distribution", "library"),
        f"the letter reaches members of both Houses but its copy goes only to the "
        f"{LIBRARY_NAMES[house]}",
        "set `library: both` (“the Libraries of both Houses”)",
    )


def _in_text(ctx: Context, unit: TextUnit, index: _Index) -> Iterator[Finding]:
    text = unit.text
    words = _words(text)
    seen: set[str] = set()
    for finding, excerpt in (*_member_for(text, words, index), *_names(text, words, index)):
        if excerpt not in seen:
            seen.add(excerpt)
            message, fix = finding
            yield ctx.in_text("commons.in_text", "warning", unit, message, fix, excerpt=excerpt)


_Found = tuple[tuple[str, str], str]  # ((message, fix), excerpt)


def _member_for(text: str, words: list[_Word], index: _Index) -> Iterator[_Found]:
    """ "the Member for X" without "hon.", or the wrong "hon." / "right hon." for X's MP."""
    starts = {w.start: i for i, w in enumerate(words)}
    for m in _MEMBER_FOR.finditer(text):
        i = starts.get(m.end())
        seat = index.seat_at(words, i) if i is not None else None
        honour = " ".join(m["honour"].split()) if m["honour"] else None
        if seat is None:
            if honour is None:
                excerpt = m[0].rstrip()
                fix = f"{m['the']} hon. Member for"
                yield (f"“{excerpt}”: an MP is “the hon. Member for …”", f"write “{fix}”"), excerpt
            continue
        n, member = seat
        assert i is not None
        excerpt = text[m.start() : words[i + n - 1].end]
        derived = forms(member).in_text
        wanted = "right hon." if member.privy_counsellor else "hon."
        if honour is not None and honour.replace("honourable", "hon.") == wanted:
            continue
        if text[words[i + n - 1].end :].lstrip().startswith("("):
            derived = derived.split(" (", 1)[0]  # the name follows already
        fix = m["the"] + derived[3:]
        yield (f"“{excerpt}” should read “{fix}”", f"write “{fix}”"), excerpt


def _names(text: str, words: list[_Word], index: _Index) -> Iterator[_Found]:
    """A bare full name, "Mr Grady MP", or "MP" after a former Member's name."""
    i = 0
    while i < len(words):
        name = next(
            (
                n
                for n in index.names.get(words[i].text, [])
                if tuple(w.text for w in words[i : i + len(n.words)]) == n.words
            ),
            None,
        )
        if name is None:
            i += 1
            continue
        first, last = words[i], words[i + len(name.words) - 1]
        i += len(name.words)
        after = text[last.end :]
        has_mp = re.match(r"\s+MP\b", after) is not None
        in_brackets = text[: first.start].endswith("(") and after.startswith(")")
        member = name.member
        derived = forms(member)
        named = text[first.start : last.end]
        if name.styled:
            if has_mp:
                excerpt = f"{named} MP"
                fix = derived.in_text_short if member.sitting else full_name(member)
                yield (f"“{excerpt}” is not a form for an MP", f"write “{fix}”"), excerpt
            continue
        if in_brackets:
            continue
        if has_mp and not member.sitting:
            excerpt = f"{named} MP"
            message = f"{full_name(member)} is no longer an MP"
            yield (message, f"write “{full_name(member)}”"), excerpt
        elif not has_mp and member.sitting:
            message = f"“{named}” is a bare name: the Commons names an MP by constituency"
            fix = derived.in_text
            if _sentence_start(text, first.start):
                fix = fix[:1].upper() + fix[1:]
            yield (message, f"write “{fix}”"), named


def _sentence_start(text: str, at: int) -> bool:
    """Does a sentence begin at `at` (so "the hon. Member" takes a capital)?"""
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:"


RULE = Rule("commons", CODES, check)
