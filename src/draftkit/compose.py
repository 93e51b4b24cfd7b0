"""Composition: a loaded case → one `Document` that every emitter reads.

Pure: no file is written and nothing is imported from the rendering back ends.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from . import letterheads
from .address import forms, postal_lines
from .distribution import copy_recipients, libraries, promise_sentence
from .document import (
    LIBRARY_NAMES,
    BodyBlock,
    DocSection,
    Document,
    Heading,
    Letterhead,
    Metadata,
    Origin,
    Paragraph,
    Recipient,
    Signature,
    SnippetUse,
    Span,
)
from .document import Distribution as DocDistribution
from .errors import InputError, Problem
from .loading import field_path
from .markdown import to_blocks
from .models import Member, MpSalutation
from .occasion import occasion, subject
from .quotation import is_paraphrase, quote
from .snippets import FillError, fill
from .templating import long_date, weekday_date
from .workspace import Case


def recipient(member: Member, mp_salutation: MpSalutation = "formal") -> Recipient:
    """A member as the letter or a copy names them (`mp_salutation`: how an MP is greeted)."""
    f = forms(member, mp_salutation)
    return Recipient(
        member.id, f.display, f.address_line, f.salutation, tuple(postal_lines(member)), f.in_text
    )


class MemberForms(Mapping[str, dict[str, str]]):
    """Every member's forms by id, as placeholders read them, each derived on first lookup.

    A workspace that imported every Peer holds thousands of members and a letter names a
    handful: deriving all their forms up front cost more than the rest of composing. A
    read-only Mapping (never a MutableMapping), so the sandbox refuses to change it as it
    refused to change a dict; an unknown id is a `KeyError`, so strict placeholders fail as
    before. Each member's forms are one dict, the same object at every lookup.
    """

    def __init__(self, members: Mapping[str, Member], mp_salutation: MpSalutation) -> None:
        self._members = members
        self._style = mp_salutation
        self._derived: dict[str, dict[str, str]] = {}

    def __getitem__(self, mid: str) -> dict[str, str]:
        found = self._derived.get(mid)
        if found is None:
            found = {"id": mid, **forms(self._members[mid], self._style).as_dict()}
            self._derived[mid] = found
        return found

    def __contains__(self, mid: object) -> bool:
        return mid in self._members

    def __iter__(self) -> Iterator[str]:
        return iter(self._members)

    def __len__(self) -> int:
        return len(self._members)

    def __repr__(self) -> str:
        """What `{{ members }}` printed when this was a dict: every member's forms."""
        return repr(dict(self.items()))


def context(case: Case) -> dict[str, Any]:
    """What placeholders may name: the debate, the letter, its people, and every member's forms."""
    members = MemberForms(case.workspace.members, case.mp_salutation)
    debate = case.debate
    sender = case.sender
    return {
        "debate": {
            "id": debate.id,
            "title": debate.title,
            "date": debate.date,
            "house": debate.house,
            "hansard": debate.hansard or "",
            "kind": debate.kind,
            "venue": debate.venue,
            "subject": subject(debate),
            "occasion": occasion(debate),
        },
        "letter": {"reference": case.letter.reference, "date": case.letter.date},
        "to": members[case.letter.to],
        "sender": {"name": sender.name, "role": sender.role, "department": sender.department},
        "members": members,
        "questions": {
            q.id: {
                "id": q.id,
                "text": q.text,
                "quote": quote(q),
                "paraphrase": is_paraphrase(q),
                "asked_by": members[q.asked_by],
            }
            for q in debate.questions
        },
    }


def section_context(base: dict[str, Any], answers: list[str]) -> dict[str, Any]:
    """A section's placeholders: `question` is the first question it answers, if any."""
    if answers and answers[0] in base["questions"]:
        return {**base, "question": base["questions"][answers[0]]}
    return base


def require_body(case: Case, document: Document) -> Document:
    """The document, if it has something to send; else `InputError` (no sections, no blocks).

    `check` lists such a letter's problems; render and batch refuse to print it.
    """
    if not any(section.blocks for section in document.sections):
        what = "no sections" if not document.sections else "no blocks in any section"
        message = f"the letter has {what}: nothing to render (add a section with a block)"
        line = case.letter_line(("sections",))
        raise InputError([Problem(case.letter_path, line, "sections", message)])
    return document


