"""Copies assembled from pages already laid out: a slip page, then the letter's pages.

No copy is laid out or even re-serialised. For each PDF of slips, pypdf writes one
base file once: the letter, structure tree and all, behind a slip page whose address is
empty. Each copy is then that base plus a PDF incremental update (ISO 32000-1, 7.5.6)
that gives the slip page recipient i's address block and the copy its own document
information: a few kilobytes per copy. The address blocks are laid out many to a sheet
page; a copy's block is that sheet's drawing with every other block's text and images
taken out (`Sheet`), so no other member's name is in anyone's copy.
Every copy is a tagged PDF, as the letter is (PDF/UA asks it of every file a member
receives): the slip's section, copied from the slips' own tree, reads first, with the
address it draws as one paragraph whose text is the address's lines.
Dates come from the letter's date and no random file id is written, so the same inputs
give the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast, overload

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
    read_object,
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


#: Where an address block was laid out: its page's index in the slips' PDF, and its
#: top-left corner in PDF points from that page's bottom-left.
Place = tuple[int, float, float]


#: A rectangle in PDF points: left, bottom, right, top.
Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
#: The operators that end a path (and, after W or W*, make it the clipping path).
PAINT = frozenset(b"n f F f* S s B B* b b*".split())


@dataclass(frozen=True)
class LaidOutSlips:
    """Slips as laid out: one page per kind of slip, then the recipients' address blocks.

    `spaces[k]` is where kind k keeps its address space: the top-left corner in PDF
    points from the page's bottom-left; `kinds[i]` is recipient i's kind of slip;
    `places[i]` is where recipient i's address block is (none: each block is a page of
    its own, in order, after the kinds' pages).
    """

    pdf: bytes
    spaces: tuple[tuple[float, float], ...]
    kinds: tuple[int, ...]
    #: Recipient i's address as text, a line each: what a screen reader reads for the
    #: address drawn into the slip (none: read from the glyphs as they are).
    addresses: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()


def _info(meta: dict[str, str]) -> bytes:
    """A copy's document information dictionary, serialised as pypdf would write it.

    Every entry but the title is the same in every copy, so those are written once per
    letter (a batch of 800 spent a third of its assembly here).
    """
    title, rest = meta["/Title"], tuple((k, v) for k, v in meta.items() if k != "/Title")
    return b"<<\n/Title %s\n%s" % (_string(title), _constant_info(rest))


@functools.lru_cache(maxsize=8)
def _constant_info(entries: tuple[tuple[str, str], ...]) -> bytes:
    """The entries after the title, and the dictionary's end."""
    return b"".join(b"%s %s\n" % (k.encode(), _string(v)) for k, v in entries) + b">>"


def _string(value: str) -> bytes:
    buffer = io.BytesIO()
    create_string_object(value).write_to_stream(buffer)
    return buffer.getvalue()


def _serialise(obj: DictionaryObject) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


