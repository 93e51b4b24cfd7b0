"""Quotations: words put in a member's mouth must be words the record holds.

A quoted passage of three words or more that the sentence attributes to a member
("you asked: “...”", "Lord Blunkett said “...”", "“...”, as you put it") is looked for
in what the debate records of them: their questions' excerpts (else their text as
entered) and, for an imported debate, their speeches in `transcript.yaml`.
Comparison is light (`draftkit.quotation`); an elision `[…]` may stand for any words.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import cache, cached_property

from ..address import forms
from ..models import Member
from ..quotation import TRANSCRIPT_FILE, held_in, pieces
from ..yamlio import load_optional_yaml
from .context import Context, TextUnit
from .findings import Finding
from .registry import Rule

CODES = {
    "quote.mismatch": "a quotation attributed to a member that the debate's record does not hold",
}

_QUOTED = re.compile(r'"(?P<a>[^"]+)"|\u201c(?P<b>[^\u201d]+)\u201d')
_SAYING = (
    r"asked|ask|said|says|say|stated|told|remarked|noted|argued|suggested|put it|described|"
    r"called for|claimed|added|observed|commented|mentioned|raised|wrote|enquired|urged|pressed|"
    r"words|inquired|wondered|queried"
)
_YOU = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
#: A quotation shorter than this is a term or a title ("lines to take"), not a claim.
MIN_WORDS = 3
#: How far from the quotation (in characters) an attribution after it is looked for.
_AFTER = 40


@cache
def _saying() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A saying word just before the quotation ("asked: ", "said that ", "put it, ",
    "asked, ") and just after it ("”, you said", "”, asked Lord Parekh").

    Compiled on first use (about 3 ms, for the alternations): only a letter quoting
    three words or more needs them.
    """
    lead = re.compile(
        rf"(?<![-\w])(?:{_SAYING})\b(?:,? (?:that|whether|if|how|what|when|why))?[,:]?\s*$",
        re.IGNORECASE,
    )
    trail = re.compile(rf"^[,.]?\s*(?:[\w' ]{{0,40}}?\s)?(?:{_SAYING})\b", re.IGNORECASE)
    return lead, trail


class Record:
    """What the debate holds of each member's words."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @cached_property
    def by_member(self) -> dict[str, list[str]]:
        debate = self.ctx.case.debate
        out: dict[str, list[str]] = {}
        for q in debate.questions:
            # An edited question's text is the official's paraphrase: not their words.
            out.setdefault(q.asked_by, []).append(q.excerpt or q.text)
        data, _ = load_optional_yaml(self.ctx.case.dir / TRANSCRIPT_FILE)
        for speech in (data.get("speeches") or []) if isinstance(data, dict) else []:
            who = speech.get("speaker")
            if not who:
                continue
            for para in speech.get("paragraphs") or []:
                out.setdefault(str(who), []).append(str(para.get("text", "")))
        return out

    def of(self, member: str | None) -> list[str]:
        """The passages of `member` (everyone's when the attribution names nobody we know)."""
        if member is None:
            return [p for ps in self.by_member.values() for p in ps]
        return self.by_member.get(member, [])


def _speakers(ctx: Context) -> list[tuple[str, str]]:
    """(how the letter names them, member id), longest names first, for the debate's members."""
    case = ctx.case
    ids = [*case.debate.speakers, *(q.asked_by for q in case.debate.questions), case.letter.to]
    out: dict[str, str] = {}
    for mid in dict.fromkeys(ids):
        member: Member | None = case.workspace.members.get(mid)
        if member is None:
            continue
        f = forms(member)
        for name in {f.in_text, f.display, f.in_text.removeprefix("the ")}:
            out.setdefault(name, mid)
    return sorted(out.items(), key=lambda kv: -len(kv[0]))


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before a quotation (from its sentence's start) and a little after it."""
    head = text[:start]
    cut = max(head.rfind(mark) for mark in (". ", "? ", "! "))
    return head[cut + 2 :] if cut >= 0 else head, text[end : end + _AFTER]


def attributed(ctx: Context, unit: TextUnit) -> Iterator[tuple[str, str | None, bool]]:
    """Each quotation in a paragraph that is attributed to a member: (quoted, member, known).

    The quotation must follow a saying word closely ("asked: “", "said that “", "put
    it, “") or be followed by one ("”, you said"); "asked about “...”" names a topic.
    `member` is the member named nearest before it ("you" is the addressee), else
    after it; `known` is False when the sentence names nobody the debate knows.
    """
    names = _speakers(ctx)
    for m in _QUOTED.finditer(unit.text):
        quoted = m.group("a") or m.group("b") or ""
        if sum(len(p.split()) for p in pieces(quoted)) < MIN_WORDS:
            continue
        before, after = _sentence_around(unit.text, m.start(), m.end())
        lead_pattern, trail_pattern = _saying()
        lead = lead_pattern.search(before)
        if not (lead or trail_pattern.match(after)):
            continue
        member = _named(ctx, names, before[: lead.start()] if lead else before, after)
        yield quoted, member, member is not None


def _named(ctx: Context, names: list[tuple[str, str]], before: str, after: str) -> str | None:
    """The member a sentence names nearest before a quotation ("you": the addressee)."""
    best: tuple[int, str] | None = None
    for name, mid in names:
        at = before.rfind(name)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, mid)
    for m in _YOU.finditer(before):
        if best is None or m.start() > best[0]:
            best = (m.start(), ctx.case.letter.to)
    if best is not None:
        return best[1]
    tail = after.split(".", 1)[0]
    found = [(tail.find(name), mid) for name, mid in names if name in tail]
    if _YOU.search(tail):
        found.append((_YOU.search(tail).start(), ctx.case.letter.to))  # type: ignore[union-attr]
    return min(found)[1] if found else None


def _closest(passages: list[str], quoted: str) -> str | None:
    """The sentence of the record nearest to a misquotation, to show what was said."""
    candidates = [s for p in passages for s in _SENTENCE_END.split(p)]
    best = difflib.get_close_matches(quoted, candidates, n=1, cutoff=0.6)
    return best[0] if best else None


def check(ctx: Context) -> Iterator[Finding]:
    record = Record(ctx)
    members = ctx.case.workspace.members
    for unit in ctx.units:
        for quoted, member, known in attributed(ctx, unit):
            passages = record.of(member if known else None)
            if held_in(passages, quoted):
                continue
            who = forms(members[member]).in_text if member and member in members else "a member"
            nearest = _closest(passages, quoted)
            yield ctx.in_text(
                "quote.mismatch",
                "error",
                unit,
                f"the letter quotes {who} as saying “{quoted}”, which the debate's record "
                "does not hold",
                "quote their words exactly as recorded (`{{ question.quote }}` prints a "
                "question's), or report them without quotation marks ("
                "“you asked about ...”)" + (f"; the record has: “{nearest}”" if nearest else ""),
                excerpt=quoted,
            )


RULE = Rule("quote", CODES, check)
