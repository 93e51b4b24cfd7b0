"""The seed letter through clearance and sign-off as an official runs it, command by command:
send → absorb (a prose edit, a snippet edit, two comments) → approve → sign → batch, with
`status` showing each step with who and when."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import Result

from batchfakes import FAKE
from draftkit.batch import layout
from draftkit.document import Document
from wordml_support import (
    comment_end,
    comment_start,
    dele,
    ins,
    p,
    r,
    replace_block,
    text_of,
    with_comments,
)

CASE = "grooming-gangs-2019"
SENT = "out/MC2019-05-30-rosser-clearance-1.docx"

CHANGE_KEYS = {"section", "block", "kind", "author", "date", "before", "after", "status"}
COMMENT_KEYS = {"author", "date", "text", "quoted", "section", "block"}


@pytest.fixture
def batched(monkeypatch: pytest.MonkeyPatch) -> list[Document]:
    """The documents batches lay out (fast stand-in PDFs), to see what they would print."""
    seen: list[Document] = []

    def letter_pdf(document: Document) -> bytes:
        seen.append(document)
        return FAKE.letter_pdf(document)

    monkeypatch.setattr(layout, "default_backend", lambda: replace(FAKE, letter_pdf=letter_pdf))
    monkeypatch.delenv("DRAFTKIT_DATABASE_URL", raising=False)
    return seen


def returned_copy(sent: bytes) -> bytes:
    """What the lawyers send back: a prose edit, an edit in a snippet, two comments."""
    b1, b2, b4 = (text_of(sent, f"dk_s1_b{n}") for n in (1, 2, 4))
    start, end = b2.split("no working group")
    doc = replace_block(
        sent, "dk_s1_b2", p(r(start), dele("no"), ins("not yet a"), r(" working group" + end))
    )
    head, tail = b4.split("3,885", 1) if "3,885" in b4 else b4.split("3885", 1)
    doc = replace_block(doc, "dk_s1_b4", p(r(head), dele("3885"), ins("4,000"), r(tail)))
    first, rest = b1.split("18 October 2018")
    doc = replace_block(
        doc,
        "dk_s1_b1",
        p(r(first), comment_start(1), r("18 October 2018"), comment_end(1), r(rest)),
    )
    taxi = text_of(doc, "dk_s2_b1")
    doc = replace_block(doc, "dk_s2_b1", p(comment_start(2), r(taxi), comment_end(2)))
    return with_comments(
        doc, [(1, "Legal Adviser", "Check the date"), (2, "Press Office", "Name the Lord?")]
    )


def test_seed_letter_through_clearance_and_sign_off(
    cli: Callable[..., Result], workspace: Path, batched: list[Document]
) -> None:
    from PIL import Image

    Image.new("RGB", (300, 100), "white").save(workspace / "signature.png")
    ministers = workspace / "ministers.yaml"
    ministers.write_text(ministers.read_text("utf-8") + "  signature: signature.png\n", "utf-8")
    settings = workspace / "draftkit.toml"
    settings.write_text(
        settings.read_text("utf-8") + "\n[workflow]\nrequire_signed = true\n", "utf-8"
    )
    letter = workspace / CASE / "letter.yaml"

    sent = cli("clearance", "send", CASE, "--to", "Policy lead", "-o", "out")
    assert sent.exit_code == 0, sent.output
    assert f"round 1 to Policy lead: wrote {SENT}" in sent.stdout
    back = workspace / "back-legal.docx"
    back.write_bytes(returned_copy((workspace / SENT).read_bytes()))

    before = letter.read_text("utf-8")
    dry = cli("clearance", "absorb", CASE, str(back), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "-          First, I must clarify that there is no working group" in dry.stdout
    assert "+          First, I must clarify that there is not yet a working group" in dry.stdout
    assert "needs_decision section 1 block 4 (snippet)" in dry.stdout
    assert letter.read_text("utf-8") == before  # the dry run wrote nothing
    assert json.loads(cli("status", CASE, "--json").stdout)["rounds"][0]["absorbed"] == []

    done = cli("clearance", "absorb", CASE, str(back), "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["round"] == 1
    assert [set(c) for c in report["changes"]] == [CHANGE_KEYS, CHANGE_KEYS]
    assert [(c["section"], c["block"], c["kind"], c["status"]) for c in report["changes"]] == [
        (1, 2, "prose", "applied"),
        (1, 4, "snippet", "needs_decision"),
    ]
    assert all(c["author"] == "Legal Adviser" for c in report["changes"])
    assert [set(c) for c in report["comments"]] == [COMMENT_KEYS, COMMENT_KEYS]
    assert [(c["author"], c["section"], c["block"], c["quoted"]) for c in report["comments"]] == [
        ("Legal Adviser", 1, 1, "18 October 2018"),
        ("Press Office", 2, 1, text_of(back.read_bytes(), "dk_s2_b1")),
    ]
    text = letter.read_text("utf-8")
    assert "there is not yet a working group" in " ".join(text.split())
    assert "snippet: offender-prevention-partners@3" in text  # the approved line is untouched

    refused = cli("batch", CASE, "-o", "out")
    assert refused.exit_code == 1 and "is not signed: not batched" in refused.stderr
    assert not (workspace / "out" / "MC2019-05-30-rosser").exists()

    approved = cli("clearance", "approve", CASE, "--by", "Jo Smith", "--role", "Policy lead")
    assert approved.exit_code == 0, approved.output
    signed = cli("sign", CASE, "--by", "Baroness Williams of Trafford")
    assert signed.exit_code == 0, signed.output
    batch = cli("batch", CASE, "-o", "out")
    assert batch.exit_code == 0, batch.output
    assert "not signed" not in batch.stderr
    assert batched[-1].signature.image is not None  # signed: the image is printed

    status = json.loads(cli("status", CASE, "--json").stdout)
    assert status["state"] == "dispatched"
    steps = [(h["state"], h["by"], h["role"], h["round"]) for h in status["history"]]
    assert steps == [
        ("drafted", None, None, None),
        ("in_clearance", "Policy lead", None, 1),
        ("cleared", "Jo Smith", "Policy lead", None),
        ("signed", "Baroness Williams of Trafford", None, None),
        ("dispatched", "Baroness Williams of Trafford", None, None),
    ]
    assert all(h["at"] for h in status["history"])
    assert [h["at"] for h in status["history"]] == sorted(h["at"] for h in status["history"])
    assert status["rounds"] == [
        {
            "round": 1,
            "to": "Policy lead",
            "sent_at": status["history"][1]["at"],
            "file": "MC2019-05-30-rosser-clearance-1.docx",
            "absorbed": ["back-legal.docx"],
        }
    ]
    assert [(c["author"], c["resolved"]) for c in status["comments"]] == [
        ("Legal Adviser", False),
        ("Press Office", False),
    ]
    assert [(d["section"], d["block"], d["snippet"], d["status"]) for d in status["decisions"]] == [
        (1, 4, "offender-prevention-partners@3", "needs_decision")
    ]
    shown = cli("status", CASE).stdout
    assert (
        "MC2019-05-30-rosser: dispatched" in shown
        and "cleared       by Jo Smith (Policy lead)" in shown
    )

    # Resolving a comment is recorded; a change after signing sends the letter back.
    resolved = cli("clearance", "resolve", CASE, str(status["comments"][0]["id"]), "--by", "PS")
    assert resolved.exit_code == 0, resolved.output
    letter.write_text(letter.read_text("utf-8").replace("helpful.", "useful."), "utf-8")
    again = json.loads(cli("status", CASE, "--json").stdout)
    assert again["state"] == "drafted"
    assert [c["resolved"] for c in again["comments"]] == [True, False]
    assert cli("batch", CASE, "-o", "out").exit_code == 1  # not signed as it now stands


def test_an_unsigned_letter_is_batched_with_a_warning_and_no_signature(
    cli: Callable[..., Result], workspace: Path, batched: list[Document]
) -> None:
    from PIL import Image

    Image.new("RGB", (300, 100), "white").save(workspace / "signature.png")
    ministers = workspace / "ministers.yaml"
    ministers.write_text(ministers.read_text("utf-8") + "  signature: signature.png\n", "utf-8")
    result = cli("batch", CASE, "-o", "out")
    assert result.exit_code == 0, result.output
    assert "MC2019-05-30-rosser is not signed" in result.stderr
    assert batched[-1].signature.image is None


def test_absorb_refuses_a_file_that_is_not_a_docx(
    cli: Callable[..., Result], workspace: Path
) -> None:
    assert cli("clearance", "send", CASE, "--to", "Legal", "-o", "out").exit_code == 0
    bad = workspace / "back.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    result = cli("clearance", "absorb", CASE, str(bad))
    assert result.exit_code == 1
    assert "back.docx: refused: not a DOCX file" in result.stderr
    assert "Traceback" not in result.output
