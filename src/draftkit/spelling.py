"""UK English spelling: hunspell's en_GB dictionary, through pyenchant.

The dictionary is Debian's `hunspell-en-gb` (SCOWL-based, maintained, the one
LibreOffice uses), read by libenchant's hunspell provider: it loads in about a tenth
of a second, so it is opened lazily, on the first word checked (or in the background
by `preload`), and kept for the process. Words the dictionary cannot know come from
the case (`case_words`: members, ministers, the glossary, approved snippets, the
debate). Suggestions are the dictionary words one edit away (a fast check of each
candidate), else hunspell's own (slower, so only when nothing is that close), cached
per word.

`misspelt_spans(text, known)` is pure apart from the dictionary: the TUI underlines
what it returns and `check` reports it as `spelling.unknown`.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Collection, Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .workspace import Case

LANGUAGE = "en_GB"
#: Debian packages giving the dictionary and the library (scripts/install-system-deps.sh).
PACKAGES = "hunspell-en-gb libenchant-2-2"

#: Text that is not prose: placeholders, URLs, e-mail addresses, Markdown link targets.
_NOT_PROSE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
    r"|\]\([^)]*\)"
    r"|\b(?:https?://|www\.)\S+"
    r"|\S+@\S+\.\w+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:uk|gov|org|com|net|int|eu)\b(?:/\S*)?",
    re.DOTALL | re.IGNORECASE,
)
#: What every match of `_NOT_PROSE` holds (a brace, "](", "@", a URL's start, a dot and a
#: domain), found fast: a paragraph without any (most) is not searched for them at all.
_MAYBE_NOT_PROSE = re.compile(
    r"[{@]|\]\(|\b(?:https?://|www\.)|\.(?:uk|gov|org|com|net|int|eu)\b", re.IGNORECASE
)
#: A word: letters with inner apostrophes, not touching a digit or a slash ("2nd", "a/b").
_WORD = re.compile(r"(?<![\w/@])[A-Za-z]+(?:['\u2019][A-Za-z]+)*(?![\w/@])")
#: Forms of address and Whitehall words the dictionary lacks.
BUILT_IN = frozenset({"Revd", "Hon", "Rt", "Rt Hon", "Deb", "HL", "HC", "Cm", "Cmnd"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: libenchant-2's soname, which Linux's loader opens without a search (`_import_enchant`).
_SONAME = "libenchant-2.so.2"


class _Dictionary:
    """The en_GB dictionary, opened on first use; `reason` says why when it cannot be."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dict: Any = None
        self.reason: str | None = None
        self._tried = False

    def _open(self) -> Any:
        if not self._tried:
            self._tried = True
            try:
                enchant = _import_enchant()
            except (ImportError, OSError) as exc:
                self.reason = f"pyenchant or libenchant-2 is missing ({exc})"
                return None
            try:
                self._dict = enchant.Dict(LANGUAGE)
            except enchant.errors.DictNotFoundError:
                self.reason = f"no {LANGUAGE} dictionary is installed"
        return self._dict

    def available(self) -> bool:
        with self._lock:
            return self._open() is not None

    def check(self, word: str) -> bool:
        with self._lock:
            d = self._open()
            return True if d is None else bool(d.check(word))

    def suggest(self, word: str) -> list[str]:
        with self._lock:
            d = self._open()
            return [] if d is None else list(d.suggest(word))


DICTIONARY = _Dictionary()


def _import_enchant() -> Any:
    """Import pyenchant, which loads libenchant-2, found by its soname where it can be.

    pyenchant finds the library with `ctypes.util.find_library("enchant-2")`, which on
    Linux runs `ldconfig -p` in a new process and answers with the soname it lists. When
    the loader opens `_SONAME` itself, this thread's question is answered with it at
    once, so pyenchant loads the very library the search would have named. Otherwise
    (another system, another soname, no libenchant) it searches as ever, and fails with
    its own message; its `PYENCHANT_LIBRARY_PATH` is still read before any search.
    """
    import ctypes

    from .libraries import find_library_answered

    known = False
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(_SONAME)
            known = True
        except OSError:
            pass
    if not known:
        import enchant  # type: ignore[import-untyped]  # pyenchant: no types

        return enchant
    with find_library_answered(
        lambda name, search: _SONAME if name == "enchant-2" else search(name)
    ):
        import enchant

        return enchant


