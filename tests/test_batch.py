"""`draftkit batch`: one file per recipient, a manifest that matches, a register that agrees,
and all-or-nothing when something fails half way."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from batchfakes import FAKE
from draftkit import register
from draftkit.batch import run as batch_module
from draftkit.batch.recovery import recover
from draftkit.batch.run import BatchResult, run_batch
from draftkit.compose import compose
from draftkit.document import Role
from draftkit.register import FileRecord
from draftkit.register.schema import DispatchRow, LetterRow
from draftkit.workspace import load_case

REF = "MC2019-05-30-rosser"
SEED_FILES = [
    "copy-01-baroness-cox.pdf",
    "copy-02-viscount-falkland.pdf",
    "copy-03-lord-pickles.pdf",
    "copy-04-lord-blunkett.pdf",
    "letter.docx",
    "letter.pdf",
    "library-lords.pdf",
    "manifest.json",
]


def engine_for(case: Path):
    return register.connect(register.database_url(load_case(case).workspace.root))


def batch(case: Path, out: Path, **kwargs):
    loaded = load_case(case)
    return run_batch(loaded, compose(loaded), out, engine_for(case), backend=FAKE, **kwargs)


def pdf_text(path: Path, page: int) -> str:
    return PdfReader(io.BytesIO(path.read_bytes())).pages[page].extract_text()


def listing(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*"))


def test_one_file_per_recipient_plus_the_library(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(case, out)
    assert result.folder == out / REF
    assert sorted(p.name for p in result.folder.iterdir()) == SEED_FILES
    assert listing(out) == [REF, *(f"{REF}/{n}" for n in SEED_FILES)]
    mask = os.umask(0o022)
    os.umask(mask)
    assert result.folder.stat().st_mode & 0o777 == 0o777 & ~mask  # not mkdtemp's 0700
    roles = [(f.role, f.recipient_id) for f in result.files]
    assert roles == [
        ("addressee", "lord-rosser"),
        ("addressee", "lord-rosser"),
        ("copy", "baroness-cox"),
        ("copy", "viscount-falkland"),
        ("copy", "lord-pickles"),
        ("copy", "lord-blunkett"),
        ("library", "library-lords"),
    ]


def test_each_copy_is_its_slip_then_the_whole_letter(case: Path, tmp_path: Path) -> None:
    folder = batch(case, tmp_path / "out").folder
    letter = PdfReader(folder / "letter.pdf")
    copy = PdfReader(folder / "copy-02-viscount-falkland.pdf")
    assert len(copy.pages) == len(letter.pages) + 1
    slip = copy.pages[0].extract_text()
    assert "With the compliments of" in slip and "The Viscount Falkland" in slip
    assert copy.pages[1].extract_text() == letter.pages[0].extract_text()
    assert copy.metadata.title.endswith("(copy for Viscount Falkland)")
    assert copy.metadata["/CreationDate"] == "D:20190530000000Z"
    library = pdf_text(folder / "library-lords.pdf", 0)
    assert "For deposit in the House of Lords Library" in library


def test_manifest_matches_the_files(case: Path, tmp_path: Path) -> None:
    folder = batch(case, tmp_path / "out").folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reference"] == REF
    entries = manifest["files"]
    assert sorted(e["path"] for e in entries) == [n for n in SEED_FILES if n != "manifest.json"]
    for entry in entries:
        data = (folder / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert {"id": "taxi-cross-border-tfg", "version": 2} in entry["snippets"]
        assert entry["rendered_at"] == manifest["rendered_at"]
    by_path = {e["path"]: e for e in entries}
    assert by_path["copy-03-lord-pickles.pdf"]["recipient_name"] == "Lord Pickles"
    assert by_path["library-lords.pdf"]["role"] == "library"
    assert by_path["letter.docx"]["recipient_id"] == "lord-rosser"


def test_the_register_shows_every_file(case: Path, tmp_path: Path) -> None:
    result = batch(case, tmp_path / "out")
    detail = register.letter_detail(engine_for(case), REF)
    assert detail.letter.addressee_id == "lord-rosser"
    assert ("offender-prevention-partners", 3) in detail.letter.snippets
    assert detail.latest is not None
    assert detail.latest.files == result.files
    assert [register.file_status(f, case.parent) for f in detail.latest.files] == ["ok"] * 7
    assert (case.parent / "draftkit.db").is_file()


def test_rerun_gives_the_same_files_and_replaces_the_set(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = batch(case, out)
    (first.folder / "stray.txt").write_text("left by hand")
    second = batch(case, out)
    assert sorted(p.name for p in second.folder.iterdir()) == SEED_FILES
    assert [f.sha256 for f in first.files] == [f.sha256 for f in second.files]
    assert listing(out) == [REF, *(f"{REF}/{n}" for n in SEED_FILES)]
    detail = register.letter_detail(engine_for(case), REF)
    assert len(detail.batches) == 2


class Boom(RuntimeError):
    pass


def test_an_interrupted_batch_leaves_nothing(case: Path, tmp_path: Path, monkeypatch) -> None:
    written: list[str] = []
    real_write = batch_module._write

    def failing_write(folder: int, name: str, data: bytes) -> None:
        if name.startswith("copy-03"):
            raise Boom("disk gone after two copies")
        written.append(name)
        real_write(folder, name, data)

    monkeypatch.setattr(batch_module, "_write", failing_write)
    out = tmp_path / "out"
    with pytest.raises(Boom):
        batch(case, out)
    assert "copy-02-viscount-falkland.pdf" in written  # it really was midway
    assert listing(out) == []
    with Session(engine_for(case)) as s:
        assert s.scalar(select(func.count()).select_from(LetterRow)) == 0
        assert s.scalar(select(func.count()).select_from(DispatchRow)) == 0


def test_a_failed_commit_takes_the_files_back_out(case: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    first = batch(case, out)
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}

    def failing_complete(engine: object, entry: int) -> None:
        raise Boom("database went away")

    monkeypatch.setattr(batch_module.journal, "complete", failing_complete)
    with pytest.raises(Boom):
        batch(case, out)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in (out / REF).iterdir()} == before
    assert listing(out) == [REF, *(f"{REF}/{n}" for n in SEED_FILES)]
    assert len(register.letter_detail(engine_for(case), REF).batches) == 1


def test_a_run_that_died_between_renames_is_recovered(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = batch(case, out)
    first.folder.rename(out / f".{REF}.old-abc")  # as if killed after setting the old set aside
    (out / f".{REF}.staging-xyz").mkdir()
    recover(out, REF, engine_for(case))
    assert listing(out)[0] == REF
    assert sorted(p.name for p in (out / REF).iterdir()) == SEED_FILES


def test_progress_is_reported(case: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    batch(case, tmp_path / "out", progress=lambda d, t, w: seen.append((d, t, w)))
    assert seen[0] == (0, 4, "laying out the letter and 5 slips")
    assert (2, 4, "assembling 5 copies") in seen
    assert seen[-2:] == [(3, 4, "writing the files and recording them"), (4, 4, "done")]


def test_a_letter_with_no_distribution_is_batched_alone(case: Path, tmp_path: Path) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    text = text.replace("  copies: speakers\n", "").replace("library: lords", "library: none")
    letter.write_text(text, encoding="utf-8")
    result = batch(case, tmp_path / "out")
    assert sorted(p.name for p in result.folder.iterdir()) == [
        "letter.docx",
        "letter.pdf",
        "manifest.json",
    ]


@pytest.mark.parametrize(("copies", "said"), [(0, "0 copies"), (1, "1 copy"), (4, "4 copies")])
def test_the_summary_counts_copies_in_english(copies: int, said: str) -> None:
    def record(role: Role, n: int) -> FileRecord:
        return FileRecord(f"m{n}", f"Member {n}", role, f"{role}-{n}.pdf", "0" * 64, 1)

    files = (record("addressee", 0), *(record("copy", n) for n in range(copies)))
    result = BatchResult(Path("out/REF"), files, Path("out/REF/manifest.json"))
    assert f"wrote {len(files) + 1} files ({said}) to out/REF" in result.summary
