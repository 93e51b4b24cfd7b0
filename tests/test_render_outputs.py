"""`draftkit render` writes every format or none: a failing render leaves no partial
file and keeps the good one already there. WeasyPrint loads only when a PDF is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit import atomic
from draftkit.cli import app
from draftkit.compose import compose
from draftkit.errors import InputError
from draftkit.render import write_outputs
from draftkit.workspace import load_case
from render_support import add_letterhead, document_of, use_letterhead

runner = CliRunner()


def test_render_default_formats_are_pdf_and_docx(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(case), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "MC2019-05-30-rosser.docx",
        "MC2019-05-30-rosser.pdf",
    ]
    assert (out / "MC2019-05-30-rosser.pdf").read_bytes().startswith(b"%PDF-")


def test_a_failing_render_keeps_the_good_files(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = write_outputs(document_of(case), ["pdf", "html"], out)
    before = {p: p.read_bytes() for p in good}

    folder = add_letterhead(case.parent, "broken")
    (folder / "letter.css").write_text(
        '.department { background: url("http://example.com/x.png") }'
    )
    use_letterhead(case, "broken")
    result = runner.invoke(app, ["render", str(case), "-o", str(out), "--format", "html,pdf"])
    assert result.exit_code == 1
    assert "letterhead `broken`" in result.output
    assert {p: p.read_bytes() for p in good} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in good)


def test_an_interrupted_write_leaves_no_partial_file(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    [pdf] = write_outputs(document_of(case), ["pdf"], out)
    before = pdf.read_bytes()

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(document_of(case), ["pdf"], out)
    assert pdf.read_bytes() == before
    assert [p.name for p in out.iterdir()] == [pdf.name]


def test_a_signature_that_is_not_an_image_is_an_input_error(case: Path) -> None:
    (case.parent / "signature.txt").write_text("not an image")
    ministers = case.parent / "ministers.yaml"
    ministers.write_text(ministers.read_text() + "  signature: signature.txt\n")
    signed = compose(load_case(case), signed=True)  # only a signed letter prints the image
    with pytest.raises(InputError, match="PNG or JPEG"):
        write_outputs(signed, ["html"], case / "out")


def test_weasyprint_and_docx_load_only_for_their_formats() -> None:
    code = (
        "import sys; import draftkit.cli, draftkit.render, draftkit.render.html; "
        "print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    assert result.stdout.strip() == "[]"
