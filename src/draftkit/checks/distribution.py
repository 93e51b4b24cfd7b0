"""Distribution: the closing promise, the copy list and the salutation agree with each other.

The promise sentence is generated from `distribution` (`draftkit.distribution`) unless
the closing already speaks of copies (`compose.mentions_copies`); a hand-written one
must then promise exactly what the list holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..address import forms
from ..compose import context, mentions_copies
from ..distribution import copy_recipients, libraries, promise_sentence
from ..models import Member
from ..snippets import FillError, fill
from .context import Context
from .findings import Finding
from .registry import Rule

CODES = {
    "distribution.closing": "the closing's promise of copies disagrees with the distribution list",
    "distribution.addressee": "the addressee (or the sender) is also on the copy list",
    "distribution.exclude": "an `exclude` entry that removes nobody",
    "distribution.not_sitting": "a recipient who no longer sits in the House",
    "distribution.salutation": "a salutation override that does not match the addressee",
}

_TITLE_WORDS = re.compile(
    r"\b(Lord|Lady|Baroness|Viscount|Viscountess|Earl|Countess|Marquess|Marchioness|Duke|"
    r"Duchess|Bishop|Archbishop|Sir|Dame|Mr|Mrs|Ms|Miss|Dr)\b"
)


def check(ctx: Context) -> Iterator[Finding]:
    yield from _closing(ctx)
    yield from _copy_list(ctx)
    yield from _sitting(ctx)
    yield from _salutation(ctx)


@dataclass(frozen=True)
class Promise:
    """What a hand-written closing promises."""

    copies: bool
    all_speakers: bool
    library: bool
    houses: frozenset[str]


_COPIES_TO = re.compile(
    r"\b(?:cop(?:y|ies|ying)|send(?:ing)?)\b[^.;]*?\bto\s+(?!(?:the\s+)?(?:house\s+)?librar)",
    re.IGNORECASE,
)


def read_promise(text: str, house: str) -> Promise:
    """Read copies, speakers and Libraries out of a closing paragraph."""
    low = " ".join(text.lower().split())
    houses: set[str] = set()
    if "both houses" in low or "libraries of both" in low:
        houses = {"lords", "commons"}
    else:
        if "house of lords librar" in low or "lords librar" in low:
            houses.add("lords")
        if "house of commons librar" in low or "commons librar" in low:
            houses.add("commons")
        if not houses and ("librar" in low):
            houses.add(house)
    return Promise(
        copies=bool(_COPIES_TO.search(low)),
        all_speakers="who spoke" in low or "who took part" in low or "who contributed" in low,
        library="librar" in low,
        houses=frozenset(houses),
    )


def _closing(ctx: Context) -> Iterator[Finding]:
    case = ctx.case
    letter, debate = case.letter, case.debate
    if not letter.closing:
        return
    try:
        text = fill(letter.closing, {**context(case), "params": {}})
    except FillError:
        return  # composing reports it
    if not mentions_copies(text):
        return
    members = case.workspace.members
    copies = copy_recipients(letter, debate, case.sender, members)
    libs = set(libraries(letter))
    promise = read_promise(text, debate.house)
    sentence = promise_sentence(letter, debate, case.sender, copies)
    fix = (
        f"take the promise out of `closing` and let draftkit add: “{sentence}”"
        if sentence
        else "take the promise of copies out of `closing`"
    )
    problems: list[str] = []
    if promise.library and not libs:
        problems.append("promises a copy in the Library but `distribution.library` is none")
    elif libs and not promise.library:
        problems.append(f"does not mention the Library copy the list holds ({_houses(libs)})")
    elif promise.library and promise.houses != libs:
        problems.append(
            f"promises the {_houses(set(promise.houses))} but the list holds the {_houses(libs)}"
        )
    if promise.copies and not copies:
        problems.append("promises copies but the distribution list sends none")
    elif copies and not promise.copies:
        names = ", ".join(forms(m).in_text for m in copies)
        problems.append(f"does not mention the copies the list sends (to {names})")
    elif promise.all_speakers:
        others = [s for s in debate.speakers if s not in {letter.to, case.sender.member}]
        missing = [s for s in others if s not in {m.id for m in copies}]
        if missing:
            names = ", ".join(forms(members[m]).in_text for m in missing if m in members)
            problems.append(f"promises copies to all who spoke, but the list leaves out {names}")
    named = [
        m
        for mid, m in members.items()
        if mid not in {letter.to, *(c.id for c in copies)} and forms(m).in_text in text
    ]
    if named:
        names = ", ".join(forms(m).in_text for m in named)
        problems.append(f"names {names}, who is not on the copy list")
    for problem in problems:
        yield ctx.at("distribution.closing", "error", ("closing",), f"the closing {problem}", fix)


def _houses(libs: set[str]) -> str:
    if libs == {"lords", "commons"}:
        return "Libraries of both Houses"
    return " and ".join(f"House of {h.title()} Library" for h in sorted(libs))


def _copy_list(ctx: Context) -> Iterator[Finding]:
    case = ctx.case
    dist = case.letter.distribution
    members = case.workspace.members
    for i, entry in enumerate(dist.copies):
        if entry == case.letter.to:
            yield ctx.at(
                "distribution.addressee",
                "warning",
                ("distribution", "copies", i),
                f"the addressee `{entry}` is also listed for a copy (no copy will be sent)",
                f"remove `{entry}` from `distribution.copies`",
            )
        elif case.sender.member and entry == case.sender.member:
            yield ctx.at(
                "distribution.addressee",
                "warning",
                ("distribution", "copies", i),
                f"the sender `{entry}` is listed for a copy (no copy will be sent)",
                f"remove `{entry}` from `distribution.copies`",
            )
    would_get = set(dist.named)
    if dist.speakers:
        would_get |= set(case.debate.speakers)
    for i, mid in enumerate(dist.exclude):
        if mid not in would_get and mid in members:
            yield ctx.at(
                "distribution.exclude",
                "warning",
                ("distribution", "exclude", i),
                f"`{mid}` is excluded but would not have had a copy anyway",
                f"remove `{mid}` from `distribution.exclude`",
            )


def _left(member: Member, on: object) -> str | None:
    """Why a member does not sit on the letter's date, or None when they do."""
    if member.left_on is not None:
        if member.left_on > on:  # type: ignore[operator]
            return None
        when = f"left the House on {member.left_on}"
    elif member.sitting:
        return None
    else:
        when = "no longer sits in the House"
    return f"{when} ({member.left_reason})" if member.left_reason else when


