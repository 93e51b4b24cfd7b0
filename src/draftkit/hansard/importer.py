"""A case from Parliament's record: `debate.yaml` and a `letter.yaml` skeleton.

Pure planning (`plan_case`) is kept apart from writing (`write_case`), which puts
every file in place at once and never overwrites an existing case unless told to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from .. import atomic
from ..address import forms
from ..errors import InputError, Problem, Where
from ..loading import validate
from ..models import Debate, DebateKind, Letter, Minister, Question, Undertaking, venue_of
from ..slugs import slug_id
from ..workspace import Workspace
from ..yamlio import dump_yaml
from . import api, parlparse
from .letterskel import section_for
from .questions import propose
from .speakers import Speakers, map_speakers
from .transcript import Transcript
from .undertakings import due_date, find_promises

CASE_FILES = ("debate.yaml", "letter.yaml", "ministers.yaml", "transcript.yaml")


#: Words of a ParlParse heading's label (" — Question for Short Debate") and the kind they
#: name, most specific first.
_KINDS: tuple[tuple[str, DebateKind], ...] = (
    ("question for short debate", "short_debate"),
    ("private notice question", "urgent_question"),
    ("urgent question", "urgent_question"),
    ("question", "oral_question"),
    ("statement", "statement"),
    ("bill", "bill"),
    ("reading", "bill"),
    ("report", "bill"),
)


def debate_kind(label: str | None) -> DebateKind:
    """The kind of proceeding a heading's label names ("Oral Questions", "Statement")."""
    text = (label or "").lower()
    return next((kind for words, kind in _KINDS if words in text), "debate")


class HeadingNeeded(InputError):
    """The file holds several debates and none was chosen: carries their headings."""

    def __init__(self, file: Where, headings: Sequence[str], asked: str | None) -> None:
        self.headings = list(headings)
        listing = "; ".join(f"`{h}`" for h in headings)
        what = f"no debate heading matches `{asked}`" if asked else "the file holds several debates"
        super().__init__(
            [Problem(file, None, "", f"{what}: choose one with --heading ({listing})")]
        )


