"""Rasterise each letterhead's mark.svg to mark.png for the DOCX header (Word takes PNG).

The PDF and HTML use the SVG itself; run this after changing a mark:
    python3 scripts/render-marks.py [templates/letterhead/NAME ...]
Uses WeasyPrint (to draw the SVG on a page of its own size) and poppler's pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import weasyprint

ROOT = Path(__file__).resolve().parent.parent
SIZE_MM = 16  # as printed in the letterhead
DPI = 600


def rasterise(svg: Path) -> Path:
    page = (
        f"<style>@page {{ size: {SIZE_MM}mm; margin: 0 }} body {{ margin: 0 }}</style>"
        f'<img src="{svg.name}" alt="" style="width: {SIZE_MM}mm; height: {SIZE_MM}mm">'
    )
    pdf = weasyprint.HTML(string=page, base_url=str(svg.parent) + "/").write_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "mark.pdf"
        source.write_bytes(pdf)
        stem = Path(tmp) / "mark"
        cmd = ["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(source), str(stem)]
        subprocess.run(cmd, check=True)
        target = svg.with_suffix(".png")
        target.write_bytes(stem.with_suffix(".png").read_bytes())
    return target


def main(folders: list[str]) -> None:
    dirs = [Path(f) for f in folders] or sorted((ROOT / "templates" / "letterhead").iterdir())
    for folder in dirs:
        svg = folder / "mark.svg"
        if svg.is_file():
            print(f"wrote {rasterise(svg).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
