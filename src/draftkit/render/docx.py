"""DOCX emitter: the same `Document` as the PDF, as a Word file for clearance rounds.

Real named styles (Normal, Address, Date, Salutation, Body Text, Heading 2-6, List
Bullet/Number/Continue and their nested " 2"/" 3", Closing, Valediction, Signature,
Copies), the letterhead in a different-first-page header (a borderless
table, no text boxes), page numbers in the footer from page 2, core properties set.
A `letterhead.docx` in the letterhead folder, if present, supplies the styles and
the first-page header: departments keep their own Word letterheads.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

import docx
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section, _Footer, _Header
from docx.shape import InlineShape
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph as WordParagraph

from ..document import (
    COPIES_HEADING,
    BodyBlock,
    Document,
    Inline,
    ListBlock,
    Origin,
    Paragraph,
    Span,
)
from .assets import letterhead_file, signature_image

T = TypeVar("T")

TEMPLATE = "letterhead.docx"
MARK = "mark.png"
FONT = "Arial"
#: List markers written as text where a letterhead.docx's list styles have no numbering.
TEXT_BULLETS = ("\u2022", "\u2013")
LANGUAGE = "en-GB"


class Anchors(Protocol):
    """Bookmark names that let a returned clearance copy be mapped back to the letter:
    one on the address (`start`, which can carry the round), one per block, the closing."""

    @property
    def start(self) -> str: ...

    @property
    def closing(self) -> str: ...

    def block(self, origin: Origin) -> str: ...


@dataclass(frozen=True)
class StyleSpec:
    """A style draftkit uses: its type, parent and how to set it up when it is ours."""

    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    base: str | None = "Normal"
    size: float | None = None
    bold: bool = False
    space_after: float | None = 12
    keep_with_next: bool = False


STYLES = (
    StyleSpec("Normal", base=None, size=12, space_after=0),
    StyleSpec("Letterhead Department", size=17, space_after=0),
    StyleSpec("Letterhead", size=10, space_after=0),
    StyleSpec("Address"),
    StyleSpec("Date"),
    StyleSpec("Salutation", keep_with_next=True),
    StyleSpec("Body Text"),
    *(
        StyleSpec(f"{kind}{suffix}", space_after=6)
        for kind in ("List Bullet", "List Number", "List Continue")
        for suffix in ("", " 2", " 3")
    ),
    *(
        StyleSpec(f"Heading {n}", size=12, bold=True, space_after=6, keep_with_next=True)
        for n in range(2, 7)
    ),
    StyleSpec("Closing", keep_with_next=True),
    StyleSpec("Valediction", space_after=0, keep_with_next=True),
    StyleSpec("Signature", space_after=0),
    StyleSpec("Copies Heading", space_after=0, keep_with_next=True),
    StyleSpec("Copies", space_after=0, keep_with_next=True),
    StyleSpec("Footer", size=10, space_after=0),
    StyleSpec("Hyperlink", kind=WD_STYLE_TYPE.CHARACTER, base=None, space_after=None),
)


def to_docx_bytes(document: Document, *, anchors: Anchors | None = None) -> bytes:
    """The letter as a .docx file's bytes; `anchors` names bookmarks around each block."""
    template = letterhead_file(document, TEMPLATE)
    word = docx.Document(str(template)) if template else docx.Document()
    if template:
        _clear_body(word)
    else:
        _page_setup(word.sections[0])
        _set_language(word)
    writer = _Writer(word, _ensure_styles(word, ours_only=template is not None), anchors)

    section = word.sections[0]
    section.different_first_page_header_footer = True
    if not _has_text(section.first_page_header):
        writer.letterhead(section.first_page_header, document)
    if not _has_page_field(section.footer):
        writer.page_numbers(section.footer)
    writer.letter(document)
    _set_properties(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_zip_dates(buffer.getvalue(), document.date)


def _fixed_zip_dates(data: bytes, date: dt.date) -> bytes:
    """Stamp every part of the package with the letter's date instead of the clock's.

    python-docx dates each zip entry when it is written, so the same letter saved a
    second later had other bytes: a re-run batch must give the same files.
    """
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


# -- page, language, styles -------------------------------------------------------------


def _page_setup(section: Section) -> None:
    """A4 with the PDF's margins; the header sits above the first page's text."""
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)


