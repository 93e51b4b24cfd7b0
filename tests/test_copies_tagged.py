"""Every copy a member receives is a tagged PDF: its slip and the letter in one structure tree.

PDF/UA asks it of every file, so a copy is checked as a screen reader would meet it: the
catalogue marks it tagged, every page's marked content has its element in the parent
tree, the slip reads first (with the address drawn into it as the recipient's own lines),
then the letter. A long list is laid out on both cores, part of the address blocks by the
helper process and part by this one; both parts must give each member their own address.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from batchfakes import FAKE
from conftest import EXAMPLES
from draftkit.batch import Backend, layout, run
from draftkit.batch.assemble import LaidOutSlips
from draftkit.batch.plan import BatchFile, plan
from draftkit.compose import compose
from draftkit.document import Document
from draftkit.workspace import load_case

#: Members added to the seed's list: enough for the address blocks to fill three sheets
#: (fifty to a sheet), so that blocks at every place on a sheet are checked.
EXTRA = 120


def long_list_case(root: Path, extra: int = EXTRA) -> Path:
    """The seed workspace with `extra` more Peers copied in."""
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    (root / "members").mkdir(exist_ok=True)
    lines = []
    for n in range(extra):
        lines += [f"- id: lord-test-{n}", "  rank: Lord", f"  name: Testname{n}", f"  of: Place{n}"]
    (root / "members" / "extra.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    letter = root / "grooming-gangs-2019" / "letter.yaml"
    ids = "".join(f"    - lord-test-{n}\n" for n in range(extra))
    text = letter.read_text(encoding="utf-8")
    letter.write_text(
        text.replace("  copies: speakers\n", f"  copies:\n    - speakers\n{ids}"), encoding="utf-8"
    )
    return root / "grooming-gangs-2019"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, list[BatchFile], dict]:
    """The long list rendered by the real back end (WeasyPrint, tagged), in memory."""
    case = long_list_case(tmp_path_factory.mktemp("tagged") / "ws")
    document = compose(load_case(case))
    files = plan(document)
    return document, files, run.render_files(document, files, layout.default_backend(), run.quiet)


def slipped(files: Sequence[BatchFile]) -> list[BatchFile]:
    return [f for f in files if f.kind == "slipped"]


def sample(files: Sequence[BatchFile]) -> list[BatchFile]:
    """The first and last copy of the helper's part and of this process's, each side of a
    sheet's end, the Library's last."""
    copies = slipped(files)
    theirs, _ = layout.shares(len(copies))
    places = {0, 49, 50, theirs - 1, theirs, len(copies) - 1}
    return [copies[i] for i in sorted(places) if 0 <= i < len(copies)]


def _kids(element: DictionaryObject) -> list:
    kids = element.get("/K", ArrayObject())
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _page_of(element: DictionaryObject) -> int:
    """The object number of the page an element's content is on (/Pg, else its parent's)."""
    while "/Pg" not in element:
        element = element["/P"].get_object()
    return element.raw_get("/Pg").idnum


def _mcids(content: bytes) -> list[int]:
    return [int(m) for m in re.findall(rb"/MCID (\d+)", content)]


def test_every_copy_is_tagged(rendered, tmp_path: Path) -> None:
    _, files, data = rendered
    copies = slipped(files)
    assert len(copies) == 4 + EXTRA + 1  # the speakers, the added Peers, the Library
    for f in copies:
        root = PdfReader(io.BytesIO(data[f.name])).trailer["/Root"]
        assert "/StructTreeRoot" in root, f.name
        assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en-GB"
    letter_pages = len(PdfReader(io.BytesIO(data["letter.pdf"])).pages)
    for f in sample(files):
        reader = PdfReader(io.BytesIO(data[f.name]))
        tree = reader.trailer["/Root"]["/StructTreeRoot"]
        nums = tree["/ParentTree"]["/Nums"]
        parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
        assert len(reader.pages) == 1 + letter_pages
        for page in reader.pages:
            marked = parents[page["/StructParents"]]
            assert sorted(_mcids(page.get_contents().get_data())) == list(range(len(marked)))
            assert {_page_of(m.get_object()) for m in marked} == {page.indirect_reference.idnum}
        top = _kids(tree)[0].get_object()
        slip = _kids(top)[0].get_object()
        assert slip["/S"] == "/Sect" and _page_of(slip) == reader.pages[0].indirect_reference.idnum


def test_a_copy_reads_its_slip_then_the_letter(rendered, tmp_path: Path) -> None:
    _, files, data = rendered
    for f in sample(files):
        path = tmp_path / f.name
        path.write_bytes(data[f.name])
        struct = subprocess.run(
            ["pdfinfo", "-struct-text", str(path)], check=True, capture_output=True, text=True
        ).stdout
        assert f.slip is not None
        first_line = f.slip.to[0]
        assert (
            struct.index(first_line)
            < struct.index(f.slip.heading)
            < struct.index("Dear Lord Rosser")
        )
        others = {g.slip.to[0] for g in slipped(files) if g.slip and g.name != f.name}
        slip_text = subprocess.run(
            ["pdftotext", "-l", "1", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert first_line in slip_text
        assert not [o for o in others if o in slip_text]  # nobody else's address


def test_the_address_is_read_as_its_lines(rendered) -> None:
    _, files, data = rendered
    for f in sample(files):
        assert f.slip is not None
        page = PdfReader(io.BytesIO(data[f.name])).pages[0]
        assert page.extract_text().startswith("\n".join(f.slip.to))


def counting_assemble(
    document: Document, letter: bytes, slips: LaidOutSlips, names: Sequence[str]
) -> Sequence[bytes]:
    """FAKE's assembly, noting which process assembled how many copies."""
    with open(os.environ["DRAFTKIT_TEST_ASSEMBLE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {len(names)}\n")
    return FAKE.assemble(document, letter, slips, names)


def test_a_long_list_is_laid_out_in_two_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper lays out the first part of the address blocks and this process the rest."""
    monkeypatch.setattr(layout, "LETTER_IN_ADDRESSES", 4)  # a short list split, to stay quick
    monkeypatch.setattr(layout, "SMALLEST_SHARE", 3)
    case = long_list_case(tmp_path / "ws", 16)
    document = compose(load_case(case))
    files = plan(document)
    backend = Backend(FAKE.letter_pdf, FAKE.letter_docx, FAKE.slips_pdf, counting_assemble)
    log = tmp_path / "assembled.log"
    monkeypatch.setenv("DRAFTKIT_TEST_ASSEMBLE_LOG", str(log))
    data = run.render_files(document, files, backend, run.quiet)
    helper, parent = layout.shares(len(slipped(files)))
    assert helper > 0 and parent > 0
    calls = [tuple(map(int, line.split())) for line in log.read_text().splitlines()]
    # Each part is assembled where it was laid out: the helper's there, at the same time.
    assert sorted(n for _, n in calls) == sorted([parent, helper])
    by = {n: pid for pid, n in calls}
    assert by[parent] == os.getpid() != by[helper]
    for f in slipped(files):
        assert f.slip is not None
        text = PdfReader(io.BytesIO(data[f.name])).pages[0].extract_text()
        assert f.slip.to[0] in text


def test_how_the_slips_are_shared() -> None:
    """The helper has short lists whole (this process lays out the letter), long ones split."""
    assert layout.shares(0) == (0, 0) and layout.shares(1) == (1, 0)
    split = layout.LETTER_IN_ADDRESSES + 2 * layout.SMALLEST_SHARE
    assert layout.shares(split - 1) == (split - 1, 0)
    for n in (split, 800, 3000):
        helper, parent = layout.shares(n)
        assert helper + parent == n and helper > parent >= layout.SMALLEST_SHARE
    assert layout.shares(800) == (475, 325)