class Reader(PdfReader):
    """A `PdfReader` that parses an object of an object stream alone, when it is asked for.

    pypdf parses every object of an object stream the first time one is wanted. The
    slips' PDF keeps in its stream a structure element for each line of each address
    (3,300 objects for 800 copies: 0.29 s, a tenth of what a copy costs), of which
    assembly reads about a hundred: the pages, their resources, the slips' own section.
    Any object this cannot find in the stream's index is left to pypdf.
    """

    def __init__(self, stream: io.BytesIO) -> None:
        super().__init__(stream)
        #: Each object stream read so far: its decoded data, where its objects start,
        #: and each object's offset from there.
        self._streams: dict[int, tuple[io.BytesIO, int, dict[int, int]]] = {}

    def get_object(self, indirect_reference: int | IndirectObject) -> PdfObject | None:
        ref = indirect_reference
        idnum = ref if isinstance(ref, int) else ref.idnum
        generation = 0 if isinstance(ref, int) else ref.generation
        if (
            generation == 0
            and (0, idnum) not in self.resolved_objects
            and idnum in self.xref_objStm
            and not self.is_encrypted
        ):
            found = self._from_stream(idnum)
            if found is not None:
                return self.cache_indirect_object(0, idnum, found)
        return super().get_object(indirect_reference)

    def _from_stream(self, idnum: int) -> PdfObject | None:
        """Object `idnum`, read from its object stream alone (None: not in its index)."""
        number = int(self.xref_objStm[idnum][0])
        known = self._streams.get(number)
        if known is None:
            stream = self.get_object(number)
            if not isinstance(stream, StreamObject):
                return None
            data = stream.get_data()
            first, count = int(cast(int, stream["/First"])), int(cast(int, stream["/N"]))
            head = [int(n) for n in data[:first].split()[: 2 * count]]
            index = dict(zip(head[0::2], head[1::2], strict=True))
            known = self._streams[number] = (io.BytesIO(data), first, index)
        data_stream, first, index = known
        if idnum not in index:
            return None
        data_stream.seek(first + index[idnum])
        while data_stream.read(1).isspace():
            pass
        data_stream.seek(-1, 1)
        return read_object(data_stream, self)


#: The name the slip page gives the recipient's address block (a form XObject).
ADDRESS = "/DraftkitAddress"


@dataclass(frozen=True)
class Base:
    """A copy less its address: a kind of slip, then the letter, written once.

    The slip page draws the form XObject `ADDRESS` with its origin at the address
    space's top-left corner; in the base that form is empty, and each copy's update
    fills it with the recipient's address block, so no member's copy holds any other
    member's name.
    """

    data: bytes
    startxref: int
    size: int
    root: int
    info: int
    form: int
    resources: bytes

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
        resources = page.raw_get("/Resources")
        form = writer._add_object(StreamObject())
        xobjects = _dict(page["/Resources"]).setdefault(NameObject("/XObject"), DictionaryObject())
        xobjects[NameObject(ADDRESS)] = form
        x, top = space
        # First, in the page's own coordinates: WeasyPrint's stream flips them for good.
        draw = b"q 1 0 0 1 %.3f %.3f cm %s Do Q" % (x, top, ADDRESS.encode())
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
            resources=resources_ref,
        )

    def update(
        self,
        address: bytes,
        box: Box,
        document: Document,
        recipient_name: str,
    ) -> bytes:
        """What follows the base in a copy with `address` (`Sheet.block`) in its space.

        `box` is the address block on its sheet (left, bottom, right, top, in the
        sheet's points): the form shows that box, its top-left corner at the space's.
        """
        left, bottom, right, top = box
        form_dict = (
            b"/Type /XObject /Subtype /Form /BBox [%.3f %.3f %.3f %.3f] "
            b"/Matrix [1 0 0 1 %.3f %.3f] /Resources %s"
            % (left, bottom, right, top, -left, -top, self.resources)
        )
        stream = zlib.compress(address, 6)
        info = _info(metadata(document, recipient_name))
        update = io.BytesIO()
        offsets = {}
        update.write(b"\n")
        offsets[self.form] = len(self.data) + update.tell()
        update.write(
            b"%d 0 obj\n<<%s /Filter /FlateDecode /Length %d>>\nstream\n"
            % (self.form, form_dict, len(stream))
        )
        update.write(stream + b"\nendstream\nendobj\n")
        offsets[self.info] = len(self.data) + update.tell()
        update.write(b"%d 0 obj\n" % self.info + info + b"\nendobj\n")
        xref = len(self.data) + update.tell()
        update.write(b"xref\n")
        for idnum in sorted(offsets):
            update.write(b"%d 1\n%010d 00000 n \n" % (idnum, offsets[idnum]))
        update.write(
            b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /Prev %d>>\nstartxref\n%d\n%%%%EOF\n"
            % (self.size, self.root, self.info, self.startxref, xref)
        )
        return update.getvalue()


