"""The register's side of clearance and sign-off: events, rounds, returns, comments, decisions.

Plain functions over an engine; callers get frozen dataclasses. A batch is the
`dispatched` step: it is read from the batches table, never written twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from .errors import RegisterError
from .reads import history as history  # the read runs on an engine as on a `Reader`
from .records import Event
from .schema import (
    ClearanceCommentRow,
    ClearanceDecisionRow,
    ClearanceReturnRow,
    ClearanceRoundRow,
    WorkflowEventRow,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Round:
    round: int
    to: str
    sent_at: dt.datetime
    file: str
    sha256: str
    absorbed: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommentRecord:
    """A comment as absorbed (`id` is the register's, for resolving it)."""

    author: str
    date: str
    text: str
    quoted: str
    section: int | None
    block: int | None
    id: int = 0
    round: int = 0
    resolved_by: str | None = None
    resolved_at: dt.datetime | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


@dataclass(frozen=True)
class DecisionRecord:
    section: int
    block: int
    snippet: str
    before: str
    after: str
    status: str = "needs_decision"
    decided_by: str | None = None
    id: int = 0


def record_event(
    engine: Engine,
    reference: str,
    state: str,
    *,
    by: str | None = None,
    role: str | None = None,
    round: int | None = None,
    inputs_sha256: str | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Add a step to the letter's history; the first one is preceded by `drafted`."""
    at = at or _now()
    with Session(engine) as session, session.begin():
        first = session.scalar(
            select(func.count())
            .select_from(WorkflowEventRow)
            .where(WorkflowEventRow.reference == reference)
        )
        if not first and state != "drafted":
            session.add(WorkflowEventRow(reference=reference, state="drafted", at=at))
        session.add(
            WorkflowEventRow(
                reference=reference,
                state=state,
                by=by,
                role=role,
                round=round,
                at=at,
                inputs_sha256=inputs_sha256,
                note=note,
            )
        )
    return Event(state, by, role, at, round, inputs_sha256, note)


def add_round(engine: Engine, reference: str, to: str, file: str, content: bytes) -> Round:
    """Record the next clearance round (1, 2, ...) sent to `to`, keeping the bytes sent."""
    at = _now()
    digest = hashlib.sha256(content).hexdigest()
    with Session(engine) as session, session.begin():
        last = session.scalar(
            select(func.max(ClearanceRoundRow.round)).where(
                ClearanceRoundRow.reference == reference
            )
        )
        n = (last or 0) + 1
        session.add(
            ClearanceRoundRow(
                reference=reference,
                round=n,
                sent_to=to,
                sent_at=at,
                file=file,
                sha256=digest,
                content=content,
            )
        )
    return Round(n, to, at, file, digest)


def next_round(engine: Engine, reference: str) -> int:
    with Session(engine) as session:
        last = session.scalar(
            select(func.max(ClearanceRoundRow.round)).where(
                ClearanceRoundRow.reference == reference
            )
        )
    return (last or 0) + 1


def rounds(engine: Engine, reference: str) -> list[Round]:
    """The letter's clearance rounds, first first, with the files absorbed from each."""
    with Session(engine) as session:
        rows = session.scalars(
            select(ClearanceRoundRow)
            .where(ClearanceRoundRow.reference == reference)
            .order_by(ClearanceRoundRow.round)
        ).all()
        return [
            Round(
                r.round,
                r.sent_to,
                r.sent_at,
                r.file,
                r.sha256,
                tuple(x.file for x in r.returns),
            )
            for r in rows
        ]


def sent_copy(engine: Engine, reference: str, n: int) -> bytes:
    """The DOCX bytes sent in round `n`."""
    with Session(engine) as session:
        content = session.scalar(
            select(ClearanceRoundRow.content).where(
                ClearanceRoundRow.reference == reference, ClearanceRoundRow.round == n
            )
        )
    if content is None:
        raise RegisterError(f"letter `{reference}` has no clearance round {n}")
    return content


def _round_row(session: Session, reference: str, n: int) -> ClearanceRoundRow:
    row = session.scalar(
        select(ClearanceRoundRow).where(
            ClearanceRoundRow.reference == reference, ClearanceRoundRow.round == n
        )
    )
    if row is None:
        raise RegisterError(f"letter `{reference}` has no clearance round {n}")
    return row


def already_absorbed(engine: Engine, reference: str, n: int, sha256: str) -> bool:
    with Session(engine) as session:
        row = _round_row(session, reference, n)
        return any(r.sha256 == sha256 for r in row.returns)


def record_return(
    engine: Engine,
    reference: str,
    n: int,
    *,
    file: str,
    sha256: str,
    author: str | None,
    comments: Sequence[CommentRecord],
    decisions: Sequence[DecisionRecord],
) -> None:
    """Record a returned file of round `n` with its comments and pending decisions."""
    with Session(engine) as session, session.begin():
        row = _round_row(session, reference, n)
        returned = ClearanceReturnRow(file=file, sha256=sha256, author=author, absorbed_at=_now())
        returned.comments = [
            ClearanceCommentRow(
                author=c.author,
                date=c.date,
                text=c.text,
                quoted=c.quoted,
                section=c.section,
                block=c.block,
            )
            for c in comments
        ]
        returned.decisions = [
            ClearanceDecisionRow(
                section=d.section,
                block=d.block,
                snippet=d.snippet,
                before=d.before,
                after=d.after,
                status=d.status,
            )
            for d in decisions
        ]
        row.returns.append(returned)


def comments(engine: Engine, reference: str) -> list[CommentRecord]:
    """Every comment absorbed for the letter, in the order they came in."""
    with Session(engine) as session:
        rows = session.execute(
            select(ClearanceCommentRow, ClearanceRoundRow.round)
            .join(ClearanceReturnRow, ClearanceCommentRow.return_id == ClearanceReturnRow.id)
            .join(ClearanceRoundRow, ClearanceReturnRow.round_id == ClearanceRoundRow.id)
            .where(ClearanceRoundRow.reference == reference)
            .order_by(ClearanceCommentRow.id)
        ).all()
        return [
            CommentRecord(
                c.author,
                c.date,
                c.text,
                c.quoted,
                c.section,
                c.block,
                c.id,
                n,
                c.resolved_by,
                c.resolved_at,
            )
            for c, n in rows
        ]


def resolve_comment(engine: Engine, reference: str, comment_id: int, by: str) -> CommentRecord:
    """Mark a comment resolved by `by`, now."""
    with Session(engine) as session, session.begin():
        row = session.get(ClearanceCommentRow, comment_id)
        if row is None or row.returned.round_row.reference != reference:
            raise RegisterError(f"letter `{reference}` has no comment {comment_id}")
        row.resolved_by, row.resolved_at = by, _now()
    return next(c for c in comments(engine, reference) if c.id == comment_id)


def decisions(engine: Engine, reference: str) -> list[DecisionRecord]:
    """Edits inside snippets awaiting (or given) the official's decision, oldest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(ClearanceDecisionRow)
            .join(ClearanceReturnRow, ClearanceDecisionRow.return_id == ClearanceReturnRow.id)
            .join(ClearanceRoundRow, ClearanceReturnRow.round_id == ClearanceRoundRow.id)
            .where(ClearanceRoundRow.reference == reference)
            .order_by(ClearanceDecisionRow.id)
        ).all()
        return [
            DecisionRecord(
                d.section, d.block, d.snippet, d.before, d.after, d.status, d.decided_by, d.id
            )
            for d in rows
        ]


def decide(engine: Engine, reference: str, decision_id: int, status: str, by: str) -> None:
    """Record the official's decision on an edit inside a snippet: kept or departed."""
    with Session(engine) as session, session.begin():
        row = session.get(ClearanceDecisionRow, decision_id)
        if row is None or row.returned.round_row.reference != reference:
            raise RegisterError(f"letter `{reference}` has no decision {decision_id}")
        row.status, row.decided_by, row.decided_at = status, by, _now()
