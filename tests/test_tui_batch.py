"""Batch from the TUI: the same batch_case as `draftkit batch`, in a worker, with its record."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from draftkit.tui.app import make_app
from draftkit.tui.dialogs.choice import ChoiceDialog
from draftkit.tui.dialogs.text import TextDialog
from tui_helpers import settle, type_text

pytestmark = pytest.mark.anyio


async def test_batch_saves_first_then_writes_every_copy_and_the_manifest(
    case: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f3", "t")
        await settle(pilot)
        await pilot.press("ctrl+u")  # clear the title field, then type a new one
        await type_text(pilot, "Working group")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.draft.dirty
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)  # save first?
        assert app.focused is not None and app.focused.id == "choice-cancel"  # by default
        await pilot.click("#choice-save")
        await settle(pilot)
        assert not screen.draft.dirty
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("#text-value").value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert "Batched" in str(screen.query_one("#status").render())
    manifest = json.loads((out / "MC2019-05-30-rosser" / "manifest.json").read_text())
    roles = sorted({f["role"] for f in manifest["files"]})
    assert roles == ["addressee", "copy", "library"]
    assert (case.parent / "draftkit.db").exists()


async def test_batch_of_a_saved_letter_that_does_not_load_shows_why(
    case: Path, tmp_path: Path
) -> None:
    """F10 on a saved letter with input errors lists them; it used to crash the app."""
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        data = copy.deepcopy(screen.draft.data)
        data["sections"][0]["answers"] = ["q-unknown"]
        screen.draft.apply(data)
        screen.draft.save()
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is screen
        assert "Not written" in str(screen.query_one("#status").render())
        assert screen.query_one("#side", TabbedContent).active == "findings"
    assert app.return_code in (None, 0)
    assert not (case.parent / "draftkit.db").exists()


async def test_an_unsigned_letter_is_not_batched_where_the_workspace_requires_signing(
    case: Path, tmp_path: Path
) -> None:
    """[workflow] require_signed holds in the TUI as in `draftkit batch`: nothing sent."""
    settings = case.parent / "draftkit.toml"
    settings.write_text(settings.read_text() + "\n[workflow]\nrequire_signed = true\n")
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is screen  # no dialog offers to send it
        assert "is not signed: not batched" in str(screen.query_one("#status").render())
    assert not (tmp_path / "out").exists()
    assert not list(case.rglob("manifest.json"))
