"""Who receives a copy of the letter, and the sentence that promises it.

`copies: speakers` takes every member who spoke, in speaking order, less the
addressee and the sender; named ids add, `exclude` removes. The promise sentence is
written in the department's wording (`letterhead.toml` `[wording]`, the seed's by
default), and `promise_problems` says where a hand-written closing disagrees with the list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .address import forms
from .document import LIBRARY_NAMES
from .letterheads import Wording, fill_wording
from .models import Debate, House, Letter, Member, Minister


def copy_recipients(
    letter: Letter, debate: Debate, sender: Minister, members: Mapping[str, Member]
) -> list[Member]:
    """The members who get a copy, in order: speakers first (speaking order), then named ids."""
    skip = {letter.to, sender.member, *letter.distribution.exclude}
    order: list[str] = []
    if letter.distribution.speakers:
        order += debate.speakers
    order += letter.distribution.named
    # dict.fromkeys: each id once, in first-seen order (not a list searched per id: 800 copies).
    return [members[mid] for mid in dict.fromkeys(order) if mid not in skip and mid in members]


def libraries(letter: Letter) -> tuple[House, ...]:
    """The Houses whose Library gets a copy."""
    lib = letter.distribution.library
    houses: dict[str, tuple[House, ...]] = {
        "lords": ("lords",),
        "commons": ("commons",),
        "both": ("lords", "commons"),
    }
    return houses.get(lib, ())


def _other_speakers(letter: Letter, debate: Debate, sender: Minister) -> list[str]:
    return [s for s in debate.speakers if s not in {letter.to, sender.member}]


def covers_all_speakers(
    letter: Letter, debate: Debate, sender: Minister, copies: Sequence[Member]
) -> bool:
    """Do the copies begin with every other speaker, so "all who spoke" is true?"""
    others = _other_speakers(letter, debate, sender)
    return bool(others) and [m.id for m in copies[: len(others)]] == others


def _names(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def library_phrase(libs: Sequence[House], house: House, wording: Wording) -> str:
    """ "the House Library" for the debate's own House, else the named Library, or both."""
    if len(libs) == 2:
        return wording.library.both
    if tuple(libs) == (house,):
        return wording.library.own
    return str(getattr(wording.library, libs[0]))


def promise_sentence(
    letter: Letter,
    debate: Debate,
    sender: Minister,
    copies: Sequence[Member],
    wording: Wording | None = None,
) -> str:
    """The closing promise in the department's wording ("" when nothing is promised).

    Copies that are exactly everyone else who spoke become "all Peers (Members) who spoke
    at the debate"; members named beyond them are added by name; copies that are not all
    the speakers are named one by one, so the sentence never promises more than the list.
    """
    wording = wording or Wording()
    actions: list[str] = []
    if copies:
        if covers_all_speakers(letter, debate, sender, copies):
            n = len(_other_speakers(letter, debate, sender))
            speakers = fill_wording(
                wording.speakers, members=getattr(wording.members, debate.house)
            )
            extra = [forms(m).in_text for m in copies[n:]]
            who = (
                fill_wording(wording.others, speakers=speakers, others=_names(extra))
                if extra
                else speakers
            )
        else:
            who = _names([forms(m).in_text for m in copies])
        actions.append(fill_wording(wording.copy_, recipients=who))
    libs = libraries(letter)
    if libs:
        place = library_phrase(libs, debate.house, wording)
        template = wording.deposit if copies else wording.deposit_only
        actions.append(fill_wording(template, library=place))
    if not actions:
        return ""
    return fill_wording(wording.sentence, actions=" and ".join(actions))


_COPY_TO = re.compile(r"\b(copy|copies|copying)\b[^.]*?\bto\b", re.IGNORECASE)
_LIBRARY = re.compile(r"\blibrar(y|ies)\b", re.IGNORECASE)
_BOTH = re.compile(r"\bboth houses\b", re.IGNORECASE)
_SPEAKERS = re.compile(r"\bwho spoke\b", re.IGNORECASE)


def _house_named(library: str, text: str) -> bool:
    """Does the text name this House's Library ("House of Commons Library", "Commons Library")?"""
    house = library.removesuffix(" Library").removeprefix("House of ")
    return re.search(rf"\b{house}\b[^.]*?\blibrar", text, re.IGNORECASE) is not None


def promise_problems(
    closing: str,
    letter: Letter,
    debate: Debate,
    sender: Minister,
    copies: Sequence[Member],
) -> list[str]:
    """Where a closing that states its own promise disagrees with the distribution list.

    Both ways: a promise the list does not keep ("all who spoke" when some are left
    out, a Library with `library: none`), and a copy or deposit the closing never mentions.
    """
    text = " ".join(closing.split())
    libs = libraries(letter)
    says_library, says_both = bool(_LIBRARY.search(text)), bool(_BOTH.search(text))
    says_speakers = bool(_SPEAKERS.search(text))
    says_copies = says_speakers or bool(_COPY_TO.search(text))
    all_speakers = covers_all_speakers(letter, debate, sender, copies)
    problems: list[str] = []
    if says_library and not libs:
        problems.append("the closing promises a Library copy but `distribution.library` is none")
    if libs and not says_library:
        where = _names([LIBRARY_NAMES[h] for h in libs])
        problems.append(f"the list deposits a copy in the {where} but the closing does not say so")
    if says_library and libs and says_both != (len(libs) == 2):
        problems.append(
            "the closing speaks of both Houses but `distribution.library` is not both"
            if says_both
            else "the list deposits a copy in both Libraries but the closing names one"
        )
    named_houses = {h for h, name in LIBRARY_NAMES.items() if _house_named(name, text)}
    if says_library and libs and not says_both and named_houses and named_houses != set(libs):
        problems.append(
            f"the closing names the {_names([LIBRARY_NAMES[h] for h in sorted(named_houses)])}"
            f" but the list deposits the copy in the {_names([LIBRARY_NAMES[h] for h in libs])}"
        )
    if says_copies and not copies:
        problems.append("the closing promises copies but the distribution list sends none")
    if copies and not says_copies:
        problems.append(
            f"the list sends {len(copies)} cop{'y' if len(copies) == 1 else 'ies'}"
            " but the closing does not say so"
        )
    if says_speakers and copies and not all_speakers:
        ids = {m.id for m in copies}
        left_out = [s for s in _other_speakers(letter, debate, sender) if s not in ids]
        problems.append(
            "the closing promises a copy to all who spoke but the list leaves out "
            + _names([f"`{m}`" for m in left_out])
        )
    if says_copies:
        n = len(_other_speakers(letter, debate, sender)) if says_speakers and all_speakers else 0
        lowered = text.lower()
        names = [forms(m).in_text for m in copies[n:]]
        unnamed = [name for name in names if name.lower() not in lowered]
        if unnamed and not (says_speakers and not all_speakers):
            verb = "gets" if len(unnamed) == 1 else "get"
            problems.append(f"the closing does not name {_names(unnamed)}, who {verb} a copy")
    return problems
