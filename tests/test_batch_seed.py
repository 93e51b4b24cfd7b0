"""The seed example batched for real (WeasyPrint, python-docx): what a private office sends."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from batchfakes import LOGGED
from conftest import EXAMPLES
from draftkit import register
from draftkit.batch import layout
from draftkit.cli import app
from draftkit.workspace import load_case

REF = "MC2019-05-30-rosser"
COPIES = {
    "copy-01-baroness-cox.pdf": ("baroness-cox", "The Baroness Cox"),
    "copy-02-viscount-falkland.pdf": ("viscount-falkland", "The Viscount Falkland"),
    "copy-03-lord-pickles.pdf": ("lord-pickles", "The Rt Hon. the Lord Pickles"),
    "copy-04-lord-blunkett.pdf": ("lord-blunkett", "The Rt Hon. the Lord Blunkett"),
}


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    args = ["pdftotext", "-layout", *pages, str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def seed_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed case batched once through the CLI in a private workspace copy."""
    ws = tmp_path_factory.mktemp("seed") / "ws"
    shutil.copytree(EXAMPLES, ws, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    out = ws.parent / "out"
    result = CliRunner().invoke(app, ["batch", str(ws / "grooming-gangs-2019"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out / REF


def test_one_file_per_recipient_and_the_library(seed_batch: Path) -> None:
    assert sorted(p.name for p in seed_batch.iterdir()) == sorted(
        ["letter.pdf", "letter.docx", *COPIES, "library-lords.pdf", "manifest.json"]
    )


def test_manifest_hashes_match_the_files(seed_batch: Path) -> None:
    manifest = json.loads((seed_batch / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (seed_batch / entry["path"]).read_bytes()
        assert (entry["sha256"], entry["bytes"]) == (hashlib.sha256(data).hexdigest(), len(data))
    copies = {e["path"]: e["recipient_id"] for e in manifest["files"] if e["role"] == "copy"}
    assert copies == {name: rid for name, (rid, _) in COPIES.items()}


def test_the_register_shows_them(seed_batch: Path) -> None:
    root = load_case(seed_batch.parent.parent / "ws" / "grooming-gangs-2019").workspace.root
    detail = register.letter_detail(register.connect(register.database_url(root)), REF)
    assert detail.latest is not None
    files = {Path(f.path).name: f for f in detail.latest.files}
    assert set(files) == {p.name for p in seed_batch.iterdir()} - {"manifest.json"}
    assert all(register.file_status(f, root) == "ok" for f in files.values())
    assert files["library-lords.pdf"].recipient_name == "House of Lords Library"


@pytest.mark.parametrize("name", sorted(COPIES))
def test_each_copy_is_a_slip_addressed_to_the_peer_then_the_signed_letter(
    seed_batch: Path, name: str
) -> None:
    copy = seed_batch / name
    slip = pdftotext(copy, 1, 1)
    _, address_line = COPIES[name]
    lines = [line.strip() for line in slip.splitlines() if line.strip()]
    at = lines.index(address_line)
    assert lines[at : at + 3] == [address_line, "House of Lords", "London SW1A 0PW"]
    department = next(i for i, line in enumerate(lines) if line.startswith("Home Office"))
    assert department < at < lines.index("With the compliments of")
    assert "Baroness Williams of Trafford" in lines and "Minister of State" in lines
    assert "A copy of my letter of 30 May 2019 to Lord Rosser" in slip
    others = [line for n, (_, line) in COPIES.items() if n != name]
    assert not any(o in pdftotext(copy) for o in others)  # no one else's name in this copy
    letter_pages = len(PdfReader(seed_batch / "letter.pdf").pages)
    assert len(PdfReader(copy).pages) == letter_pages + 1
    assert pdftotext(copy, 2) == pdftotext(seed_batch / "letter.pdf")


def test_library_copy_is_a_deposit_slip_then_the_letter(seed_batch: Path) -> None:
    slip = pdftotext(seed_batch / "library-lords.pdf", 1, 1)
    assert "For deposit in the House of Lords Library" in slip
    assert "Deposited Papers" in slip and "HL Deb 14 May 2019, vol 797" in slip
    assert pdftotext(seed_batch / "library-lords.pdf", 2) == pdftotext(seed_batch / "letter.pdf")


def test_copies_embed_their_fonts_and_carry_metadata(seed_batch: Path) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(seed_batch / "copy-02-viscount-falkland.pdf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in f for f in fonts)
    meta = PdfReader(seed_batch / "copy-02-viscount-falkland.pdf").metadata
    assert meta.title.endswith("(copy for Viscount Falkland)")
    assert meta.author == "Baroness Williams of Trafford"


def test_a_rerun_gives_byte_identical_files(seed_batch: Path) -> None:
    before = {p.name: p.read_bytes() for p in seed_batch.iterdir() if p.suffix in (".pdf", ".docx")}
    case = seed_batch.parent.parent / "ws" / "grooming-gangs-2019"
    result = CliRunner().invoke(app, ["batch", str(case), "-o", str(seed_batch.parent), "-q"])
    assert result.exit_code == 0, result.stderr
    after = {p.name: p.read_bytes() for p in seed_batch.iterdir() if p.suffix in (".pdf", ".docx")}
    assert after == before


def test_the_pdfs_are_laid_out_by_the_worker_and_a_long_list_split_beside_it(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`draftkit batch` forks its render worker first; the worker lays out the letter and
    one share of the slips while a helper forked from it lays out the other."""
    members = "".join(f"- id: lord-extra-{n}\n  rank: Lord\n  name: Extra{n}\n" for n in range(14))
    (case.parent / "members" / "extra.yaml").parent.mkdir(exist_ok=True)
    (case.parent / "members" / "extra.yaml").write_text(members, encoding="utf-8")
    letter = case / "letter.yaml"
    named = "".join(f"    - lord-extra-{n}\n" for n in range(14))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            "  copies: speakers\n", f"  copies:\n    - speakers\n{named}"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(layout, "default_backend", lambda: LOGGED)
    monkeypatch.setattr(layout, "LETTER_IN_ADDRESSES", 2)  # 19 slips split, to stay quick
    monkeypatch.setattr(layout, "SMALLEST_SHARE", 3)
    log = tmp_path / "layout.log"
    monkeypatch.setenv("DRAFTKIT_TEST_LAYOUT_LOG", str(log))
    result = CliRunner().invoke(app, ["batch", str(case), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.stderr
    entries = [line.rsplit(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    pids = {what: int(pid) for what, pid in entries}
    helper, parent = layout.shares(19)
    assert set(pids) == {"letter", f"slips {helper}", f"slips {parent}"}
    assert pids["letter"] == pids[f"slips {parent}"] != pids[f"slips {helper}"]
    assert os.getpid() not in pids.values()
    folder = tmp_path / "out" / REF
    copies = sorted(p.name for p in folder.glob("copy-*.pdf"))
    assert len(copies) == 18 and copies[-1] == "copy-18-lord-extra13.pdf"
    for name in (copies[0], copies[9], copies[-1]):
        text = PdfReader(folder / name).pages[0].extract_text()
        assert ("Lord Extra13" in text) == (name == copies[-1])