def preload() -> threading.Thread:
    """Start opening the dictionary in the background, for a caller that will check soon.

    The load is libenchant's C code (about 0.1 s), which runs without the interpreter's
    lock: `draftkit check` starts it before reading the case, and the two overlap on a
    second core. The first word checked waits for it to finish; nothing else changes.
    Not a daemon thread: a command that ends early (its input has errors) waits for the
    load, so the interpreter never tears pyenchant down under a C call still using it.
    """
    loader = threading.Thread(target=DICTIONARY.available, name="draftkit-dictionary")
    loader.start()
    return loader


def unavailable() -> str | None:
    """Why spelling cannot be checked here (and what to install), or None when it can."""
    if DICTIONARY.available():
        return None
    return f"{DICTIONARY.reason}: install {PACKAGES} (bash scripts/install-system-deps.sh)"


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word of prose worth checking, with where it is: (start, end, word).

    Placeholders, URLs and addresses, numbers and words touching digits, acronyms
    (NSPCC) and words with capitals inside (McKenzie, iPhone) are left out.
    """
    masked = _NOT_PROSE.sub(_blank, text) if _MAYBE_NOT_PROSE.search(text) else text
    for m in _WORD.finditer(masked):
        word, end = m.group().replace("\u2019", "'"), m.end()
        if word.endswith(("'s", "'S")):  # a possessive: the word is what may be misspelt
            word, end = word[:-2], end - 2
        # Past its first letter a word holds a letter; a capital among them is not lower.
        if len(word) < 2 or not word[1:].islower():
            continue
        yield m.start(), end, word


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _fold(word: str) -> str:
    return word.replace("\u2019", "'").lower()


def known_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word of `texts`, folded for lookup (possessives as their word): a vocabulary.

    One pass over the texts joined by line ends (no word spans one), and each distinct
    word folded once: a directory of every Peer repeats a few thousand words many times.
    """
    found = set(_WORD.findall("\n".join(dict.fromkeys(texts))))
    return frozenset(_fold(w).removesuffix("'s") for w in found)


def is_known(word: str, known: Collection[str] = frozenset()) -> bool:
    """Is `word` spelt right: the case's own word, a built-in one, or in the dictionary?"""
    if _fold(word) in known or word in BUILT_IN:
        return True
    return DICTIONARY.check(word)


@lru_cache(maxsize=4096)
def suggestions(word: str, limit: int = 3) -> tuple[str, ...]:
    """Likely intended words: dictionary words one edit away, else hunspell's suggestions."""
    lower = word.lower()
    splits = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
    candidates = dict.fromkeys(
        [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]  # transposed
        + [a + c + b for a, b in splits for c in _LETTERS]  # one missing
        + [a + b[1:] for a, b in splits if b]  # one too many
        + [a + c + b[1:] for a, b in splits if b for c in _LETTERS]  # one wrong
    )
    candidates.pop(lower, None)
    cased = [_case_like(c, word) for c in candidates]
    near = [c for c in cased if DICTIONARY.check(c)]
    if not near:
        near = DICTIONARY.suggest(word)
    return tuple(near[:limit])


def _case_like(candidate: str, word: str) -> str:
    return candidate[:1].upper() + candidate[1:] if word[:1].isupper() else candidate


def misspelt_spans(
    text: str, known: Collection[str] = frozenset(), *, suggest: bool = True
) -> list[tuple[int, int, list[str]]]:
    """Where `text` has words the dictionary and `known` lack: (start, end, suggestions).

    Pure but for the dictionary; `known` holds folded words (`known_words`). With
    `suggest=False` the lists are empty (fast, for underlining while typing).
    """
    out = []
    for start, end, word in words(text):
        if not is_known(word, known):
            out.append((start, end, list(suggestions(word)) if suggest else []))
    return out


