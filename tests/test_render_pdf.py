"""The seed letter as PDF: the seed's text in order, letterhead on page 1, numbered pages
from page 2, every font embedded, tagged, with its metadata."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from conftest import SEED_CASE, SEED_LETTER
from draftkit.compose import compose
from draftkit.render import write_outputs
from draftkit.render.docx import to_docx_bytes
from draftkit.render.pdf import layout, to_pdf_bytes, write
from draftkit.workspace import load_case
from render_support import (
    assert_in_order,
    body_text,
    document_of,
    normalise,
    page_number_line,
    pdf_pages,
    use_letterhead,
)
from test_seed_text import seed_body_paragraphs

LETTERHEAD_ONLY = ("Minister of State", "2 Marsham Street", "London SW1P 4DF")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    [path] = write_outputs(document_of(SEED_CASE), ["pdf"], out)
    return path


def test_text_carries_the_seed_paragraphs_in_order(seed_pdf: Path) -> None:
    assert_in_order(body_text(pdf_pages(seed_pdf)), seed_body_paragraphs())


def test_first_page_reads_like_the_seed_from_the_top(seed_pdf: Path) -> None:
    """Department, minister and role, address and website, address block, date, salutation."""
    seed_top = SEED_LETTER.read_text(encoding="utf-8").split("During a debate")[0]
    seed_top = seed_top.replace("\nLord Rosser\nThe House", "\nThe Lord Rosser\nThe House")
    seed_top = re.sub(r"\n\s*Lord Rosser\s*$", "\nDear Lord Rosser", seed_top.rstrip())
    assert normalise(pdf_pages(seed_pdf)[0]).startswith(normalise(seed_top))


def test_letterhead_on_the_first_page_only(seed_pdf: Path) -> None:
    pages = pdf_pages(seed_pdf)
    assert len(pages) >= 2
    for text in LETTERHEAD_ONLY:
        assert text in pages[0]
        assert all(text not in page for page in pages[1:]), text


def test_pages_numbered_from_the_second(seed_pdf: Path) -> None:
    pages = pdf_pages(seed_pdf)
    assert page_number_line(pages[0]) is None
    assert [page_number_line(p) for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]


def test_every_font_embedded(seed_pdf: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(seed_pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    for row in listing:
        name, emb = row.split()[0], row[-21:].split()[0]
        assert emb == "yes", row
        assert re.search(r"Arial|Liberation|DejaVu", name), row


def test_tagged_with_metadata(seed_pdf: Path) -> None:
    reader = PdfReader(seed_pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Grooming Gangs: letter to Lord Rosser, 30 May 2019"
    assert meta.author == "Baroness Williams of Trafford"
    assert meta.subject and "Grooming Gangs" in meta.subject
    assert "MC2019-05-30-rosser" in str(meta["/Keywords"])


def structure_types(node: object) -> list[str]:
    """The structure element types of a tagged PDF's tree, depth first (reading order)."""
    node = node.get_object()  # type: ignore[attr-defined]
    if isinstance(node, ArrayObject):
        return [t for child in node for t in structure_types(child)]
    if not isinstance(node, DictionaryObject):
        return []
    kind = [str(node["/S"])] if "/S" in node else []
    return kind + (structure_types(node["/K"]) if "/K" in node else [])


def test_structure_tree_holds_every_paragraph(seed_pdf: Path) -> None:
    """Letterhead (3), address block, date, salutation, the body, closing and signature."""
    reader = PdfReader(seed_pdf)
    types = structure_types(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    paragraphs = 3 + 3 + len(document_of(SEED_CASE).body_blocks()) + 1 + 1
    assert types[0] == "/Document"
    # WeasyPrint tags each page's part of a paragraph that runs over a page as its own P.
    assert paragraphs <= types.count("/P") <= paragraphs + len(reader.pages) - 1
    assert "/Link" in types  # the department's website


def test_a4(seed_pdf: Path) -> None:
    box = PdfReader(seed_pdf).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (
        210,
        297,
    )


def test_layout_once_write_many(case: Path) -> None:
    """Batch lays a letter out once and writes it as often as it needs."""
    document = document_of(case)
    pages = layout(document)
    assert len(pages.pages) >= 2
    first, second = write(pages, document.date), write(pages, document.date)
    assert first == second
    assert "Dear Lord Rosser" in _text(first)


def _text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_generic_letterhead(case: Path, tmp_path: Path) -> None:
    use_letterhead(case, "generic")
    pdf = tmp_path / "g.pdf"
    pdf.write_bytes(to_pdf_bytes(document_of(case)))
    pages = pdf_pages(pdf)
    assert "HM Government" in pages[0]
    assert "Baroness Williams of Trafford" in pages[0]
    assert all("HM Government" not in p for p in pages[1:])
    assert_in_order(body_text(pages), seed_body_paragraphs())


def test_signature_image_above_printed_name_in_pdf_and_docx(case: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 100), "white").save(case.parent / "signature.png")
    ministers = case.parent / "ministers.yaml"
    ministers.write_text(
        ministers.read_text(encoding="utf-8") + "  signature: signature.png\n", "utf-8"
    )
    unsigned = document_of(case)
    assert unsigned.signature.image is None  # a draft prints the space to sign, no image
    assert not PdfReader(io.BytesIO(to_pdf_bytes(unsigned))).pages[-1].images
    assert not docx.Document(io.BytesIO(to_docx_bytes(unsigned))).inline_shapes
    document = compose(load_case(case), signed=True)
    assert document.signature.image is not None
    reader = PdfReader(io.BytesIO(to_pdf_bytes(document)))
    last = reader.pages[-1]
    assert len(last.images) == 1
    assert "Baroness Williams of Trafford" in last.extract_text()
    word = docx.Document(io.BytesIO(to_docx_bytes(document)))
    [shape] = word.inline_shapes
    assert shape._inline.docPr.get("descr") == "Signature of Baroness Williams of Trafford"
    names = [p.text for p in word.paragraphs if p.text.strip()]
    assert names[-1] == "Baroness Williams of Trafford"


def without_harfbuzz_subset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Subset fonts with fontTools, as WeasyPrint does where HarfBuzz-subset is missing."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)


def test_render_gives_the_same_pdf_bytes_whatever_the_clock(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Font subsets carry a timestamp; the letter's date pins it, on every front end."""
    from typer.testing import CliRunner

    from draftkit.cli import app

    without_harfbuzz_subset(monkeypatch)
    pdfs = []
    for n, epoch in enumerate(("1000000000", "2000000000")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)  # a clock fontTools would use
        out = tmp_path / f"out{n}"
        result = CliRunner().invoke(app, ["render", str(case), "-o", str(out), "--format", "pdf"])
        assert result.exit_code == 0, result.output
        pdfs.append(next(out.glob("*.pdf")).read_bytes())
    assert pdfs[0] == pdfs[1]


def test_without_the_pinned_clock_the_bytes_would_differ(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above can fail: fontTools' font subsets follow the clock."""
    from draftkit.render.pdf import OPTIONS

    without_harfbuzz_subset(monkeypatch)
    pages = layout(document_of(case))
    pdfs = []
    for epoch in ("1000000000", "2000000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        pdfs.append(pages.write_pdf(**OPTIONS))
    assert pdfs[0] != pdfs[1]
