"""Absorbing a returned clearance copy: its changes to each block, and its comments.

Each block is compared three ways: as sent in the round, as it came back (the
accepted text, tracked or not), and as the letter stands now. A prose block the
letter still holds as sent takes the reviewer's text; one the letter already holds as
returned is applied already; one changed since (another reviewer's file, an edit by
hand) is a `conflict`, never guessed. An edit inside a snippet is `needs_decision`:
an approved line is never reworded silently. A change the bookmarks cannot place is a
`conflict` too.

The reviewer's words go into letter.yaml's source text where they can be found there
(so placeholders and Markdown around them are kept); where not, the block takes the
accepted text whole. Either way the block must then render as returned.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from sqlalchemy import Engine

from ..compose import compose
from ..draft import Draft
from ..editing import LetterData, set_text
from ..errors import InputError, Problem
from ..register import workflow as reg
from ..workspace import Case
from ..yamlio import dump_yaml
from .anchors import BlockAnchors, Place
from .wordml import BlockText, Returned, normalise, read_docx

Status = Literal["applied", "needs_decision", "conflict"]
_ROUND_IN_NAME = re.compile(r"-clearance-(\d+)(?:\D|$)")
#: Paragraph break inside a block's words, when rewriting its source.
_PARA = "\u00b6"


@dataclass(frozen=True)
class Change:
    """One block's change as the contract reports it (sections and blocks from 1)."""

    section: int | None
    block: int | None
    kind: Literal["prose", "snippet"]
    author: str
    date: str
    before: str
    after: str
    status: Status

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Absorbed:
    """What a returned file holds, and what absorbing it would write."""

    round: int
    file: str
    sha256: str
    author: str | None
    changes: list[Change]
    comments: list[reg.CommentRecord]
    decisions: list[reg.DecisionRecord]
    old_text: str
    new_data: LetterData | None = None
    repeated: bool = False
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "changes": [c.as_dict() for c in self.changes],
            "comments": [
                {
                    "author": c.author,
                    "date": c.date,
                    "text": c.text,
                    "quoted": c.quoted,
                    "section": c.section,
                    "block": c.block,
                }
                for c in self.comments
            ],
        }

    def diff(self, path: str) -> str:
        """letter.yaml before and after, as a unified diff (empty when nothing changes)."""
        if self.new_data is None:
            return ""
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                dump_yaml(self.new_data).splitlines(keepends=True),
                f"{path} (now)",
                f"{path} (absorbed)",
            )
        )


def block_texts(case: Case) -> dict[Place, BlockText]:
    """The letter as it stands, block by block, read back the way a returned file is."""
    from ..render.docx import to_docx_bytes

    return read_docx(to_docx_bytes(compose(case), anchors=BlockAnchors(0)), "letter").blocks()


def which_round(returned: Returned, file_name: str, rounds: Sequence[reg.Round]) -> int:
    """The round a file belongs to: its `dk_r<N>` bookmark, else its name, else the latest."""
    known = {r.round for r in rounds}
    m = _ROUND_IN_NAME.search(file_name)
    for n in (returned.round, int(m[1]) if m else None):
        if n in known:
            return n
    return max(known)


