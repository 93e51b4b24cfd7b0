"""Coverage: every question raised in the debate is answered, or set aside with a reason.

Unknown question ids in `answers` or `not_answered` are already input errors at load.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..address import forms
from ..models import Question
from ..quotation import section_answers
from .context import Context
from .findings import Finding
from .registry import Rule

CODES = {
    "coverage.unanswered": "a debate question no section answers and `not_answered` does not list",
    "coverage.reason": "a `not_answered` entry without a reason",
    "coverage.contradiction": "a question both answered by a section and listed as not answered",
    "coverage.no_copy": "a member who asked a question will not receive the letter",
    "coverage.unanswered_body": "a section with nothing beyond the restated question",
}


def check(ctx: Context) -> Iterator[Finding]:
    case = ctx.case
    letter, debate = case.letter, case.debate
    answered: dict[str, int] = {}
    for s, section in enumerate(letter.sections):
        for qid in section.answers:
            answered.setdefault(qid, s)
    for i, q in enumerate(debate.questions):
        # Only questions the official accepted need answers; candidates an import
        # proposed (or that were rejected) are the debate rule's business.
        if q.status != "accepted" or q.id in answered or q.id in letter.not_answered:
            continue
        who = _asker(ctx, q)
        yield ctx.at(
            "coverage.unanswered",
            "error",
            ("sections",),
            f"question `{q.id}` ({who}: {_short(q.text)}) is not answered",
            f"add `{q.id}` to the `answers:` of the section that answers it, or list it "
            f"under `not_answered:` with a reason ({q.id}: reason)",
            place=f"debate question {i + 1} `{q.id}`",
        )
    for qid, reason in letter.not_answered.items():
        loc = ("not_answered", qid)
        if not str(reason or "").strip():
            yield ctx.at(
                "coverage.reason",
                "error",
                loc,
                f"question `{qid}` is marked not answered without a reason",
                f"say why, e.g. `{qid}: a matter for the independent inquiry`",
            )
        if qid in answered:
            yield ctx.at(
                "coverage.contradiction",
                "warning",
                loc,
                f"question `{qid}` is listed as not answered but section "
                f"{answered[qid] + 1} answers it",
                "remove one of the two",
            )
    yield from _askers_without_copy(ctx, answered)
    yield from _restated_only(ctx)


def _restated_only(ctx: Context) -> Iterator[Finding]:
    """A section that says the question again and stops has not answered it."""
    case = ctx.case
    accepted = {q.id: q for q in case.debate.questions if q.status == "accepted"}
    members = case.workspace.members
    for s, section in enumerate(case.letter.sections):
        asked = [accepted[a] for a in section.answers if a in accepted]
        if not asked or section_answers(section, accepted, members):
            continue
        which = ", ".join(f"`{q.id}` ({_asker(ctx, q)})" for q in asked)
        what = "has no blocks" if not section.blocks else "only restates the question"
        yield ctx.at(
            "coverage.unanswered_body",
            "error",
            ("sections", s),
            f"section {s + 1} answers {which} but {what}",
            "add the answer: an approved snippet (`s` in `draftkit edit`) or prose saying "
            "what the Government is doing",
        )


def _askers_without_copy(ctx: Context, answered: dict[str, int]) -> Iterator[Finding]:
    """The member who asked a question the letter answers should see the answer."""
    case = ctx.case
    for q in case.debate.questions:
        if q.id not in answered or q.asked_by in ctx.receiving or q.asked_by == case.sender.member:
            continue
        who = _asker(ctx, q)
        yield ctx.at(
            "coverage.no_copy",
            "warning",
            ("distribution",),
            f"{who} asked question `{q.id}`, which the letter answers, but gets no copy",
            f"add `{q.asked_by}` to `distribution.copies` (or `copies: speakers`)",
        )


def _asker(ctx: Context, q: Question) -> str:
    """ "Lord Blunkett": who asked a question, as the letter would name them."""
    member = ctx.case.workspace.members.get(q.asked_by)
    return forms(member).in_text if member else q.asked_by


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


RULE = Rule("coverage", CODES, check)