def compose(case: Case, *, signed: bool = False) -> Document:
    """Resolve snippets, placeholders, forms of address and distribution into a Document.

    The minister's signature image is printed only on a `signed` letter
    (`clearance.workflow.is_signed`): a draft shows the space to sign.
    """
    ws, letter, debate = case.workspace, case.letter, case.debate
    problems: list[Problem] = []
    file = case.letter_path
    base = context(case)
    sections: list[DocSection] = []
    used: dict[str, SnippetUse] = {}

    def placeholder(loc: tuple[str | int, ...], message: str) -> None:
        """A placeholder the letter leaves unfilled, or fills wrongly: a clearance error."""
        problems.append(
            Problem(file, case.letter_line(loc), field_path(loc), message, "snippet.placeholder")
        )

    for s, section in enumerate(letter.sections):
        blocks: list[BodyBlock] = []
        here = section_context(base, section.answers)
        for b, block in enumerate(section.blocks):
            loc: tuple[str | int, ...] = ("sections", s, "blocks", b)
            if block.snippet_id:
                snippet = ws.snippets[block.snippet_id]
                declared = set(snippet.meta.params)
                missing = sorted(declared - set(block.params))
                extra = sorted(set(block.params) - declared)
                if missing:
                    placeholder(
                        (*loc, "params"),
                        f"snippet `{snippet.id}` needs placeholder(s) "
                        f"not filled: {', '.join('params.' + m for m in missing)}",
                    )
                if extra:
                    placeholder(
                        (*loc, "params"),
                        f"snippet `{snippet.id}` takes no placeholder(s) "
                        f"{', '.join(extra)} (it takes: {', '.join(sorted(declared)) or 'none'})",
                    )
                if missing or extra:
                    continue
                source, origin = snippet.body, Origin(s, b, snippet.id, snippet.meta.version)
                used[snippet.id] = SnippetUse(snippet.id, snippet.meta.version, snippet.meta.title)
                where = f"snippet `{snippet.id}`: "
            else:
                source, origin, where = block.text or "", Origin(s, b), ""
            try:
                text = fill(source, {**here, "params": dict(block.params)})
            except FillError as exc:
                placeholder(
                    (*loc, "snippet" if block.snippet_id else "text"), f"{where}{exc.message}"
                )
                continue
            blocks.extend(to_blocks(text, origin))
        if letter.headings and section.title:
            blocks.insert(0, Heading(1, (Span(section.title),)))
        sections.append(DocSection(section.title, tuple(section.answers), tuple(blocks)))

    head, head_problems = letterheads.load(case.letterhead_name, ws.letterhead_search)
    copies = copy_recipients(letter, debate, case.sender, ws.members)
    wording = head.config.wording if head else None
    sentence = promise_sentence(letter, debate, case.sender, copies, wording)
    closing_text = ""
    if letter.closing:
        try:
            closing_text = fill(letter.closing, {**base, "params": {}}).strip()
        except FillError as exc:
            placeholder(("closing",), exc.message)
    if sentence and not mentions_copies(closing_text):
        closing_text = f"{closing_text} {sentence}".strip()

    problems += [
        Problem(file, case.letter_line(("letterhead",)), p.field, p.message) if not p.file else p
        for p in head_problems
    ]
    if problems or head is None:
        raise InputError(problems)

    sender = case.sender
    addressee = ws.members[letter.to]
    to = recipient(addressee, case.mp_salutation)
    signature_image = _signature_path(case) if signed else None
    valediction = head.config.valediction if letter.valediction is None else letter.valediction
    # Each copy's forms once: its display name (the same whatever greets an MP) names it
    # in "Copies to" too.
    recipients = tuple(recipient(m, case.mp_salutation) for m in copies)
    copies_to = (
        (*(r.display for r in recipients), *(LIBRARY_NAMES[h] for h in libraries(letter)))
        if letter.cc
        else ()
    )
    return Document(
        reference=letter.reference,
        date=letter.date,
        date_text=long_date(letter.date),
        letterhead=Letterhead(
            name=head.name,
            folder=head.folder,
            department=head.config.department,
            minister_name=sender.name,
            minister_role=sender.role,
            address=tuple(head.config.address),
            website=head.config.website,
            colour=head.config.colour,
        ),
        addressee=to,
        salutation=letter.salutation or to.salutation,
        sections=tuple(sections),
        closing=(Paragraph((Span(closing_text),)),) if closing_text else (),
        signature=Signature(sender.name, sender.role, signature_image),
        distribution=DocDistribution(
            recipients,
            libraries(letter),
            sentence,
            house=debate.house,
            occasion=f"{occasion(debate)} on {weekday_date(debate.date)} {debate.date.year}",
            hansard=debate.hansard,
        ),
        metadata=Metadata(
            title=f"{debate.title}: letter to {to.display}, {long_date(letter.date)}",
            author=sender.name,
            subject=f"Reply following {occasion(debate)}, {long_date(debate.date)}"
            + (f" ({debate.hansard})" if debate.hansard else ""),
            keywords=(letter.reference, debate.id, *used),
        ),
        snippets=tuple(used.values()),
        valediction=valediction.strip(),
        copies_to=copies_to,
    )


def mentions_copies(text: str) -> bool:
    """Does a closing already speak of copies or the Library (so we must not add our own)?"""
    lowered = text.lower()
    return any(w in lowered for w in (" a copy", " copies", " copying", " library"))


def _signature_path(case: Case) -> Path | None:
    sig = case.sender.signature
    if not sig:
        return None
    file, _ = case.workspace.places[("minister", case.sender.id)]
    return (Path(file).parent / sig).resolve()