@dataclass(frozen=True)
class Copies(Sequence[bytes]):
    """Copies as assembled: copy i is `bases[k]` followed by its own update, `parts[i]`
    being (k, update), and its SHA-256 (hex) is `digests[i]`.

    Kept apart, so that a batch's copies cross from process to process (the helper, the
    worker, the command) as one base per kind of slip and a few kilobytes a copy: 800
    copies pickle to 4 MB instead of 76 MB. Each copy is joined when it is read.
    """

    bases: tuple[bytes, ...]
    parts: tuple[tuple[int, bytes], ...]
    digests: tuple[str, ...]

    @classmethod
    def of(cls, bases: Sequence[bytes], parts: Sequence[tuple[int, bytes]]) -> Copies:
        """The copies, each hashed as its base's hash carried on through its update: the
        bases are hashed once, not once a copy (76 MB for 800 copies, 0.06 s that the
        command spent after the layout, with nothing else to do meanwhile)."""
        hashed = [hashlib.sha256(base) for base in bases]

        def digest(base: int, update: bytes) -> str:
            whole = hashed[base].copy()
            whole.update(update)
            return whole.hexdigest()

        digests = tuple(digest(base, update) for base, update in parts)
        return cls(tuple(bases), tuple(parts), digests)

    def __len__(self) -> int:
        return len(self.parts)

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Copies: ...
    def __getitem__(self, index: int | slice) -> bytes | Copies:
        if isinstance(index, slice):
            return Copies(self.bases, self.parts[index], self.digests[index])
        base, update = self.parts[index]
        return self.bases[base] + update

    def pieces(self, index: int) -> tuple[bytes, bytes]:
        """Copy `index` as its base and its update, not joined."""
        base, update = self.parts[index]
        return self.bases[base], update

    def __add__(self, other: Copies) -> Copies:
        """These copies, then `other`'s (each keeping its own bases)."""
        shift = len(self.bases)
        return Copies(
            self.bases + other.bases,
            self.parts + tuple((base + shift, update) for base, update in other.parts),
            self.digests + other.digests,
        )


def assemble(
    document: Document,
    letter_pdf: bytes,
    slips: LaidOutSlips,
    recipient_names: Sequence[str],
) -> Copies:
    """One PDF per recipient, in order: its slip with its address, then the whole letter.

    A base is written once per kind of slip, and each sheet of address blocks taken
    apart once; each copy adds only its own block.
    """
    letter = Reader(io.BytesIO(letter_pdf))
    reader = Reader(io.BytesIO(slips.pdf))
    first_address = len(slips.spaces)
    places = slips.places or tuple(
        (first_address + i, 0.0, float(reader.pages[first_address + i].mediabox.top))
        for i in range(len(reader.pages) - first_address)
    )
    if len(places) != len(slips.kinds) or len(slips.kinds) != len(recipient_names):
        raise ValueError(
            f"{len(places)} address blocks laid out for {len(recipient_names)} recipients"
        )
    bases = [Base.build(document, letter, reader, k, space) for k, space in enumerate(slips.spaces)]
    sheets = {
        n: Sheet.read(reader.pages[n], [(i, x, y) for i, (m, x, y) in enumerate(places) if m == n])
        for n in sorted({n for n, _, _ in places})
    }
    texts = slips.addresses or (None,) * len(recipient_names)
    parts = tuple(
        (
            kind,
            bases[kind].update(
                sheets[place[0]].block(i, text), sheets[place[0]].boxes[i], document, name
            ),
        )
        for i, (kind, place, name, text) in enumerate(
            zip(slips.kinds, places, recipient_names, texts, strict=True)
        )
    )
    return Copies.of([b.data for b in bases], parts)


