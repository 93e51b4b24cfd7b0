"""A clearance round through real LibreOffice: the copy is edited headless with record-changes
on (and, by a second reviewer, with it off), commented on, saved as Word, and absorbed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES
from draftkit import register
from draftkit.clearance.absorb import absorb, commit
from draftkit.clearance.send import send
from draftkit.clearance.wordml import read_docx
from draftkit.workspace import load_case
from lo_edit import Review, run_reviews

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")


def test_libreoffice_edits_and_comments_come_back_to_their_blocks(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    case_dir = root / "grooming-gangs-2019"
    engine = register.connect(register.database_url(root))
    sent = send(load_case(case_dir), "Legal", tmp_path / "out", engine).path

    legal = Review(sent, tmp_path / "legal.docx")
    legal.replace(
        "Government's response to an oral question", "Government's answer to an oral question"
    )
    legal.replace("Private Hire Vehicle (PHV) Licensing", "PHV Licensing")  # inside a snippet
    legal.add_paragraph_after("planned publication", "We will write again in the autumn.")
    legal.comment("working group looking at the characteristics", "Which group?", "Special Adviser")
    press = Review(sent, tmp_path / "press.docx", tracked=False)
    press.replace("also raised the issue", "raised the issue")
    press.replace(
        "Government's response to an oral question", "Government's reply to an oral question"
    )
    run_reviews(tmp_path / "profile", "Legal Adviser", [legal, press])

    returned = read_docx(legal.target.read_bytes(), "legal.docx")
    assert returned.anchored and returned.round == 1  # LibreOffice keeps the bookmarks
    assert len(returned.blocks()) == 11

    case = load_case(case_dir)
    first = absorb(case, legal.target.read_bytes(), "legal.docx", engine)
    commit(case, first, engine)
    assert [(c.section, c.block, c.kind, c.status) for c in first.changes] == [
        (1, 1, "prose", "applied"),
        (1, 5, "prose", "applied"),
        (2, 2, "snippet", "needs_decision"),
    ]
    assert {c.author for c in first.changes} == {"Legal Adviser"}
    assert all(c.date for c in first.changes)
    assert first.changes[1].after.endswith("\n\nWe will write again in the autumn.")
    (comment,) = first.comments
    assert (comment.author, comment.text, comment.section, comment.block) == (
        "Special Adviser",
        "Which group?",
        1,
        1,
    )
    assert comment.quoted == "working group looking at the characteristics"
    letter = " ".join((case_dir / "letter.yaml").read_text("utf-8").split())
    assert "the Government's answer to an oral question" in letter
    assert "During a debate on {{ debate.date | weekday_date }}" in letter
    assert "We will write again in the autumn." in letter
    assert "snippet: taxi-cross-border-tfg@2" in letter

    case = load_case(case_dir)
    second = absorb(case, press.target.read_bytes(), "press.docx", engine, author="Press Office")
    commit(case, second, engine)
    assert [(c.section, c.block, c.status, c.author) for c in second.changes] == [
        (1, 1, "conflict", "Press Office"),  # the lawyers changed it first: shown, not guessed
        (2, 1, "applied", "Press Office"),  # found by comparison: tracking was off
    ]
    letter = " ".join((case_dir / "letter.yaml").read_text("utf-8").split())
    assert "Government's answer" in letter and "Government's reply" not in letter
    assert "{{ members['lord-blunkett'].in_text }} raised the issue" in letter
