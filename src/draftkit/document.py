"""The composed letter: one model that every emitter (txt, HTML/PDF, DOCX) reads.

Composition (`compose.py`) resolves snippets, placeholders, forms of address and
the distribution into this; emitters only lay it out and never compose content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Span:
    """A run of text with inline formatting; `href` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Span | LineBreak


@dataclass(frozen=True)
class Origin:
    """Where a block came from: a snippet (with version) or prose, and its place in the letter."""

    section: int
    block: int
    snippet: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    origin: Origin | None = None

    @property
    def text(self) -> str:
        return "".join(i.text if isinstance(i, Span) else "\n" for i in self.inlines)


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is one or more paragraphs."""

    ordered: bool
    items: tuple[tuple[Paragraph, ...], ...]
    start: int = 1
    origin: Origin | None = None


@dataclass(frozen=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]
    origin: Origin | None = None

    @property
    def text(self) -> str:
        return "".join(i.text if isinstance(i, Span) else " " for i in self.inlines)


BodyBlock = Paragraph | ListBlock | Heading


@dataclass(frozen=True)
class DocSection:
    title: str | None
    answers: tuple[str, ...]
    blocks: tuple[BodyBlock, ...]


@dataclass(frozen=True)
class Letterhead:
    """What the letterhead prints: department, sender, the department's address."""

    name: str
    folder: Path
    department: str
    minister_name: str
    minister_role: str
    address: tuple[str, ...]
    website: str | None = None
    colour: str = "#000000"


@dataclass(frozen=True)
class Recipient:
    """Someone on the distribution list, with the forms the copy needs."""

    id: str
    display: str
    address_line: str
    salutation: str
    address: tuple[str, ...]
    in_text: str = ""


@dataclass(frozen=True)
class Distribution:
    """What the letter promises: copies, a Library deposit, and the sentence saying so.

    `occasion` ("the debate on Grooming Gangs on Tuesday 14 May 2019") and `hansard` let a
    copy's covering slip say why it is sent.
    """

    copies: tuple[Recipient, ...]
    library: tuple[str, ...]
    sentence: str
    house: str = "lords"
    occasion: str = ""
    hansard: str | None = None


@dataclass(frozen=True)
class Signature:
    name: str
    role: str
    image: Path | None = None


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...] = ()
    language: str = "en-GB"


@dataclass(frozen=True)
class SnippetUse:
    id: str
    version: int
    title: str


@dataclass(frozen=True)
class Document:
    """A letter ready to emit."""

    reference: str
    date: dt.date
    date_text: str
    letterhead: Letterhead
    addressee: Recipient
    salutation: str
    sections: tuple[DocSection, ...]
    closing: tuple[Paragraph, ...]
    signature: Signature
    distribution: Distribution
    metadata: Metadata
    snippets: tuple[SnippetUse, ...] = field(default=())

    @property
    def address_block(self) -> tuple[str, ...]:
        return (self.addressee.address_line, *self.addressee.address)

    def body_blocks(self) -> list[BodyBlock]:
        """Every block of the body in reading order, sections flattened."""
        return [b for s in self.sections for b in s.blocks]
