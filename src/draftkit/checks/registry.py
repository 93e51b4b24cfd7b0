"""The rule families: each a function from a checked case to findings, with its codes.

A code is `family.rule`; every code a rule can emit is listed here with a one-line
description, so that `draftkit.toml` and per-block switches can be checked for typos.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .context import Context
from .findings import Finding

RuleFunc = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One family of checks: its name, the codes it emits (code → what it means), its function."""

    family: str
    codes: dict[str, str]
    run: RuleFunc
