"""A stand-in render back end for batch tests: real PDFs from plain HTML, fast and simple."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import weasyprint

from draftkit.batch import Backend
from draftkit.copies import Slip
from draftkit.document import Document
from draftkit.render.assemble import assemble
from draftkit.render.text import to_text


def letter_pdf(document: Document) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in to_text(document).split("\n\n"))
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def letter_docx(document: Document) -> bytes:
    return to_text(document).encode("utf-8")


def slips_pdf(document: Document, slips: Sequence[Slip]) -> bytes:
    pages = "".join(
        f"<section style='page-break-after: always'><p>{escape(s.heading)}</p>"
        f"<p>{escape(s.sender_name)}</p><p>{'<br>'.join(map(escape, s.to))}</p>"
        f"<p>{escape(s.note)}</p></section>"
        for s in slips
    )
    return weasyprint.HTML(string=f"<html><body>{pages}</body></html>").write_pdf()


FAKE = Backend(letter_pdf, letter_docx, slips_pdf, assemble)
