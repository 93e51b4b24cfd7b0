"""Copies assembled from pages already laid out: a slip page, then the letter's pages.

pypdf only copies page objects, so a copy costs a write, not a WeasyPrint layout.
Metadata is fixed from the letter (dates from the letter's date, no random file id),
so the same inputs give the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from ..document import Document


def pdf_date(day: dt.date) -> str:
    """A PDF date string for midnight UTC on `day` (D:YYYYMMDDHHmmSSZ)."""
    return f"D:{day:%Y%m%d}000000Z"


@contextmanager
def fixed_clock(day: dt.date) -> Iterator[None]:
    """Font subsets stamped with `day`, not now: fontTools honours SOURCE_DATE_EPOCH.

    WeasyPrint subsets fonts with fontTools, which writes the current time into each
    font's `head` table; pinning it to the letter's date makes re-runs byte-identical.
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


def assemble(
    document: Document,
    letter_pdf: bytes,
    slips_pdf: bytes,
    recipient_names: Sequence[str],
) -> list[bytes]:
    """One PDF per recipient: page i of `slips_pdf`, then every page of the letter."""
    letter = PdfReader(io.BytesIO(letter_pdf))
    slips = PdfReader(io.BytesIO(slips_pdf))
    if len(slips.pages) != len(recipient_names):
        raise ValueError(
            f"{len(slips.pages)} slip pages laid out for {len(recipient_names)} recipients"
        )
    out = []
    for i, name in enumerate(recipient_names):
        writer = PdfWriter()
        writer.add_page(slips.pages[i])
        for page in letter.pages:
            writer.add_page(page)
        writer.add_metadata(metadata(document, name))
        writer._root_object[NameObject("/Lang")] = TextStringObject(document.metadata.language)
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
