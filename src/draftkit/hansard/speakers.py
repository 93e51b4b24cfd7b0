"""Speakers of a debate mapped to directory members by external id, never by name.

Imported members keep ParlParse's lord/person id (`parlparse_id`) and Parliament's
member id (`parliament_id`); a speech maps to the member holding that exact id. A
speaker the directory lacks is reported by name and id so it can be imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import InputError, Problem, Where
from ..models import Member
from .transcript import Transcript


@dataclass(frozen=True)
class Speakers:
    """Who spoke: the member of each speech (None for procedural blocks), in speaking order."""

    of_speech: list[str | None]
    order: list[str]


def _index(members: Mapping[str, Member]) -> dict[tuple[str, str], str]:
    index: dict[tuple[str, str], str] = {}
    for member in members.values():
        # Every id of the person: a party change or a new Parliament starts a new one.
        for pid in member.parlparse_ids:
            index.setdefault(("parlparse", pid), member.id)
        if member.parliament_id is not None:
            index[("parliament", str(member.parliament_id))] = member.id
    return index


def map_speakers(transcript: Transcript, members: Mapping[str, Member], file: Where) -> Speakers:
    """Map every non-procedural speech to its member; `InputError` listing any not found."""
    index = _index(members)
    of_speech: list[str | None] = []
    order: list[str] = []
    missing: dict[tuple[str, str], str] = {}
    for speech in transcript.speeches:
        ref = speech.speaker
        member_id = None
        if ref is not None and not speech.procedural:
            member_id = index.get((ref.scheme, ref.value)) if ref.value else None
            if member_id is None:
                missing.setdefault((ref.scheme, ref.value), ref.name)
        of_speech.append(member_id)
        if member_id and member_id not in order:
            order.append(member_id)
    if missing:
        raise InputError(
            [
                _missing_problem(file, scheme, value, name)
                for (scheme, value), name in missing.items()
            ]
        )
    if not order:
        raise InputError(
            [Problem(file, None, "", f"the debate `{transcript.title}` has no speakers")]
        )
    return Speakers(of_speech, order)


def _missing_problem(file: Where, scheme: str, value: str, name: str) -> Problem:
    if not value:
        return Problem(
            file, None, "", f"speaker {name!r} has no member id in the record; add them by hand"
        )
    field = "parlparse_id" if scheme == "parlparse" else "parliament_id"
    source = (
        "ParlParse's peers-ucl.xml / people.json"
        if scheme == "parlparse"
        else "the Members API (--parliament-id)"
    )
    return Problem(
        file,
        None,
        "",
        f"speaker {name} ({field} {value}) is not in the member directory; import them "
        f"with `draftkit members import` from {source}, or add a member with `{field}: {value}`",
    )
