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
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
    create_string_object,
)

from ..document import Document


def pdf_date(day: dt.date) -> str:
    """A PDF date string for midnight UTC on `day` (D:YYYYMMDDHHmmSSZ)."""
    return f"D:{day:%Y%m%d}000000Z"


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


@dataclass(frozen=True)
class LaidOutSlips:
    """Slips as laid out: one page per kind of slip, then one address page per recipient.

    `spaces[k]` is where kind k keeps its address space: the top-left corner in PDF
    points from the page's bottom-left; `kinds[i]` is recipient i's kind of slip.
    """

    pdf: bytes
    spaces: tuple[tuple[float, float], ...]
    kinds: tuple[int, ...]


def _serialise(obj: DictionaryObject) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


#: The name the slip page gives the recipient's address block (a form XObject).
ADDRESS = "/DraftkitAddress"


@dataclass(frozen=True)
class Base:
    """A copy less its address: a kind of slip, then the letter, written once.

    The slip page draws the form XObject `ADDRESS` in its address space; in the base
    that form is empty, and each copy's update fills it with the recipient's address
    page, so no member's copy holds any other member's name.
    """

    data: bytes
    startxref: int
    size: int
    root: int
    info: int
    form: int
    form_dict: bytes

    @classmethod
    def build(
        cls,
        document: Document,
        letter: PdfReader,
        slips: PdfReader,
        kind: int,
        space: tuple[float, float],
    ) -> Base:
        writer = PdfWriter()
        page = writer.add_page(slips.pages[kind])
        address_page = slips.pages[len(slips.pages) - 1]
        width, height = float(address_page.mediabox.width), float(address_page.mediabox.height)
        resources = page.raw_get("/Resources")
        form = writer._add_object(StreamObject())
        xobjects = page["/Resources"].setdefault(NameObject("/XObject"), DictionaryObject())
        xobjects[NameObject(ADDRESS)] = form
        x, top = space
        # First, in the page's own coordinates: WeasyPrint's stream flips them for good.
        drawn = (
            b"q 1 0 0 1 %.3f %.3f cm %s Do Q\n" % (x, top - height, ADDRESS.encode())
            + page.get_contents().get_data()  # type: ignore[union-attr]
        )
        contents = StreamObject()
        contents.set_data(drawn)
        page[NameObject("/Contents")] = writer._add_object(contents.flate_encode())
        for letter_page in letter.pages:
            writer.add_page(letter_page)
        writer.add_metadata(metadata(document, ""))
        writer._root_object[NameObject("/Lang")] = TextStringObject(document.metadata.language)
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
        trailer = PdfReader(io.BytesIO(data)).trailer
        resources_ref = (
            b"%d 0 R" % resources.idnum
            if isinstance(resources, IndirectObject)
            else _serialise(page["/Resources"])
        )
        return cls(
            data=data,
            startxref=int(data[data.rindex(b"startxref") :].split()[1]),
            size=int(trailer["/Size"]),
            root=trailer.raw_get("/Root").idnum,
            info=trailer.raw_get("/Info").idnum,
            form=form.idnum,
            form_dict=b"/Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources %s"
            % (width, height, resources_ref),
        )

    def copy(self, address: bytes, document: Document, recipient_name: str) -> bytes:
        """The base with `address` (a page's content stream) in its address space."""
        stream = zlib.compress(address, 6)
        info = DictionaryObject(
            {
                NameObject(k): create_string_object(v)
                for k, v in metadata(document, recipient_name).items()
            }
        )
        update = io.BytesIO()
        offsets = {}
        update.write(b"\n")
        offsets[self.form] = len(self.data) + update.tell()
        update.write(
            b"%d 0 obj\n<<%s /Filter /FlateDecode /Length %d>>\nstream\n"
            % (self.form, self.form_dict, len(stream))
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
    slips: LaidOutSlips,
    recipient_names: Sequence[str],
) -> list[bytes]:
    """One PDF per recipient, in order: its slip with its address, then the whole letter.

    A base is written once per kind of slip; each copy adds only its address.
    """
    letter = PdfReader(io.BytesIO(letter_pdf))
    reader = PdfReader(io.BytesIO(slips.pdf))
    first_address = len(slips.spaces)
    if len(reader.pages) != first_address + len(slips.kinds) or len(slips.kinds) != len(
        recipient_names
    ):
        raise ValueError(
            f"{len(reader.pages) - first_address} address pages laid out "
            f"for {len(recipient_names)} recipients"
        )
    bases = [Base.build(document, letter, reader, k, space) for k, space in enumerate(slips.spaces)]
    return [
        bases[kind].copy(
            reader.pages[first_address + i].get_contents().get_data(),  # type: ignore[union-attr]
            document,
            name,
        )
        for i, (kind, name) in enumerate(zip(slips.kinds, recipient_names, strict=True))
    ]
