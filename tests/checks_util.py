"""Helpers for the check tests: edit a case's YAML in its tmp copy, run the checks."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import ROOT
from draftkit.checks import Finding, run_checks
from draftkit.workspace import load_case
from draftkit.yamlio import dump_yaml, load_yaml

#: A fixed "today" shortly after the seed letter, so no check depends on the clock.
TODAY = dt.date(2019, 6, 3)


def edit_yaml(path: Path, change: Callable[[Any], object]) -> None:
    """Load a YAML file (comments kept), let `change` mutate it, write it back."""
    data = load_yaml(path)
    change(data)
    path.write_text(dump_yaml(data), encoding="utf-8")


def findings(case: Path, today: dt.date = TODAY) -> list[Finding]:
    return run_checks(load_case(case), today=today)


def codes(case: Path, today: dt.date = TODAY) -> list[str]:
    return [f.code for f in findings(case, today)]


def block(data: Any, section: int, index: int) -> Any:
    """A block mapping of a loaded letter.yaml."""
    return data["sections"][section]["blocks"][index]


def set_text(data: Any, section: int, index: int, text: str) -> None:
    """Replace a block with prose."""
    data["sections"][section]["blocks"][index] = {"text": text}


def own_library(case: Path) -> Path:
    """Give the case's workspace its own copy of the bundled snippet library to edit."""
    dest = case.parent / "snippets"
    if not dest.exists():
        shutil.copytree(ROOT / "snippets", dest)
    return dest
