"""Reading a DOCX that came back from clearance: paragraphs placed by our bookmarks, each
with its text before and after the tracked changes, and the comments with what they mark.

python-docx does not model tracked changes, so this reads the WordprocessingML itself
(with lxml, through `xmlsafe`): runs in `w:ins`/`w:moveTo` are new, `w:delText` in
`w:del`/`w:moveFrom` is gone, an inserted paragraph mark joins a paragraph to the next
in the text as sent, a deleted one joins it to the next in the text as accepted, and a
paragraph wrapped whole in `w:ins` (as some writers do) is new, never lost. Untrusted
files are checked before anything is parsed: a zip, within size limits, no macros.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..errors import InputError, Problem
from ..xmlsafe import parse_xml
from .anchors import CLOSING, PREFIX, Place, block_place, round_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"

#: Limits on an untrusted package: what a letter needs, many times over.
MAX_PARTS = 500
MAX_PART_BYTES = 20_000_000
MAX_TOTAL_BYTES = 60_000_000
MAX_RATIO = 200
#: Parts smaller than this may compress as well as they like.
MAX_RATIO_FROM = 1_000_000

MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
_MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$", re.IGNORECASE)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Para:
    """One paragraph of the returned body: where it sits and its text both ways."""

    place: Place | None
    region: str  # "head" (address, date, salutation), "body", "closing"
    before: str = ""
    after: str = ""
    mark_inserted: bool = False
    mark_deleted: bool = False
    revisions: list[tuple[str, str]] = field(default_factory=list)  # (author, date)


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    date: str
    text: str
    quoted: str
    place: Place | None
    resolved: bool = False


@dataclass(frozen=True)
class Returned:
    """A returned DOCX, read: its paragraphs, comments, round stamp and who saved it last."""

    paragraphs: tuple[Para, ...]
    comments: tuple[Comment, ...]
    round: int | None
    anchored: bool
    modified_by: str | None
    modified: str | None

    def blocks(self) -> dict[Place, BlockText]:
        """Each placed block's paragraphs as sent and as accepted, with its revisions."""
        grouped: dict[Place, list[Para]] = {}
        for p in self.paragraphs:
            if p.place is not None and p.region == "body":
                grouped.setdefault(p.place, []).append(p)
        return {place: BlockText.of(paras) for place, paras in grouped.items()}

    def unplaced(self) -> list[str]:
        """The accepted text of the paragraphs before the closing that no bookmark places."""
        return [
            normalise(p.after)
            for p in self.paragraphs
            if p.place is None and p.region != "closing" and normalise(p.after)
        ]


@dataclass(frozen=True)
class BlockText:
    before: tuple[str, ...]
    after: tuple[str, ...]
    revisions: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, paras: list[Para]) -> BlockText:
        return cls(
            _join(paras, "before", "mark_inserted"),
            _join(paras, "after", "mark_deleted"),
            tuple(r for p in paras for r in p.revisions),
        )


def _join(paras: list[Para], view: str, merges: str) -> tuple[str, ...]:
    """The paragraphs in one view: a paragraph whose mark is absent there runs into the next."""
    out: list[str] = []
    buffer = ""
    for p in paras:
        buffer += getattr(p, view)
        if not getattr(p, merges):
            out.append(buffer)
            buffer = ""
    out.append(buffer)
    return tuple(t for t in (normalise(x) for x in out) if t)


def normalise(text: str) -> str:
    """Whitespace collapsed and typographic spaces made plain, for comparing texts."""
    return " ".join(text.replace("\u00a0", " ").split())


# -- the package ------------------------------------------------------------------------


def read_docx(data: bytes, file: str) -> Returned:
    """Read a returned DOCX, or raise `InputError` saying why it is refused."""
    parts = _open_package(data, file)
    document = parse_xml(parts["word/document.xml"], f"{file}: word/document.xml")
    comments = _comment_texts(parts, file)
    done = _resolved(parts, file)
    core = parts.get("docProps/core.xml")
    core_root = parse_xml(core, f"{file}: docProps/core.xml") if core else None
    body = document.find(w("body"))
    if body is None:
        raise InputError([Problem(file, None, "", "not a Word document: it has no body")])
    reader = _Reader(comments, done)
    reader.walk(body)
    return Returned(
        tuple(reader.paragraphs),
        tuple(reader.finished_comments()),
        reader.round,
        reader.anchored,
        _core(core_root, f"{{{CP}}}lastModifiedBy"),
        _core(core_root, f"{{{DCTERMS}}}modified"),
    )


