"""Copies assembled from pages already laid out: a slip page, then the letter's pages.

No copy is laid out or even re-serialised. For each PDF of slips, pypdf writes one
base file once: the letter's pages behind a slip page whose content is empty (so no
other member's name is in anyone's copy). Each copy is then that base plus a PDF
incremental update (ISO 32000-1, 7.5.6) that gives the slip page recipient i's content
stream and the copy its own document information: a few kilobytes of bytes per copy.
Dates come from the letter's date and no random file id is written, so the same inputs
give the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
    create_string_object,
)

from ..document import Document


def pdf_date(day: dt.date) -> str:
    """A PDF date string for midnight UTC on `day` (D:YYYYMMDDHHmmSSZ)."""
    return f"D:{day:%Y%m%d}000000Z"


@contextmanager
def fixed_clock(day: dt.date) -> Iterator[None]:
    """Font subsets stamped with `day`, not now: fontTools honours SOURCE_DATE_EPOCH.

    WeasyPrint subsets fonts with fontTools (or HarfBuzz), which may write the current
    time into each font's `head` table; pinning it to the letter's date makes re-runs
    byte-identical.
    """
    epoch = str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def metadata(document: Document, recipient_name: str) -> dict[str, str]:
    """The copy's document information: the letter's, marked as whose copy it is."""
    meta = document.metadata
    stamp = pdf_date(document.date)
    return {
        "/Title": f"{meta.title} (copy for {recipient_name})",
        "/Author": meta.author,
        "/Subject": meta.subject,
        "/Keywords": ", ".join(meta.keywords),
        "/Creator": "draftkit",
        "/Producer": "draftkit (WeasyPrint, pypdf)",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }


def _serialise(obj: DictionaryObject) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Base:
    """The letter behind an empty slip page, written once, and what a copy must replace."""

    data: bytes
    startxref: int
    size: int
    root: int
    info: int
    contents: int
    slips: tuple[bytes, ...]

    @classmethod
    def build(cls, document: Document, letter_pdf: bytes, slips_pdf: bytes) -> Base:
        letter = PdfReader(io.BytesIO(letter_pdf))
        slips = PdfReader(io.BytesIO(slips_pdf))
        writer = PdfWriter()
        page = writer.add_page(slips.pages[0])
        page[NameObject("/Contents")] = writer._add_object(StreamObject())
        for letter_page in letter.pages:
            writer.add_page(letter_page)
        writer.add_metadata(metadata(document, ""))
        writer._root_object[NameObject("/Lang")] = TextStringObject(document.metadata.language)
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
        written = PdfReader(io.BytesIO(data))
        trailer = written.trailer
        return cls(
            data=data,
            startxref=int(data[data.rindex(b"startxref") :].split()[1]),
            size=int(trailer["/Size"]),
            root=trailer.raw_get("/Root").idnum,
            info=trailer.raw_get("/Info").idnum,
            contents=written.pages[0].raw_get("/Contents").idnum,
            slips=tuple(p.get_contents().get_data() for p in slips.pages),  # type: ignore[union-attr]
        )

    def copy(self, index: int, document: Document, recipient_name: str) -> bytes:
        """The base with slip `index` on its first page, as an incremental update."""
        stream = zlib.compress(self.slips[index], 6)
        info = DictionaryObject(
            {
                NameObject(k): create_string_object(v)
                for k, v in metadata(document, recipient_name).items()
            }
        )
        update = io.BytesIO()
        offsets = {}
        update.write(b"\n")
        offsets[self.contents] = len(self.data) + update.tell()
        update.write(
            b"%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n"
            % (self.contents, len(stream))
        )
        update.write(stream + b"\nendstream\nendobj\n")
        offsets[self.info] = len(self.data) + update.tell()
        update.write(b"%d 0 obj\n" % self.info + _serialise(info) + b"\nendobj\n")
        xref = len(self.data) + update.tell()
        update.write(b"xref\n")
        for idnum in sorted(offsets):
            update.write(b"%d 1\n%010d 00000 n \n" % (idnum, offsets[idnum]))
        update.write(
            b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /Prev %d>>\nstartxref\n%d\n%%%%EOF\n"
            % (self.size, self.root, self.info, self.startxref, xref)
        )
        return self.data + update.getvalue()


def assemble(
    document: Document,
    letter_pdf: bytes,
    slips_pdfs: Sequence[bytes],
    recipient_names: Sequence[str],
) -> list[bytes]:
    """One PDF per recipient, in order: its slip page, then every page of the letter.

    `slips_pdfs` hold the slips in order, one page each, in one or more PDFs (one per
    process that laid them out).
    """
    bases = [Base.build(document, letter_pdf, slips) for slips in slips_pdfs]
    pages = sum(len(b.slips) for b in bases)
    if pages != len(recipient_names):
        raise ValueError(f"{pages} slip pages laid out for {len(recipient_names)} recipients")
    names = iter(recipient_names)
    return [base.copy(i, document, next(names)) for base in bases for i in range(len(base.slips))]