def case_words(case: Case) -> Vocabulary:
    """The case's own vocabulary: members' and ministers' names, the glossary, the approved
    snippets' words, and the debate (its title and the members' recorded words).

    Members' words are read from their fields; the few words only their forms add
    ("Dear", "Grace", "Most": `address.FORM_WORDS`) are learnt from the forms, derived
    only when such a word is asked for, so a directory of every Peer costs one pass over
    its names, not 1,200 forms of address.
    """
    from .address import FORM_WORDS, forms

    ws, debate = case.workspace, case.debate
    texts: list[str] = [debate.title, debate.hansard or "", debate.location or ""]
    texts += [q.excerpt for q in debate.questions if q.excerpt]
    texts += [u.excerpt for u in debate.undertakings]
    own = attrgetter("name", "of", *_MEMBER_WORDS)
    texts += [text for member in ws.members.values() for text in own(member) if text]
    for minister in ws.ministers.values():
        texts += [minister.name, minister.role, minister.department]
    for term in (*ws.glossary.organisations, *ws.glossary.programmes, *ws.glossary.people):
        texts += term.forms
    texts += [s.body for s in ws.snippets.values() if s.meta.status == "approved"]
    texts += [s.meta.title for s in ws.snippets.values() if s.meta.status == "approved"]
    if ws.settings.department:
        texts.append(ws.settings.department)

    def forms_texts() -> Iterator[list[str]]:
        members = list(ws.members.values())
        for start in range(0, len(members), _FORMS_AT_ONCE):
            derived = [forms(m) for m in members[start : start + _FORMS_AT_ONCE]]
            yield [t for f in derived for t in (f.display, f.address_line, f.salutation)]

    return Vocabulary(known_words(texts), forms_texts(), known_words(FORM_WORDS))


#: How many members' forms a `Vocabulary` derives at once when it must read them.
_FORMS_AT_ONCE = 64


class Vocabulary(AbstractSet[str]):
    """Folded words (`known_words`) read now, and more read later only if asked for.

    `words` are known at once; `later` yields texts whose words may add to them, but only
    words in `possible`: a word neither known nor possible is answered at once, and one
    that is possible reads `later` until it turns up (or runs out). Iterating or counting
    reads all of it. The same set as the words of everything together, read lazily.
    """

    def __init__(
        self, words: frozenset[str], later: Iterator[list[str]], possible: frozenset[str]
    ) -> None:
        self._words = set(words)
        self._later: Iterator[list[str]] | None = later
        self._possible = possible
        self._lock = threading.Lock()  # the editor asks from more than one thread

    def __contains__(self, word: object) -> bool:
        if word in self._words:
            return True
        return word in self._possible and self._read(until=word)

    def _read(self, until: object = None) -> bool:
        """Read `later` until `until` is a known word (or all of it); is it known?"""
        with self._lock:
            while until not in self._words and self._later is not None:
                texts = next(self._later, None)
                if texts is None:
                    self._later = None
                else:
                    self._words |= known_words(texts)
            return until in self._words

    def __iter__(self) -> Iterator[str]:
        self._read()
        return iter(self._words)

    def __len__(self) -> int:
        self._read()
        return len(self._words)


#: Member fields (some only for MPs) whose words are names, not prose.
_MEMBER_WORDS = ("given_name", "surname", "constituency", "party")


def _spaced(gap: str) -> bool:
    return any(c.isspace() for c in gap)


def carry_spans(before: str, after: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans found in `before` that still mark the same text in `after` (an edit made since).

    Spans ahead of the edit stay, those behind it move with it, and those it touched or
    borders (a word being typed on) are dropped until the text is checked again, so an
    underline never lands on the wrong letters while typing runs ahead of the check.
    """
    if before == after:
        return list(spans)
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    shift = len(after) - len(before)
    edit_end = len(before) - tail
    kept = []
    for start, end in spans:
        # A span is clear of the edit only with a space between them: the edit may join
        # the word (an apostrophe, a letter typed on) or end a word it was part of.
        if end <= head and _spaced(before[end:head]):
            kept.append((start, end))
        elif start >= edit_end and _spaced(before[edit_end:start]):
            kept.append((start + shift, end + shift))
    return kept