def _refuse(file: str, message: str) -> InputError:
    return InputError([Problem(file, None, "", f"refused: {message}")])


def _open_package(data: bytes, file: str) -> dict[str, bytes]:
    """The XML parts of a DOCX, checked: a zip, not a bomb, no macros, a Word document."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(file, "not a DOCX file (a DOCX is a zip package; save it as .docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(file, f"not a readable DOCX file ({exc})") from None
    if len(infos) > MAX_PARTS:
        raise _refuse(file, f"{len(infos)} parts in the package (a letter has a few dozen)")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise _refuse(file, f"it unpacks to {total:,} bytes (a zip bomb?)")
    for info in infos:
        if info.file_size > MAX_PART_BYTES or (
            info.file_size > MAX_RATIO_FROM
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _refuse(file, f"part {info.filename} unpacks to {info.file_size:,} bytes")
        if _MACRO_PARTS.search(info.filename):
            raise _refuse(file, "it holds macros (a .docm); save it as a plain .docx")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise _refuse(file, "not a Word document (no word/document.xml)")
    wanted = (
        "[Content_Types].xml",
        "word/document.xml",
        "word/comments.xml",
        "word/commentsExtended.xml",
        "docProps/core.xml",
    )
    parts = {}
    for name in wanted:
        if name in names:
            info = archive.getinfo(name)
            with archive.open(info) as fh:
                content = fh.read(info.file_size + 1)
            if len(content) > info.file_size:  # the directory lied about the size
                raise _refuse(file, f"part {name} is larger than its zip entry says")
            parts[name] = content
    if MACRO_TYPE.encode() in parts["[Content_Types].xml"]:
        raise _refuse(file, "it is macro-enabled (a .docm); save it as a plain .docx")
    return parts


def _core(root: etree._Element | None, tag: str) -> str | None:
    el = root.find(tag) if root is not None else None
    return el.text.strip() if el is not None and el.text and el.text.strip() else None


def _comment_texts(parts: dict[str, bytes], file: str) -> dict[str, tuple[str, str, str, str]]:
    """Comment id → (author, date, text, id of its last paragraph) from word/comments.xml."""
    data = parts.get("word/comments.xml")
    if not data:
        return {}
    root = parse_xml(data, f"{file}: word/comments.xml")
    out = {}
    for c in root.iter(w("comment")):
        paras = c.findall(f".//{w('p')}")
        text = "\n".join(normalise("".join(t.text or "" for t in p.iter(w("t")))) for p in paras)
        last = paras[-1].get(f"{{{W14}}}paraId", "") if paras else ""
        out[c.get(w("id"), "")] = (
            c.get(w("author"), ""),
            _date(c.get(w("date"), "")),
            text.strip(),
            last,
        )
    return out


def _resolved(parts: dict[str, bytes], file: str) -> set[str]:
    """The paragraph ids of comments marked done in Word (word/commentsExtended.xml)."""
    data = parts.get("word/commentsExtended.xml")
    if not data:
        return set()
    root = parse_xml(data, f"{file}: word/commentsExtended.xml")
    return {
        el.get(f"{{{W15}}}paraId", "")
        for el in root.iter(f"{{{W15}}}commentEx")
        if el.get(f"{{{W15}}}done") == "1"
    }


def _date(value: str) -> str:
    """A revision or comment date as given, or empty where a writer left a null date."""
    return "" if not value or value.startswith("0-") or value.startswith("0000") else value


# -- the body ---------------------------------------------------------------------------

_NEW = {w("ins"), w("moveTo")}
_GONE = {w("del"), w("moveFrom")}
_SKIP = {w("pPr"), w("rPr"), w("instrText"), w("delInstrText"), w("drawing"), w("pict")}


@dataclass
class _Open:
    place: Place | None
    parts: list[str] = field(default_factory=list)


class _Reader:
    """Walks the body once, placing paragraphs and collecting comment ranges."""

    def __init__(self, comments: dict[str, tuple[str, str, str, str]], done: set[str]) -> None:
        self.comments = comments
        self.done = done
        self.paragraphs: list[Para] = []
        self.place: Place | None = None
        self.region = "head"
        self.round: int | None = None
        self.anchored = False
        self.open: dict[str, _Open] = {}
        self.ranges: dict[str, _Open] = {}
        self.block_revision: tuple[str, str] | None = None

    def walk(self, el: etree._Element, state: str = "same") -> None:
        """Visit block-level content in order; `state` is "new" or "gone" inside a w:ins/w:del."""
        for child in el:
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child, state)
            elif tag == w("bookmarkStart"):
                self.bookmark(child.get(w("name"), ""))
            elif tag in _NEW or tag in _GONE:
                outer, self.block_revision = self.block_revision, _who(child)
                self.walk(child, "new" if tag in _NEW else "gone")
                self.block_revision = outer
            elif tag in (w("commentRangeStart"), w("commentRangeEnd")):
                self.comment_mark(child)
            elif tag != w("sectPr") and isinstance(tag, str):
                self.walk(child, state)  # tables, content controls, custom XML

    def bookmark(self, name: str) -> None:
        if not name.startswith(PREFIX):
            return
        self.anchored = True
        if (n := round_of(name)) is not None:
            self.round = n
        elif name == CLOSING:
            self.region, self.place = "closing", None
        elif (place := block_place(name)) is not None:
            self.region, self.place = "body", place

    def comment_mark(self, el: etree._Element) -> None:
        cid = el.get(w("id"), "")
        if el.tag == w("commentRangeStart"):
            self.open[cid] = _Open(self.place)
        elif cid in self.open:
            self.ranges[cid] = self.open.pop(cid)

    def paragraph(self, p: etree._Element, state: str) -> None:
        # A bookmark opening inside the paragraph places the whole paragraph.
        for mark in p.iter(w("bookmarkStart")):
            self.bookmark(mark.get(w("name"), ""))
        para = Para(self.place, self.region)
        rpr = p.find(f"{w('pPr')}/{w('rPr')}")
        for kind in rpr if rpr is not None else ():
            if kind.tag in _NEW:
                para.mark_inserted = True
                para.revisions.append(_who(kind))
            elif kind.tag in _GONE:
                para.mark_deleted = True
                para.revisions.append(_who(kind))
        if state != "same" and self.block_revision:
            para.revisions.append(self.block_revision)
        if state == "new":
            para.mark_inserted = True
        elif state == "gone":
            para.mark_deleted = True
        self.runs(p, para, state)
        for o in self.open.values():
            o.parts.append("\n")
        self.paragraphs.append(para)

    def runs(self, el: etree._Element, para: Para, state: str) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in _NEW or tag in _GONE:
                para.revisions.append(_who(child))
                self.runs(child, para, "new" if tag in _NEW else "gone")
            elif tag in (w("t"), w("delText")):
                self.text(para, child.text or "", "gone" if tag == w("delText") else state)
            elif tag in (w("tab"), w("br"), w("cr")):
                self.text(para, " ", state)
            elif tag == w("noBreakHyphen"):
                self.text(para, "-", state)
            elif tag in (w("commentRangeStart"), w("commentRangeEnd")):
                self.comment_mark(child)
            elif tag == w("commentReference"):
                cid = child.get(w("id"), "")
                if cid not in self.ranges and cid not in self.open:
                    self.ranges[cid] = _Open(self.place)  # a comment on a point
            else:
                self.runs(child, para, state)

    def text(self, para: Para, text: str, state: str) -> None:
        if state != "new":
            para.before += text
        if state != "gone":
            para.after += text
            for o in self.open.values():
                o.parts.append(text)

    def finished_comments(self) -> Iterator[Comment]:
        for cid, (author, date, text, para_id) in self.comments.items():
            mark = self.ranges.get(cid) or self.open.get(cid) or _Open(None)
            yield Comment(
                cid,
                author,
                date,
                text,
                normalise("".join(mark.parts)),
                mark.place,
                para_id in self.done,
            )


def _who(el: etree._Element) -> tuple[str, str]:
    return el.get(w("author"), ""), _date(el.get(w("date"), ""))