@dataclass
class Group:
    """A q ... Q group of a sheet's drawing and whose text and images are inside it.

    A piece is lines for every block, one block's text object or image (its recipient's
    number, -1 for one in no block), or a group.
    """

    pieces: list[bytes | tuple[int, bytes] | Group]
    owners: set[int]


@dataclass(frozen=True)
class Sheet:
    """A page of address blocks, its drawing cut into pieces by whose block they are in.

    Text (BT ... ET) and images (Do) belong to the block that holds the point where they
    are drawn (the current transformation followed through q, Q and cm). A block's
    drawing is the page's less every piece of anybody else's and every q ... Q group
    holding only others' pieces: the page's own state and decoration, then the block.
    The page's own marked content is taken out: in a copy the whole address is one
    marked-content item of the slip page (its /P in the structure tree).
    """

    drawing: Group
    boxes: dict[int, Box]

    @classmethod
    def read(cls, page: PageObject, blocks: Sequence[tuple[int, float, float]]) -> Sheet:
        """Cut `page`, holding `blocks` (recipient, left, top), into each block's pieces."""
        right = float(page.mediabox.right)
        boxes = {}
        for i, left, top in blocks:
            below = [t for _, _, t in blocks if t < top]
            boxes[i] = (left, max(below, default=float(page.mediabox.bottom)), right, top)
        content = page.get_contents().get_data()  # type: ignore[union-attr]
        return cls(_drawing(_unmarked(content), boxes), boxes)

    def block(self, recipient: int, text: str | None = None) -> bytes:
        """The sheet's drawing with only `recipient`'s text and images in it.

        `text`, the address as lines, is the block's /ActualText, so that it is read
        out line by line rather than as the glyphs run together. It spans the block's
        text objects inside the group that holds them, so that a reader places it where
        the glyphs are (poppler maps it with the state at its end); text spread over
        several groups gets one span around the whole drawing.
        """
        out: list[bytes] = []
        actual = ("\ufeff" + text).encode("utf-16-be").hex().encode() if text else b""
        begin = b"/Span <</ActualText <%s>>> BDC\n" % actual
        holder = self._holder(recipient) if actual else None

        def emit(group: Group) -> None:
            mine = [n for n, p in enumerate(group.pieces) if _owned_by(p, recipient)]
            for n, piece in enumerate(group.pieces):
                if group is holder and n == mine[0]:
                    out.append(begin)
                if isinstance(piece, bytes):
                    out.append(piece)
                elif isinstance(piece, Group):
                    if recipient in piece.owners or not piece.owners:
                        emit(piece)
                elif piece[0] == recipient:
                    out.append(piece[1])
                if group is holder and n == mine[-1]:
                    out.append(b"EMC\n")

        emit(self.drawing)
        if actual and holder is None:
            return begin + b"".join(out) + b"EMC\n"
        return b"".join(out)

    def _holder(self, recipient: int) -> Group | None:
        """The group holding all of `recipient`'s text and images as its own pieces."""
        group = self.drawing
        while recipient in group.owners:
            inside = [p for p in group.pieces if isinstance(p, Group) and recipient in p.owners]
            if any(_owned_by(p, recipient) for p in group.pieces):
                return None if inside else group
            if len(inside) != 1:
                return None
            group = inside[0]
        return None


def _owned_by(piece: bytes | tuple[int, bytes] | Group, recipient: int) -> bool:
    return isinstance(piece, tuple) and piece[0] == recipient


