"""Debate checks: candidate questions left undecided, and promises the letter claims to keep.

A letter `discharges` the undertakings (promises to write) it fulfils; it must
reach everyone each was made to, or the promise is not kept for them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..address import forms
from .context import Context
from .distribution import left_house, library_keeps_promise, library_setting
from .findings import Finding
from .registry import Rule

CODES = {
    "debate.unreviewed": "candidate questions from an imported debate still to accept or reject",
    "debate.rejected_answered": "a section answers a question the official rejected",
    "debate.unknown_undertaking": "`discharges` names an undertaking the debate does not have",
    "debate.discharge_unreached": "a letter discharges an undertaking to someone it does not reach",
}


def check(ctx: Context) -> Iterator[Finding]:
    case = ctx.case
    debate, letter, members = case.debate, case.letter, case.workspace.members
    proposed = [q.id for q in debate.questions if q.status == "proposed"]
    if proposed:
        yield ctx.at(
            "debate.unreviewed",
            "warning",
            ("debate",),
            f"{len(proposed)} candidate question(s) not yet reviewed: {', '.join(proposed)}",
            "accept or reject them in `draftkit edit` (debate view), "
            "or set their `status` in debate.yaml",
        )
    rejected = {q.id for q in debate.questions if q.status == "rejected"}
    for s, section in enumerate(letter.sections):
        for a, qid in enumerate(section.answers):
            if qid in rejected:
                yield ctx.at(
                    "debate.rejected_answered",
                    "warning",
                    ("sections", s, "answers", a),
                    f"section {s + 1} answers `{qid}`, which was rejected as a question",
                    f"accept `{qid}` again, or take it out of this section's `answers`",
                )
    undertakings = {u.id: u for u in debate.undertakings}
    for i, uid in enumerate(letter.discharges):
        loc = ("discharges", i)
        u = undertakings.get(uid)
        if u is None:
            known = ", ".join(undertakings) or "none"
            yield ctx.at(
                "debate.unknown_undertaking",
                "error",
                loc,
                f"the debate has no undertaking `{uid}` (it has: {known})",
                "use an id from debate.yaml's `undertakings`",
            )
            continue
        missing = [mid for mid in u.to if mid not in ctx.receiving]
        # A member who has since left the House is written to through its Library.
        left = {
            mid
            for mid in missing
            if mid in members and left_house(members[mid], letter.date) is not None
        }
        missing = [
            m for m in missing if m not in left or not library_keeps_promise(ctx, members[m])
        ]
        if missing:
            yield ctx.at(
                "debate.discharge_unreached",
                "warning",
                loc,
                f"`{uid}` was a promise to write to {_names(ctx, missing)}, who will not "
                "receive this letter",
                _reach_fix(
                    ctx, [m for m in missing if m not in left], [m for m in missing if m in left]
                ),
            )


def _names(ctx: Context, ids: list[str]) -> str:
    members = ctx.case.workspace.members
    return ", ".join(forms(members[m]).in_text if m in members else m for m in ids)


def _reach_fix(ctx: Context, sitting: list[str], left: list[str]) -> str:
    """Copies for those who sit; the Library copy for those who have left (never a copy)."""
    fixes = []
    if sitting:
        fixes.append(
            f"add {', '.join(f'`{m}`' for m in sitting)} to `distribution.copies` "
            "(or `copies: speakers`)"
        )
    if left:
        members = ctx.case.workspace.members
        setting = library_setting(ctx, members[left[0]])
        fixes.append(
            f"{_names(ctx, left)} left the House: place a copy in the Library "
            f"(`distribution.library: {setting}`), which keeps the promise to write to them"
        )
    return "; ".join(fixes) + ", or do not list this undertaking under `discharges`"


RULE = Rule("debate", CODES, check)
