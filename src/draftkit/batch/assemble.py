"""Copies assembled from pages already laid out: a slip page, then the letter's pages.

No copy is laid out or even re-serialised. For each PDF of slips, pypdf writes one
base file once: the letter, structure tree and all, behind a slip page whose address is
empty (so no other member's name is in anyone's copy). Each copy is then that base plus
a PDF incremental update (ISO 32000-1, 7.5.6) that gives the slip page recipient i's
address and the copy its own document information: a few kilobytes of bytes per copy.
Every copy is a tagged PDF, as the letter is (PDF/UA asks it of every file a member
receives): the slip's section, copied from the slips' own tree, reads first, with the
address it draws as one paragraph whose text is the address's lines.
Dates come from the letter's date and no random file id is written, so the same inputs
give the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
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
    #: Recipient i's address as text, a line each: what a screen reader reads for the
    #: address drawn into the slip (none: read from the glyphs as they are).
    addresses: tuple[str, ...] = ()


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
        """The letter as written (its structure tree kept) behind the slip of `kind`."""
        writer = PdfWriter(clone_from=letter)
        page = writer.insert_page(slips.pages[kind], 0)
        address_page = slips.pages[len(slips.pages) - 1]
        width, height = (
            float(address_page.mediabox.width),
            float(address_page.mediabox.height),
        )
        resources = page.raw_get("/Resources")
        form = writer._add_object(StreamObject())
        xobjects = _dict(page["/Resources"]).setdefault(NameObject("/XObject"), DictionaryObject())
        xobjects[NameObject(ADDRESS)] = form
        x, top = space
        # First, in the page's own coordinates: WeasyPrint's stream flips them for good.
        draw = b"q 1 0 0 1 %.3f %.3f cm %s Do Q" % (x, top - height, ADDRESS.encode())
        marked = _marked(slips, kind) if _tagged(letter) else []
        if marked:
            draw = b"/P <</MCID %d>> BDC %s EMC" % (_tag_slip(writer, page, marked), draw)
        drawn = draw + b"\n" + page.get_contents().get_data()  # type: ignore[union-attr]
        contents = StreamObject()
        contents.set_data(drawn)
        page[NameObject("/Contents")] = writer._add_object(contents.flate_encode())
        writer.add_metadata(metadata(document, ""))
        writer._root_object[NameObject("/Lang")] = TextStringObject(document.metadata.language)
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
        trailer = PdfReader(io.BytesIO(data)).trailer
        resources_ref = (
            b"%d 0 R" % resources.idnum
            if isinstance(resources, IndirectObject)
            else _serialise(_dict(page["/Resources"]))
        )
        return cls(
            data=data,
            startxref=int(data[data.rindex(b"startxref") :].split()[1]),
            size=int(cast(int, trailer["/Size"])),
            root=trailer.raw_get("/Root").idnum,
            info=trailer.raw_get("/Info").idnum,
            form=form.idnum,
            form_dict=b"/Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources %s"
            % (width, height, resources_ref),
        )

    def copy(
        self,
        address: bytes,
        document: Document,
        recipient_name: str,
        text: str | None = None,
    ) -> bytes:
        """The base with `address` (a page's content stream) in its address space.

        `text`, the address as lines, is the drawn address's /ActualText, so that it is
        read out line by line rather than as the glyphs run together.
        """
        content = _unmarked(address)
        if text:
            actual = ("\ufeff" + text).encode("utf-16-be").hex().encode()
            content = b"/Span <</ActualText <%s>>> BDC\n%s\nEMC\n" % (actual, content)
        stream = zlib.compress(content, 6)
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
    texts = slips.addresses or (None,) * len(recipient_names)
    return [
        bases[kind].copy(
            reader.pages[first_address + i].get_contents().get_data(),  # type: ignore[union-attr]
            document,
            name,
            text,
        )
        for i, (kind, name, text) in enumerate(
            zip(slips.kinds, recipient_names, texts, strict=True)
        )
    ]


#: Marked-content operators in WeasyPrint's streams, one token to a line: `/Span`,
#: `<</MCID 0>>`, `BDC` (or `/Artifact`, `BMC`), and `EMC`.
_MARKS = re.compile(rb"^/[A-Za-z]+\n(?:<<[^>]*>>\n)?B[DM]C\n|^EMC\n", re.MULTILINE)


def _unmarked(content: bytes) -> bytes:
    """An address page's content without its own marked content: in a copy the whole
    address is one marked-content item of the slip page (its /P in the structure tree)."""
    return _MARKS.sub(b"", content)


def _tag_slip(writer: PdfWriter, page: PageObject, marked: list[IndirectObject]) -> int:
    """Put the slip page's structure first in the letter's tree; return the address's MCID.

    `marked` are the slip page's elements by MCID in the slips' own tree (WeasyPrint tags
    them like the letter). Their section is copied with the slip page for `/Pg`, an
    element `/P` for the address goes in the empty address space, and the page gets its
    own entry in the parent tree: MCID n of the page is element n, the address the last.
    """
    tree = _dict(writer._root_object["/StructTreeRoot"])
    top_ref = _kids(tree)[0]
    top = _dict(top_ref)
    namespace = top.get("/NS")
    page_ref = _ref(page)
    section = _dict(marked[0])
    while _dict(section["/P"]).get("/S") != "/Document":
        section = _dict(section["/P"])
    copied: dict[int, IndirectObject] = {}
    slip = _copy_element(writer, section, _ref(top), page_ref, namespace, copied)
    address = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/P"),
            NameObject("/Pg"): page_ref,
            NameObject("/K"): ArrayObject([NumberObject(len(marked))]),
        }
    )
    if namespace is not None:
        address[NameObject("/NS")] = namespace
    spaces = [k for k in _kids(_dict(slip)) if _is_element(k, "/Div") and not _kids(_dict(k))]
    holder = spaces[0] if spaces else slip  # the address space, else the section
    address[NameObject("/P")] = holder
    address_ref = writer._add_object(address)
    _dict(holder)[NameObject("/K")] = ArrayObject([*_kids(_dict(holder)), address_ref])
    top[NameObject("/K")] = ArrayObject([slip, *_kids(top)])
    parents = _parents(tree)
    key = int(cast(int, tree.get("/ParentTreeNextKey", max(parents, default=-1) + 1)))
    entry = ArrayObject([copied[m.idnum] for m in marked] + [address_ref])
    nums = cast(ArrayObject, _dict(tree["/ParentTree"])["/Nums"])
    nums.extend([NumberObject(key), writer._add_object(entry)])
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(key + 1)
    page[NameObject("/StructParents")] = NumberObject(key)
    return len(marked)


def _copy_element(
    writer: PdfWriter,
    element: DictionaryObject,
    parent: IndirectObject,
    page: IndirectObject,
    namespace: object,
    copied: dict[int, IndirectObject],
) -> IndirectObject:
    """A structure element and its subtree, copied into `writer` with their content on `page`.

    `copied` maps each source element's object number to its copy (for the parent tree).
    """
    new = DictionaryObject()
    ref = writer._add_object(new)
    copied[_ref(element).idnum] = ref
    for key, value in element.items():
        if key == "/P":
            new[NameObject(key)] = parent
        elif key == "/Pg":
            new[NameObject(key)] = page
        elif key == "/NS":
            if isinstance(namespace, PdfObject):
                new[NameObject(key)] = namespace
        elif key != "/K":
            new[NameObject(key)] = value.clone(writer)
    kids = ArrayObject()
    for kid in _kids(element):
        target = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if _is_element(kid):
            kids.append(_copy_element(writer, _dict(kid), ref, page, namespace, copied))
        elif isinstance(target, DictionaryObject):  # a marked-content reference
            kids.append(DictionaryObject({**target, NameObject("/Pg"): page}))
        else:  # an MCID: the same on the copied page
            kids.append(kid)
    new[NameObject("/K")] = kids
    return ref


def _dict(obj: object) -> DictionaryObject:
    """A dictionary, resolved if it is a reference to one."""
    target = obj.get_object() if isinstance(obj, IndirectObject) else obj
    if not isinstance(target, DictionaryObject):
        raise ValueError(f"expected a PDF dictionary, got {type(target).__name__}")
    return target


def _ref(obj: DictionaryObject) -> IndirectObject:
    """The reference an object was read or added under."""
    ref = obj.indirect_reference
    if ref is None:
        raise ValueError("a direct object where the structure tree needs an indirect one")
    return ref


def _kids(node: DictionaryObject) -> list[PdfObject]:
    """A structure node's /K as a list (it may be one kid, an array, or absent)."""
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _is_element(kid: object, kind: str | None = None) -> bool:
    target = kid.get_object() if isinstance(kid, IndirectObject) else kid
    return (
        isinstance(target, DictionaryObject)
        and target.get("/Type") == "/StructElem"
        and (kind is None or target.get("/S") == kind)
    )


def _tagged(pdf: PdfReader) -> bool:
    """Is it tagged with a flat parent tree (as WeasyPrint writes it)?"""
    root = _dict(pdf.trailer["/Root"])
    return "/StructTreeRoot" in root and "/Nums" in _dict(
        _dict(root["/StructTreeRoot"])["/ParentTree"]
    )


def _marked(slips: PdfReader, kind: int) -> list[IndirectObject]:
    """The elements of the slip page's marked content, by MCID (none when it is untagged)."""
    page = slips.pages[kind]
    if not _tagged(slips) or "/StructParents" not in page:
        return []
    tree = _dict(_dict(slips.trailer["/Root"])["/StructTreeRoot"])
    return _parents(tree).get(int(cast(int, page["/StructParents"])), [])


def _parents(tree: DictionaryObject) -> dict[int, list[IndirectObject]]:
    """A structure tree's parent tree: each page's key to its marked elements by MCID."""
    nums = cast(ArrayObject, _dict(tree["/ParentTree"])["/Nums"])
    return {
        int(cast(int, nums[i])): [
            m for m in cast(ArrayObject, nums[i + 1].get_object()) if isinstance(m, IndirectObject)
        ]
        for i in range(0, len(nums), 2)
    }
