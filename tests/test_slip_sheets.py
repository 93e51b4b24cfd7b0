"""Address blocks laid out many to a sheet page, and each copy given its own block only.

A sheet is cut by where each text object and image is drawn (`assemble.Sheet`): these
tests build sheets by hand (any number of blocks, anywhere, in nested groups) and with
WeasyPrint (awkward addresses, long ones, sheet boundaries), and check that a block's
drawing holds its recipient's text and nobody else's.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import RectangleObject

from draftkit.batch import slips as slips_module
from draftkit.batch.assemble import Sheet, assemble
from draftkit.batch.plan import Slip, copy_slip, plan
from draftkit.compose import compose
from draftkit.document import Document
from draftkit.errors import InputError
from draftkit.render import pdf
from draftkit.workspace import load_case

#: Sheet height in points, and each block's, as WeasyPrint's stream draws them (px = pt/0.75).
HEIGHT, BLOCK = 1000.0, 100.0


class FakePage:
    """What `Sheet.read` reads of a page: its media box and its content."""

    def __init__(self, content: bytes) -> None:
        self.mediabox = RectangleObject([0, 0, 300, HEIGHT])
        self.content = content

    def get_contents(self) -> FakePage:
        return self

    def get_data(self) -> bytes:
        return self.content


def sheet_stream(slots: list[int], lines: int, nested: bool) -> bytes:
    """A WeasyPrint-like sheet: flipped, scaled to px, each block clipped in its own group."""
    out = [f"1 0 0 -1 0 {HEIGHT} cm", "q", "0.75 0 0 0.75 0 0 cm", "q"]
    for n, slot in enumerate(slots):
        top = slot * BLOCK / 0.75
        out += ["q", "q", f"0 {top:.6f} 400 {BLOCK / 0.75:.6f} re", "W", "n"]
        out += ["/Span", f"<</MCID {n}>>", "BDC", "0 0 0 rg"]
        if nested:
            out += ["q", f"1 0 0 1 5 {top:.6f} cm"]
        for line in range(lines):
            y = 16 + 20 * line + (0 if nested else top)
            out += ["BT", f"1 0 0 -1 0 {y:.6f} Tm", "/F1 16 Tf", f"(block{n}line{line}) Tj", "ET"]
        if nested:
            out += ["Q"]
        out += ["EMC", "Q", "Q"]
    out += ["Q", "Q"]
    return ("\n".join(out) + "\n").encode()


@settings(max_examples=40)
@given(
    slots=st.lists(st.integers(0, 9), min_size=1, max_size=10, unique=True),
    lines=st.integers(1, 4),
    nested=st.booleans(),
)
def test_a_block_draws_its_own_text_and_nobody_elses(
    slots: list[int], lines: int, nested: bool
) -> None:
    page = FakePage(sheet_stream(slots, lines, nested))
    blocks = [(n, 0.0, HEIGHT - slot * BLOCK) for n, slot in enumerate(slots)]
    sheet = Sheet.read(page, blocks)  # type: ignore[arg-type]
    for n in range(len(slots)):
        drawn = sheet.block(n, f"Address {n}")
        assert re.findall(rb"\((block\d+)line\d\)", drawn) == [f"block{n}".encode()] * lines
        assert drawn.count(b"BDC") == drawn.count(b"EMC") == 1  # the page's marks are gone
        ops = drawn.splitlines()
        assert ops.count(b"q") == ops.count(b"Q")  # every group whole
        begin, end = drawn.index(b"ActualText"), drawn.index(b"EMC")
        assert begin < drawn.index(b"BT") and drawn.rindex(b"ET\n") < end  # spans the text
        left, bottom, right, top = sheet.boxes[n]
        assert top - bottom <= HEIGHT and left == 0.0 and right == 300.0


def test_text_outside_every_block_is_drawn_for_nobody() -> None:
    stream = sheet_stream([0], 1, False) + b"BT\n1 0 0 1 10 -50 Tm\n(stray) Tj\nET\n"
    sheet = Sheet.read(FakePage(stream), [(0, 0.0, HEIGHT)])  # type: ignore[arg-type]
    assert b"stray" not in sheet.block(0)
    assert b"block0line0" in sheet.block(0)


def recipients(case: Path, addresses: list[tuple[str, ...]]) -> tuple[list[Slip], Document]:
    """The case's copy slip addressed to each of `addresses`."""
    document = compose(load_case(case))
    slip = copy_slip(document, document.addressee)
    return [replace(slip, to=to) for to in addresses], document


