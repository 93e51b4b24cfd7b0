"""Who receives a copy of the letter, and the sentence that promises it.

`copies: speakers` takes every member who spoke, in speaking order, less the
addressee and the sender; named ids add, `exclude` removes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .address import forms
from .models import Debate, Letter, Member, Minister

LIBRARY_NAMES = {"lords": "House of Lords Library", "commons": "House of Commons Library"}


def copy_recipients(
    letter: Letter, debate: Debate, sender: Minister, members: Mapping[str, Member]
) -> list[Member]:
    """The members who get a copy, in order: speakers first (speaking order), then named ids."""
    skip = {letter.to, sender.member, *letter.distribution.exclude}
    order: list[str] = []
    if letter.distribution.speakers:
        order += debate.speakers
    order += letter.distribution.named
    out: list[str] = []
    for mid in order:
        if mid not in skip and mid not in out and mid in members:
            out.append(mid)
    return [members[m] for m in out]


def libraries(letter: Letter) -> tuple[str, ...]:
    """The Houses whose Library gets a copy."""
    lib = letter.distribution.library
    return {"lords": ("lords",), "commons": ("commons",), "both": ("lords", "commons")}.get(lib, ())


def _all_speakers(
    letter: Letter, debate: Debate, sender: Minister, copies: Sequence[Member]
) -> bool:
    others = _others(letter, debate, sender)
    return bool(others) and [m.id for m in copies[: len(others)]] == others


def _names(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def promise_sentence(
    letter: Letter, debate: Debate, sender: Minister, copies: Sequence[Member]
) -> str:
    """The closing promise, in the wording private offices use (see the seed letter).

    "I will also send a copy to all Peers who spoke at the debate and place a copy in
    the House Library." It names members when the copies are not simply all speakers.
    """
    parts: list[str] = []
    if copies:
        if _all_speakers(letter, debate, sender, copies):
            who = "all Peers" if debate.house == "lords" else "all Members"
            extra = [forms(m).in_text for m in copies[len(_others(letter, debate, sender)) :]]
            target = f"{who} who spoke at the debate"
            if extra:
                target += f", and to {_names(extra)}"
        else:
            target = _names([forms(m).in_text for m in copies])
        parts.append(f"send a copy to {target}")
    libs = libraries(letter)
    if libs:
        if libs == (debate.house,):
            place = "the House Library"
        elif len(libs) == 2:
            place = "the Libraries of both Houses"
        else:
            place = f"the {LIBRARY_NAMES[libs[0]]}"
        parts.append(
            f"place a copy in {place}" if copies else f"place a copy of this letter in {place}"
        )
    if not parts:
        return ""
    return "I will also " + " and ".join(parts) + "."


def _others(letter: Letter, debate: Debate, sender: Minister) -> list[str]:
    return [s for s in debate.speakers if s not in {letter.to, sender.member}]
