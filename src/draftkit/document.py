"""The composed letter: one model that every emitter (txt, HTML/PDF, DOCX) reads.

Composition (`compose.py`) resolves snippets, placeholders, forms of address and
the distribution into this; emitters only lay it out and never compose content.

Its classes are frozen msgspec structs, not dataclasses: the same immutable values
(equal and hashed by their fields, of one class only), but each is made by C code, where
Python 3.11 compiles six methods for every frozen dataclass, about 1 ms apiece; these
fourteen were 14 ms of every `draftkit check` (issue 15).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import msgspec

#: What one file of a batch is: the addressee's letter, a member's copy, a Library's copy.
Role = Literal["addressee", "copy", "library"]

#: What each House's Library is called (a Library copy's recipient, its slip's address).
LIBRARY_NAMES = {"lords": "House of Lords Library", "commons": "House of Commons Library"}

#: Link schemes a letter may carry; anything else (javascript:, file:, data:) prints as text.
LINK_SCHEMES = ("http", "https", "mailto")


def safe_href(href: str | None) -> str | None:
    """A link target the letter may carry (http, https, mailto), else None."""
    if not href:
        return None
    scheme = urlsplit(href.strip()).scheme.lower()
    return href.strip() if scheme in LINK_SCHEMES else None


def shows_href(text: str, href: str) -> bool:
    """Print the address after a link's text when the text does not already say it (paper)."""
    without_scheme = href.removeprefix("mailto:").split("://", 1)[-1]
    return text.strip() not in {href, without_scheme, without_scheme.rstrip("/")}


class Span(msgspec.Struct, frozen=True):
    """A run of text with inline formatting; `href` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None

    @property
    def link(self) -> str | None:
        """The target this span links to in the letter: only a safe one (else plain text)."""
        return safe_href(self.href)

    @property
    def printed_href(self) -> str | None:
        """The address printed after the text, "GOV.UK (https://www.gov.uk)", if any."""
        link = self.link
        return link if link and shows_href(self.text, link) else None


class LineBreak(msgspec.Struct, frozen=True):
    """A hard line break inside a paragraph."""


Inline = Span | LineBreak


def inline_text(inlines: tuple[Inline, ...], line_break: str = "\n") -> str:
    """The words of a run of inlines as every format prints them: a link's address after
    its text when the text does not say it. The one flattening of the letter's text."""
    out = []
    for item in inlines:
        if isinstance(item, Span):
            shown = item.printed_href
            out.append(f"{item.text} ({shown})" if shown else item.text)
        else:
            out.append(line_break)
    return "".join(out)


class Origin(msgspec.Struct, frozen=True):
    """Where a block came from: a snippet (with version) or prose, and its place in the letter."""

    section: int
    block: int
    snippet: str | None = None
    version: int | None = None


class Paragraph(msgspec.Struct, frozen=True):
    inlines: tuple[Inline, ...]
    origin: Origin | None = None

    @property
    def text(self) -> str:
        return inline_text(self.inlines)


class ListBlock(msgspec.Struct, frozen=True):
    """A bulleted or numbered list; each item is paragraphs and, nested inside, lists."""

    ordered: bool
    items: tuple[tuple[Paragraph | ListBlock, ...], ...]
    start: int = 1
    origin: Origin | None = None


class Heading(msgspec.Struct, frozen=True):
    """A heading: a section's title (level 1) or one inside a snippet (level 2 and down)."""

    level: int
    inlines: tuple[Inline, ...]
    origin: Origin | None = None

    @property
    def text(self) -> str:
        return inline_text(self.inlines, " ")


BodyBlock = Paragraph | ListBlock | Heading


def text_blocks(block: BodyBlock) -> Iterator[Paragraph | Heading]:
    """The paragraphs and headings of a block in reading order, a list's at every depth."""
    if isinstance(block, ListBlock):
        for item in block.items:
            for inner in item:
                yield from text_blocks(inner)
    else:
        yield block


class DocSection(msgspec.Struct, frozen=True):
    title: str | None
    answers: tuple[str, ...]
    blocks: tuple[BodyBlock, ...]


class Letterhead(msgspec.Struct, frozen=True):
    """What the letterhead prints: department, sender, the department's address."""

    name: str
    folder: Path
    department: str
    minister_name: str
    minister_role: str
    address: tuple[str, ...]
    website: str | None = None
    colour: str = "#000000"


class Recipient(msgspec.Struct, frozen=True):
    """Someone on the distribution list, with the forms the copy needs."""

    id: str
    display: str
    address_line: str
    salutation: str
    address: tuple[str, ...]
    in_text: str = ""


class Distribution(msgspec.Struct, frozen=True):
    """What the letter promises: copies, a Library deposit, and the sentence saying so.

    `occasion` ("the debate on Grooming Gangs in Grand Committee on Tuesday 14 May 2019")
    and `hansard` let a copy's covering slip say why it is sent.
    """

    copies: tuple[Recipient, ...]
    library: tuple[str, ...]
    sentence: str
    house: str = "lords"
    occasion: str = ""
    hansard: str | None = None


class Signature(msgspec.Struct, frozen=True):
    name: str
    role: str
    image: Path | None = None


class Metadata(msgspec.Struct, frozen=True):
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...] = ()
    language: str = "en-GB"


class SnippetUse(msgspec.Struct, frozen=True):
    id: str
    version: int
    title: str


class Document(msgspec.Struct, frozen=True):
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
    snippets: tuple[SnippetUse, ...] = ()
    #: "Yours sincerely" above the signature, or "" for none (the seed prints none).
    valediction: str = ""
    #: The printed copy list after the signature (`cc: true`): each copy's name, the Libraries.
    copies_to: tuple[str, ...] = ()

    @property
    def address_block(self) -> tuple[str, ...]:
        return (self.addressee.address_line, *self.addressee.address)

    def body_blocks(self) -> list[BodyBlock]:
        """Every block of the body in reading order, sections flattened."""
        return [b for s in self.sections for b in s.blocks]


#: The heading of the copy list printed after the signature.
COPIES_HEADING = "Copies to:"