def _set_language(word: WordDocument) -> None:
    """British English for spelling and hyphenation, in the document defaults."""
    rpr = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _ensure_styles(word: WordDocument, *, ours_only: bool) -> dict[str, str]:
    """Create every style the letter uses; set them up unless a letterhead.docx has them.

    Returns each style's id: python-docx finds a style by name by scanning all of them,
    so paragraphs are given their style id directly (`_Writer.add`).
    """
    existing = {s.name: s for s in word.styles}
    ids = {}
    for spec in STYLES:
        style = existing.get(spec.name)
        if style is None:
            style = word.styles.add_style(spec.name, spec.kind)
            _configure(style, spec, existing)
        elif not ours_only:
            _configure(style, spec, existing)
        ids[spec.name] = style.style_id
    return ids


def _configure(style: BaseStyle, spec: StyleSpec, styles: dict[str, BaseStyle]) -> None:
    # python-docx types these on its paragraph and character styles; ours are always one.
    style.base_style = styles.get(spec.base) if spec.base else None  # type: ignore[attr-defined]
    style.hidden = False
    style.quick_style = True
    style.unhide_when_used = False
    font = style.font  # type: ignore[attr-defined]  # as base_style above
    if spec.kind == WD_STYLE_TYPE.CHARACTER:
        font.underline = True
        return
    font.name = FONT
    font.color.rgb = RGBColor(0, 0, 0)
    font.bold = spec.bold or None
    font.italic = None
    if spec.size:
        font.size = Pt(spec.size)
    fmt = style.paragraph_format  # type: ignore[attr-defined]  # as base_style above
    fmt.space_before = Pt(0)
    if spec.space_after is not None:
        fmt.space_after = Pt(spec.space_after)
    fmt.line_spacing = 1.15
    fmt.widow_control = True
    fmt.keep_with_next = spec.keep_with_next or None


def _clear_body(word: WordDocument) -> None:
    """Drop a letterhead.docx's sample body text; keep its section (page, header, footer)."""
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _has_text(part: _Header | _Footer) -> bool:
    if part.is_linked_to_previous:
        return False
    return any(p.text.strip() for p in part.paragraphs) or bool(part.tables)


def _has_page_field(footer: _Footer) -> bool:
    if footer.is_linked_to_previous:
        return False
    xml = footer._element.xml
    return "PAGE" in xml and ("w:fldSimple" in xml or "w:instrText" in xml)


# -- writing ----------------------------------------------------------------------------