def read_source(data: bytes, file: Where) -> list[Transcript]:
    """The debates in a ParlParse XML file or a Hansard API JSON document."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return api.read_debates(data, file)
    return parlparse.read_debates(data, file)


def choose(debates: Sequence[Transcript], heading: str | None, file: Where) -> Transcript:
    """The debate whose heading is `heading` (exact, else the one containing it)."""
    if heading is None:
        if len(debates) == 1:
            return debates[0]
        raise HeadingNeeded(file, [d.title for d in debates], None)
    wanted = heading.casefold().strip()
    exact = [d for d in debates if d.title.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = [d for d in debates if wanted in d.title.casefold()]
    if len(partial) == 1:
        return partial[0]
    raise HeadingNeeded(file, [d.title for d in debates], heading)


@dataclass
class CasePlan:
    """What an import will write, and what it found (for the summary)."""

    debate: Debate
    letter: Letter
    minister: Minister | None
    transcript: list[dict[str, object]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


def _minister_member(
    transcript: Transcript, speakers: Speakers, ws: Workspace, chosen: str | None, file: Where
) -> str:
    """The minister replying: as chosen, else a known minister who spoke, else the last speaker."""
    if chosen:
        if chosen not in speakers.order:
            raise InputError(
                [Problem(file, None, "", f"`{chosen}` did not speak in `{transcript.title}`")]
            )
        return chosen
    ministers = {m.member for m in ws.ministers.values() if m.member}
    in_order = [m for m in reversed(speakers.of_speech) if m]
    known = [m for m in in_order if m in ministers]
    return known[0] if known else in_order[0]


def plan_case(
    transcript: Transcript,
    ws: Workspace,
    file: Where,
    *,
    minister: str | None = None,
    department: str | None = None,
    role: str = "Minister",
    today: dt.date | None = None,
) -> CasePlan:
    """Map speakers, propose questions, find undertakings, and draft both case files."""
    today = today or dt.date.today()
    speakers = map_speakers(transcript, ws.members, file)
    minister_member = _minister_member(transcript, speakers, ws, minister, file)
    debate_id = f"{slug_id(transcript.title, 'debate')}-{transcript.date.isoformat()}"

    candidates = propose(transcript, speakers, minister_member)
    questions = [
        Question(
            id=f"q{n}",
            asked_by=c.asked_by,
            text=c.text,
            column=c.column,
            excerpt=c.excerpt,
            status="accepted" if c.kind == "tabled" else "proposed",
            kind=c.kind,
            paragraph=c.paragraph,
        )
        for n, c in enumerate(candidates, 1)
    ]
    days = ws.settings.undertakings.due_working_days
    undertakings = [
        Undertaking(
            id=f"{debate_id}.u{n}",
            minister=minister_member,
            to=p.to,
            column=p.column,
            paragraph=p.paragraph,
            excerpt=p.excerpt,
            due=due_date(transcript.date, days),
            library=p.library,
        )
        for n, p in enumerate(find_promises(transcript, speakers, minister_member, ws.members), 1)
    ]
    debate = Debate(
        id=debate_id,
        house=transcript.house,
        date=transcript.date,
        title=transcript.title,
        kind=debate_kind(transcript.kind),
        venue=venue_of(transcript.location),
        hansard=transcript.hansard,
        location=transcript.location,
        columns=transcript.columns,
        source=transcript.source,
        minister=minister_member,
        speakers=speakers.order,
        questions=questions,
        undertakings=undertakings,
    )

    sender = next((m for m in ws.ministers.values() if m.member == minister_member), None)
    new_minister = None
    if sender is None:
        member = ws.members[minister_member]
        new_minister = Minister(
            id=minister_member,
            member=minister_member,
            name=forms(member).display,
            role=role,
            department=department or ws.settings.department or "HM Government",
        )
        sender = new_minister
    tabled = next((q for q in questions if q.kind == "tabled"), None)
    others = [s for s in speakers.order if s != minister_member]
    if not others:
        raise InputError(
            [
                Problem(
                    file,
                    None,
                    "",
                    f"only the minister spoke in `{transcript.title}`: there is no one to reply to",
                )
            ]
        )
    opener = tabled.asked_by if tabled else others[0]
    addressee = ws.members[opener]
    named = slug_id(addressee.name or addressee.of or "", opener)
    letter_data = {
        "reference": f"MC{today.isoformat()}-{named}",
        "debate": debate_id,
        "from": sender.id,
        "to": opener,
        "date": today,
        "sections": [
            section_for(q, opener, transcript.title if q.kind == "tabled" else None)
            for q in questions
            if q.status == "accepted"
        ],
        "closing": "I hope you find this letter helpful.",
        "distribution": {"copies": "speakers", "library": transcript.house},
        "discharges": [u.id for u in undertakings],
    }
    letter, problems = validate(Letter, letter_data, "letter.yaml")
    if letter is None:  # pragma: no cover - the skeleton is built to be valid
        raise InputError(problems)
    plan = CasePlan(debate, letter, new_minister, _transcript_data(transcript, speakers))
    plan.texts = _texts(plan, debate_data=_debate_data(debate), letter_data=letter_data, file=file)
    return plan


def _transcript_data(transcript: Transcript, speakers: Speakers) -> list[dict[str, object]]:
    """The record as read, speech by speech, for the debate view and for tracing excerpts."""
    out: list[dict[str, object]] = []
    for speech, member in zip(transcript.speeches, speakers.of_speech, strict=True):
        entry: dict[str, object] = {"speaker": member}
        if speech.speaker is not None:
            entry["name"] = speech.speaker.name
        entry["column"] = speech.column
        entry["paragraphs"] = [{"pid": p.pid, "text": p.text} for p in speech.paragraphs]
        out.append({k: v for k, v in entry.items() if v is not None})
    return out


def _debate_data(debate: Debate) -> dict[str, object]:
    """Plain data for YAML: no empty lists or unset fields, every status spelt out."""

    def prune(value: object) -> object:
        if isinstance(value, dict):
            return {k: prune(v) for k, v in value.items() if v is not None and v != []}
        if isinstance(value, list):
            return [prune(v) for v in value]
        return value

    # prune keeps a mapping a mapping; it is typed on any value.
    return prune(debate.model_dump(mode="python", by_alias=True))  # type: ignore[return-value]


def _texts(
    plan: CasePlan, *, debate_data: dict[str, object], letter_data: dict[str, object], file: Where
) -> dict[str, str]:
    debate = CommentedMap(debate_data)
    debate.yaml_set_start_comment(
        f"{plan.debate.title}: {plan.debate.hansard}.\n"
        f"Imported by `draftkit debate import` from {file}.\n"
        "Candidate questions are `proposed`: accept, edit, merge or reject them in\n"
        "`draftkit edit` (or set `status`). Speakers and the minister are member ids."
    )
    letter = CommentedMap(letter_data)
    letter.yaml_set_start_comment(
        f"Reply after {plan.debate.title} ({plan.debate.hansard}): a skeleton from the import.\n"
        "Add approved snippets and prose to each section; `discharges` names the\n"
        "promises to write that this letter fulfils."
    )
    transcript = CommentedMap(speeches=plan.transcript)
    transcript.yaml_set_start_comment(
        f"{plan.debate.title}: the record as imported, for the debate view and to trace\n"
        "each question's excerpt. Not read for anything else; edit debate.yaml instead."
    )
    texts = {
        "debate.yaml": dump_yaml(debate),
        "letter.yaml": dump_yaml(letter),
        "transcript.yaml": dump_yaml(transcript),
    }
    if plan.minister is not None:
        entry = CommentedMap(plan.minister.model_dump(exclude_defaults=True))
        entry.yaml_set_start_comment(
            "The minister who replied, as the record shows; check role and department."
        )
        texts["ministers.yaml"] = dump_yaml([entry])
    return texts


def existing_case_files(folder: Path) -> list[Path]:
    return [folder / name for name in CASE_FILES if (folder / name).exists()]


def write_case(plan: CasePlan, folder: Path, *, force: bool = False) -> list[Path]:
    """Write the case's files; a new folder appears whole or not at all."""
    if not force and existing_case_files(folder):
        names = ", ".join(p.name for p in existing_case_files(folder))
        raise InputError(
            [Problem(folder, None, "", f"a case is already here ({names}); use --force")]
        )
    if folder.exists():
        paths = []
        for name, text in plan.texts.items():
            atomic.write_text(folder / name, text)
            paths.append(folder / name)
        return paths
    with atomic.replace_folder(folder) as staged:
        for name, text in plan.texts.items():
            atomic.write_text(staged.path / name, text)
    return [folder / name for name in plan.texts]
