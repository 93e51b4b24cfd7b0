"""Clearance rounds with hand-built WordprocessingML of the shapes Word writes.

The seed letter is sent (an anchored DOCX, recorded as round 1); a block of the copy is
then replaced with the XML a reviewer's Word would have written, and absorbed.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from conftest import EXAMPLES
from draftkit import register
from draftkit.checks import run_checks
from draftkit.clearance import wordml, workflow
from draftkit.clearance.absorb import Absorbed, absorb, commit, rewrite_source
from draftkit.clearance.send import send
from draftkit.clearance.wordml import BlockText, Para, read_docx
from draftkit.errors import InputError
from draftkit.register import workflow as reg
from draftkit.workspace import load_case
from wordml_support import (
    comment_end,
    comment_start,
    dele,
    ins,
    move_from,
    move_to,
    p,
    r,
    replace_block,
    set_modified_by,
    set_part,
    strip_anchors,
    text_of,
    with_comments,
)


@pytest.fixture(scope="module")
def sent_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The example workspace with round 1 of the seed letter sent (done once, copied after)."""
    root = tmp_path_factory.mktemp("clearance") / "ws"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    engine = register.connect(register.database_url(root))
    case = load_case(root / "grooming-gangs-2019")
    data = send(case, "Policy lead", root.parent / "out", engine).path.read_bytes()
    engine.dispose()
    return root, data


@pytest.fixture
def ws(sent_once: tuple[Path, bytes], tmp_path: Path) -> Path:
    return Path(shutil.copytree(sent_once[0], tmp_path / "ws"))


@pytest.fixture
def case_dir(ws: Path) -> Path:
    return ws / "grooming-gangs-2019"


@pytest.fixture
def engine(ws: Path) -> Iterator[Engine]:
    engine = register.connect(register.database_url(ws))
    yield engine
    engine.dispose()


@pytest.fixture
def sent(sent_once: tuple[Path, bytes]) -> bytes:
    """Round 1 of the seed letter, as sent."""
    return sent_once[1]


def take(
    case_dir: Path, engine: Engine, data: bytes, name: str = "back.docx", **kw: str
) -> Absorbed:
    """Absorb a returned file for real (letter.yaml written, the return recorded)."""
    case = load_case(case_dir)
    result = absorb(case, data, name, engine, **kw)
    commit(case, result, engine)
    return result


def split(text: str, *cuts: str) -> list[str]:
    """`text` as Word's runs: cut before each of `cuts`."""
    parts, rest = [], text
    for cut in cuts:
        at = rest.index(cut)
        parts.append(rest[:at])
        rest = rest[at:]
    return [*parts, rest]


def letter(case_dir: Path) -> str:
    return (case_dir / "letter.yaml").read_text("utf-8")


def words(text: str) -> str:
    """Text with its line folding undone, to look for phrases in letter.yaml."""
    return " ".join(text.split())


def test_sent_copy_carries_an_anchor_per_block_and_is_kept(sent: bytes, engine: Engine) -> None:
    back = read_docx(sent, "sent")
    assert back.round == 1 and back.anchored
    blocks = back.blocks()
    assert sorted(blocks) == [(1, b) for b in range(1, 10)] + [(2, 1), (2, 2)]
    assert blocks[(1, 1)].after[0].startswith("During a debate on Tuesday 14 May")
    assert len(blocks[(1, 6)].after) == 2  # a two-paragraph snippet is one block
    (round1,) = reg.rounds(engine, "MC2019-05-30-rosser")
    assert (round1.round, round1.to) == (1, "Policy lead")
    assert reg.sent_copy(engine, "MC2019-05-30-rosser", 1) == sent
    assert not back.paragraphs[-1].place  # the signature is no block


