"""Reading a ParlParse/TheyWorkForYou sitting-day XML file into its debates.

A file holds a whole sitting day; each `major-heading` starts a debate and the
speeches up to the next one belong to it. Speakers keep the record's ids
(`speakerid="uk.org.publicwhip/lord/N"` in older files, `person_id=...` in newer).
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from ..errors import InputError, Problem, Where
from ..xmlsafe import parse_xml
from .transcript import Paragraph, SpeakerRef, Speech, Transcript

_DATE = re.compile(r"/(?P<kind>[a-z]+)/(?P<date>\d{4}-\d{2}-\d{2})")
_HOUSES = {"lords": "lords", "debate": "commons", "westminhall": "commons"}
_LOCATIONS = {"westminhall": "Westminster Hall"}


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _speaker(el: etree._Element) -> SpeakerRef | None:
    """The speaker of a `speech`: None when the record marks it as nobody's."""
    if el.get("nospeaker") == "true":
        return None
    name = " ".join((el.get("speakername") or "").split())
    for attr in ("speakerid", "person_id"):
        value = el.get(attr)
        if value and value != "unknown":
            return SpeakerRef("parlparse", value, name)
    return SpeakerRef("parlparse", "", name) if name else None


def read_debates(data: bytes, file: Where) -> list[Transcript]:
    """Every debate in a sitting-day file, in order; `InputError` if the file is not one."""
    root = parse_xml(data, file)
    if root.tag != "publicwhip":
        raise InputError(
            [Problem(file, root.sourceline, "", f"not a ParlParse file (root <{root.tag}>)")]
        )
    debates: list[Transcript] = []
    for el in root:
        if el.tag == "major-heading":
            debates.append(_start(el, file))
        elif el.tag == "speech" and debates:
            speaker = _speaker(el)
            column = el.get("colnum")
            paragraphs = [
                Paragraph(p.get("pid") or f"{el.get('id', '')}/{i}", _text(p), column)
                for i, p in enumerate(el.iter("p"), 1)
                if _text(p)
            ]
            debates[-1].speeches.append(Speech(speaker, paragraphs, column, el.get("time")))
    if not debates:
        raise InputError([Problem(file, None, "", "the file has no debate (no <major-heading>)")])
    return debates


def _start(el: etree._Element, file: Where) -> Transcript:
    heading = _text(el)
    title, _, kind = heading.partition(" \u2014 ")
    found = _DATE.search(el.get("id") or "")
    if found is None:
        raise InputError(
            [Problem(file, el.sourceline, "id", f"heading `{heading}` has no dated id")]
        )
    return Transcript(
        title=title.strip(),
        kind=kind.strip() or None,
        house=_HOUSES.get(found["kind"], "commons"),  # type: ignore[arg-type]  # "lords" or "commons"
        date=dt.date.fromisoformat(found["date"]),
        location=_LOCATIONS.get(found["kind"]),
        source=el.get("url"),
    )
