"""Editing a letter: pure operations on its round-trip YAML, and an undo/redo history.

Every operation takes the parsed `letter.yaml` (ruamel's round-trip maps, so comments
and key order survive a save) and returns a changed deep copy; the input is never
touched, so earlier states can sit in the `History` unchanged. The TUI calls these;
they know nothing of Textual.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from .models import Debate, Letter, Member, Question
from .quotation import section_answers
from .snippets import Snippet

#: Prose longer than this is folded over several lines in letter.yaml, as people write it.
FOLD_WIDTH = 86

LetterData = CommentedMap


@dataclass(frozen=True)
class QuestionState:
    """A debate question and where the letter answers it (sections with at least one block)."""

    question: Question
    sections: tuple[int, ...]
    answered: bool
    not_answered_reason: str | None = None


def question_states(
    letter: Letter, debate: Debate, members: Mapping[str, Member] | None = None
) -> list[QuestionState]:
    """Each accepted question of the debate: answered when a section naming it says more than
    the question itself (`quotation.has_body`: a snippet, or prose beyond a restatement).

    Candidates an import proposed (or the official rejected) wait in the debate view.
    `members` lets a restatement name its member ("Lord Blunkett asked ...") in words.
    """
    by_id = {q.id: q for q in debate.questions}
    out = []
    for q in debate.questions:
        if q.status != "accepted":
            continue
        idx = tuple(i for i, s in enumerate(letter.sections) if q.id in s.answers)
        answered = any(section_answers(letter.sections[i], by_id, members) for i in idx)
        out.append(QuestionState(q, idx, answered, letter.not_answered.get(q.id)))
    return out


def unanswered_count(states: Sequence[QuestionState]) -> int:
    """Questions neither answered nor explicitly marked as not answered."""
    return sum(1 for s in states if not s.answered and s.not_answered_reason is None)


def unfilled_params(snippet: Snippet, params: Mapping[str, object]) -> list[str]:
    """The snippet's placeholders that have no value yet, in declaration order."""
    names = [*snippet.meta.params, *sorted(snippet.used_params - set(snippet.meta.params))]
    return [n for n in names if str(params.get(n, "")).strip() == ""]


def insert_warning(snippet: Snippet, on: dt.date) -> str | None:
    """Why inserting `snippet` in a letter dated `on` needs a second thought, if it does."""
    meta = snippet.meta
    state = snippet.state(on)
    if state == "withdrawn":
        return f"`{meta.id}` has been withdrawn by {meta.owner}: it is no longer a cleared line."
    if state == "expired":
        return (
            f"`{meta.id}` was due for review by {meta.review_by}; the letter is dated {on}. "
            f"Check with {meta.owner} that it still stands."
        )
    if state == "draft":
        return f"`{meta.id}` is a draft: {meta.owner} has not cleared it yet."
    return None


def prose_scalar(text: str) -> str:
    """Prose as letter.yaml should hold it: folded (`>-`) lines, or literal if it has breaks."""
    text = text.strip("\n")
    if "\n" in text:
        return LiteralScalarString(text)
    if len(text) <= FOLD_WIDTH:
        return text
    folded = FoldedScalarString(text)
    folded.fold_pos = _fold_positions(text, FOLD_WIDTH)
    return folded


def _fold_positions(text: str, width: int) -> list[int]:
    """Indexes of the spaces to break at so no line is longer than `width` (where possible)."""
    spaces = [i for i, ch in enumerate(text) if ch == " " and 0 < i < len(text) - 1]
    out: list[int] = []
    start = 0
    for n, pos in enumerate(spaces):
        nxt = spaces[n + 1] if n + 1 < len(spaces) else len(text)
        # Break here if the next word would push the line past the width; never break
        # before a second space (YAML folding would lose it).
        if nxt - start > width and pos - start > 0 and text[pos - 1] != " ":
            out.append(pos)
            start = pos + 1
    return out


def snippet_block(snippet: Snippet, params: Mapping[str, str] | None = None) -> CommentedMap:
    """A block citing `snippet` pinned to its current version, so the record says what went out."""
    block = CommentedMap(snippet=f"{snippet.id}@{snippet.meta.version}")
    if snippet.meta.params:
        block["params"] = CommentedMap(
            (k, str(params[k])) for k in snippet.meta.params if params and params.get(k)
        )
    return block


def text_block(text: str = "") -> CommentedMap:
    return CommentedMap(text=prose_scalar(text))


def _sections(data: LetterData) -> CommentedSeq:
    if not isinstance(data.get("sections"), list):
        data["sections"] = CommentedSeq()
    return data["sections"]


def _blocks(data: LetterData, section: int) -> CommentedSeq:
    sec = _sections(data)[section]
    if not isinstance(sec.get("blocks"), list):
        sec["blocks"] = CommentedSeq()
    return sec["blocks"]


def add_section(
    data: LetterData, question_ids: Sequence[str], title: str | None = None
) -> tuple[LetterData, int]:
    """Append a section answering `question_ids`; returns the new data and its index."""
    new = copy.deepcopy(data)
    sec = CommentedMap()
    if title:
        sec["title"] = title
    answers = CommentedSeq(question_ids)
    answers.fa.set_flow_style()
    sec["answers"] = answers
    sec["blocks"] = CommentedSeq()
    sections = _sections(new)
    sections.append(sec)
    return new, len(sections) - 1


def set_section_title(data: LetterData, section: int, title: str) -> LetterData:
    new = copy.deepcopy(data)
    sec = _sections(new)[section]
    if title.strip():
        sec["title"] = title.strip()
    elif "title" in sec:
        del sec["title"]
    return new


