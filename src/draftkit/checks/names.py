"""Proper names: spelt as the glossary has them, and the same way throughout the letter.

A near miss ("Lucy Faithful Foundation" for the glossary's "Lucy Faithfull
Foundation", "Lord Blunket" for a member) is a run of words a letter or two away from
a known name. Without a glossary entry, a capitalised name spelt two ways in one
letter is reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..address import forms
from .context import Context, TextUnit
from .findings import Finding
from .registry import Rule

CODES = {
    "names.near_miss": "a name a letter or two away from its spelling in the glossary or members",
    "names.inconsistent": "a name spelt two ways in the same letter",
}

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*!?")
_POSSESSIVE = re.compile(r"['\u2019]s$")
#: Small words that may sit inside a name ("Inquiry into Child Sexual Abuse").
_JOINERS = {"of", "and", "for", "the", "into", "on", "in", "to", "de", "du", "von", "van"}


@dataclass(frozen=True)
class Token:
    """A word and where it stands; `bare` is the word without a possessive ('s)."""

    text: str
    start: int
    end: int
    bare: str


def tokens(text: str) -> list[Token]:
    return [
        Token(m[0], m.start(), m.end(), _POSSESSIVE.sub("", m[0])) for m in _TOKEN.finditer(text)
    ]


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _allowance(name: str) -> int:
    """How many letters may differ for a near miss: 1, or 2 in a name of 16+ letters."""
    return 2 if len(name) >= 16 else 1


def known_names(ctx: Context) -> dict[str, str]:
    """Every accepted spelling → the spelling to suggest (glossary, members, ministers)."""
    names: dict[str, str] = {}
    for term in ctx.case.workspace.glossary.terms():
        for form in term.forms:
            names[form] = form
    for member in ctx.case.workspace.members.values():
        f = forms(member)
        for form in (f.display, f.in_text, f.address_line):
            names.setdefault(form.removeprefix("the ").removeprefix("The "), form)
    for minister in ctx.case.workspace.ministers.values():
        names.setdefault(minister.name, minister.name)
    return names


def check(ctx: Context) -> Iterator[Finding]:
    names = known_names(ctx)
    by_length: dict[int, list[_Known]] = {}
    for name in names:
        words = [t.bare for t in tokens(name)]
        if len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 6):
            joined = " ".join(words)
            by_length.setdefault(len(words), []).append(_Known(name, joined, _normal(joined)))
    exact = set(names)
    reported: set[str] = set()
    for unit in ctx.units:
        toks = tokens(unit.text)
        bares = [t.bare for t in toks]
        for k, candidates in by_length.items():
            for i in range(len(toks) - k + 1):
                if not bares[i][:1].isupper():
                    continue
                window = toks[i : i + k]
                seen = " ".join(bares[i : i + k])
                if seen in exact:
                    continue
                name = _near(seen, candidates)
                if name is None:
                    continue
                reported.add(seen)
                written = unit.text[window[0].start : window[-1].end]
                yield ctx.in_text(
                    "names.near_miss",
                    "warning",
                    unit,
                    f"“{written}” looks like a misspelling of “{names[name]}”",
                    f"write “{names[name]}”",
                    excerpt=written,
                )
    yield from _inconsistent(ctx, exact | reported)


@dataclass(frozen=True)
class _Known:
    """A known name as its words joined, and in the form compared (`_normal`)."""

    name: str
    joined: str
    normal: str


def _near(seen: str, candidates: list[_Known]) -> str | None:
    """The known name `seen` nearly spells, if any (capitals at a sentence start don't count)."""
    first = seen[:1].lower()
    for known in candidates:
        if known.joined[:1].lower() != first or abs(len(known.joined) - len(seen)) > 2:
            continue
        if _normal(seen) == known.normal:
            continue
        limit = _allowance(known.joined)
        if seen.lower() == known.joined.lower() or distance(seen, known.joined, limit) <= limit:
            return known.name
    return None


def _normal(phrase: str) -> str:
    """First letter and small joining words in lower case: "The Inquiry" = "the Inquiry"."""
    words = phrase.split(" ")
    words = [w.lower() if w.lower() in _JOINERS else w for w in words]
    first = words[0]
    return " ".join([first[:1].lower() + first[1:], *words[1:]])


@dataclass(frozen=True)
class _Occurrence:
    phrase: str
    words: tuple[str, ...]
    unit: TextUnit


def _phrases(unit: TextUnit) -> Iterator[_Occurrence]:
    """Runs of two or more capitalised words (small joiners allowed inside): likely names."""
    run: list[Token] = []
    for tok in [*tokens(unit.text), Token("", 0, 0, "")]:
        word = tok.bare
        if (word[:1].isupper() and len(word) > 1) or (run and word in _JOINERS):
            run.append(tok)
            continue
        while run and run[-1].bare in _JOINERS:
            run.pop()
        if len(run) >= 2:
            words = tuple(t.bare for t in run)
            yield _Occurrence(" ".join(words), words, unit)
        run = []


def _inconsistent(ctx: Context, settled: set[str]) -> Iterator[Finding]:
    """Two spellings of one name, neither in the glossary: report the later one."""
    first: dict[str, _Occurrence] = {}
    done: set[str] = set()
    for unit in ctx.units:
        for occ in _phrases(unit):
            if occ.phrase in settled or occ.phrase in done:
                continue
            other = next((o for o in first.values() if _one_word_off(o.words, occ.words)), None)
            if other is None:
                first.setdefault(occ.phrase, occ)
                continue
            done.add(occ.phrase)
            yield ctx.in_text(
                "names.inconsistent",
                "warning",
                unit,
                f"“{occ.phrase}” here but “{other.phrase}” in {other.unit.place}",
                "spell the name one way (add it to glossary.yaml to settle which)",
                excerpt=occ.phrase,
            )


def _one_word_off(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same length, one word differs by a letter or two (not just a plural or case)."""
    if len(a) != len(b) or a == b:
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(diffs) != 1:
        return False
    x, y = diffs[0]
    if min(len(x), len(y)) < 4 or x.lower() == y.lower():
        return False
    if x + "s" == y or y + "s" == x:
        return False
    return distance(x, y, 2) <= 2


RULE = Rule("names", CODES, check)
