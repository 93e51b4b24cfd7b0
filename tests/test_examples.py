"""Every example case, the seed and each one beside it: checks clean, renders and batches.

A new example is found by its letter.yaml and runs here without being listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit.cli import app

SEED = Path("grooming-gangs-2019")
CASES = sorted(p.parent.relative_to(EXAMPLES) for p in EXAMPLES.rglob("letter.yaml"))


def test_the_examples_are_found() -> None:
    """The seed and the three migrant-workers replies, at least (others may join)."""
    names = {str(c) for c in CASES}
    assert {
        "grooming-gangs-2019",
        "migrant-workers-2009/harries",
        "migrant-workers-2009/bishop-ripon",
        "migrant-workers-2009/neville-jones",
    } <= names


@pytest.mark.parametrize("case", CASES, ids=str)
def test_example_checks_clean_renders_and_batches(
    case: Path, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    monkeypatch.delenv("DRAFTKIT_DATABASE_URL", raising=False)
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(case), "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    assert report["ok"] and report["summary"]["errors"] == 0
    rendered = runner.invoke(
        app, ["render", str(case), "-o", str(tmp_path / "r"), "--format", "txt"]
    )
    assert rendered.exit_code == 0, rendered.output
    if case == SEED:
        return  # the seed's batch is tests/test_batch_seed.py's, byte for byte
    batched = runner.invoke(app, ["batch", str(case), "-o", str(tmp_path / "b")])
    assert batched.exit_code == 0, batched.output
    [folder] = (tmp_path / "b").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {"letter.pdf", "letter.docx"} <= {f["path"] for f in manifest["files"]}
    assert all((folder / f["path"]).is_file() for f in manifest["files"])
    assert not Path(manifest["case"]).is_absolute()
