"""Every worked case under examples/: checks clean, renders and batches for real."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit.cli import app

CASES = sorted(p.parent.name for p in EXAMPLES.glob("*/letter.yaml"))


@pytest.fixture(scope="module")
def batched(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example batched once, in one private copy of the example workspace."""
    ws = tmp_path_factory.mktemp("examples") / "ws"
    shutil.copytree(EXAMPLES, ws, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    out = ws.parent / "out"
    done = {}
    for name in CASES:
        result = CliRunner().invoke(app, ["batch", str(ws / name), "-o", str(out), "--quiet"])
        assert result.exit_code == 0, result.output
        (folder,) = [p for p in out.iterdir() if p.is_dir() and p not in done.values()]
        done[name] = folder
    return done


def test_there_are_lords_and_commons_examples() -> None:
    houses = {(EXAMPLES / c / "debate.yaml").read_text().split("house: ")[1][:5] for c in CASES}
    assert houses == {"lords", "commo"}


#: Examples reproducing a real letter word for word keep its departures from house style.
VERBATIM = {"grooming-gangs-2019"}


@pytest.mark.parametrize("name", CASES)
def test_every_example_checks_clean(name: str) -> None:
    result = CliRunner().invoke(app, ["check", str(EXAMPLES / name), "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    if name in VERBATIM:
        findings = [f for f in findings if f["severity"] == "error"]
    assert findings == []


@pytest.mark.parametrize("name", CASES)
def test_every_example_batches_with_a_copy_for_each_recipient(
    name: str, batched: dict[str, Path]
) -> None:
    folder = batched[name]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert (folder / entry["path"]).stat().st_size == entry["bytes"] > 0
    roles = [e["role"] for e in manifest["files"]]
    assert roles.count("addressee") == 2 and "copy" in roles and "library" in roles


def test_the_commons_example_reads_as_the_commons_writes(batched: dict[str, Path]) -> None:
    folder = batched["taxi-safeguarding-2019"]
    letter = _text(folder / "letter.pdf")
    words = " ".join(letter.split())
    assert "Neil Coyle MP\nHouse of Commons\nLondon SW1A 0AA" in letter
    assert "Dear Mr Coyle" in letter
    assert "The hon. Member for Glasgow North (Patrick Grady) asked" in words
    assert "The right hon. Member for Hackney North and Stoke Newington (Diane Abbott)" in words
    assert "all Members who spoke at the debate and place a copy in the House Library" in words
    slips = sorted(p.name for p in folder.glob("copy-*.pdf"))
    assert slips == [
        "copy-01-sir-edward-leigh-mp.pdf",
        "copy-02-patrick-grady-mp.pdf",
        "copy-03-dr-philippa-whitford-mp.pdf",
        "copy-04-diane-abbott-mp.pdf",
    ]
    slip = _text(folder / "copy-04-diane-abbott-mp.pdf", last=1)
    assert slip.startswith("The Rt Hon. Diane Abbott MP\nHouse of Commons")
    assert "to the hon. Member for Bermondsey and Old Southwark (Neil Coyle)" in " ".join(
        slip.split()
    )
    assert "House of Commons Library" in _text(folder / "library-commons.pdf", last=1)


def _text(pdf: Path, last: int | None = None) -> str:
    """The PDF's text in reading order, from the letterhead's address block on."""
    pages = ["-l", str(last)] if last else []
    text = subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text[text.index("SW1P 4DF") :].split("\n", 3)[-1].lstrip("\n")
