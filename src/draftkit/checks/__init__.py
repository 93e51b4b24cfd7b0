"""Clearance checks: what a private office looks for before a letter goes to the minister.

`run_checks(case)` composes the letter and runs every rule family (coverage,
clearance, distribution, dates, style, names, commons), then drops the findings switched off
in `draftkit.toml` (`[checks]`) or by a block's `checks: {code: reason}`. Pure: it
prints nothing; the CLI and the TUI show the findings.
"""

from __future__ import annotations

import datetime as dt

from ..compose import compose
from ..document import Document
from ..errors import InputError
from ..workspace import Case
from . import (
    clearance,
    commons,
    coverage,
    dates,
    debate,
    distribution,
    names,
    quotes,
    spelling,
    style,
    switches,
)
from .context import Context
from .findings import Finding, Severity, blocking, from_problems, sort_key
from .registry import Rule
from .switches import apply_switches

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "Severity",
    "all_codes",
    "blocking",
    "from_problems",
    "run_checks",
]

#: Every rule family, in the order findings are reported.
RULES: list[Rule] = [
    coverage.RULE,
    quotes.RULE,
    clearance.RULE,
    distribution.RULE,
    dates.RULE,
    debate.RULE,
    style.RULE,
    names.RULE,
    commons.RULE,
    spelling.RULE,
]


def all_codes() -> dict[str, str]:
    """Every finding code and what it means."""
    codes = {code: text for rule in RULES for code, text in rule.codes.items()}
    return {**codes, **switches.CODES}


def run_checks(
    case: Case, *, today: dt.date | None = None, document: Document | None = None
) -> list[Finding]:
    """Every finding for a loaded case, errors first. Composes the letter unless given it.

    Problems that stop composition (unfilled placeholders, bad templates) come back as
    error findings rather than an exception, so a caller always gets a list.
    """
    unswitchable: list[Finding] = []
    if document is None:
        try:
            document = compose(case)
        except InputError as exc:
            unswitchable += from_problems(exc.problems, code="input.compose")
    ctx = Context(case, document, today or dt.date.today())
    findings = [f for rule in RULES for f in rule.run(ctx)]
    findings = apply_switches(case, findings, all_codes())
    return sorted(unswitchable + findings, key=sort_key)
