"""The seed letter as DOCX: the same paragraphs in real Word styles, the letterhead in a
different-first-page header, page numbers from page 2, properties set; LibreOffice opens
it; a department's own letterhead.docx supplies the styles and header."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from conftest import SEED_CASE
from draftkit.render.docx import to_docx_bytes
from draftkit.render.text import to_text
from render_support import (
    add_letterhead,
    assert_in_order,
    body_text,
    document_of,
    page_number_line,
    pdf_pages,
    soffice_to_pdf,
    use_letterhead,
)
from test_seed_text import seed_body_paragraphs

TEXT_BOX = re.compile(r"w:txbxContent|v:textbox|wps:txbx")


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "MC2019-05-30-rosser.docx"
    path.write_bytes(to_docx_bytes(document_of(SEED_CASE)))
    return path


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every non-empty body paragraph."""
    word = docx.Document(str(path))
    return [(p.style.name, p.text) for p in word.paragraphs if p.text.strip()]


def test_same_paragraphs_as_the_letter(seed_docx: Path) -> None:
    """Everything after the letterhead, paragraph for paragraph, as the txt output has it."""
    txt = [p.strip() for p in to_text(document_of(SEED_CASE)).split("\n\n") if p.strip()]
    assert [text for _, text in paragraphs(seed_docx)] == txt[3:]


def test_real_styles(seed_docx: Path) -> None:
    styles = [style for style, _ in paragraphs(seed_docx)]
    assert styles[:3] == ["Address", "Date", "Salutation"]
    assert set(styles[3:-2]) == {"Body Text"}
    assert styles[-2:] == ["Closing", "Signature"]
    word = docx.Document(str(seed_docx))
    assert word.styles["Normal"].font.name == "Arial"


def test_body_is_the_seed_in_order(seed_docx: Path) -> None:
    texts = [text for _, text in paragraphs(seed_docx)]
    seed = seed_body_paragraphs()
    start = texts.index(seed[0])
    assert texts[start : start + len(seed)] == seed


def test_letterhead_in_the_first_page_header_and_numbers_after(seed_docx: Path) -> None:
    word = docx.Document(str(seed_docx))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    header = section.first_page_header
    header_text = "\n".join(c.text for t in header.tables for c in t.rows[0].cells)
    for text in ("Home Office", "Baroness Williams of Trafford", "Minister of State"):
        assert text in header_text
    assert "2 Marsham Street" in header_text and "www.gov.uk/home-office" in header_text
    [mark] = header._element.xpath(".//wp:docPr")
    assert mark.get("descr") == "Home Office mark"
    assert not any(p.text.strip() for p in section.header.paragraphs)
    assert "PAGE" in section.footer._element.xml
    assert "PAGE" not in section.first_page_footer._element.xml
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_no_text_boxes(seed_docx: Path) -> None:
    word = docx.Document(str(seed_docx))
    section = word.sections[0]
    for part in (word.element, section.first_page_header._element, section.footer._element):
        assert not TEXT_BOX.search(part.xml)


def test_core_properties(seed_docx: Path) -> None:
    props = docx.Document(str(seed_docx)).core_properties
    assert props.title == "Grooming Gangs: letter to Lord Rosser, 30 May 2019"
    assert props.author == "Baroness Williams of Trafford"
    assert "Grooming Gangs" in props.subject
    assert "MC2019-05-30-rosser" in props.keywords
    assert props.language == "en-GB"
    assert props.created.date() == props.modified.date() == dt.date(2019, 5, 30)


def test_dated_by_the_letter_not_the_clock(seed_docx: Path) -> None:
    """The same letter gives the same bytes: no part of the package carries today's time."""
    with zipfile.ZipFile(seed_docx) as package:
        assert {info.date_time for info in package.infolist()} == {(2019, 5, 30, 0, 0, 0)}


def test_libreoffice_converts_it_with_the_same_text(seed_docx: Path, tmp_path: Path) -> None:
    pages = pdf_pages(soffice_to_pdf(seed_docx, tmp_path))
    assert len(pages) >= 2
    assert "2 Marsham Street" in pages[0]
    assert all("2 Marsham Street" not in p for p in pages[1:])
    assert page_number_line(pages[0]) is None
    assert [page_number_line(p) for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    assert_in_order(
        body_text(pages),
        ["The Lord Rosser", "30 May 2019", "Dear Lord Rosser", *seed_body_paragraphs()],
    )


def test_lists_use_list_styles_and_numbering_restarts(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            "closing:",
            "  - title: Lists\n    answers: []\n    blocks:\n"
            '      - text: "- first point\\n- second point"\n'
            '      - text: "1. one\\n2. two"\n'
            '      - text: "3. three\\n4. four"\n'
            "closing:",
            1,
        ),
        encoding="utf-8",
    )
    word = docx.Document(io.BytesIO(to_docx_bytes(document_of(case))))
    listed = [(p.style.name, p.text, p._p.pPr) for p in word.paragraphs]
    bullets = [t for s, t, _ in listed if s == "List Bullet"]
    numbered = [(t, ppr) for s, t, ppr in listed if s == "List Number"]
    assert bullets == ["first point", "second point"]
    assert [t for t, _ in numbered] == ["one", "two", "three", "four"]
    # Each list's first item starts its own numbering (the second list at 3).
    ids = [ppr.numPr.numId.val for t, ppr in numbered if t in ("one", "three")]
    assert len(set(ids)) == 2
    numbering = word.part.numbering_part.element
    starts = [
        numbering.num_having_numId(i).xpath("./w:lvlOverride/w:startOverride/@w:val") for i in ids
    ]
    assert starts == [["1"], ["3"]]


def test_a_departments_letterhead_docx_supplies_styles_and_header(case: Path) -> None:
    folder = add_letterhead(case.parent, "test-dept")
    template = docx.Document()
    template.styles["Normal"].font.name = "Times New Roman"
    address = template.styles.add_style("Address", 1)
    address.font.size = Pt(9)
    section = template.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "TEST DEPARTMENT LETTERHEAD"
    template.add_paragraph("Sample text that must not reach the letter.")
    template.save(str(folder / "letterhead.docx"))
    use_letterhead(case, "test-dept")

    word = docx.Document(io.BytesIO(to_docx_bytes(document_of(case))))
    header = word.sections[0].first_page_header
    assert [p.text for p in header.paragraphs] == ["TEST DEPARTMENT LETTERHEAD"]
    assert not header.tables
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Address"].font.size == Pt(9)
    texts = [p.text for p in word.paragraphs]
    assert "Sample text that must not reach the letter." not in texts
    assert texts[0].startswith("The Lord Rosser")
    assert "PAGE" in word.sections[0].footer._element.xml


def test_list_markers_as_text_when_a_letterhead_docx_has_no_list_numbering(case: Path) -> None:
    folder = add_letterhead(case.parent, "plain-lists")
    template = docx.Document()
    for name in ("List Bullet", "List Number"):
        ppr = template.styles[name].element.pPr
        ppr.remove(ppr.numPr)
    template.save(str(folder / "letterhead.docx"))
    use_letterhead(case, "plain-lists")
    letter = case / "letter.yaml"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            "closing:",
            '  - title: Lists\n    answers: []\n    blocks:\n      - text: "- first\\n- second"\n'
            '      - text: "3. three\\n4. four"\nclosing:',
            1,
        ),
        encoding="utf-8",
    )
    word = docx.Document(io.BytesIO(to_docx_bytes(document_of(case))))
    listed = [p.text for p in word.paragraphs if p.style.name.startswith("List ")]
    assert listed == ["\u2022 first", "\u2022 second", "3. three", "4. four"]