def _drawing(content: bytes, boxes: dict[int, Box]) -> Group:
    """`content` (one operator a line, as WeasyPrint writes it) as nested q ... Q groups
    of lines, with each text object and image marked as the block it is drawn in.

    What is drawn outside the clipping rectangle (an address too long for its block,
    under `overflow: hidden`) is nobody's: it would show in no copy, and in the next
    block's box it must not show there either.
    """
    matrix: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    clip: Box | None = None
    saved: list[tuple[Matrix, Box | None]] = []
    stack = [Group([], set())]
    text: list[bytes] | None = None
    origin: tuple[float, float] | None = None
    path: list[Box] | None = []  # the rectangles of the path being built; None: not all
    clipping = False

    def point(x: float, y: float) -> tuple[float, float]:
        return (
            matrix[0] * x + matrix[2] * y + matrix[4],
            matrix[1] * x + matrix[3] * y + matrix[5],
        )

    def owned(x: float, y: float, data: bytes) -> None:
        px, py = point(x, y)
        inside = clip is None or (clip[0] <= px <= clip[2] and clip[1] <= py <= clip[3])
        owner = next(
            (i for i, (lf, bt, rt, tp) in boxes.items() if lf <= px < rt and bt < py <= tp), -1
        )
        owner = owner if inside else -1
        stack[-1].pieces.append((owner, data))
        for group in stack:
            group.owners.add(owner)

    for line in content.splitlines(keepends=True):
        op = line.rstrip()
        if text is not None:
            text.append(line)
            if origin is None and (op.endswith(b" Tm") or op.endswith(b" Td")):
                args = op.split()
                origin = (float(args[-3]), float(args[-2]))
            if op == b"ET":
                owned(*(origin or (0.0, 0.0)), b"".join(text))
                text = None
            continue
        if op == b"BT":
            text, origin = [line], None
            continue
        if op == b"q":
            saved.append((matrix, clip))
            stack.append(Group([line], set()))
            continue
        if op == b"Q" and len(stack) > 1:
            matrix, clip = saved.pop()
            group = stack.pop()
            group.pieces.append(line)
            stack[-1].pieces.append(group)
            continue
        if op.endswith(b" Do"):
            owned(0.0, 0.0, line)
            continue
        if op.endswith(b" cm"):
            a, b, c, d, e, f = (float(v) for v in op.split()[:6])
            m = matrix
            matrix = (
                a * m[0] + b * m[2],
                a * m[1] + b * m[3],
                c * m[0] + d * m[2],
                c * m[1] + d * m[3],
                e * m[0] + f * m[2] + m[4],
                e * m[1] + f * m[3] + m[5],
            )
        elif op.endswith(b" re") and path is not None:
            x, y, w, h = (float(v) for v in op.split()[:4])
            corners = [point(x, y), point(x + w, y), point(x, y + h), point(x + w, y + h)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            path.append((min(xs), min(ys), max(xs), max(ys)))
        elif op.endswith((b" m", b" l", b" c", b" v", b" y")) or op == b"h":
            path = None
        elif op in (b"W", b"W*"):
            clipping = True
        elif op in PAINT:
            if clipping and path:
                area = (
                    min(r[0] for r in path),
                    min(r[1] for r in path),
                    max(r[2] for r in path),
                    max(r[3] for r in path),
                )
                clip = area if clip is None else _meet(clip, area)
            path, clipping = [], False
        stack[-1].pieces.append(line)
    if text is not None:  # an unclosed text object: drawn for nobody
        owned(float("nan"), float("nan"), b"".join(text))
    while len(stack) > 1:  # an unclosed group: kept as written
        group = stack.pop()
        stack[-1].pieces.append(group)
    return stack[0]


def _meet(a: Box, b: Box) -> Box:
    """Where two rectangles overlap (an empty one where they do not)."""
    left, bottom = max(a[0], b[0]), max(a[1], b[1])
    return (left, bottom, max(left, min(a[2], b[2])), max(bottom, min(a[3], b[3])))


#: Marked-content operators in WeasyPrint's streams, one token to a line: `/Span`,
#: `<</MCID 0>>`, `BDC` (or `/Artifact`, `BMC`), and `EMC`.
_MARKS = re.compile(rb"^/[A-Za-z]+\n(?:<<[^>]*>>\n)?B[DM]C\n|^EMC\n", re.MULTILINE)


def _unmarked(content: bytes) -> bytes:
    """A page's content without its marked content."""
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
