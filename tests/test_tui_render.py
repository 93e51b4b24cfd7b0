"""Rendering from the TUI: a worker writes the files; WeasyPrint loads only when asked for."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from tui_helpers import child_session

#: Notes whether WeasyPrint is loaded, then renders PDF and DOCX through F6.
RENDER = """
before = "weasyprint" in sys.modules
await pilot.press("f6")
await pilot.pause()
app.screen.query_one("#render-out").value = sys.argv[2]
await pilot.click("#render-go")
await app.workers.wait_for_complete()
await pilot.pause()
screen = app.screen
print(json.dumps({
    "before": before,
    "after": "weasyprint" in sys.modules,
    "outputs": [str(p) for p in screen.last_outputs],
    "status": str(screen.query_one("#status").render()),
}))
"""


def test_render_from_the_tui_writes_pdf_and_docx_and_loads_weasyprint_only_then(
    case: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    child = child_session(RENDER, str(case), str(out))
    stdout, _ = child.communicate(timeout=240)
    assert child.returncode == 0
    result = json.loads(stdout.strip().splitlines()[-1])
    assert result["before"] is False
    assert result["after"] is True
    assert sorted(Path(p).name for p in result["outputs"]) == [
        "MC2019-05-30-rosser.docx",
        "MC2019-05-30-rosser.pdf",
    ]
    assert "Wrote" in result["status"]
    text = PdfReader(out / "MC2019-05-30-rosser.pdf").pages[0].extract_text()
    assert "Dear Lord Rosser" in text