def test_tracked_edit_in_split_runs_lands_in_letter_yaml(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    original = text_of(sent, "dk_s1_b1")
    head, mid, tail = split(original, "Government's response", "to an oral question")
    xml = p(
        *[
            r(t, rsid)
            for t, rsid in zip(split(head, "you asked", "looking at"), "ABC", strict=True)
        ],
        r("Government's "),
        dele("response"),
        ins("answer"),
        r(" "),
        r(tail, "00FF0011"),
    )
    assert mid == "Government's response "
    result = take(case_dir, engine, replace_block(sent, "dk_s1_b1", xml))
    (change,) = result.changes
    assert (change.section, change.block, change.kind, change.status) == (1, 1, "prose", "applied")
    assert (change.author, change.date) == ("Legal Adviser", "2026-06-02T09:30:00Z")
    assert "Government's response" in change.before and "Government's answer" in change.after
    text = letter(case_dir)
    assert "Government's answer to an oral question" in text
    # The placeholder the reviewer saw as "Tuesday 14 May", and the file's comments, are kept.
    assert "During a debate on {{ debate.date | weekday_date }}" in text
    assert text.startswith("# Reply to Lord Rosser")
    assert load_case(case_dir).letter.sections[0].blocks[0].text is not None


def test_a_paragraph_wholly_inside_w_ins_is_kept(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    original = text_of(sent, "dk_s1_b5")
    new_para = "We will write again when the work is complete."
    xml = (
        p(r(original))
        + '<w:ins w:id="7" w:author="Press Office" w:date="2026-06-03T10:00:00Z">'
        + f"{p(r(new_para))}</w:ins>"
    )
    result = take(case_dir, engine, replace_block(sent, "dk_s1_b5", xml))
    (change,) = result.changes
    assert change.after == f"{original}\n\n{new_para}"
    assert change.author == "Press Office"
    block = load_case(case_dir).letter.sections[0].blocks[4]
    assert block.text is not None and block.text.endswith(new_para)


def test_a_new_paragraph_word_style_and_a_split_paragraph(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    """Enter pressed in Word: the first paragraph's mark is inserted (joined when as sent)."""
    original = text_of(sent, "dk_s2_b1")
    first, second = split(original, "which I have taken")
    xml = p(r(first.rstrip()), mark="ins") + p(r(second)) + p(ins("A third paragraph."), mark="ins")
    result = take(case_dir, engine, replace_block(sent, "dk_s2_b1", xml))
    (change,) = result.changes
    assert change.status == "applied"
    assert change.after.split("\n\n") == [first.rstrip(), second, "A third paragraph."]
    text = load_case(case_dir).letter.sections[1].blocks[0].text or ""
    assert "{{ members['lord-blunkett'].in_text }}" in text  # kept through the split
    assert text.count("\n\n") == 2


def test_paragraph_marks_in_each_view() -> None:
    """A deleted mark joins in the accepted text; an inserted one joins in the text as sent."""
    joined = BlockText.of(
        [
            Para((1, 1), "body", "One.", "One.", mark_deleted=True),
            Para((1, 1), "body", " Two.", " Two."),
        ]
    )
    assert joined.before == ("One.", "Two.") and joined.after == ("One. Two.",)
    split_ = BlockText.of(
        [
            Para((1, 1), "body", "One.", "One.", mark_inserted=True),
            Para((1, 1), "body", " Two.", " Two."),
        ]
    )
    assert split_.before == ("One. Two.",) and split_.after == ("One.", "Two.")


def test_a_move_between_prose_blocks(case_dir: Path, engine: Engine, sent: bytes) -> None:
    moved = (
        "I apologise that the Government's response to the question on 18 October conflated "
        "these activities, and I will take this opportunity to provide an update on all of these."
    )
    b2 = text_of(sent, "dk_s1_b2")
    assert b2.endswith(moved)
    b5 = text_of(sent, "dk_s1_b5")
    doc = replace_block(sent, "dk_s1_b2", p(r(b2[: -len(moved)]), move_from(moved)))
    doc = replace_block(doc, "dk_s1_b5", p(r(b5 + " "), move_to(moved)))
    result = take(case_dir, engine, doc)
    assert [(c.block, c.status) for c in result.changes] == [(2, "applied"), (5, "applied")]
    blocks = load_case(case_dir).letter.sections[0].blocks
    assert moved not in " ".join((blocks[1].text or "").split())
    assert " ".join((blocks[4].text or "").split()).endswith(moved)


def test_an_edit_inside_a_snippet_needs_a_decision(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    before = letter(case_dir)
    original = text_of(sent, "dk_s1_b3")
    old = "help ensure"
    head, tail = original.split(old)
    xml = p(r(head), dele(old), ins("ensure"), r(tail))
    result = take(case_dir, engine, replace_block(sent, "dk_s1_b3", xml))
    (change,) = result.changes
    assert (change.kind, change.status) == ("snippet", "needs_decision")
    assert letter(case_dir) == before  # an approved line is never reworded
    case = load_case(case_dir)
    status = workflow.status(engine, case)
    assert [(d["section"], d["block"], d["snippet"], d["status"]) for d in status["decisions"]] == [
        (1, 3, "online-advertising-working-group@2", "needs_decision")
    ]


def test_departing_from_a_line_is_reported_for_its_owner(case_dir: Path) -> None:
    path = case_dir / "letter.yaml"
    text = path.read_text("utf-8").replace(
        "      - snippet: online-advertising-working-group@2\n",
        "      - text: The working group has considered what further analysis is needed.\n"
        "        departs_from: online-advertising-working-group@2\n"
        "        reason: the lawyers asked for the shorter wording\n",
    )
    path.write_text(text, "utf-8")
    findings = [f for f in run_checks(load_case(case_dir)) if f.code == "snippet.departed"]
    (f,) = findings
    assert f.severity == "warning" and (f.section, f.block) == (0, 2)  # findings count from 0
    assert "online-advertising-working-group@2" in f.message and "lawyers" in f.message
    path.write_text(
        text.replace("        reason: the lawyers asked for the shorter wording\n", ""), "utf-8"
    )
    with pytest.raises(InputError, match="reason"):
        load_case(case_dir)


def test_comments_with_their_blocks_even_across_paragraphs(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    b1, b2 = text_of(sent, "dk_s1_b1"), text_of(sent, "dk_s1_b2")
    head, tail = split(b1, "18 October 2018.")
    first, rest = split(b2, " During his speech")
    doc = replace_block(sent, "dk_s1_b1", p(r(head), comment_start(3), r(tail)))
    doc = replace_block(
        doc, "dk_s1_b2", p(r(first), comment_end(3), r(rest), comment_start(4), comment_end(4))
    )
    doc = with_comments(
        doc, [(3, "Special Adviser", "Is this date right?"), (4, "Press Office", "Add a line?")]
    )
    result = take(case_dir, engine, doc)
    assert not result.changes
    spanning, point = result.comments
    assert (spanning.author, spanning.section, spanning.block) == ("Special Adviser", 1, 1)
    assert (
        spanning.quoted
        == "18 October 2018. First, I must clarify that there is no working group looking at "
        "group-based CSE."
    )
    assert spanning.date == "2026-06-02T09:30:00Z"
    assert (point.text, point.section, point.block, point.quoted) == ("Add a line?", 1, 2, "")
    listed = workflow.status(engine, load_case(case_dir))["comments"]
    assert [(c["author"], c["section"], c["block"], c["resolved"]) for c in listed] == [
        ("Special Adviser", 1, 1, False),
        ("Press Office", 1, 2, False),
    ]
    reg.resolve_comment(engine, "MC2019-05-30-rosser", listed[0]["id"], "Private Secretary")
    again = workflow.status(engine, load_case(case_dir))["comments"]
    assert [c["resolved"] for c in again] == [True, False]


def test_untracked_edits_are_found_by_comparison(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    original = text_of(sent, "dk_s2_b1")
    edited = original.replace("also raised the issue", "raised the issue")
    doc = set_modified_by(replace_block(sent, "dk_s2_b1", p(r(edited))), "Press Office")
    result = take(case_dir, engine, doc)
    (change,) = result.changes
    assert (change.section, change.block, change.status, change.author) == (
        2,
        1,
        "applied",
        "Press Office",
    )
    assert "also raised" not in letter(case_dir) and "raised the issue" in letter(case_dir)
    # Named on the command line where the file does not say who edited it.
    assert (
        absorb(load_case(case_dir), doc, "b.docx", engine, author="J. Bloggs").author == "J. Bloggs"
    )


def test_two_reviewers_merge_or_conflict(case_dir: Path, engine: Engine, sent: bytes) -> None:
    b1, b5 = text_of(sent, "dk_s1_b1"), text_of(sent, "dk_s1_b5")
    lawyers = replace_block(sent, "dk_s1_b1", p(r(b1.replace("response", "answer"))))
    press = replace_block(sent, "dk_s1_b5", p(r(b5.replace("several means", "many means"))))
    spad = replace_block(sent, "dk_s1_b1", p(r(b1.replace("response", "reply"))))
    assert take(case_dir, engine, lawyers, "lawyers.docx").changes[0].status == "applied"
    assert take(case_dir, engine, press, "press.docx").changes[0].status == "applied"  # merged
    after_two = letter(case_dir)
    assert "Government's answer" in words(after_two) and "many means" in words(after_two)
    (clash,) = take(case_dir, engine, spad, "spad.docx").changes
    assert (clash.block, clash.status) == (1, "conflict")
    assert letter(case_dir) == after_two  # shown, never guessed
    # The same file again: nothing new, and already applied.
    assert [c.status for c in take(case_dir, engine, lawyers, "lawyers.docx").changes] == [
        "applied"
    ]
    (rnd,) = workflow.status(engine, load_case(case_dir))["rounds"]
    assert rnd["absorbed"] == ["lawyers.docx", "press.docx", "spad.docx"]


def test_what_the_anchors_cannot_place_is_a_conflict(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    doc = set_part(
        sent,
        "word/document.xml",
        read_part(sent).replace(b"Dear Lord Rosser", b"Dear Steve"),
    )
    result = take(case_dir, engine, doc)
    (change,) = result.changes
    assert (change.section, change.block, change.status) == (None, None, "conflict")
    assert change.after == "Dear Steve"


def test_lost_bookmarks_are_placed_by_the_text_sent(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    """Some editors drop bookmarks: paragraphs are then placed by their text as sent."""
    b5 = text_of(sent, "dk_s1_b5")
    doc = replace_block(
        sent, "dk_s1_b5", p(r(b5), dele(" To respond to your questions"), ins(" In answer"))
    )
    result = take(case_dir, engine, strip_anchors(doc))
    (change,) = result.changes
    assert (change.section, change.block, change.status) == (1, 5, "applied")


def read_part(docx: bytes, name: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name)


def _bomb(sent: bytes) -> bytes:
    return set_part(sent, "word/media/huge.bin", b"\0" * 3_000_000)


def _entity(sent: bytes) -> bytes:
    xml = (
        read_part(sent)
        .replace(
            b"<w:document",
            b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document',
            1,
        )
        .replace(b"Dear Lord Rosser", b"Dear &x;")
    )
    return set_part(sent, "word/document.xml", xml)


def _macros(sent: bytes) -> bytes:
    return set_part(sent, "word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda sent: b"%PDF-1.7 not a docx", "not a DOCX"),
        (lambda sent: sent[: len(sent) // 2], "not"),
        (_bomb, "unpacks to"),
        (_entity, "external"),
        (_macros, "macros"),
    ],
    ids=["pdf", "truncated", "zip-bomb", "external-entity", "macros"],
)
def test_hostile_files_are_refused_and_nothing_written(
    case_dir: Path,
    engine: Engine,
    sent: bytes,
    make: object,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The limits scaled down (60 MB unpacked, 1 MB at 200:1), so the bomb stays small here.
    monkeypatch.setattr(wordml, "MAX_TOTAL_BYTES", 2_000_000)
    monkeypatch.setattr(wordml, "MAX_RATIO_FROM", 100_000)
    before = letter(case_dir)
    with pytest.raises(InputError) as caught:
        take(case_dir, engine, make(sent))  # type: ignore[operator]
    assert message in str(caught.value.problems[0])
    assert letter(case_dir) == before
    assert reg.rounds(engine, "MC2019-05-30-rosser")[0].absorbed == ()


def test_signing_then_changing_the_case_sends_it_back_to_drafted(
    case_dir: Path, engine: Engine
) -> None:
    case = load_case(case_dir)
    workflow.approve(engine, case, "Jo Smith", "Policy lead")
    workflow.sign(engine, case, "Baroness Williams of Trafford")
    assert workflow.current(engine, case).state == "signed"
    path = case_dir / "letter.yaml"
    path.write_text(path.read_text("utf-8").replace("helpful.", "useful."), "utf-8")
    changed = load_case(case_dir)
    assert workflow.current(engine, changed).state == "drafted"
    states = [h["state"] for h in workflow.status(engine, changed)["history"]]
    assert states == ["drafted", "in_clearance", "cleared", "signed", "drafted"]


WORD = st.text(alphabet="abcdefghij,.'", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(WORD, min_size=3, max_size=25),
    edits=st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from(["replace", "insert", "delete"]), WORD),
        max_size=4,
    ),
)
def test_rewriting_the_source_gives_the_returned_text(
    words: list[str], edits: list[tuple[int, str, str]]
) -> None:
    """Prose without placeholders or markup takes the reviewer's words exactly."""
    after = list(words)
    for at, kind, word in edits:
        k = at % (len(after) + 1)
        if kind == "insert":
            after.insert(k, word)
        elif after and k < len(after):
            if kind == "replace":
                after[k] = word
            else:
                del after[k]
    source = " ".join(words)
    new = rewrite_source(source, [source], [" ".join(after)] if after else [])
    assert new is None or " ".join(new.split()) == " ".join(after)


def test_a_version_2_register_gains_the_workflow_tables(tmp_path: Path) -> None:
    from sqlalchemy import inspect, text

    from draftkit.register import migrations

    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = register.connect(url)
    with engine.begin() as conn:  # as a register written before clearance rounds
        for table in reversed(migrations.WORKFLOW_TABLES):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("UPDATE schema_version SET version = 2"))
    engine.dispose()
    engine = register.connect(url)
    assert set(migrations.WORKFLOW_TABLES) <= set(inspect(engine).get_table_names())
    reg.record_event(engine, "REF-1", "cleared", by="Jo Smith", role="Policy lead")
    assert [e.state for e in reg.history(engine, "REF-1")] == ["drafted", "cleared"]


def test_a_decision_keeps_the_line_or_departs_from_it(
    case_dir: Path, engine: Engine, sent: bytes
) -> None:
    from draftkit.clearance import decide

    for name, old, new in (("dk_s1_b3", "help ensure", "ensure"), ("dk_s1_b6", "robust", "strong")):
        original = text_of(sent, name)
        head, tail = original.split(old, 1)
        sent = replace_block(sent, name, p(r(head), dele(old), ins(new), r(tail)))
    result = take(case_dir, engine, sent)
    assert [c.status for c in result.changes] == ["needs_decision", "needs_decision"]
    first, second = reg.decisions(engine, "MC2019-05-30-rosser")
    decide.keep(engine, load_case(case_dir), first.id, "Jo Smith")
    decide.depart(engine, load_case(case_dir), second.id, "Jo Smith", "the Minister prefers it")
    case = load_case(case_dir)
    block = case.letter.sections[0].blocks[5]
    assert block.departs_from == "cse-evidence-base@1" and block.reason == "the Minister prefers it"
    assert "a strong and extensive evidence base" in words(block.text or "")
    assert case.letter.sections[0].blocks[2].snippet == "online-advertising-working-group@2"
    assert [d["status"] for d in workflow.status(engine, case)["decisions"]] == ["kept", "departed"]
    assert [f.code for f in run_checks(case) if f.code == "snippet.departed"] == [
        "snippet.departed"
    ]
    with pytest.raises(InputError, match="settled already"):
        decide.keep(engine, case, first.id, "Jo Smith")
