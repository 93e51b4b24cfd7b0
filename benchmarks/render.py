"""How long the seed letter takes to render: PDF (WeasyPrint, split into layout and write),
DOCX (python-docx), and LibreOffice converting that DOCX to PDF, as medians and ratios.

    python3 benchmarks/render.py [--runs N] [--soffice-runs N]

Each figure is the median of N runs after one warm-up run (fonts, imports and
LibreOffice's profile are set up by the warm-up, as they are in a working session).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from draftkit.compose import compose
from draftkit.render.docx import to_docx_bytes
from draftkit.render.pdf import layout, to_pdf_bytes, write
from draftkit.workspace import load_case

SEED_CASE = Path(__file__).resolve().parent.parent / "examples" / "grooming-gangs-2019"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def soffice_convert(docx_file: Path, work: Path) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(docx_file),
        ],
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per draftkit figure")
    parser.add_argument("--soffice-runs", type=int, default=5, help="LibreOffice runs")
    args = parser.parse_args()

    document = compose(load_case(SEED_CASE))
    laid_out = layout(document)
    figures = {
        "PDF (layout + write)": median_seconds(lambda: to_pdf_bytes(document), args.runs),
        "  of which layout": median_seconds(lambda: layout(document), args.runs),
        "  of which write": median_seconds(lambda: write(laid_out), args.runs),
        "DOCX": median_seconds(lambda: to_docx_bytes(document), args.runs),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx_file = work / f"{document.reference}.docx"
        docx_file.write_bytes(to_docx_bytes(document))
        figures["LibreOffice DOCX -> PDF"] = median_seconds(
            lambda: soffice_convert(docx_file, work), args.soffice_runs
        )

    pages = len(laid_out.pages)
    print(f"seed letter {document.reference}: {pages} pages, median of {args.runs} runs")
    for name, seconds in figures.items():
        print(f"  {name:<26} {seconds * 1000:8.1f} ms")
    pdf, docx = figures["PDF (layout + write)"], figures["DOCX"]
    office = figures["LibreOffice DOCX -> PDF"]
    print(f"  PDF / DOCX                 {pdf / docx:8.1f} x")
    print(f"  LibreOffice / draftkit PDF {office / pdf:8.1f} x")
    print(f"  LibreOffice / DOCX         {office / docx:8.1f} x")


if __name__ == "__main__":
    main()
