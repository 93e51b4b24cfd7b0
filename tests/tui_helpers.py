"""Driving the TUI as an official would: keys, typing, pasting; shared by the TUI tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from draftkit.yamlio import dump_yaml, load_yaml


def empty_sections(case: Path) -> None:
    """Make the case a fresh start: every section keeps its title and questions, no blocks."""
    data = load_yaml(case / "letter.yaml")
    for section in data["sections"]:
        section["blocks"] = []
    (case / "letter.yaml").write_text(dump_yaml(data), encoding="utf-8")


def copy_case(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.db", "__pycache__", "out"))
    return dest


async def type_text(pilot: Pilot, text: str) -> None:
    """Key by key, as typed."""
    for ch in text:
        await pilot.press(ch)


async def paste(pilot: Pilot, text: str) -> None:
    """Text pasted into the focused widget (bracketed paste, as a terminal sends it)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def settle(pilot: Pilot) -> None:
    """Let workers (preview, checks) finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
