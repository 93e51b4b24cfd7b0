"""Helpers for the render tests: render a case, read PDFs and DOCX files as a person would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from draftkit.compose import compose
from draftkit.document import Document
from draftkit.workspace import load_case

BUNDLED_LETTERHEADS = Path(__file__).resolve().parent.parent / "templates" / "letterhead"


def document_of(case: Path) -> Document:
    return compose(load_case(case))


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space (line wrapping differs between layouts)."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(pdf: Path | bytes) -> list[str]:
    """pdftotext's text of each page of a PDF file (or its bytes), in reading order."""
    data = pdf if isinstance(pdf, bytes) else None
    source = "-" if data is not None else str(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", source, "-"], input=data, check=True, capture_output=True
    ).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_number_line(page: str) -> str | None:
    """The page's last line if it is a bare number (our footer), else None."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[-1] if lines and lines[-1].isdigit() else None


def body_text(pages: list[str]) -> str:
    """All pages' text without the page-number footers, whitespace collapsed."""
    kept = []
    for page in pages:
        lines = page.rstrip().splitlines()
        if page_number_line(page) is not None:
            lines = lines[:-1]
        kept.append("\n".join(lines))
    return normalise("\n".join(kept))


def assert_in_order(text: str, paragraphs: list[str]) -> None:
    """Each paragraph occurs whole in `text`, after the one before it."""
    at = 0
    for para in paragraphs:
        found = text.find(normalise(para), at)
        assert found >= 0, f"not found in order: {para[:70]!r}"
        at = found + len(normalise(para))


def add_letterhead(workspace: Path, name: str, *, like: str = "home-office") -> Path:
    """A workspace letterhead folder copied from a bundled one, for a test to change."""
    folder = workspace / "templates" / "letterhead" / name
    shutil.copytree(BUNDLED_LETTERHEADS / like, folder)
    return folder


def use_letterhead(case: Path, name: str) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(re.sub(r"(?m)^letterhead: .*$", f"letterhead: {name}", text), "utf-8")


def soffice_to_pdf(docx_file: Path, work: Path) -> Path:
    """LibreOffice headless converts the DOCX to PDF, with a private profile per call."""
    profile = work / "lo-profile"
    outdir = work / "lo-out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (docx_file.stem + ".pdf")
