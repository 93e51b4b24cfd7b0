"""Editing operations on a letter's round-trip YAML: pure, comment-keeping, undoable."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED_CASE
from draftkit import editing
from draftkit.loading import validate
from draftkit.models import Letter
from draftkit.workspace import load_case
from draftkit.yamlio import dump_yaml, load_yaml, parse_yaml


def seed_data():  # type: ignore[no-untyped-def]
    return load_yaml(SEED_CASE / "letter.yaml")


def as_letter(data) -> Letter:  # type: ignore[no-untyped-def]
    letter, problems = validate(Letter, data, "letter.yaml")
    assert letter is not None, problems
    return letter


def test_operations_return_copies_and_leave_the_input_alone() -> None:
    data = seed_data()
    before = dump_yaml(data)
    editing.remove_block(data, 0, 0)
    editing.insert_block(data, 1, 0, editing.text_block("Hello"))
    editing.set_library(data, "both")
    assert dump_yaml(data) == before


def test_insert_snippet_pins_version_and_keeps_declared_params_only() -> None:
    case = load_case(SEED_CASE)
    snip = case.workspace.snippets["offender-prevention-partners"]
    block = editing.snippet_block(snip, {"callers": "3885", "bogus": "x"})
    assert block["snippet"] == f"offender-prevention-partners@{snip.meta.version}"
    assert dict(block["params"]) == {"callers": "3885"}
    assert editing.unfilled_params(snip, block["params"]) == ["since"]
    assert editing.unfilled_params(snip, {"callers": "1", "since": "May"}) == []


def test_move_block_crosses_section_edges_and_stops_at_the_ends() -> None:
    data = seed_data()
    first = dict(data["sections"][1]["blocks"][0])
    moved, s, b = editing.move_block(data, 1, 0, -1)
    assert (s, b) == (0, len(data["sections"][0]["blocks"]))
    assert dict(moved["sections"][0]["blocks"][-1]) == first
    back, s2, b2 = editing.move_block(moved, s, b, +1)
    assert (s2, b2) == (1, 0)
    assert dump_yaml(back) == dump_yaml(data)
    same, s3, b3 = editing.move_block(data, 0, 0, -1)
    assert same is data and (s3, b3) == (0, 0)


def test_prose_is_folded_like_a_person_writes_it_and_round_trips() -> None:
    text = " ".join(["word"] * 60)
    data = editing.set_text(seed_data(), 0, 0, text)
    dumped = dump_yaml(data)
    assert "- text: >-" in dumped
    assert max(len(line) for line in dumped.splitlines()) < 110
    assert as_letter(parse_yaml(dumped, "x")).sections[0].blocks[0].text == text
    two = editing.set_text(data, 0, 0, "One.\n\nTwo.")
    assert as_letter(parse_yaml(dump_yaml(two), "x")).sections[0].blocks[0].text == "One.\n\nTwo."


def test_comments_survive_edits() -> None:
    data = editing.set_library(seed_data(), "both")
    assert dump_yaml(data).startswith("# Reply to Lord Rosser")


def test_add_section_and_question_states() -> None:
    case = load_case(SEED_CASE)
    data = seed_data()
    for sec in data["sections"]:
        sec["blocks"] = []
    states = editing.question_states(as_letter(data), case.debate)
    assert [s.answered for s in states] == [False, False]
    assert editing.unanswered_count(states) == 2
    data2, idx = editing.add_section(data, ["taxi-cross-border"], "Taxis")
    data2 = editing.insert_block(data2, idx, 0, editing.text_block("On taxis."))
    states = editing.question_states(as_letter(data2), case.debate)
    assert [s.answered for s in states] == [False, True]
    assert states[1].sections == (1, 2)


def test_distribution_edits() -> None:
    speakers = ["baroness-cox", "lord-pickles"]
    data = seed_data()
    data = editing.remove_copy(data, "lord-pickles", speakers)
    letter = as_letter(data)
    assert letter.distribution.exclude == ["lord-pickles"]
    data = editing.add_copy(data, "lord-pickles")
    assert as_letter(data).distribution.exclude == []
    data = editing.add_copy(data, "viscount-falkland")
    assert as_letter(data).distribution.copies == ["speakers", "viscount-falkland"]
    data = editing.set_copy_speakers(data, False)
    assert as_letter(data).distribution.copies == ["viscount-falkland"]
    data = editing.remove_copy(data, "viscount-falkland", speakers)
    assert as_letter(data).distribution.copies == []
    data = editing.set_library(data, "both")
    assert as_letter(data).distribution.library == "both"


def test_history_undo_redo_and_typing_merges() -> None:
    a = seed_data()
    h = editing.History.start(a)
    b = editing.set_text(a, 0, 0, "x")
    c = editing.set_text(b, 0, 0, "xy")
    h.push(b, key="t")
    h.push(c, key="t")
    assert h.pos == 1 and h.current is c
    assert h.undo() is a
    assert h.undo() is None
    assert h.redo() is c
    d = editing.set_library(c, "none")
    h.undo()
    h.push(d)
    assert not h.can_redo and h.current is d


def test_set_params_drops_empty_values(tmp_path: Path) -> None:
    data = seed_data()
    data = editing.set_params(data, 0, 3, {"callers": "12", "since": " "})
    assert dict(data["sections"][0]["blocks"][3]["params"]) == {"callers": "12"}
    data = editing.set_params(data, 0, 3, {})
    assert "params" not in data["sections"][0]["blocks"][3]