class _Writer:
    """Writes the letter's parts into a Word document with known style ids."""

    def __init__(
        self, word: WordDocument, style_ids: dict[str, str], anchors: Anchors | None = None
    ) -> None:
        self.word = word
        self.ids = style_ids
        self.anchors = anchors
        self._marks: list[tuple[str, int, int]] = []

    def _anchored(self, name: str | None, write: Callable[[], T]) -> T:
        """Write a part of the letter; with anchors on, remember its paragraphs under `name`."""
        start = len(self.word.element.body.findall(qn("w:p")))
        written = write()
        end = len(self.word.element.body.findall(qn("w:p")))
        if name and end > start:
            if self._marks and self._marks[-1][0] == name:  # one Markdown block, several parts
                start = self._marks.pop()[1]
            self._marks.append((name, start, end))
        return written

    def _place_anchors(self) -> None:
        """A bookmark around each remembered run of paragraphs (Word's w:bookmarkStart/End)."""
        paragraphs = self.word.element.body.findall(qn("w:p"))
        for n, (name, start, end) in enumerate(self._marks, start=1):
            begin = OxmlElement("w:bookmarkStart")
            begin.set(qn("w:id"), str(n))
            begin.set(qn("w:name"), name)
            first = paragraphs[start]
            ppr = first.find(qn("w:pPr"))
            first.insert(0 if ppr is None else 1, begin)
            finish = OxmlElement("w:bookmarkEnd")
            finish.set(qn("w:id"), str(n))
            paragraphs[end - 1].append(finish)

    def add(
        self, container: BlockItemContainer | WordDocument, style: str, text: str = ""
    ) -> WordParagraph:
        """A new paragraph in `container` with the named style."""
        paragraph = container.add_paragraph(text)
        paragraph._p.style = self.ids[style]
        return paragraph

    def restyle(self, paragraph: WordParagraph, style: str) -> WordParagraph:
        paragraph._p.style = self.ids[style]
        return paragraph

    # header and footer

    def letterhead(self, header: _Header, document: Document) -> None:
        """Mark, department name, then the minister and the department's address, as in the PDF."""
        head = document.letterhead
        header.is_linked_to_previous = False
        mark = letterhead_file(document, MARK)
        # As in letter.css: mark, then the name; the sender's 62 mm at the right margin.
        widths = [Mm(19), Mm(84), Mm(62)] if mark else [Mm(103), Mm(62)]
        table = header.add_table(1, len(widths), sum(widths, Mm(0)))
        table.autofit = False
        _layout_table(table)
        cells = table.rows[0].cells
        for column, cell, width in zip(table.columns, cells, widths, strict=True):
            column.width = cell.width = width  # the grid (LibreOffice) and the cell (Word)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        if mark:
            cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            picture = self.restyle(cells[0].paragraphs[0], "Letterhead")
            picture.alignment = WD_ALIGN_PARAGRAPH.LEFT
            shape = picture.add_run().add_picture(str(mark), width=Mm(16))
            _describe(shape, f"{head.department} mark")
        name_cell, sender_cell = cells[-2], cells[-1]
        name_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        name = self.restyle(name_cell.paragraphs[0], "Letterhead Department")
        name.add_run(head.department)
        _left_rule(name, head.colour)

        minister = self.restyle(sender_cell.paragraphs[0], "Letterhead")
        minister.paragraph_format.space_after = Pt(8)
        minister.add_run(head.minister_name).bold = True
        _lines(minister, [head.minister_role], first_break=True)
        contact = self.add(sender_cell, "Letterhead")
        _lines(contact, [*head.address, *([head.website] if head.website else [])])
        # The header's own empty paragraph, moved below the table, makes the gap above
        # the address block.
        gap = self.restyle(header.paragraphs[0], "Letterhead")
        gap.paragraph_format.space_after = Pt(30)
        header._element.remove(gap._p)
        header._element.append(gap._p)

    def page_numbers(self, footer: _Footer) -> None:
        """The page number, centred; the first page has its own (empty) footer."""
        footer.is_linked_to_previous = False
        para = self.restyle(footer.paragraphs[0], "Footer")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(para, "PAGE", "2")

    # the letter

    def letter(self, document: Document) -> None:
        body = self.word
        names = self.anchors
        self._anchored(
            names.start if names else None,
            lambda: _lines(self.add(body, "Address"), list(document.address_block)),
        )
        self.add(body, "Date", document.date_text)
        self.add(body, "Salutation", document.salutation)
        last: list[WordParagraph] = []
        for block in document.body_blocks():
            name = names.block(block.origin) if names and block.origin else None
            last = self._anchored(name, functools.partial(self.block, block))
        # The last body block stays on the page of the sign-off (Closing, Valediction and
        # the Signature space keep with what follows them), as the PDF's .sign-off box.
        for para in last:
            para.paragraph_format.keep_with_next = True
            para.paragraph_format.keep_together = True
        for closing in document.closing:
            self._anchored(
                names.closing if names else None,
                functools.partial(self._closing, body, closing),
            )
        if document.valediction:
            self.add(body, "Valediction", document.valediction)
        self.signature(document)
        if document.copies_to:
            heading = self.add(body, "Copies Heading", COPIES_HEADING)
            heading.paragraph_format.space_before = Pt(12)
            for n, name in enumerate(document.copies_to, start=1):
                entry = self.add(body, "Copies", name)
                if n == len(document.copies_to):
                    entry.paragraph_format.keep_with_next = False
        self._place_anchors()

    def block(self, block: BodyBlock) -> list[WordParagraph]:
        """A body block's paragraphs: a list's, or one paragraph or heading."""
        if isinstance(block, ListBlock):
            return self.list(block)
        style = (
            "Body Text" if isinstance(block, Paragraph) else f"Heading {min(block.level + 1, 6)}"
        )
        paragraph = self.add(self.word, style)
        self.inlines(paragraph, block.inlines)
        return [paragraph]

    def _closing(self, body: WordDocument, closing: Paragraph) -> None:
        """One paragraph of the closing, in the Closing style."""
        self.inlines(self.add(body, "Closing"), closing.inlines)

    def inlines(self, paragraph: WordParagraph, inlines: tuple[Inline, ...]) -> None:
        _inlines(paragraph, inlines, self.ids["Hyperlink"])

    def signature(self, document: Document) -> None:
        """Room to sign (or the signature image) above the printed name."""
        image = signature_image(document)
        space = self.add(self.word, "Signature")
        space.paragraph_format.keep_with_next = True
        if image:
            space.paragraph_format.space_before = Pt(6)
            shape = space.add_run().add_picture(str(image), height=Mm(20))
            _describe(shape, f"Signature of {document.signature.name}")
        else:
            space.paragraph_format.space_before = Pt(48)
        self.add(self.word, "Signature", document.signature.name)

    def list(self, block: ListBlock, depth: int = 0) -> list[WordParagraph]:
        """Items in List Bullet / List Number (" 2", " 3" when nested), an item's further
        paragraphs in List Continue; each numbered list restarts at its own start.

        A letterhead.docx whose list style has no numbering gets the markers as text.
        Returns the paragraphs written, in order.
        """
        level = "" if depth == 0 else f" {min(depth + 1, 3)}"
        style = ("List Number" if block.ordered else "List Bullet") + level
        num_id = self._numbering(style, block.start) if block.ordered else None
        numbered = self._style_numbering(style) is not None
        written: list[WordParagraph] = []
        for n, item in enumerate(block.items, start=block.start):
            first = True
            for part in item or (None,):  # an empty item is still a marker
                if isinstance(part, ListBlock):
                    written += self.list(part, depth + 1)
                    continue
                p = self.add(self.word, style if first else f"List Continue{level}")
                if first and num_id is not None:
                    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = 0
                    num_pr.get_or_add_numId().val = num_id
                if first and not numbered:
                    p.add_run(f"{n}. " if block.ordered else f"{TEXT_BULLETS[min(depth, 1)]} ")
                if part is not None:
                    self.inlines(p, part.inlines)
                written.append(p)
                first = False
        return written

    def _style_numbering(self, style: str) -> int | None:
        ppr = self.word.styles.element.get_by_id(self.ids[style]).pPr
        num_pr = ppr.numPr if ppr is not None else None
        return num_pr.numId.val if num_pr is not None and num_pr.numId is not None else None

    def _numbering(self, style: str, start: int) -> int | None:
        """A new numbering instance of the style's list, restarting at `start`."""
        base = self._style_numbering(style)
        if base is None:
            return None
        numbering = self.word.part.numbering_part.element
        abstract = numbering.num_having_numId(base).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)


