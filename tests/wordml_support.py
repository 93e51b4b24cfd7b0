# ruff: noqa: E501  (WordprocessingML and LibreOffice settings, kept as written)
"""Hand-built WordprocessingML of the shapes Word writes, spliced into a sent clearance copy.

Word splits a sentence over many runs (one per editing session, each with its rsid),
wraps tracked insertions in `w:ins` and deletions in `w:del` with `w:delText`, marks an
inserted or deleted paragraph mark in `w:pPr/w:rPr`, writes moves as `w:moveFrom` /
`w:moveTo`, and anchors comments with `w:commentRangeStart/End` and a
`w:commentReference` run, the text in word/comments.xml.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'
WHEN = "2026-06-02T09:30:00Z"


def r(text: str, rsid: str = "00A1B2C3") -> str:
    """A plain run, as Word writes it with its revision-session id."""
    return f'<w:r w:rsidR="{rsid}"><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def ins(text: str, author: str = "Legal Adviser", n: int = 101, when: str = WHEN) -> str:
    return f'<w:ins w:id="{n}" w:author="{author}" w:date="{when}">{r(text, "00D4E5F6")}</w:ins>'


def dele(text: str, author: str = "Legal Adviser", n: int = 102, when: str = WHEN) -> str:
    return (
        f'<w:del w:id="{n}" w:author="{author}" w:date="{when}"><w:r w:rsidDel="00D4E5F6">'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


def move_from(text: str, author: str = "Legal Adviser", n: int = 103) -> str:
    return (
        f'<w:moveFromRangeStart w:id="{n}" w:author="{author}" w:date="{WHEN}" w:name="move1"/>'
        f'<w:moveFrom w:id="{n + 1}" w:author="{author}" w:date="{WHEN}"><w:r>'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:moveFrom>'
        f'<w:moveFromRangeEnd w:id="{n}"/>'
    )


def move_to(text: str, author: str = "Legal Adviser", n: int = 105) -> str:
    return (
        f'<w:moveToRangeStart w:id="{n}" w:author="{author}" w:date="{WHEN}" w:name="move1"/>'
        f'<w:moveTo w:id="{n + 1}" w:author="{author}" w:date="{WHEN}">{r(text)}</w:moveTo>'
        f'<w:moveToRangeEnd w:id="{n}"/>'
    )


def comment_start(n: int) -> str:
    return f'<w:commentRangeStart w:id="{n}"/>'


def comment_end(n: int) -> str:
    return (
        f'<w:commentRangeEnd w:id="{n}"/>'
        f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{n}"/></w:r>'
    )


def p(*parts: str, mark: str | None = None, style: str = "BodyText") -> str:
    """A paragraph; `mark` "ins" or "del" marks its paragraph mark as tracked."""
    rpr = ""
    if mark == "ins":
        rpr = f'<w:rPr><w:ins w:id="150" w:author="Legal Adviser" w:date="{WHEN}"/></w:rPr>'
    elif mark == "del":
        rpr = f'<w:rPr><w:del w:id="151" w:author="Legal Adviser" w:date="{WHEN}"/></w:rPr>'
    return (
        f'<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:pPr><w:pStyle w:val="{style}"/>'
        f"{rpr}</w:pPr>{''.join(parts)}</w:p>"
    )


def _parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def _fragment(xml: str) -> list[etree._Element]:
    return list(etree.fromstring(f"<w:x {NS}>{xml}</w:x>"))


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def block_paragraphs(root: etree._Element, name: str) -> list[etree._Element]:
    """The body paragraphs a bookmark spans (its start's paragraph to its end's)."""
    start = root.find(f".//{_w('bookmarkStart')}[@{_w('name')}='{name}']")
    assert start is not None, f"no bookmark {name}"
    bid = start.get(_w("id"))
    end = root.find(f".//{_w('bookmarkEnd')}[@{_w('id')}='{bid}']")
    first, last = start.getparent(), end.getparent()
    body = first.getparent()
    kids = list(body)
    return kids[kids.index(first) : kids.index(last) + 1]


def replace_block(docx: bytes, name: str, xml: str, *, keep_bookmark: bool = True) -> bytes:
    """The package with the paragraphs of bookmark `name` replaced by `xml` (paragraphs,
    or block-level w:ins holding them); the bookmark is put back around the new ones."""
    root = _parse(read_part(docx, "word/document.xml"))
    old = block_paragraphs(root, name)
    body = old[0].getparent()
    at = body.index(old[0])
    for el in old:
        body.remove(el)
    new = _fragment(xml)
    for k, el in enumerate(new):
        body.insert(at + k, el)
    if keep_bookmark:
        paragraphs = [e for el in new for e in el.iter(_w("p"))]
        ids = [int(b.get(_w("id"))) for b in root.iter(_w("bookmarkStart"))]
        bid = str(max(ids, default=0) + 1)
        start = etree.SubElement(paragraphs[0], _w("bookmarkStart"))
        start.set(_w("id"), bid)
        start.set(_w("name"), name)
        ppr = paragraphs[0].find(_w("pPr"))
        paragraphs[0].remove(start)
        paragraphs[0].insert(0 if ppr is None else 1, start)
        end = etree.SubElement(paragraphs[-1], _w("bookmarkEnd"))
        end.set(_w("id"), bid)
    return set_part(docx, "word/document.xml", etree.tostring(root, xml_declaration=True))


def strip_anchors(docx: bytes) -> bytes:
    """The package without any of draftkit's bookmarks (as an editor that drops them)."""
    root = _parse(read_part(docx, "word/document.xml"))
    for tag in ("bookmarkStart", "bookmarkEnd"):
        for el in list(root.iter(_w(tag))):
            el.getparent().remove(el)
    return set_part(docx, "word/document.xml", etree.tostring(root, xml_declaration=True))


def text_of(docx: bytes, name: str) -> str:
    root = _parse(read_part(docx, "word/document.xml"))
    return " ".join(
        "".join(t.text or "" for t in p.iter(_w("t"))) for p in block_paragraphs(root, name)
    )


def read_part(docx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name)


def set_part(docx: bytes, name: str, data: bytes, content_type: str | None = None) -> bytes:
    """The package with part `name` replaced or added (with its content type)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename == name:
                continue
            body = src.read(info)
            if info.filename == "[Content_Types].xml" and content_type:
                body = body.replace(
                    b"</Types>",
                    f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode(),
                )
            dst.writestr(info, body)
        dst.writestr(name, data)
    return out.getvalue()


COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def with_comments(docx: bytes, comments: list[tuple[int, str, str]]) -> bytes:
    """Add word/comments.xml: (id, author, text) each, dated `WHEN`."""
    body = "".join(
        f'<w:comment w:id="{n}" w:author="{escape(author)}" w:date="{WHEN}" w:initials="X">'
        f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:comment>"
        for n, author, text in comments
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {NS}>{body}</w:comments>'
    return set_part(docx, "word/comments.xml", xml.encode(), COMMENTS_TYPE)


def set_modified_by(docx: bytes, name: str) -> bytes:
    core = read_part(docx, "docProps/core.xml").decode()
    import re

    core = re.sub(
        r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>",
        f"<cp:lastModifiedBy>{name}</cp:lastModifiedBy>",
        core,
    )
    return set_part(docx, "docProps/core.xml", core.encode())
