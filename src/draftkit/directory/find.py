"""Forgiving lookup of members by what an official would type ("bp blackburn", "Lady Amos").

Pure functions over the loaded directory: the CLI's `members find` and the TUI's
distribution pane call the same `find_members`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..address import forms
from ..models import Member, Rank
from .records import fold

#: Words that say nothing about which member is meant.
_STOPWORDS = frozenset({"the", "of", "and", "rt", "hon", "dear", "most", "revd", "rev", "right"})

#: What people type for a word in a title: abbreviations and spelling variants.
_ALIASES = {
    "bp": "bishop",
    "bishop": "bishop",
    "abp": "archbishop",
    "abbp": "archbishop",
    "archbp": "archbishop",
    "ld": "lord",
    "bn": "baroness",
    "bss": "baroness",
    "bnss": "baroness",
    "vis": "viscount",
    "visc": "viscount",
    "vct": "viscount",
    "marquis": "marquess",
    "mq": "marquess",
    "ctss": "countess",
    "st": "saint",
    "saint": "saint",
    "ste": "saint",
}

#: The words a rank answers to: its own, and the one in its salutation ("Dear Lord Falkland").
_RANK_WORDS: dict[Rank, tuple[str, ...]] = {
    Rank.LORD: ("lord", "baron"),
    Rank.BARONESS: ("baroness", "lady"),
    Rank.LADY: ("lady",),
    Rank.VISCOUNT: ("viscount", "lord"),
    Rank.VISCOUNTESS: ("viscountess", "lady"),
    Rank.EARL: ("earl", "lord"),
    Rank.COUNTESS: ("countess", "lady"),
    Rank.MARQUESS: ("marquess", "lord"),
    Rank.MARCHIONESS: ("marchioness", "lady"),
    Rank.DUKE: ("duke",),
    Rank.DUCHESS: ("duchess",),
    Rank.BISHOP: ("bishop", "lord"),
    Rank.ARCHBISHOP: ("archbishop", "lord"),
    Rank.MP: ("mp",),
}

# How well one typed word matches: the word itself, its start, or a near spelling.
_EXACT, _PREFIX, _FUZZY = 1.0, 0.7, 0.5
_FUZZY_CUTOFF = 0.8


def normalise(text: str) -> list[str]:
    """Lower-case words without accents or punctuation: "D'Souza" → ["dsouza"]."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return [_ALIASES.get(w, w) for w in words]


@dataclass(frozen=True)
class Match:
    """A member found, with how well the text matched (higher is better)."""

    member: Member
    score: float


@dataclass(frozen=True)
class _Entry:
    member: Member
    title_words: frozenset[str]  # name, `of` place, MP's name: what identifies the person
    rank_words: frozenset[str]
    other_words: frozenset[str]  # id, party, constituency
    display: str


#: Entries by `id()` of their member, kept while that very object is in use (the TUI
#: searches the same directory on every keystroke).
_ENTRIES: dict[int, _Entry] = {}
_MAX_CACHED = 50_000


def _entry(member: Member) -> _Entry:
    cached = _ENTRIES.get(id(member))
    if cached is not None and cached.member is member:
        return cached
    if len(_ENTRIES) >= _MAX_CACHED:
        _ENTRIES.clear()
    title = set(normalise(member.name)) | set(normalise(member.of or ""))
    other = set(normalise(member.id.replace("-", " "))) | set(normalise(member.party or ""))
    other |= set(normalise(member.constituency or ""))
    entry = _Entry(
        member,
        frozenset(title - _STOPWORDS),
        frozenset(_RANK_WORDS[member.rank]),
        frozenset(other - _STOPWORDS - title),
        " ".join(normalise(forms(member).display)),
    )
    _ENTRIES[id(member)] = entry
    return entry


def _word_score(word: str, candidates: Iterable[str]) -> float:
    best = 0.0
    matcher: difflib.SequenceMatcher[str] | None = None
    for cand in candidates:
        if cand == word:
            return _EXACT
        if len(word) >= 2 and cand.startswith(word):
            best = _PREFIX
        elif best < _FUZZY and len(word) >= 4 and abs(len(cand) - len(word)) <= 2:
            if matcher is None:
                matcher = difflib.SequenceMatcher(None, b=word)
            matcher.set_seq1(cand)
            if matcher.quick_ratio() >= _FUZZY_CUTOFF and matcher.ratio() >= _FUZZY_CUTOFF:
                best = _FUZZY
    return best


def _join_split_names(words: list[str], title_words: frozenset[str]) -> list[str]:
    """Rejoin a name typed in two parts: "d souza" for D'Souza, "mac kay" for MacKay."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in title_words:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def _score(entry: _Entry, words: list[str], phrase: str) -> float:
    """0 when some typed word matches nothing about the member; else the sum of matches."""
    total = 0.0
    words = _join_split_names(words, entry.title_words)
    for word in words:
        title = _word_score(word, entry.title_words)
        rank = _EXACT * 0.6 if word in entry.rank_words else 0.0
        other = _word_score(word, entry.other_words) * 0.4
        best = max(title, rank, other)
        if best == 0.0:
            return 0.0
        total += best
    if phrase and phrase in entry.display:
        total += 0.5
    return total


def find_matches(members: Mapping[str, Member], text: str, limit: int = 10) -> list[Match]:
    """Members matching `text`, best first; sitting members before former ones on a tie."""
    words = [w for w in normalise(text) if w not in _STOPWORDS]
    if not words:
        return []
    phrase = " ".join(w for w in normalise(text) if w != "the")
    found = []
    for member in members.values():
        score = _score(_entry(member), words, phrase)
        if score > 0:
            found.append(Match(member, round(score, 3)))
    found.sort(
        key=lambda m: (-m.score, not m.member.sitting, _entry(m.member).display, m.member.id)
    )
    return found[:limit] if limit > 0 else found


def find_members(members: Mapping[str, Member], text: str, limit: int = 10) -> list[Member]:
    """The members an official most likely means by `text` ("bp blackburn", "Lady Amos")."""
    return [m.member for m in find_matches(members, text, limit)]
