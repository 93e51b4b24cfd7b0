"""The official's decisions on candidate questions: accept, reject, edit, merge.

Each operation reads `debate.yaml` (and `letter.yaml`) with ruamel's round-trip
loader, changes only what it must (comments and order are kept), checks the result
still validates, and writes it back atomically. Accepting a question gives the
letter a section answering it; rejecting one removes that section only while it is
still the untouched skeleton. Every decision can be undone and redone (`undo`, `redo`):
the files go back to how they were before it; one that fails changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import atomic
from ..errors import InputError, Problem
from ..loading import load_doc, validate
from ..models import Debate, Letter, Question
from ..quotation import TRANSCRIPT_FILE, is_paraphrase, join_passages
from ..yamlio import dump_yaml, load_yaml
from .letterskel import section_for
from .text import sentences


def load_debate(path: Path) -> Debate:
    """Read and validate one `debate.yaml`."""
    debate, _, problems = load_doc(path, Debate)
    if debate is None:
        raise InputError(problems)
    return debate


class QuestionReview:
    """A case's debate and letter, open for the official's decisions on questions.

    Given `letter_data` (the TUI's draft of the letter), changes to the letter stay in
    `letter_data` for the caller to apply to its draft; otherwise letter.yaml is written.
    """

    def __init__(self, folder: Path, letter_data: Any = None) -> None:
        self.folder = folder
        self.debate_path = folder / "debate.yaml"
        self.letter_path = folder / "letter.yaml"
        self.debate_data: Any = load_yaml(self.debate_path)
        self.owns_letter = letter_data is None
        if letter_data is not None:
            self.letter_data: Any = copy.deepcopy(letter_data)
        else:
            self.letter_data = load_yaml(self.letter_path) if self.letter_path.is_file() else None
        self.letter_changed = False
        self.debate = self._check(Debate, self.debate_data, self.debate_path)
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    @staticmethod
    def _check(model: type[Any], data: Any, path: Path) -> Any:
        obj, problems = validate(model, data, path)
        if obj is None:
            raise InputError(problems)
        return obj

    def _entry(self, qid: str) -> CommentedMap:
        for entry in self.debate_data.get("questions") or []:
            if entry.get("id") == qid:
                return entry
        raise InputError([Problem(self.debate_path, None, "questions", f"no question `{qid}`")])

    def question(self, qid: str) -> Question:
        return next(q for q in self._save_check().questions if q.id == qid)

    def _save_check(self) -> Debate:
        self.debate = self._check(Debate, self.debate_data, self.debate_path)
        return self.debate

    def _sections(self) -> CommentedSeq:
        if self.letter_data is None:
            raise InputError([Problem(self.letter_path, None, "", "file is missing")])
        if self.letter_data.get("sections") is None:
            self.letter_data["sections"] = CommentedSeq()
        return self.letter_data["sections"]

    def _save(self, *, letter: bool) -> None:
        self._save_check()
        texts = {self.debate_path: dump_yaml(self.debate_data)}
        if letter and self.letter_data is not None:
            self._check(Letter, self.letter_data, self.letter_path)
            self.letter_changed = True
            if self.owns_letter:
                texts[self.letter_path] = dump_yaml(self.letter_data)
        for path, text in texts.items():
            atomic.write_text(path, text)

    def _state(self, what: str) -> _Step:
        debate, letter = copy.deepcopy(self.debate_data), copy.deepcopy(self.letter_data)
        return _Step(what, debate, letter, self.letter_changed)

    def _restore(self, step: _Step) -> None:
        self.debate_data, self.letter_data = step.debate_data, step.letter_data
        self.letter_changed = step.letter_changed
        self._save_check()

    @contextmanager
    def _decision(self, what: str) -> Iterator[None]:
        """One undoable decision; if it fails (bad input, a write refused) nothing changes."""
        before = self._state(what)
        try:
            yield
        except BaseException:
            self._restore(before)
            raise
        self._undo.append(before)
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str | None:
        """Take back the last decision (files included); say which it was, None if none."""
        return self._step(self._undo, self._redo)

    def redo(self) -> str | None:
        """Make the last undone decision again; say which it was, None if none."""
        return self._step(self._redo, self._undo)

    def _step(self, source: list[_Step], dest: list[_Step]) -> str | None:
        if not source:
            return None
        step = source[-1]
        texts = {self.debate_path: dump_yaml(step.debate_data)}
        if self.owns_letter and step.letter_data is not None:
            texts[self.letter_path] = dump_yaml(step.letter_data)
        for path, text in texts.items():  # first, so that a refused write changes nothing
            atomic.write_text(path, text)
        source.pop()
        dest.append(self._state(step.what))
        self._restore(step)
        return step.what

    def accept(self, qid: str) -> None:
        """Confirm a candidate; the letter gets a section answering it if it has none."""
        with self._decision(f"{qid} accepted"):
            self._accept(qid)

    def _accept(self, qid: str) -> None:
        self._entry(qid)["status"] = "accepted"
        question = self.question(qid)
        added = False
        if self.letter_data is not None:
            sections = self._sections()
            if not any(qid in (s.get("answers") or []) for s in sections):
                sections.append(CommentedMap(section_for(question, self.letter_data.get("to"))))
                added = True
        self._save(letter=added)

    def reject(self, qid: str) -> None:
        """Set a candidate aside; a skeleton section for it goes, an edited one blocks this."""
        with self._decision(f"{qid} rejected"):
            self._reject(qid)

    def _reject(self, qid: str) -> None:
        entry = self._entry(qid)
        question = self.question(qid)
        removed = False
        if self.letter_data is not None:
            sections = self._sections()
            for i, section in enumerate(list(sections)):
                if qid not in (section.get("answers") or []):
                    continue
                if self._is_skeleton(section, question):
                    del sections[i]
                    removed = True
                else:
                    raise InputError(
                        [
                            Problem(
                                self.letter_path,
                                None,
                                f"sections[{i}]",
                                f"this section answers `{qid}` and has been written; "
                                "take the question out of it first",
                            )
                        ]
                    )
        entry["status"] = "rejected"
        self._save(letter=removed)

    def _is_skeleton(self, section: Any, question: Question) -> bool:
        fresh = section_for(question, self.letter_data.get("to"))
        return (
            list(section.get("answers") or []) == [question.id]
            and [dict(b) for b in section.get("blocks") or []] == fresh["blocks"]
        )

    def edit(self, qid: str, text: str) -> None:
        """Reword a question (the source excerpt is kept, so it still traces to Hansard).

        A section still as the skeleton wrote it is rewritten for the new wording: a
        paraphrase is then reported, no longer quoted.
        """
        if not text.strip():
            raise InputError([Problem(self.debate_path, None, "text", "a question needs text")])
        with self._decision(f"{qid} reworded"):
            before = self.question(qid)
            self._entry(qid)["text"] = " ".join(text.split())
            self._save(letter=self._refresh_skeletons([before], self.question(qid)))

    def merge(self, keep: str, others: list[str]) -> None:
        """Fold `others` into `keep`, in debate order: texts and excerpts joined, one decision.

        The merged question takes the place (and column and paragraph) of the earliest
        one; it stays accepted if any of them was. Letter references move to `keep`, and
        skeleton sections of the merged questions become one, quoting the merged words.
        """
        folded = [o for o in dict.fromkeys(others) if o != keep]
        if folded:
            with self._decision(f"{', '.join(folded)} merged into {keep}"):
                self._merge(keep, folded)

    def _merge(self, keep: str, others: list[str]) -> None:
        entries: CommentedSeq = self.debate_data["questions"]
        target = self._entry(keep)
        folded = [self._entry(o) for o in others]
        before = [self.question(e["id"]) for e in [target, *folded]]
        position = {id(e): i for i, e in enumerate(entries)}
        order = sorted([target, *folded], key=lambda e: position[id(e)])
        paraphrased = any(is_paraphrase(q) for q in before)
        recorded = any(e.get("excerpt") for e in order)
        text, excerpt = str(order[0]["text"]), str(order[0].get("excerpt") or order[0]["text"])
        for entry in order[1:]:
            excerpt = join_passages(excerpt, str(entry.get("excerpt") or entry["text"]))
            text = (
                f"{text} {entry['text']}"
                if paraphrased
                else join_passages(text, str(entry["text"]), excerpt)
            )
        statuses = {str(e.get("status") or "accepted") for e in order}
        first = order[0]
        target["text"] = text
        if recorded:
            target["excerpt"] = excerpt
        for key in ("column", "paragraph", "kind"):
            if first is not target and key in first:
                target[key] = first[key]
        target["status"] = next(s for s in ("accepted", "proposed", "rejected") if s in statuses)
        merged = list(target.get("merged_from") or [])
        for entry in folded:
            merged += [entry["id"], *list(entry.get("merged_from") or [])]
        target["merged_from"] = merged
        chosen = {id(e) for e in order}
        at = sum(1 for e in entries[: position[id(first)]] if id(e) not in chosen)
        for entry in order:
            del entries[next(i for i, e in enumerate(entries) if e is entry)]
        entries.insert(at, target)
        gone = {e["id"] for e in folded}
        moved = False
        if self.letter_data is not None:
            for section in self._sections():
                answers = list(section.get("answers") or [])
                if gone & set(answers):
                    kept = [a for a in answers if a not in gone]
                    section["answers"] = kept if keep in kept else [*kept, keep]
                    moved = True
        refreshed = self._refresh_skeletons(before, self.question(keep))
        self._save(letter=moved or refreshed)

    def _refresh_skeletons(self, before: list[Question], after: Question) -> bool:
        """Sections still as the skeleton wrote them for `before` now cite `after`.

        A question keeps one section: a skeleton beside another section answering the
        same question goes. Returns whether the letter changed.
        """
        if self.letter_data is None:
            return False
        addressee = self.letter_data.get("to")
        stale = [section_for(q, addressee)["blocks"] for q in before]
        fresh: Any = section_for(after, addressee)["blocks"]
        sections = self._sections()
        skeletons: list[Any] = []  # the round-trip YAML's sections
        written = False
        for section in sections:
            if after.id not in (section.get("answers") or []):
                continue
            blocks = [dict(b) for b in section.get("blocks") or []]
            if list(section.get("answers")) == [after.id] and (blocks in stale or blocks == fresh):
                skeletons.append(section)
            else:
                written = True
        if not skeletons:
            return False
        keep: Any = None if written else skeletons[0]
        changed = False
        for skeleton in skeletons:
            if skeleton is not keep:
                del sections[next(i for i, s in enumerate(sections) if s is skeleton)]
                changed = True
            elif [dict(b) for b in skeleton.get("blocks") or []] != fresh:
                skeleton["blocks"] = CommentedSeq([CommentedMap(b) for b in fresh])
                changed = True
        return changed


@dataclass(frozen=True)
class _Step:
    """The files' state before decision `what`, to go back to."""

    what: str
    debate_data: Any
    letter_data: Any
    letter_changed: bool


@dataclass(frozen=True, order=True)
class Mark:
    """Where a candidate question sits in a paragraph of the transcript."""

    start: int
    end: int
    question: str
    status: str


@dataclass(frozen=True)
class Passage:
    """One paragraph of the record with its candidates marked."""

    pid: str
    text: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class SpeechView:
    """One speech (or unattributed block) of the record, for the debate view."""

    speaker: str | None
    name: str | None
    column: str | None
    passages: tuple[Passage, ...]


def _span(text: str, question: Question) -> tuple[int, int]:
    """Where `question` came from in its paragraph: its own words, else its source sentence."""
    for probe in (question.text, *reversed([s.text for s in sentences(question.excerpt or "")])):
        at = text.find(probe) if probe else -1
        if at >= 0:
            return at, at + len(probe)
    return 0, len(text)


def transcript_view(folder: Path, debate: Debate) -> list[SpeechView]:
    """The imported record with every candidate question marked; empty if none was kept."""
    path = folder / TRANSCRIPT_FILE
    if not path.is_file():
        return []
    data = load_yaml(path) or {}
    by_paragraph: dict[str, list[Question]] = {}
    for q in debate.questions:
        if q.paragraph:
            by_paragraph.setdefault(q.paragraph, []).append(q)
    out: list[SpeechView] = []
    for speech in data.get("speeches") or []:
        passages = []
        for para in speech.get("paragraphs") or []:
            pid, text = str(para.get("pid", "")), str(para.get("text", ""))
            marks = sorted(Mark(*_span(text, q), q.id, q.status) for q in by_paragraph.get(pid, []))
            passages.append(Passage(pid, text, tuple(marks)))
        column = speech.get("column")
        out.append(
            SpeechView(
                speech.get("speaker"),
                speech.get("name"),
                str(column) if column is not None else None,
                tuple(passages),
            )
        )
    return out