AWKWARD = [
    ("The Lord Smith & Jones", '<House> of "Lords"', "London SW1A 0PW"),
    ("The Baroness Ćirić-Ødegård", "House of Lords"),
    tuple(f"Line {n} of a very long address" for n in range(9)),  # more than the space holds
]


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory):
    """Awkward and plain addresses across two sheets, laid out and assembled for real."""
    from conftest import EXAMPLES

    ws = tmp_path_factory.mktemp("sheets") / "ws"
    shutil.copytree(EXAMPLES, ws, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    plain = [(f"The Lord Plain{n}", "House of Lords", "London SW1A 0PW") for n in range(55)]
    addresses = AWKWARD + plain
    slips, document = recipients(ws / "grooming-gangs-2019", addresses)
    laid = slips_module.slips_pdf(document, slips)
    names = [to[0] for to in addresses]
    copies = assemble(document, pdf.to_pdf_bytes(document), laid, names)
    return addresses, laid, copies


def test_blocks_fill_sheets_and_each_copy_has_its_own_address(laid_out) -> None:
    addresses, laid, copies = laid_out
    assert len({page for page, _, _ in laid.places}) == 2  # fifty to a sheet
    firsts = [to[0] for to in addresses]
    for n in (0, 1, 2, 3, 49, 50, 51, len(addresses) - 1):
        text = PdfReader(io.BytesIO(copies[n])).pages[0].extract_text()
        assert text.startswith("\n".join(addresses[n][:6])), n
        assert set(text.splitlines()) & set(firsts) == {firsts[n]}  # nobody else's


def test_a_long_address_is_cut_at_its_space_and_not_drawn_in_the_next(laid_out) -> None:
    """Nine lines where six fit: the rest is hidden, in that copy and in its neighbour's."""
    _, _, copies = laid_out
    long, after = (PdfReader(io.BytesIO(copies[n])).pages[0] for n in (2, 3))
    box = long["/Resources"]["/XObject"]["/DraftkitAddress"]["/BBox"]
    assert float(box[3]) - float(box[1]) == pytest.approx(35 / 25.4 * 72, abs=0.01)  # 35 mm
    assert "Line 5 of" in long.extract_text() and "Line 6 of" not in long.extract_text()
    assert "very long address" not in after.extract_text()


def own_slip_template(case: Path, blocks: str) -> Document:
    """The case's letter with its letterhead's own slip template: the shared one with each
    address block marked by `blocks` instead of `data-to="I"`."""
    from draftkit.resources import bundled_dir

    folder = case.parent / "templates" / "letterhead" / "home-office"
    shutil.copytree(bundled_dir("templates") / "letterhead" / "home-office", folder)
    template = (bundled_dir("templates") / "letter" / "compliments.html.j2").read_text("utf-8")
    assert 'data-to="{{ loop.index0 }}"' in template
    (folder / "compliments.html.j2").write_text(
        template.replace('data-to="{{ loop.index0 }}"', blocks), encoding="utf-8"
    )
    return compose(load_case(case))


def test_an_older_slip_template_with_ids_puts_every_block_where_data_to_does(case: Path) -> None:
    """`render.pdf.places` reads WeasyPrint's box tree: where it finds each block is where
    WeasyPrint's own anchors put the same block marked with an id."""
    shared = compose(load_case(case))
    addresses = AWKWARD + [(f"The Lord Plain{n}", "House of Lords") for n in range(52)]
    slips = [replace(copy_slip(shared, shared.addressee), to=to) for to in addresses]
    marked = slips_module.slips_pdf(shared, slips)
    with_ids = slips_module.slips_pdf(own_slip_template(case, 'id="to-{{ loop.index0 }}"'), slips)
    assert len({page for page, _, _ in marked.places}) == 2
    assert with_ids.places == marked.places and with_ids.spaces == marked.spaces


def test_a_letterhead_slip_template_without_address_blocks_is_refused(case: Path) -> None:
    document = own_slip_template(case, "")
    slips = [f.slip for f in plan(document) if f.slip]
    with pytest.raises(InputError) as caught:
        slips_module.slips_pdf(document, slips)
    problem = caught.value.problems[0]
    assert problem.file == document.letterhead.folder and "data-to=I" in problem.message


@settings(max_examples=60)
@given(title=st.text(max_size=40), author=st.text(max_size=20))
def test_a_copys_information_is_written_as_pypdf_writes_it(title: str, author: str) -> None:
    """The once-per-letter shortcut gives pypdf's own bytes for any names (so copies stay
    byte-for-byte what they were)."""
    from pypdf.generic import DictionaryObject, NameObject, create_string_object

    from draftkit.batch.assemble import _info, _serialise

    meta = {"/Title": title, "/Author": author, "/Creator": "draftkit", "/ModDate": "D:2019"}
    whole = DictionaryObject({NameObject(k): create_string_object(v) for k, v in meta.items()})
    assert _info(meta) == _serialise(whole)
