"""Distribution: the closing promise, the copy list and the salutation agree with each other.

The promise sentence is generated from `distribution` (`draftkit.distribution`) unless
the closing already speaks of copies (`compose.mentions_copies`); a hand-written one
must then promise exactly what the list holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..address import forms
from ..compose import context, mentions_copies
from ..distribution import libraries, promise_problems, promise_sentence
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


def _closing(ctx: Context) -> Iterator[Finding]:
    """A hand-written promise in `closing` must say what the list does, no more, no less."""
    case = ctx.case
    letter, debate = case.letter, case.debate
    if not letter.closing:
        return
    try:
        text = fill(letter.closing, {**context(case), "params": {}})
    except FillError:
        return  # composing reports it
    if not mentions_copies(text):
        return  # draftkit adds the generated sentence itself
    members, copies = case.workspace.members, ctx.copies
    sentence = (
        ctx.document.distribution.sentence
        if ctx.document
        else promise_sentence(letter, debate, case.sender, copies)
    )
    fix = (
        f"take the promise out of `closing` and let draftkit add: “{sentence}”"
        if sentence
        else "take the promise of copies out of `closing`"
    )
    problems = promise_problems(text, letter, debate, case.sender, copies)
    named = [forms(m).in_text for mid, m in members.items() if mid not in ctx.receiving]
    problems += [
        f"the closing names {name}, who is not on the copy list" for name in named if name in text
    ]
    for problem in problems:
        yield ctx.at("distribution.closing", "error", ("closing",), problem, fix)


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


def left_house(member: Member, on: dt.date) -> str | None:
    """Why a member does not sit on the letter's date, or None when they do."""
    if member.left_on is not None:
        if member.left_on > on:
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
    why = left_house(addressee, date)
    if why:
        yield ctx.at(
            "distribution.not_sitting",
            "warning",
            ("to",),
            f"the addressee, {forms(addressee).in_text}, {why}",
            "check the address, or write to them at their own address",
        )
    dist = case.letter.distribution
    listed = {mid: i for i, mid in reversed(list(enumerate(dist.copies)))}  # first, as .index
    for m in ctx.copies:
        why = left_house(m, date)
        if not why:
            continue
        if m.id in listed:
            loc: tuple[str | int, ...] = ("distribution", "copies", listed[m.id])
        else:
            loc = ("distribution", "copies")
        yield ctx.at(
            "distribution.not_sitting",
            "warning",
            loc,
            f"{forms(m).in_text} is on the copy list but {why}",
            _not_sitting_fix(ctx, m),
        )


def library_keeps_promise(ctx: Context, member: Member) -> bool:
    """Does the letter's Library copy stand in for one to a member who has left the House?"""
    return member.house in libraries(ctx.case.letter)


def library_setting(ctx: Context, member: Member) -> str:
    """The `distribution.library` value that adds the member's House to the letter's."""
    current = ctx.case.letter.distribution.library
    return member.house if current in ("none", member.house) else "both"


def _not_sitting_fix(ctx: Context, member: Member) -> str:
    """Exclude them; a promise to write to them is then kept by the Library copy.

    This is the one recommendation `debate.discharge_unreached` agrees with, in either
    order: once excluded, a member who has left is reached through the Library.
    """
    exclude = f"add `{member.id}` to `distribution.exclude`"
    owed = any(
        member.id in u.to
        for u in ctx.case.debate.undertakings
        if u.id in ctx.case.letter.discharges
    )
    if not owed:
        return f"{exclude}, or send the copy to their own address"
    if library_keeps_promise(ctx, member):
        return f"{exclude}: the copy in the Library keeps the promise to write to them"
    return (
        f"{exclude} and place a copy in the Library (`distribution.library: "
        f"{library_setting(ctx, member)}`), which keeps the promise to write to them"
    )


def _salutation(ctx: Context) -> Iterator[Finding]:
    override = ctx.case.letter.salutation
    if override is None:
        return
    derived = forms(ctx.case.addressee, ctx.case.mp_salutation).salutation
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
