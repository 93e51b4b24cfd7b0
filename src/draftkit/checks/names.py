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
from typing import NamedTuple

from ..address import forms
from .context import Context, TextUnit
from .findings import Finding
from .registry import Rule

CODES = {
    "names.near_miss": "a name a letter or two away from its spelling in the glossary or members",
    "names.inconsistent": "a name spelt two ways in the same letter",
}

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*!?")
#: A possessive ending, left off a word's `bare` form ("Lord Rosser's" is Lord Rosser).
_POSSESSIVE = ("'s", "\u2019s")
#: Small words that may sit inside a name ("Inquiry into Child Sexual Abuse").
_JOINERS = {"of", "and", "for", "the", "into", "on", "in", "to", "de", "du", "von", "van"}
#: More capitalised words in a row than any name has: a list of names, not one name.
_LONGEST_NAME = 12


@dataclass(frozen=True)
class Token:
    """A word and where it stands; `bare` is the word without a possessive ('s)."""

    text: str
    start: int
    end: int
    bare: str


def tokens(text: str) -> list[Token]:
    return [Token(m[0], m.start(), m.end(), bare(m[0])) for m in _TOKEN.finditer(text)]


def bare(word: str) -> str:
    """The word without a possessive ('s): "Grady's" is "Grady"."""
    return word[:-2] if word.endswith(_POSSESSIVE) else word


def bare_words(pattern: re.Pattern[str], text: str) -> list[str]:
    """The words `pattern` finds in `text`, each `bare` (most names have no apostrophe)."""
    found = pattern.findall(text)
    return [bare(w) for w in found] if "'" in text or "\u2019" in text else found


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it must exceed `limit` (what rapidfuzz's
    `score_cutoff` gives), in Python: for the few pairs a small directory needs.

    The common head and tail are left off (they change nothing), and only the cells
    within `limit` of the diagonal are computed, the rest being more than `limit` away;
    it stops at a row that is all over the limit.
    """
    over = limit + 1
    if abs(len(a) - len(b)) > limit:
        return over
    head, shorter = 0, min(len(a), len(b))
    while head < shorter and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < shorter - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    if not a or not b:
        return min(len(a) + len(b), over)
    width = len(b)
    previous = [j if j <= limit else over for j in range(width + 1)]
    for i, char in enumerate(a, 1):
        low, high = max(1, i - limit), min(width, i + limit)
        current = [over] * (width + 1)
        current[0] = i if i <= limit else over
        for j in range(low, high + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != b[j - 1]), over
            )
        if min(current[low - 1 : high + 1]) > limit:
            return over
        previous = current
    return previous[width]


def _allowance(length: int) -> int:
    """How many letters may differ for a near miss: 1, or 2 in a name of 16+ letters."""
    return 2 if length >= 16 else 1


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
    index = _Index(names)
    exact = set(names)
    starts = {name.split(" ", 1)[0] for name in exact}
    reported: set[str] = set()
    own = [(unit, _own_tokens(ctx, unit)) for unit in ctx.units]
    for unit, toks in own:
        bares = [t.bare for t in toks]
        inside = _inside_exact(bares, exact, starts, index.word_counts)
        # Where a name may begin (a capital), and the letter it would begin with.
        capitals = [(i, b[:1].lower()) for i, b in enumerate(bares) if b[:1].isupper()]
        for k in index.word_counts:
            for i, first in capitals:
                if i + k > len(toks):
                    break
                if inside[i] >= i + k or (k, first) not in index.starts:
                    continue  # inside a name spelt right, or no name of k words begins so
                window = toks[i : i + k]
                seen = " ".join(bares[i : i + k])
                if seen in exact:
                    continue
                name = index.near(seen, k)
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
    yield from _inconsistent(ctx, own, exact | reported)


def _own_tokens(ctx: Context, unit: TextUnit) -> list[Token]:
    """The unit's words less the promise sentence draftkit wrote from the directory.

    The names in that sentence are the recipients' own forms: right by construction, and
    on a letter to every Peer some 800 of them, so they are not searched for near misses
    (nor split into words: no word crosses the space before the sentence).
    """
    sentence = ctx.document.distribution.sentence if ctx.document else ""
    if unit.field != "closing" or not sentence or not unit.text.endswith(sentence):
        return tokens(unit.text)
    cut = len(unit.text) - len(sentence)
    if cut == 0 or unit.text[cut - 1].isspace():
        return tokens(unit.text[:cut])
    return [t for t in tokens(unit.text) if t.end <= cut]


def _inside_exact(
    bares: list[str], exact: set[str], starts: set[str], word_counts: list[int]
) -> list[int]:
    """For each word, the furthest end of a known name spelt exactly that starts at or before it.

    A window ending there lies inside a correctly spelt name ("Lord Ahmad" inside "Lord
    Ahmad of Wimbledon") and is no misspelling of some other name. Only a word that
    `starts` some known name can begin one.
    """
    reach = [0] * len(bares)
    furthest = 0
    for i, word in enumerate(bares):
        if word in starts:
            for k in word_counts:
                if i + k <= len(bares) and " ".join(bares[i : i + k]) in exact:
                    furthest = max(furthest, i + k)
        reach[i] = furthest
    return reach


class _Known(NamedTuple):
    """A known name and its words joined (a tuple: thousands are made for each check)."""

    order: int
    name: str
    joined: str


#: Pairs of names compared in Python before the index turns to rapidfuzz (C): importing
#: it costs about 10 ms, which a letter against a small directory never repays (the
#: example compares 23 pairs; a letter to every Peer, about 1,100).
_PYTHON_PAIRS = 200


class _Index:
    """Known names by word count, first letter and length, each bucket searched at once.

    A window is compared only with the names it could be a letter or two away from: the
    first `_PYTHON_PAIRS` pairs in Python (`distance`), and after them each bucket in
    rapidfuzz's Levenshtein, in C, so a letter naming hundreds of Peers costs
    milliseconds against the whole directory. Names keep the order they were found in
    (glossary, members, ministers): the one suggested is the first near one, as a scan of
    every name in turn would find.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self._buckets: dict[tuple[int, str, int], list[_Known]] = {}
        self._folded: dict[tuple[int, str], list[_Known]] = {}
        for order, name in enumerate(names):
            words = bare_words(_TOKEN, name)
            if len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 6):
                joined = " ".join(words)
                known = _Known(order, name, joined)
                key = (len(words), joined[:1].lower(), len(joined))
                self._buckets.setdefault(key, []).append(known)
                self._folded.setdefault((len(words), joined.lower()), []).append(known)
        self._choices = {key: [k.joined for k in b] for key, b in self._buckets.items()}
        self.word_counts = list(dict.fromkeys(k for k, _, _ in self._buckets))
        #: (word count, first letter) of every name: a window that is neither is near none.
        self.starts = {(k, first) for k, first, _ in self._buckets}
        #: How many more pairs are compared in Python before rapidfuzz takes over.
        self._in_python = _PYTHON_PAIRS

    def near(self, seen: str, k: int) -> str | None:
        """The known name of `k` words that `seen` nearly spells, if any.

        Near: a letter or two away (`_allowance`), or the same but for capitals, unless
        the only difference is a capital at the start or on a joining word.
        """
        found = list(self._folded.get((k, seen.lower()), ()))
        first = seen[:1].lower()
        for length in range(len(seen) - 2, len(seen) + 3):
            key = (k, first, length)
            if key not in self._buckets:
                continue
            limit = _allowance(length)
            if abs(length - len(seen)) > limit:
                continue
            bucket = self._buckets[key]
            found += [bucket[at] for at in self._within(seen, self._choices[key], limit)]
        if not found:
            return None
        normal = _normal(seen)
        found = [known for known in found if _normal(known.joined) != normal]
        return min(found, key=lambda known: known.order).name if found else None

    def _within(self, seen: str, choices: list[str], limit: int) -> list[int]:
        """Where in `choices` the names at most `limit` letters from `seen` are."""
        if len(choices) <= self._in_python:
            self._in_python -= len(choices)
            return [at for at, name in enumerate(choices) if distance(seen, name, limit) <= limit]
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import extract

        matches = extract(
            seen, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
        )
        return [at for _, _, at in matches]


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


