"""Dates: the letter follows the debate, weekdays match their dates, no ordinals (GOV.UK).

A "Tuesday 14 May" phrase without a year is read in the debate's year (or the
letter's, when that fits instead: a letter of January about a December debate).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..templating import long_date, weekday_date
from .context import Context, TextUnit
from .findings import Finding
from .registry import Rule

CODES = {
    "date.before_debate": "the letter is dated before the debate it answers",
    "date.future": "the letter is dated well after today (a typo in the year?)",
    "date.weekday": "a weekday that does not fall on the date beside it",
    "date.ordinal": "an ordinal date such as “14th May” (GOV.UK style: 14 May)",
    "date.invalid": "a date that does not exist, such as 31 June",
}

#: How far ahead of today a letter may be dated before we ask whether it is a typo.
FUTURE_DAYS = 31

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH = "|".join(MONTHS)
_DAY = "|".join(WEEKDAYS)

_WEEKDAY_DATE = re.compile(
    rf"\b(?P<weekday>{_DAY}),?\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>\d{{4}}))?\b"
)
_ORDINAL = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?P<suffix>st|nd|rd|th)\s+(?:of\s+)?(?P<month>{_MONTH})\b"
    rf"|\b(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?P<suffix2>st|nd|rd|th)\b"
)


def check(ctx: Context) -> Iterator[Finding]:
    letter, debate = ctx.case.letter, ctx.case.debate
    if letter.date < debate.date:
        yield ctx.at(
            "date.before_debate",
            "error",
            ("date",),
            f"the letter is dated {long_date(letter.date)}, before the debate "
            f"of {long_date(debate.date)}",
            f"date it on or after {long_date(debate.date)}",
        )
    if (letter.date - ctx.today).days > FUTURE_DAYS:
        yield ctx.at(
            "date.future",
            "warning",
            ("date",),
            f"the letter is dated {long_date(letter.date)}, more than {FUTURE_DAYS} days ahead",
            "check the year",
        )
    for unit in ctx.units:
        for m in _WEEKDAY_DATE.finditer(unit.text):
            yield from _weekday(ctx, unit, m)
        for m in _ORDINAL.finditer(unit.text):
            day = m["day"] or m["day2"]
            month = m["month"] or m["month2"]
            yield ctx.in_text(
                "date.ordinal",
                "warning",
                unit,
                f"“{m[0]}”: GOV.UK style writes dates without ordinals",
                f"write “{int(day)} {month}”",
                excerpt=m[0],
            )


def _weekday(ctx: Context, unit: TextUnit, m: re.Match[str]) -> Iterator[Finding]:
    month = MONTHS.index(m["month"]) + 1
    day = int(m["day"])
    years = (
        [int(m["year"])]
        if m["year"]
        else list(dict.fromkeys([ctx.case.debate.date.year, ctx.case.letter.date.year]))
    )
    dates = []
    for year in years:
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not dates:
        yield ctx.in_text(
            "date.invalid",
            "error",
            unit,
            f"“{m[0]}”: there is no {day} {m['month']}",
            None,
            excerpt=m[0],
        )
        return
    if any(WEEKDAYS[d.weekday()] == m["weekday"] for d in dates):
        return
    d = dates[0]
    yield ctx.in_text(
        "date.weekday",
        "error",
        unit,
        f"“{m[0]}”: {long_date(d)} was a {WEEKDAYS[d.weekday()]}",
        f"write “{weekday_date(d)}”",
        excerpt=m[0],
    )


RULE = Rule("dates", CODES, check)
