"""A letter's states, with who and when: drafted → in_clearance → cleared → signed → dispatched.

The register holds the steps (`register.workflow`); this works out the state a case is
in now. Signing records a hash of the case's inputs (letter.yaml, debate.yaml and every
snippet file the letter uses): when they no longer hash the same, the letter has been
changed since it was signed and is back to `drafted` (recorded when first noticed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import register

if TYPE_CHECKING:  # the register's writes need SQLAlchemy: imported by the functions that write
    from sqlalchemy import Engine

    from ..register import workflow as reg
    from ..workspace import Case

#: The states in order.
STATES = ("drafted", "in_clearance", "cleared", "signed", "dispatched")
CHANGED_NOTE = "the case's files changed after signing"
#: The states in which the letter carries the minister's signature.
SIGNED_STATES = ("signed", "dispatched")


def inputs_digest(case: Case) -> str:
    """A hash of everything the signed letter was made from, in a fixed order."""
    files: list[Path] = [case.letter_path, case.debate_path]
    library = case.workspace.snippets
    used = sorted({b.snippet_id for s in case.letter.sections for b in s.blocks if b.snippet_id})
    files += [library[i].path for i in used if i in library]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def signature(events: Sequence[register.Event]) -> register.Event | None:
    """The `signed` step the letter carries now: its last, unless it returned to drafted
    since (a batch of an unsigned letter is `dispatched` with no signature to carry)."""
    for event in reversed(events):
        if event.state == "signed":
            return event
        if event.state == "drafted":
            return None
    return None


@dataclass(frozen=True)
class State:
    state: str
    history: tuple[register.Event, ...]

    @property
    def signed(self) -> bool:
        return self.state in SIGNED_STATES and signature(self.history) is not None


def _changed_since_signing(events: Sequence[register.Event], case: Case) -> bool:
    """Is the letter signed (or dispatched signed) on record, but its inputs no longer as signed?"""
    if not events or events[-1].state not in SIGNED_STATES:
        return False
    signed = signature(events)
    return signed is not None and signed.inputs_sha256 != inputs_digest(case)


def current(engine: Engine, case: Case) -> State:
    """The letter's state now; a change since signing is recorded as a return to drafted."""
    from ..register import workflow as reg

    reference = case.letter.reference
    events = register.history(engine, reference)
    if not events:
        return State("drafted", ())
    if _changed_since_signing(events, case):
        reg.record_event(engine, reference, "drafted", note=CHANGED_NOTE)
        return State("drafted", tuple(register.history(engine, reference)))
    return State(events[-1].state, tuple(events))


def is_signed(case: Case) -> bool:
    """Is the case's letter signed as it stands (for printing the signature image)?

    Read through `register.open_reader`: the stdlib on a SQLite register at the current
    schema, so that `batch` and `render` do not import SQLAlchemy to ask. Only a letter
    changed since it was signed takes `current`'s way, which records its return to drafted.
    """
    reader = register.open_reader(case.workspace.root, create=False)
    if reader is None:
        return False
    with reader:
        events = register.history(reader, case.letter.reference)
    if _changed_since_signing(events, case):
        engine = register.existing(case.workspace.root)
        return engine is not None and current(engine, case).signed
    return State(events[-1].state if events else "drafted", tuple(events)).signed


def sign(engine: Engine, case: Case, by: str) -> reg.Event:
    """Record the minister's signature on the letter as it stands."""
    from ..register import workflow as reg

    current(engine, case)
    return reg.record_event(
        engine, case.letter.reference, "signed", by=by, inputs_sha256=inputs_digest(case)
    )


def approve(engine: Engine, case: Case, by: str, role: str | None) -> reg.Event:
    """Record a clearance of the letter by `by` (in `role`)."""
    from ..register import workflow as reg

    current(engine, case)
    return reg.record_event(engine, case.letter.reference, "cleared", by=by, role=role)


def _decision_status(case: Case, d: reg.DecisionRecord) -> str:
    """A pending decision is settled once the block departs from the line in letter.yaml."""
    if d.status != "needs_decision":
        return d.status
    sections = case.letter.sections
    s, b = d.section - 1, d.block - 1
    if 0 <= s < len(sections) and 0 <= b < len(sections[s].blocks):
        block = sections[s].blocks[b]
        if block.departs_from:
            return "departed"
    return d.status


def status(engine: Engine, case: Case) -> dict[str, Any]:
    """What `draftkit status --json` prints (see CONTRACT.md)."""
    from ..register import workflow as reg

    reference = case.letter.reference
    now = current(engine, case)
    history: list[dict[str, Any]] = [
        {
            "state": "drafted",
            "by": None,
            "role": None,
            "at": None,
            "round": None,
        }
    ]
    if now.history:
        history = [
            {
                "state": e.state,
                "by": e.by,
                "role": e.role,
                "at": e.at.isoformat(),
                "round": e.round,
                **({"note": e.note} if e.note and e.state == "drafted" else {}),
            }
            for e in now.history
        ]
    return {
        "reference": reference,
        "state": now.state,
        "history": history,
        "rounds": [
            {
                "round": r.round,
                "to": r.to,
                "sent_at": r.sent_at.isoformat(),
                "file": r.file,
                "absorbed": list(r.absorbed),
            }
            for r in reg.rounds(engine, reference)
        ],
        "comments": [
            {
                "id": c.id,
                "author": c.author,
                "date": c.date,
                "text": c.text,
                "quoted": c.quoted,
                "section": c.section,
                "block": c.block,
                "resolved": c.resolved,
            }
            for c in reg.comments(engine, reference)
        ],
        "decisions": [
            {
                "id": d.id,
                "section": d.section,
                "block": d.block,
                "snippet": d.snippet,
                "status": _decision_status(case, d),
            }
            for d in reg.decisions(engine, reference)
        ],
    }


def open_comments(case: Case) -> list[reg.CommentRecord]:
    """The letter's unresolved comments; none when there is no register yet."""
    from ..register import workflow as reg

    engine = register.existing(case.workspace.root)
    if engine is None:
        return []
    return [c for c in reg.comments(engine, case.letter.reference) if not c.resolved]


def resolve_comment(case: Case, comment_id: int, by: str | None = None) -> reg.CommentRecord:
    """Mark a comment resolved, by `by` (default: the user at this computer)."""
    import getpass

    from ..register import workflow as reg

    engine = register.connect(register.database_url(case.workspace.root))
    return reg.resolve_comment(engine, case.letter.reference, comment_id, by or getpass.getuser())
