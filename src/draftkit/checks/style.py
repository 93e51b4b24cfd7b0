"""House style (GOV.UK style guide and Whitehall usage), paragraph by paragraph.

British spellings, the noun/verb pairs, sums of money in the department's preferred
form, thousands separators, spacing, doubled words, unbalanced quotes and brackets,
and drafting markers (TBC, TODO, XX, [notes]) left behind. Names in the glossary keep
their own spelling ("World Health Organization").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .context import Context, TextUnit
from .findings import Finding
from .registry import Rule
from .words import (
    IZE_ENDINGS,
    IZE_STEMS,
    NOUN_AFTER,
    NOUN_BEFORE,
    NOUN_OF,
    PROGRAM_OK_BEFORE,
    TO_NOUN_AFTER,
    US_UK,
    VERB_BEFORE,
    VERB_OF,
    YZE_ENDINGS,
    YZE_STEMS,
)

CODES = {
    "style.spelling": "an American or wrong spelling where British usage differs",
    "style.noun_verb": "licence/license, practice/practise, advice/advise used the wrong way",
    "style.money": "a sum of money not written in the department's preferred form",
    "style.number": "a number of four or more digits without a thousands comma",
    "style.spacing": "two spaces, or a space before punctuation",
    "style.doubled": "a word written twice (“the the”)",
    "style.quotes": "an unbalanced quotation mark",
    "style.brackets": "an unbalanced bracket",
    "style.marker": "a drafting marker left in (TBC, TODO, XX, [note])",
    "style.abbreviation": "an abbreviation used before (or without) being spelt out",
}

#: Abbreviations every reader knows (GOV.UK: no need to spell these out).
WELL_KNOWN = {"UK", "US", "USA", "EU", "UN", "NHS", "BBC", "VAT", "MP", "PM", "HM", "TV", "ID"}
WELL_KNOWN |= {"IT", "OK", "PDF", "NATO", "GOV", "HMRC", "QC", "KC"}
_ABBREVIATION = re.compile(r"\b(?P<abbr>[A-Z][A-Z0-9]{1,5})s?\b")
_ROMAN = re.compile(r"^[IVXLC]+$")

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
#: A word with "iz" or "yz" in it: the only words an -ize or -yze spelling can be.
_ZED_WORD = re.compile(r"\b\w*[iy]z\w*", re.IGNORECASE)
#: What `_zed_patterns` accept, as look-ups: each stem with its prefixes, each ending.
_IZE_STEMS = frozenset(p + s for p in ("", "re", "de", "un", "over") for s in IZE_STEMS)
_IZE_ENDINGS = frozenset(IZE_ENDINGS)
_YZE_STEMS = frozenset(YZE_STEMS)
_YZE_ENDINGS = frozenset(YZE_ENDINGS)


@cache
def _zed_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The -ize and -yze spellings as patterns, compiled on first use (about 4 ms, for the
    long alternation): only a word beyond ASCII needs them, for Unicode's case folding."""
    ize = re.compile(
        rf"\b(?P<stem>(?:re|de|un|over)?(?:{'|'.join(IZE_STEMS)}))"
        rf"iz(?P<end>{'|'.join(IZE_ENDINGS)})\b",
        re.IGNORECASE,
    )
    yze = re.compile(
        rf"\b(?P<stem>{'|'.join(YZE_STEMS)})yz(?P<end>{'|'.join(YZE_ENDINGS)})\b", re.IGNORECASE
    )
    return ize, yze


def _split(word: str, joint: str, stems: frozenset[str], endings: frozenset[str]) -> str | None:
    """An ASCII `word` as stem + `joint` + ending (what the pattern would match), rejoined
    with "s" for "z": no ending holds the joint, so only its last place can split it."""
    low = word.lower()
    at = low.rfind(joint)
    if at < 0 or low[at + 2 :] not in endings or low[:at] not in stems:
        return None
    return f"{word[:at]}{joint[0]}s{word[at + 2 :]}"