def _phrases(unit: TextUnit, toks: list[Token]) -> Iterator[_Occurrence]:
    """Runs of two or more capitalised words (small joiners allowed inside): likely names."""
    run: list[Token] = []
    for tok in [*toks, Token("", 0, 0, "")]:
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


def _inconsistent(
    ctx: Context, own: list[tuple[TextUnit, list[Token]]], settled: set[str]
) -> Iterator[Finding]:
    """Two spellings of one name, neither in the glossary: report the later one.

    Phrases seen are filed under each of their words left out ("Lucy _ Foundation"), so a
    phrase one word off an earlier one is found by a look-up, not by comparing with each.
    `own` is each unit with its words (`_own_tokens`), as the near-miss search read them.
    """
    first: set[str] = set()
    by_gap: dict[tuple[str, ...], list[tuple[int, _Occurrence]]] = {}
    done: set[str] = set()
    for unit, toks in own:
        for occ in _phrases(unit, toks):
            if len(occ.words) > _LONGEST_NAME:
                continue
            if occ.phrase in settled or occ.phrase in done or occ.phrase in first:
                continue
            gaps = [_gap(occ.words, i) for i in range(len(occ.words))]
            near = [
                entry
                for gap in gaps
                for entry in by_gap.get(gap, ())
                if _one_word_off(entry[1].words, occ.words)
            ]
            if not near:
                for gap in gaps:
                    by_gap.setdefault(gap, []).append((len(first), occ))
                first.add(occ.phrase)
                continue
            other = min(near, key=lambda entry: entry[0])[1]
            done.add(occ.phrase)
            yield ctx.in_text(
                "names.inconsistent",
                "warning",
                unit,
                f"“{occ.phrase}” here but “{other.phrase}” in {other.unit.place}",
                "spell the name one way (add it to glossary.yaml to settle which)",
                excerpt=occ.phrase,
            )


def _gap(words: tuple[str, ...], i: int) -> tuple[str, ...]:
    """The words with the i-th left out, marked by an empty word."""
    return (*words[:i], "", *words[i + 1 :])


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