def _sitting(ctx: Context) -> Iterator[Finding]:
    case = ctx.case
    date = case.letter.date
    addressee = case.workspace.members[case.letter.to]
    why = _left(addressee, date)
    if why:
        yield ctx.at(
            "distribution.not_sitting",
            "warning",
            ("to",),
            f"the addressee, {forms(addressee).in_text}, {why}",
            "check the address, or write to them at their own address",
        )
    for m in copy_recipients(case.letter, case.debate, case.sender, case.workspace.members):
        why = _left(m, date)
        if not why:
            continue
        dist = case.letter.distribution
        if m.id in dist.copies:
            loc: tuple[str | int, ...] = ("distribution", "copies", dist.copies.index(m.id))
        else:
            loc = ("distribution", "copies")
        yield ctx.at(
            "distribution.not_sitting",
            "warning",
            loc,
            f"{forms(m).in_text} is on the copy list but {why}",
            f"add `{m.id}` to `distribution.exclude`, or send the copy to their own address",
        )


def _salutation(ctx: Context) -> Iterator[Finding]:
    override = ctx.case.letter.salutation
    if override is None:
        return
    derived = forms(ctx.case.addressee).salutation
    text = " ".join(override.split())
    if text == derived:
        return
    if not text.startswith("Dear "):
        message = f"the salutation `{override}` does not start with “Dear”"
    elif _TITLE_WORDS.search(text):
        message = (
            f"the salutation `{override}` does not match the addressee's form of address "
            f"(`{derived}`)"
        )
    else:
        return  # a personal salutation ("Dear Richard") is the drafter's choice
    yield ctx.at(
        "distribution.salutation",
        "warning",
        ("salutation",),
        message,
        f"write `{derived}`, or remove `salutation:` to use it",
    )


RULE = Rule("distribution", CODES, check)
