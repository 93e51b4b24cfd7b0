"""Spelling: every word of the letter in the UK English dictionary or the case's own words.

The case's own words (`draftkit.spelling.case_words`) are its members' and ministers'
names, the glossary, the approved snippets and the debate's title and record, so a
peer's title or a charity's name is never a finding. American spellings the house
style table knows ("color") are left to `style.spelling`, which gives the British form.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spelling
from .context import Context
from .findings import Finding
from .registry import Rule
from .words import US_UK

CODES = {
    "spelling.unknown": "a word neither the UK English dictionary nor the case knows",
    "spelling.unavailable": "no UK English dictionary is installed, so spelling was not checked",
}


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.units:
        return
    why = spelling.unavailable()
    if why:
        yield ctx.at("spelling.unavailable", "warning", (), f"spelling not checked: {why}")
        return
    known = spelling.case_words(ctx.case)
    for unit in ctx.units:
        seen: set[str] = set()
        for start, end, suggested in spelling.misspelt_spans(unit.text, known):
            word = unit.text[start:end]
            if word in seen or word.lower() in US_UK:
                continue
            seen.add(word)
            if suggested:
                fix = "did you mean " + " or ".join(f"“{s}”" for s in suggested) + "?"
            else:
                fix = "check the spelling; a proper name belongs in glossary.yaml"
            yield ctx.in_text(
                "spelling.unknown",
                "warning",
                unit,
                f"“{word}” is not in the UK English dictionary",
                fix,
                excerpt=word,
            )


RULE = Rule("spelling", CODES, check)
