"""Candidate questions proposed from a debate's speeches; the official decides which stand.

Three kinds: the tabled question ("To ask His/Her Majesty's Government ..."), direct
questions (a sentence ending in "?"), and the indirect forms Peers use ("I ask the
Minister whether ...", "I would be grateful if the Minister could ..."). Nothing the
minister says is a candidate, nor a question inside a quotation, nor a rhetorical one
("What are the facts?", "Do we not all think ...?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .speakers import Speakers
from .text import Sentence, ends_with_question_mark, sentences
from .transcript import Speech, Transcript

Kind = Literal["tabled", "direct", "indirect"]

_TABLED = re.compile(
    r"^To ask (?:His|Her) Majesty['\u2019]s Government\b|^To ask the (?:Secretary|Minister)"
)
_TABLED_BY = re.compile(r"^\s*Tabled By (?P<name>.+?)\s*$", re.IGNORECASE)

#: How Peers name the minister (or the Government) they are asking.
_MINISTER = (
    r"(?:(?:the|my) (?:noble (?:and (?:learned|gallant) )?(?:Lord|Baroness|Earl|Viscount|friend) )?"
    r"(?:the )?Minister|the Government|my noble friend)"
)
_INDIRECT = [
    re.compile(rf"\bI (?:would |should |must |therefore )?ask {_MINISTER}\b"),
    re.compile(
        rf"\b(?:Can|Could|Will|Would|May) {_MINISTER} (?:please )?"
        r"(?:tell|say|confirm|explain|assure|outline|update|let|give|clarify|set out|indicate)\b"
    ),
    re.compile(
        rf"\bI (?:would|should|will) be (?:most |very )?(?:grateful|glad|pleased)"
        rf"(?: to {_MINISTER})? if (?:{_MINISTER}|he|she) (?:could|would|will|can|might)\b"
    ),
    re.compile(
        rf"\bI (?:would|should) (?:be (?:very )?interested (?:in|to hear)|welcome) "
        rf"{_MINISTER}'s (?:comments?|views?|response|thoughts|reply|assessment)"
    ),
    re.compile(
        rf"\bI hope (?:therefore )?(?:that )?{_MINISTER} (?:can|will|is able to|may be able to) "
        r"(?:say|tell|confirm|assure|give|explain|outline|update)\b"
    ),
    re.compile(rf"\b(?:Perhaps|Maybe) {_MINISTER} (?:can|could|will|would|might)\b"),
    re.compile(rf"\bI invite {_MINISTER} to\b"),
]
#: Questions that make a point rather than ask one.
_RHETORICAL_START = re.compile(
    r"^(?:Do we not|Does it not|Is it not|Are we not|Should we not|Would it not|"
    r"Isn't it|Aren't we|Don't we|Who (?:can|could) (?:doubt|deny)|What could be)\b",
    re.IGNORECASE,
)
_ADDRESSES = re.compile(
    r"\b(?:Minister|Government|he|she|they|noble|will|would|can|could|should)\b", re.IGNORECASE
)
_WH = re.compile(r"^(?:What|Why|How|Where|Who|When|Which)\b")


@dataclass(frozen=True)
class Candidate:
    """A proposed question: who asked it, where, and the source text it came from."""

    asked_by: str
    text: str
    kind: Kind
    paragraph: str
    column: str | None
    excerpt: str


def _kind(sentence: Sentence) -> Kind | None:
    text = sentence.text
    if _TABLED.search(text):
        return "tabled"
    if sentence.quoted:
        return None
    if any(p.search(text) for p in _INDIRECT):
        return "indirect"
    if ends_with_question_mark(text) and not _rhetorical(text):
        return "direct"
    return None


def _rhetorical(text: str) -> bool:
    """A question that makes a point: a negative opener, or a short "What are the facts?"."""
    if _RHETORICAL_START.search(text):
        return True
    return len(text.split()) <= 5 and bool(_WH.search(text)) and not _ADDRESSES.search(text)


def _excerpt(all_sentences: list[Sentence], i: int) -> str:
    """The sentence with the one before it, so the letter can be traced to Hansard."""
    before = all_sentences[i - 1].text + " " if i > 0 else ""
    return before + all_sentences[i].text


def _tabler(transcript: Transcript, speakers: Speakers, block: Speech) -> str | None:
    """The member a tabled question belongs to: "Tabled By NAME", else whoever opens."""
    named = None
    for p in block.paragraphs:
        found = _TABLED_BY.match(p.text)
        if found:
            named = found["name"]
    for speech, member in zip(transcript.speeches, speakers.of_speech, strict=True):
        if member and (named is None or (speech.speaker and speech.speaker.name == named)):
            return member
    return speakers.order[0] if speakers.order else None


def propose(transcript: Transcript, speakers: Speakers, minister: str) -> list[Candidate]:
    """Every candidate question in speaking order; none from the minister."""
    out: list[Candidate] = []
    for speech, member in zip(transcript.speeches, speakers.of_speech, strict=True):
        if member == minister:
            continue
        if member is None:
            # An unattributed block: only a tabled question counts, for its tabler.
            if speech.speaker is not None and not speech.procedural:
                continue
            asker = _tabler(transcript, speakers, speech)
        else:
            asker = member
        for para in speech.paragraphs:
            found = sentences(para.text)
            for i, sentence in enumerate(found):
                kind = _kind(sentence)
                if kind is None or (member is None and kind != "tabled") or asker is None:
                    continue
                out.append(
                    Candidate(
                        asked_by=asker,
                        text=sentence.text,
                        kind=kind,
                        paragraph=para.pid,
                        column=para.column or speech.column,
                        excerpt=_excerpt(found, i),
                    )
                )
    return out