_MONEY = re.compile(
    r"£\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<space>\s?)(?P<unit>bn|m|k|million|billion)\b",
    re.IGNORECASE,
)
#: 3885 but not 3,885, 12.5, 0800 1111 (a telephone number) or a reference like AB1234.
_BIG_NUMBER = re.compile(
    r"(?<![\w,.£$/\u2013-])(?<!\d )(?P<num>[1-9]\d{3,})(?![\w,/]|\.\d| \d|[-\u2013]\d)"
)
#: Words before a number that is a reference, not a quantity ("col 1234", "HL Bill 1012").
_REFERENCE_WORDS = {"col", "cols", "column", "columns", "vol", "volume", "page", "pages", "p"}
_REFERENCE_WORDS |= {"pp", "paragraph", "para", "no", "number", "bill", "hl", "hc", "c", "cc"}
_WORD_BEFORE = re.compile(r"(\w+)\.?\s*$")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=\w) +(?P<p>[,;:.!?])(?=\s|$)")
_SPACED_MARKS = ",;:.!?"
_DOUBLED = re.compile(r"\b(?P<w>[A-Za-z]+)\s+(?P=w)\b", re.IGNORECASE)
_DOUBLED_OK = {"that", "had", "bora", "baden"}
_MARKER_WORDS = ("TBC", "TBD", "TBA", "TODO", "FIXME")
_MARKER = re.compile(rf"\b(?:{'|'.join(_MARKER_WORDS)}|XX+)\b|\?\?+|<insert[^>]*>")
_SQUARE = re.compile(r"\[(?P<note>[^\]]*)\]")
_SQUARE_OK = {"sic"}
#: Every bracket, in order: all that balancing them reads.
_BRACKET = re.compile(r"[()\[\]]")
#: "a)", "(ii)", "3)": list markers whose lone ")" is not a bracket.
_LIST_MARK = re.compile(r"(?:^|(?<=\s))\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)(?=\s)")
_OPEN_SINGLE = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013]))['\u2018](?=\w)")
_CLOSE_SINGLE = re.compile(r"(?<=[\w.,!?)])['\u2019](?=$|[\s.,;:!?)\]\u2014\u2013-])")


def check(ctx: Context) -> Iterator[Finding]:
    money = ctx.case.workspace.settings.style.money
    protected = [f for t in ctx.case.workspace.glossary.terms() for f in t.forms]
    yield from _abbreviations(ctx)
    for unit in ctx.units:
        spans = _protected_spans(unit.text, protected)
        words = list(_WORD.finditer(unit.text))
        yield from _spelling(ctx, unit, spans, words)
        yield from _noun_verb(ctx, unit, words)
        yield from _money(ctx, unit, money)
        yield from _numbers(ctx, unit)
        yield from _spacing(ctx, unit)
        yield from _quotes_and_brackets(ctx, unit)
        yield from _markers(ctx, unit)


def _protected_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def match_case(model: str, word: str) -> str:
    """Give `word` the capitalisation of `model` (Organize → Organise, ORGANIZE → ORGANISE)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def zed_spellings(text: str) -> list[tuple[int, str, str]]:
    """Each -ize or -yze word in `text` with where it starts and its British spelling."""
    found = []
    for m in _ZED_WORD.finditer(text):
        word = m[0]
        if word.isascii():
            for right in (
                _split(word, "iz", _IZE_STEMS, _IZE_ENDINGS),
                _split(word, "yz", _YZE_STEMS, _YZE_ENDINGS),
            ):
                if right is not None:
                    found.append((m.start(), word, right))
            continue
        ize_pattern, yze_pattern = _zed_patterns()
        if ize := ize_pattern.fullmatch(word):
            found.append((m.start(), word, f"{ize['stem']}is{ize['end']}"))
        if yze := yze_pattern.fullmatch(word):
            found.append((m.start(), word, f"{yze['stem']}ys{yze['end']}"))
    return found


def _spelling(
    ctx: Context, unit: TextUnit, spans: list[tuple[int, int]], words: list[re.Match[str]]
) -> Iterator[Finding]:
    """American spellings among the unit's `words` (`_WORD`'s), and -ize/-yze ones."""
    text = unit.text
    found = zed_spellings(text)
    for i, m in enumerate(words):
        uk = US_UK.get(m[0].lower())
        if uk is None:
            continue
        before = words[i - 1][0].lower() if i else ""
        if uk.startswith("programme") and before in PROGRAM_OK_BEFORE:
            continue
        found.append((m.start(), m[0], uk))
    for pos, word, right in sorted(found):
        if _inside(pos, spans):
            continue
        right = match_case(word, right)
        why = (
            "the verb is license, licensing, licensed; the noun is licence"
            if word.lower().startswith("licenc")
            else "British spelling"
        )
        yield ctx.in_text(
            "style.spelling",
            "warning",
            unit,
            f"“{word}”: {why}",
            f"write “{right}”",
            excerpt=word,
        )


def _noun_verb(ctx: Context, unit: TextUnit, words: list[re.Match[str]]) -> Iterator[Finding]:
    """license/practise/advise used as nouns, licence/practice/advice as verbs."""
    for i, m in enumerate(words):
        word = m[0]
        low = word.lower()
        if low not in NOUN_OF and low not in VERB_OF:
            continue
        before = words[i - 1][0] if i else ""
        after = words[i + 1][0].lower() if i + 1 < len(words) else ""
        if low in NOUN_OF:
            cue = before.lower() in NOUN_BEFORE or after in NOUN_AFTER
            wrong = cue and before.lower() not in VERB_BEFORE
            kind, right = "noun", NOUN_OF[low]
        else:
            before_to = words[i - 2][0].lower() if i >= 2 else ""
            cue = before in VERB_BEFORE or before.lower() in VERB_BEFORE
            if before.lower() == "to" and before_to in TO_NOUN_AFTER:
                cue = False
            wrong = cue and after not in NOUN_AFTER
            kind, right = "verb", VERB_OF[low]
        if wrong:
            yield ctx.in_text(
                "style.noun_verb",
                "warning",
                unit,
                f"“{before} {word}”: the {kind} is spelt “{right}”",
                f"write “{match_case(word, right)}”",
                excerpt=word,
            )


_UNIT_WORD = {"m": "million", "bn": "billion", "million": "million", "billion": "billion"}
_UNIT_SHORT = {"million": "m", "billion": "bn", "m": "m", "bn": "bn"}


def _money(ctx: Context, unit: TextUnit, prefer: str) -> Iterator[Finding]:
    for m in _MONEY.finditer(unit.text):
        num, kind = m["num"], m["unit"].lower()
        if kind == "k":
            value = float(num.replace(",", "")) * 1000
            right = f"£{value:,.0f}"
        elif prefer == "million":
            right = f"£{num} {_UNIT_WORD[kind]}"
        else:
            right = f"£{num}{_UNIT_SHORT[kind]}"
        if m[0] == right:
            continue
        house = (
            "GOV.UK style writes sums in millions as “£2.6 million”"
            if prefer == "million"
            else "the department writes sums in millions as “£2.6m”"
        )
        yield ctx.in_text(
            "style.money",
            "warning",
            unit,
            f"“{m[0]}”: {house}",
            f"write “{right}” (or set [style] money in draftkit.toml)",
            excerpt=m[0],
        )


_YEAR = range(1900, 2100)


def _numbers(ctx: Context, unit: TextUnit) -> Iterator[Finding]:
    for m in _BIG_NUMBER.finditer(unit.text):
        value = int(m["num"])
        if len(m["num"]) == 4 and value in _YEAR:
            continue  # a year
        before = _WORD_BEFORE.search(unit.text, 0, m.start())
        if before and before[1].lower() in _REFERENCE_WORDS:
            continue
        yield ctx.in_text(
            "style.number",
            "warning",
            unit,
            f"“{m['num']}”: GOV.UK style separates thousands with a comma",
            f"write “{value:,}”",
            excerpt=m["num"],
        )


def _spacing(ctx: Context, unit: TextUnit) -> Iterator[Finding]:
    text = unit.text
    # The patterns try every place in the text: a look for the spaces they need comes first.
    doubled = _DOUBLE_SPACE.finditer(text) if "  " in text else ()
    for m in doubled:
        context = text[max(0, m.start() - 15) : m.end() + 15].strip()
        yield ctx.in_text(
            "style.spacing",
            "warning",
            unit,
            f"{len(m[0])} spaces in “{context}”",
            "use one space",
            excerpt=context,
        )
    spaced = any(f" {p}" in text for p in _SPACED_MARKS)
    for m in _SPACE_BEFORE.finditer(text) if spaced else ():
        context = text[max(0, m.start() - 15) : m.end()].lstrip()
        yield ctx.in_text(
            "style.spacing",
            "warning",
            unit,
            f"a space before “{m['p']}” in “{context}”",
            f"remove the space before “{m['p']}”",
        )
    for m in _DOUBLED.finditer(text):
        if m["w"].lower() in _DOUBLED_OK:
            continue
        yield ctx.in_text(
            "style.doubled",
            "warning",
            unit,
            f"“{m[0]}”: the word is written twice",
            f"write “{m['w']}”",
            excerpt=m[0],
        )


def _quotes_and_brackets(ctx: Context, unit: TextUnit) -> Iterator[Finding]:
    text = unit.text
    problems: list[str] = []
    if text.count('"') % 2:
        problems.append('an odd number of double quotation marks (")')
    if text.count("\u201c") != text.count("\u201d"):
        problems.append("“ and ” do not pair up")
    opened = len(_OPEN_SINGLE.findall(text)) if "'" in text or "\u2018" in text else 0
    if opened and opened > len(_CLOSE_SINGLE.findall(text)):
        problems.append("a single quotation mark is opened and not closed")
    for problem in problems:
        yield ctx.in_text("style.quotes", "warning", unit, problem, "close the quotation")
    marks = _BRACKET.findall(_LIST_MARK.sub(" ", text) if ")" in text else text)
    for opener, closer in (("(", ")"), ("[", "]")):
        depth = 0
        for ch in marks:
            if ch == opener:
                depth += 1
            elif ch == closer:
                depth -= 1
                if depth < 0:
                    break
        if depth:
            what = f"“{closer}” without “{opener}”" if depth < 0 else f"“{opener}” not closed"
            yield ctx.in_text(
                "style.brackets", "warning", unit, f"unbalanced brackets: {what}", None
            )


def _markers(ctx: Context, unit: TextUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _MARKER.finditer(text):
        yield ctx.in_text(
            "style.marker",
            "error",
            unit,
            f"drafting marker “{m[0]}” left in the letter",
            "fill in or remove it before clearance",
            excerpt=m[0],
        )
    for m in _SQUARE.finditer(text) if "[" in text else ():
        if m["note"].strip().lower() in _SQUARE_OK:
            continue
        yield ctx.in_text(
            "style.marker",
            "error",
            unit,
            f"drafting note “{m[0]}” left in the letter",
            "resolve the note and remove the brackets",
            excerpt=m[0],
        )


def _abbreviations(ctx: Context) -> Iterator[Finding]:
    """GOV.UK: spell out an abbreviation at first use, “Full Name (ABBR)”, unless well known."""
    glossary = {t.short: t for t in ctx.case.workspace.glossary.terms() if t.short}
    known = WELL_KNOWN | {a for a, t in glossary.items() if t.well_known} | set(_MARKER_WORDS)
    defined: set[str] = set()
    reported: set[str] = set()
    for unit in ctx.units:
        text = unit.text
        for m in _ABBREVIATION.finditer(text):
            abbr = m["abbr"]
            if abbr in known or abbr in defined or abbr in reported or _ROMAN.match(abbr):
                continue
            term = glossary.get(abbr)
            after = text[m.end() : m.end() + 1]
            if text[m.start() - 1 : m.start()] == "(" and after == ")":
                defined.add(abbr)  # "... (CSE)": spelt out here
                continue
            if term is not None and term.name in text[: m.start()]:
                defined.add(abbr)  # the full name comes first in this paragraph
                continue
            reported.add(abbr)
            example = f"“{term.name} ({abbr})”" if term else f"“… ({abbr})” after the words in full"
            yield ctx.in_text(
                "style.abbreviation",
                "warning",
                unit,
                f"“{abbr}” is used without being spelt out first",
                f"at its first use write {example}",
                excerpt=abbr,
            )


RULE = Rule("style", CODES, check)