def absorb(
    case: Case, data: bytes, file_name: str, engine: Engine, *, author: str | None = None
) -> Absorbed:
    """Read a returned DOCX and work out every change and comment; nothing is written."""
    reference = case.letter.reference
    returned = read_docx(data, file_name)
    rounds = reg.rounds(engine, reference)
    if not rounds:
        raise InputError(
            [
                Problem(
                    file_name,
                    None,
                    "",
                    f"letter `{reference}` has not been sent for clearance: "
                    "`draftkit clearance send` it first",
                )
            ]
        )
    n = which_round(returned, file_name, rounds)
    sha = hashlib.sha256(data).hexdigest()
    sent_doc = read_docx(reg.sent_copy(engine, reference, n), f"round {n}")
    sent = sent_doc.blocks()
    if not returned.anchored:
        returned = realign(returned, sent_doc)
    now = block_texts(case)
    got = returned.blocks()
    # The copy went out saved by draftkit: a name or date it still carries says nothing.
    saved_by = returned.modified_by if returned.modified_by != sent_doc.modified_by else None
    saved_at = returned.modified if returned.modified != sent_doc.modified else None
    returned = replace(returned, modified=saved_at)
    who = author or saved_by or ""
    result = Absorbed(
        n,
        file_name,
        sha,
        who or None,
        [],
        [],
        [],
        dump_yaml(case.letter_data),
        repeated=reg.already_absorbed(engine, reference, n, sha),
    )
    rewrites: dict[Place, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for place in sorted(set(sent) | set(got)):
        change = _change(case, place, sent.get(place), got.get(place), now.get(place), who)
        if change is None:
            continue
        if change.date == "":
            change = _dated(change, returned.modified or "")
        result.changes.append(change)
        if change.status == "needs_decision":
            snippet = case.letter.sections[place[0] - 1].blocks[place[1] - 1].snippet or ""
            result.decisions.append(
                reg.DecisionRecord(place[0], place[1], snippet, change.before, change.after)
            )
        elif change.status == "applied" and now[place].after != got[place].after:
            rewrites[place] = (sent[place].after, got[place].after)
    result.changes += _unplaced(sent_doc.unplaced(), returned.unplaced(), who, returned)
    result.comments = [
        reg.CommentRecord(
            c.author or who,
            c.date,
            c.text,
            c.quoted,
            c.place[0] if c.place else None,
            c.place[1] if c.place else None,
        )
        for c in returned.comments
        if not c.resolved
    ]
    if rewrites:
        result.new_data = _rewrite(case, rewrites, result.notes)
    return result


def _unplaced(sent: list[str], got: list[str], who: str, returned: Returned) -> list[Change]:
    """Changes outside every block (the address, the salutation, a stray paragraph)."""
    out = []
    ops = difflib.SequenceMatcher(None, sent, got, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            before, after = "\n\n".join(sent[i1:i2]), "\n\n".join(got[j1:j2])
            date = returned.modified or ""
            out.append(Change(None, None, "prose", who, date, before, after, "conflict"))
    return out


def _dated(change: Change, date: str) -> Change:
    return Change(**{**change.as_dict(), "date": date})


def _change(
    case: Case,
    place: Place,
    sent: BlockText | None,
    got: BlockText | None,
    now: BlockText | None,
    who: str,
) -> Change | None:
    """How one block came back, or None when unchanged."""
    if sent is None or got is None:
        # A block the round did not have, or one whose bookmark did not come back.
        if got is not None and got.after == got.before:
            return None
        return Change(
            place[0],
            place[1],
            _kind(case, place),
            who,
            "",
            "\n\n".join(sent.after if sent else ()),
            "\n\n".join(got.after if got else ()),
            "conflict",
        )
    if got.after == sent.after:
        return None
    authors = [(a, d) for a, d in got.revisions if a]
    tracked = got.before == sent.after and authors
    by, date = authors[0] if tracked else (who, "")
    kind = _kind(case, place)
    if now is None or (now.after != sent.after and now.after != got.after):
        status: Status = "conflict"
    elif kind == "snippet":
        status = "needs_decision"
    else:
        status = "applied"
    return Change(
        place[0],
        place[1],
        kind,
        by or who,
        date,
        "\n\n".join(sent.after),
        "\n\n".join(got.after),
        status,
    )


def _kind(case: Case, place: Place) -> Literal["prose", "snippet"]:
    s, b = place[0] - 1, place[1] - 1
    sections = case.letter.sections
    if 0 <= s < len(sections) and 0 <= b < len(sections[s].blocks):
        return "snippet" if sections[s].blocks[b].snippet else "prose"
    return "prose"


# -- writing the reviewer's words into the source ---------------------------------------


def _words(paragraphs: Sequence[str]) -> list[str]:
    out: list[str] = []
    for n, para in enumerate(paragraphs):
        if n:
            out.append(_PARA)
        out += para.split()
    return out


def _source_words(source: str) -> list[str]:
    return _words([p for p in re.split(r"\n\s*\n", source) if p.strip()])


def _count_overlapping(text: str, part: str) -> int:
    """How often `part` occurs in `text`, overlaps counted: " aa " is twice in " aa aa "
    (str.count, which skips overlaps, said once, and the wrong one was rewritten)."""
    n, at = 0, text.find(part)
    while at >= 0:
        n, at = n + 1, text.find(part, at + 1)
    return n


def rewrite_source(source: str, before: Sequence[str], after: Sequence[str]) -> str | None:
    """`source` with the words that changed between `before` and `after` changed in it.

    Each change is found in the source by its words and a word either side (or one
    side); if any cannot be found exactly once (it falls in a placeholder's output or in Markdown),
    None: the caller takes the accepted text whole.
    """
    old, new = _words(before), _words(after)
    text = " " + " ".join(_source_words(source)) + " "
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        left, right = old[max(0, i1 - 1) : i1], old[i2 : i2 + 1]
        # A word either side, else the one after, else the one before (a placeholder's
        # output next to the change is not in the source).
        for lc, rc in ((left, right), ([], right), (left, [])):
            was = " " + " ".join([*lc, *old[i1:i2], *rc]) + " "
            if was.strip() and _count_overlapping(text, was) == 1:
                text = text.replace(was, " " + " ".join([*lc, *new[j1:j2], *rc]) + " ")
                break
        else:
            return None
    paragraphs = [p.strip() for p in text.split(f" {_PARA} ")]
    return "\n\n".join(p for p in paragraphs if p)


def _rewrite(
    case: Case,
    rewrites: dict[Place, tuple[tuple[str, ...], tuple[str, ...]]],
    notes: list[str],
) -> LetterData:
    """The letter with each prose block rewritten, checked to render as returned."""
    data = case.letter_data
    whole: set[Place] = set()
    for (s, b), (before, after) in rewrites.items():
        source = str(data["sections"][s - 1]["blocks"][b - 1].get("text") or "")
        new = rewrite_source(source, before, after)
        if new is None:
            whole.add((s, b))
            new = "\n\n".join(after)
        data = set_text(data, s - 1, b - 1, new)
    rendered = block_texts(Draft.open(case).case(data))
    for place, (_, after) in rewrites.items():
        if place not in whole and (rendered[place].after if place in rendered else ()) != after:
            data = set_text(data, place[0] - 1, place[1] - 1, "\n\n".join(after))
            whole.add(place)
    for s, b in sorted(whole):
        notes.append(
            f"section {s} block {b}: the returned text replaces the block whole "
            "(its placeholders and formatting could not be kept)"
        )
    return data


def commit(case: Case, absorbed: Absorbed, engine: Engine) -> None:
    """Write letter.yaml (atomically, comments kept) and record the returned file."""
    if absorbed.new_data is not None:
        draft = Draft.open(case)
        draft.case(absorbed.new_data)  # still a valid letter, or InputError
        draft.apply(absorbed.new_data)
        draft.save()
    if not absorbed.repeated:
        reg.record_return(
            engine,
            case.letter.reference,
            absorbed.round,
            file=absorbed.file,
            sha256=absorbed.sha256,
            author=absorbed.author,
            comments=absorbed.comments,
            decisions=absorbed.decisions,
        )


def realign(returned: Returned, sent: Returned) -> Returned:
    """A file whose bookmarks were lost: place its paragraphs by their text as sent."""
    label = [(p.place, p.region) for p in sent.paragraphs if normalise(p.after)]
    order = [normalise(p.after) for p in sent.paragraphs if normalise(p.after)]
    paras = list(returned.paragraphs)
    texts = [normalise(p.before) for p in paras]
    matcher = difflib.SequenceMatcher(None, order, texts, autojunk=False)
    placed: list[tuple[Place | None, str] | None] = [None] * len(paras)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                placed[j1 + k] = label[i1 + k]
        elif tag == "replace" and len(set(label[i1:i2])) == 1:
            for j in range(j1, j2):
                placed[j] = label[i1]
    # New paragraphs (or empty ones) after a block's last paragraph belong to it.
    for j in range(1, len(placed)):
        if placed[j] is None and placed[j - 1] is not None and not texts[j]:
            placed[j] = placed[j - 1]
    fixed = tuple(
        replace(p, place=pl[0], region=pl[1]) if pl else replace(p, place=None, region="body")
        for p, pl in zip(paras, placed, strict=True)
    )
    return replace(returned, paragraphs=fixed, anchored=True)
