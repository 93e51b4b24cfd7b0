"""`clearance send`: the letter as an anchored DOCX for round N, recorded in the register."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from ..atomic import write_bytes
from ..compose import compose
from ..register import workflow as reg
from ..workspace import Case
from . import workflow
from .anchors import BlockAnchors


@dataclass(frozen=True)
class Sent:
    path: Path
    round: reg.Round


def clearance_name(reference: str, n: int) -> str:
    return f"{reference}-clearance-{n}.docx"


def send(case: Case, to: str, out: Path, engine: Engine) -> Sent:
    """Write `OUT/<reference>-clearance-N.docx` and record round N sent to `to`.

    The copy is unsigned (no signature image: it is a draft) and its bytes are kept in
    the register, so what comes back is compared with exactly what went out.
    """
    from ..render.docx import to_docx_bytes

    reference = case.letter.reference
    workflow.current(engine, case)
    n = reg.next_round(engine, reference)
    data = to_docx_bytes(compose(case), anchors=BlockAnchors(n))
    path = out / clearance_name(reference, n)
    write_bytes(path, data)
    try:
        sent = reg.add_round(engine, reference, to, path.name, data)
        reg.record_event(engine, reference, "in_clearance", by=to, round=n, at=sent.sent_at)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Sent(path, sent)
