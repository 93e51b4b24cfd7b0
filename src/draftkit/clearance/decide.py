"""Settling an edit made inside an approved snippet: keep the line, or depart from it.

Departing turns the block into prose holding the reviewer's wording, marked
`departs_from: ID@VERSION` with the official's `reason`, which `check` reports
(`snippet.departed`) for the snippet's owner.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap
from sqlalchemy import Engine

from ..draft import Draft
from ..editing import insert_block, prose_scalar, remove_block
from ..errors import InputError, Problem
from ..register import workflow as reg
from ..workspace import Case


def pending(engine: Engine, case: Case, decision_id: int) -> reg.DecisionRecord:
    """The decision `decision_id` of this letter, still waiting; else `InputError`."""
    reference = case.letter.reference
    found = next((d for d in reg.decisions(engine, reference) if d.id == decision_id), None)
    if found is None:
        raise _problem(case, f"letter `{reference}` has no decision {decision_id}")
    if found.status != "needs_decision":
        raise _problem(case, f"decision {decision_id} was settled already ({found.status})")
    return found


def _problem(case: Case, message: str) -> InputError:
    return InputError([Problem(case.letter_path, None, "", message)])


def keep(engine: Engine, case: Case, decision_id: int, by: str) -> reg.DecisionRecord:
    """Keep the approved wording: letter.yaml is left as it is."""
    decision = pending(engine, case, decision_id)
    reg.decide(engine, case.letter.reference, decision_id, "kept", by)
    return decision


def depart(
    engine: Engine, case: Case, decision_id: int, by: str, reason: str
) -> reg.DecisionRecord:
    """Make the block prose with the reviewer's wording, departing from the line."""
    decision = pending(engine, case, decision_id)
    s, b = decision.section - 1, decision.block - 1
    sections = case.letter.sections
    block = sections[s].blocks[b] if s < len(sections) and b < len(sections[s].blocks) else None
    if block is None or block.snippet != decision.snippet or block.snippet_id is None:
        raise _problem(
            case,
            f"section {decision.section} block {decision.block} is no longer "
            f"`{decision.snippet}`: settle decision {decision_id} by hand",
        )
    snippet = case.workspace.snippets[block.snippet_id]
    pin = block.snippet if block.pinned_version else f"{snippet.id}@{snippet.meta.version}"
    prose = CommentedMap(text=prose_scalar(decision.after), departs_from=pin, reason=reason)
    data = insert_block(remove_block(case.letter_data, s, b), s, b, prose)
    draft = Draft.open(case)
    draft.case(data)  # still a valid letter, or InputError
    draft.apply(data)
    draft.save()
    reg.decide(engine, case.letter.reference, decision_id, "departed", by)
    return decision