def remove_section(data: LetterData, section: int) -> LetterData:
    new = copy.deepcopy(data)
    del _sections(new)[section]
    return new


def insert_block(
    data: LetterData, section: int, index: int, block: Mapping[str, Any]
) -> LetterData:
    """Insert `block` at `index` (clamped to the section's length) in `section`."""
    new = copy.deepcopy(data)
    blocks = _blocks(new, section)
    blocks.insert(max(0, min(index, len(blocks))), copy.deepcopy(block))
    return new


def remove_block(data: LetterData, section: int, index: int) -> LetterData:
    new = copy.deepcopy(data)
    del _blocks(new, section)[index]
    return new


def move_block(
    data: LetterData, section: int, index: int, delta: int
) -> tuple[LetterData, int, int]:
    """Move a block one place up (-1) or down (+1); past a section's edge it joins the next.

    Returns the new data and the block's new (section, index); at the letter's very top
    or bottom nothing changes.
    """
    sections = _sections(data)
    count = len(sections[section].get("blocks") or [])
    target_sec, target_idx = section, index + delta
    if target_idx < 0 or target_idx >= count:
        target_sec = section + delta
        if not 0 <= target_sec < len(sections):
            return data, section, index
        target_idx = len(sections[target_sec].get("blocks") or []) if delta < 0 else 0
    new = copy.deepcopy(data)
    block = _blocks(new, section).pop(index)
    _blocks(new, target_sec).insert(target_idx, block)
    return new, target_sec, target_idx


def set_text(data: LetterData, section: int, index: int, text: str) -> LetterData:
    """Replace a prose block's text."""
    new = copy.deepcopy(data)
    _blocks(new, section)[index]["text"] = prose_scalar(text)
    return new


def set_params(data: LetterData, section: int, index: int, params: Mapping[str, str]) -> LetterData:
    """Set a snippet block's parameters; empty values are left out (and so reported unfilled)."""
    new = copy.deepcopy(data)
    block = _blocks(new, section)[index]
    filled = CommentedMap((k, v) for k, v in params.items() if str(v).strip())
    if filled:
        block["params"] = filled
    elif "params" in block:
        del block["params"]
    return new


def _distribution(data: LetterData) -> CommentedMap:
    if not isinstance(data.get("distribution"), dict):
        data["distribution"] = CommentedMap()
    return data["distribution"]


def _copies(dist: CommentedMap) -> list[str]:
    value = dist.get("copies")
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _set_list(dist: CommentedMap, key: str, items: list[str]) -> None:
    if not items:
        dist.pop(key, None)
    elif key == "copies" and items == ["speakers"]:
        dist[key] = "speakers"
    else:
        seq = CommentedSeq(items)
        seq.fa.set_flow_style()
        dist[key] = seq


def set_library(data: LetterData, library: str) -> LetterData:
    """Which House Library gets a copy: lords, commons, both or none."""
    new = copy.deepcopy(data)
    _distribution(new)["library"] = library
    return new


def set_copy_speakers(data: LetterData, on: bool) -> LetterData:
    """Copy (or stop copying) the letter to everyone who spoke in the debate."""
    new = copy.deepcopy(data)
    dist = _distribution(new)
    copies = [c for c in _copies(dist) if c != "speakers"]
    _set_list(dist, "copies", (["speakers"] if on else []) + copies)
    return new


def add_copy(data: LetterData, member_id: str) -> LetterData:
    """Send a copy to a member: lift an exclusion, or name them in `copies`."""
    new = copy.deepcopy(data)
    dist = _distribution(new)
    exclude = [e for e in dist.get("exclude") or [] if e != member_id]
    was_excluded = len(exclude) != len(dist.get("exclude") or [])
    _set_list(dist, "exclude", exclude)
    copies = _copies(dist)
    if not was_excluded and member_id not in copies:
        _set_list(dist, "copies", [*copies, member_id])
    return new


def remove_copy(data: LetterData, member_id: str, speakers: Sequence[str]) -> LetterData:
    """Stop a member's copy: drop them from `copies`, or exclude them if they came as a speaker."""
    new = copy.deepcopy(data)
    dist = _distribution(new)
    copies = _copies(dist)
    _set_list(dist, "copies", [c for c in copies if c != member_id])
    exclude = list(dist.get("exclude") or [])
    if "speakers" in copies and member_id in speakers and member_id not in exclude:
        _set_list(dist, "exclude", [*exclude, member_id])
    return new


@dataclass
class History:
    """Undo/redo over whole letter states; edits sharing a `key` (typing) merge into one step."""

    states: list[LetterData]
    pos: int = 0
    _last_key: str | None = field(default=None, repr=False)

    @classmethod
    def start(cls, data: LetterData) -> History:
        return cls([data])

    @property
    def current(self) -> LetterData:
        return self.states[self.pos]

    @property
    def can_undo(self) -> bool:
        return self.pos > 0

    @property
    def can_redo(self) -> bool:
        return self.pos < len(self.states) - 1

    def push(self, data: LetterData, key: str | None = None) -> None:
        """Record a new state; drop anything that could have been redone."""
        del self.states[self.pos + 1 :]
        if key is not None and key == self._last_key and self.pos > 0:
            self.states[self.pos] = data
        else:
            self.states.append(data)
            self.pos += 1
        self._last_key = key

    def undo(self) -> LetterData | None:
        if not self.can_undo:
            return None
        self.pos -= 1
        self._last_key = None
        return self.current

    def redo(self) -> LetterData | None:
        if not self.can_redo:
            return None
        self.pos += 1
        self._last_key = None
        return self.current
