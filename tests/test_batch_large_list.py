"""A batch to a long list of members with awkward names, batched for real (WeasyPrint).

What the fast paths of a big batch must keep: each copy assembled exactly as pypdf's own
reader would have it, the register's rows in the manifest's order with its hashes, and a
re-run that replaces the whole set and leaves nothing of the old one behind.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit import register
from draftkit.batch import assemble, layout
from draftkit.batch.plan import plan
from draftkit.cli import app
from draftkit.compose import compose
from draftkit.register import journal
from draftkit.workspace import load_case

REF = "MC2019-05-30-rosser"
RANKS = ("Lord", "Baroness", "Viscount", "Earl", "Lady")
#: Names a member directory holds and the example does not: apostrophes, accents,
#: hyphens, particles, markup characters, a title "of" a long place, a long name.
NAMES = (
    "O'Neill",
    "Ó Dálaigh",
    "Smith-Jones",
    "de Mauley",
    "McAlpine & Sons",
    "<Angle>",
    "Ffrench",
    "St John",
    "Østergård",
    "Llŷn-Eifionydd",
    "D'Souza",
    "van der Merwe",
    'Quote"d',
    "Chiswick",
    "Wolfe-Barry-Featherstonehaugh-Cholmondeley-Marjoribanks",
    "Çelik",
    "Ng",
    "X",
    "Brontë",
    "Ó Cuív",
    "MacGregor of MacGregor",
    "Zoë",
    "Ann-Marie",
    "Straße",
    "Rees-Mogg",
    "Ďurić",
)


def _members() -> str:
    rows = []
    for n, name in enumerate(NAMES):
        rows.append(
            f"- id: odd-{n:02d}\n  rank: {RANKS[n % len(RANKS)]}\n  name: {json.dumps(name)}\n"
        )
        if n % 4 == 1:
            rows.append('  of: "Little Snoring-on-the-Marsh in the County of Norfolk"\n')
        if n % 5 == 2:
            lines = ["Flat 3", "12 Long Acre", "Covent Garden", "London", "WC2E 9LH", "UK"]
            rows.append(f"  address: {json.dumps(lines)}\n")
    return "".join(rows)


@pytest.fixture(scope="module")
def big_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed case sent to its four speakers and the 26 odd members: 30 copies."""
    ws = tmp_path_factory.mktemp("large") / "ws"
    shutil.copytree(EXAMPLES, ws, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    (ws / "members").mkdir(exist_ok=True)
    (ws / "members" / "odd.yaml").write_text(_members(), encoding="utf-8")
    letter = ws / "grooming-gangs-2019" / "letter.yaml"
    named = "".join(f"    - odd-{n:02d}\n" for n in range(len(NAMES)))
    text = letter.read_text(encoding="utf-8")
    assert "  copies: speakers\n" in text
    letter.write_text(
        text.replace("  copies: speakers\n", f"  copies:\n    - speakers\n{named}"),
        encoding="utf-8",
    )
    return ws / "grooming-gangs-2019"


@pytest.fixture(scope="module")
def batched(big_case: Path) -> Path:
    """`draftkit batch` of it, run twice into the same folder (the second replaces the first)."""
    out = big_case.parent.parent / "out"
    for _ in range(2):
        result = CliRunner().invoke(app, ["batch", str(big_case), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.stderr
    return out / REF


def test_thirty_copies_in_distribution_order(batched: Path, big_case: Path) -> None:
    document = compose(load_case(big_case))
    copies = [f for f in plan(document) if f.role == "copy"]
    assert len(copies) == 30
    manifest = json.loads((batched / "manifest.json").read_text(encoding="utf-8"))
    listed = [e["path"] for e in manifest["files"] if e["role"] == "copy"]
    assert listed == [f.name for f in copies] == sorted(p.name for p in batched.glob("copy-*"))
    assert [e["recipient_id"] for e in manifest["files"] if e["role"] == "copy"][4:] == [
        f"odd-{n:02d}" for n in range(len(NAMES))
    ]


def test_a_rerun_leaves_only_the_new_set(batched: Path) -> None:
    assert [p.name for p in batched.parent.iterdir()] == [REF]  # no hidden old or staged set
    manifest = json.loads((batched / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["path"] for e in manifest["files"]) == sorted(
        p.name for p in batched.iterdir() if p.name != "manifest.json"
    )


def test_the_register_rows_are_the_manifests_in_order(batched: Path, big_case: Path) -> None:
    """The files' rows (one multi-row insert) say what the manifest says, file by file."""
    root = big_case.parent
    engine = register.connect(register.database_url(root))
    detail = register.letter_detail(engine, REF)
    assert detail.latest is not None and len(detail.batches) == 2
    manifest = json.loads((batched / "manifest.json").read_text(encoding="utf-8"))
    for batch in detail.batches:
        rows = [
            (Path(f.path).name, f.recipient_id, f.recipient_name, f.role, f.sha256, f.bytes)
            for f in batch.files
        ]
        assert rows == [
            (e["path"], e["recipient_id"], e["recipient_name"], e["role"], e["sha256"], e["bytes"])
            for e in manifest["files"]
        ]
        assert all(f.dispatched_at == batch.rendered_at for f in batch.files)
    assert all(register.file_status(f, root) == "ok" for f in detail.latest.files)
    entry = journal.latest_complete(engine, str(batched.resolve()))
    assert entry is not None
    on_disk = {p.name: p.read_bytes() for p in batched.iterdir()}
    assert [f.name for f in entry.files] == [*manifest_order(manifest), "manifest.json"]
    assert {f.name: (f.sha256, f.bytes) for f in entry.files} == {
        name: (hashlib.sha256(data).hexdigest(), len(data)) for name, data in on_disk.items()
    }


def manifest_order(manifest: dict[str, list[dict[str, str]]]) -> list[str]:
    return [e["path"] for e in manifest["files"]]


@pytest.fixture(scope="module")
def laid_out(big_case: Path) -> tuple[object, bytes, assemble.LaidOutSlips, list[str]]:
    """The letter and the 31 slips (30 copies, the Library) laid out by the real back end."""
    document = compose(load_case(big_case))
    slipped = [f for f in plan(document) if f.kind == "slipped"]
    backend = layout.default_backend()
    slips = backend.slips_pdf(document, [f.slip for f in slipped if f.slip])
    return document, backend.letter_pdf(document), slips, [f.recipient_name for f in slipped]


def test_each_copy_is_byte_for_byte_what_pypdfs_own_reader_assembles(
    laid_out: tuple[object, bytes, assemble.LaidOutSlips, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document, letter, slips, names = laid_out
    ours = assemble.assemble(document, letter, slips, names)  # type: ignore[arg-type]
    monkeypatch.setattr(assemble, "Reader", PdfReader)
    theirs = assemble.assemble(document, letter, slips, names)  # type: ignore[arg-type]
    assert len(ours) == 31 and ours == theirs


def test_the_reader_reads_every_object_as_pypdf_does(
    laid_out: tuple[object, bytes, assemble.LaidOutSlips, list[str]],
) -> None:
    _, letter, slips, _ = laid_out
    for data in (letter, slips.pdf):
        ours, theirs = assemble.Reader(io.BytesIO(data)), PdfReader(io.BytesIO(data))
        assert ours.xref_objStm  # the objects are in object streams, as WeasyPrint writes them
        for number in sorted(ours.xref_objStm, reverse=True):  # out of order, on purpose
            assert _bytes(ours.get_object(number)) == _bytes(theirs.get_object(number))
        assert len(ours.pages) == len(theirs.pages)


def _bytes(obj: object) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_copies_cross_between_processes_as_one_base_per_kind(
    laid_out: tuple[object, bytes, assemble.LaidOutSlips, list[str]],
) -> None:
    document, letter, slips, names = laid_out
    copies = assemble.assemble(document, letter, slips, names)  # type: ignore[arg-type]
    whole = [copies[i] for i in range(len(copies))]
    assert len(copies.bases) == 2  # the copies' slip and the Library's
    assert list(copies) == whole and all(c.startswith(b"%PDF-") for c in whole)
    pickled = pickle.dumps(copies)
    assert len(pickled) < sum(map(len, whole)) / 5  # each base once, not once a copy
    assert list(pickle.loads(pickled)) == whole
    joined = copies[:7] + copies[7:]
    assert list(joined) == whole and len(joined.bases) == 4
    hashed = [hashlib.sha256(c).hexdigest() for c in whole]  # each taken from its base's hash
    assert list(copies.digests) == list(joined.digests) == hashed and len(set(hashed)) == len(whole)
    assert list(copies[3:9].digests) == hashed[3:9]


def test_copies_go_to_disk_as_base_and_update_and_read_whole(
    laid_out: tuple[object, bytes, assemble.LaidOutSlips, list[str]], tmp_path: Path
) -> None:
    """`run.Rendered` keeps each copy as its two pieces, writes them one after the other,
    and knows the copies' hashes; a file it was given whole it hashes itself."""
    from draftkit.batch import run

    document, letter, slips, names = laid_out
    copies = assemble.assemble(document, letter, slips, names)  # type: ignore[arg-type]
    pieces: dict[str, tuple[bytes, ...]] = {f"copy-{i}.pdf": copies.pieces(i) for i in range(5)}
    data = run.Rendered({**pieces, "letter.pdf": (letter,)}, {"copy-0.pdf": copies.digests[0]})
    data.add("manifest.json", b"{}\n")
    run._stage(tmp_path / "staged", data)
    for name in data:
        written = (tmp_path / "staged" / name).read_bytes()
        assert written == data[name] and data.size(name) == len(written)
        assert data.sha256(name) == hashlib.sha256(written).hexdigest()
    assert [data[f"copy-{i}.pdf"] for i in range(5)] == list(copies[:5])
    assert sorted(data) == sorted([*pieces, "letter.pdf", "manifest.json"])
