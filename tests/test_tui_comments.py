"""The TUI's Comments tab: reviewers' open comments beside their blocks, Enter jumps, r resolves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from draftkit import register
from draftkit.clearance.absorb import absorb, commit
from draftkit.clearance.send import send
from draftkit.register import workflow as reg
from draftkit.tui.app import make_app
from draftkit.tui.widgets.comments import CommentsList
from draftkit.tui.widgets.outline import LetterOutline
from draftkit.workspace import load_case
from tui_helpers import settle
from wordml_support import comment_end, comment_start, p, r, replace_block, text_of, with_comments

pytestmark = pytest.mark.anyio


def commented(case: Path, tmp_path: Path) -> None:
    """Round 1 sent and back with a comment on section 2, block 1."""
    engine = register.connect(register.database_url(case.parent))
    sent = send(load_case(case), "Press Office", tmp_path / "out", engine).path.read_bytes()
    taxi = text_of(sent, "dk_s2_b1")
    doc = replace_block(sent, "dk_s2_b1", p(comment_start(1), r(taxi), comment_end(1)))
    doc = with_comments(doc, [(1, "Press Office", "Name the Lord?")])
    loaded = load_case(case)
    commit(loaded, absorb(loaded, doc, "press.docx", engine), engine)
    engine.dispose()


async def test_comments_tab_lists_jumps_and_resolves(case: Path, tmp_path: Path) -> None:
    commented(case, tmp_path)
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        tabs = screen.query_one(TabbedContent)
        assert "Comments 1" in str(tabs.get_tab("comments").label)
        await pilot.press("f12")
        comments = screen.query_one(CommentsList)
        assert tabs.active == "comments" and comments.has_focus
        comments.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one(LetterOutline).place == (1, 0)  # section 2, block 1
        comments.focus()
        comments.highlighted = 0
        await pilot.press("r")
        await settle(pilot)
        assert "No open comments" in str(comments.get_option_at_index(0).prompt)
    engine = register.connect(register.database_url(case.parent))
    (done,) = reg.comments(engine, "MC2019-05-30-rosser")
    assert done.resolved and done.resolved_by


async def test_no_register_no_comments_tab(case: Path) -> None:
    app = make_app(case, today=dt.date(2019, 5, 30))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query("#comments")
    assert not (case.parent / "draftkit.db").exists()  # looking made no register