def _describe(shape: InlineShape, text: str) -> None:
    """Alternative text for a picture, read by screen readers (Word's "Alt Text")."""
    shape._inline.docPr.set("descr", text)


def _lines(paragraph: WordParagraph, lines: list[str], *, first_break: bool = False) -> None:
    """Lines of one paragraph separated by line breaks (an address, the letterhead)."""
    for i, line in enumerate(lines):
        if i or first_break:
            paragraph.add_run().add_break()
        paragraph.add_run(line)


def _layout_table(table: Table) -> None:
    """A table for layout only: no header row, and no side padding so that the letterhead
    lines up with the letter's left edge."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr = table._tbl.tblPr
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstRow"), "0")
        look.set(qn("w:firstColumn"), "0")


#: What follows w:pBdr inside w:pPr (Word rejects a file whose elements are out of order).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def _left_rule(paragraph: WordParagraph, colour: str) -> None:
    """A rule in the department's colour to the left of the name (a paragraph border)."""
    hex_colour = colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "6"), ("color", hex_colour)):
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
    paragraph.paragraph_format.left_indent = Mm(3)


def _field(paragraph: WordParagraph, instruction: str, shown: str) -> None:
    """A Word field (begin, instruction, separate, current result, end)."""

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _inlines(paragraph: WordParagraph, inlines: tuple[Inline, ...], link_style: str) -> None:
    for item in inlines:
        if not isinstance(item, Span):
            paragraph.add_run().add_break()
            continue
        href = item.link
        if not href:
            run = paragraph.add_run(item.text)
            run.bold = item.bold or None
            run.italic = item.italic or None
        else:
            _hyperlink(paragraph, item, href, link_style)
        if item.printed_href:
            paragraph.add_run(f" ({item.printed_href})")


def _hyperlink(paragraph: WordParagraph, span: Span, href: str, style_id: str) -> None:
    """A real Word hyperlink (w:hyperlink with an external relationship)."""
    rel = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), style_id)
    rpr.append(style)
    for flag, on in (("w:b", span.bold), ("w:i", span.italic)):
        if on:
            rpr.append(OxmlElement(flag))
    run.append(rpr)
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = span.text
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _set_properties(word: WordDocument, document: Document) -> None:
    meta = document.metadata
    props = word.core_properties
    props.title = meta.title
    props.author = meta.author
    props.subject = meta.subject
    props.keywords = ", ".join(meta.keywords)
    props.language = meta.language
    props.identifier = document.reference
    props.category = "Ministerial correspondence"
    props.comments = ""
    props.last_modified_by = meta.author
    props.revision = 1
    # Dated by the letter, not the clock, so that the same letter gives the same file.
    dated = dt.datetime.combine(document.date, dt.time(), tzinfo=dt.UTC)
    props.created = props.modified = dated
