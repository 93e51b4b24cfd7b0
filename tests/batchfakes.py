"""A stand-in render back end for batch tests: real PDFs from plain HTML, fast and simple."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from html import escape

import weasyprint

from draftkit.batch import Backend
from draftkit.batch.assemble import LaidOutSlips, assemble
from draftkit.batch.plan import Slip
from draftkit.document import Document
from draftkit.render.text import to_text

SLIP_CSS = (
    "@page address { size: 90mm 30mm; margin: 0 } .address { page: address }"
    " section { break-after: page } section:last-child { break-after: auto }"
    " .space { height: 30mm }"
)


def letter_pdf(document: Document) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in to_text(document).split("\n\n"))
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def letter_docx(document: Document) -> bytes:
    return to_text(document).encode("utf-8")


def slips_pdf(document: Document, slips: Sequence[Slip]) -> LaidOutSlips:
    kinds = list(dict.fromkeys(replace(s, to=()) for s in slips))
    pages = "".join(
        f"<section><p>{escape(k.heading)}</p><div class='space' id='a{n}'></div>"
        f"<p>{escape(k.sender_name)}</p><p>{escape(k.note)}</p></section>"
        for n, k in enumerate(kinds)
    )
    pages += "".join(
        f"<section class='address'><p>{'<br>'.join(map(escape, s.to))}</p></section>" for s in slips
    )
    html = f"<html><style>{SLIP_CSS}</style><body>{pages}</body></html>"
    doc = weasyprint.HTML(string=html).render()
    spaces = tuple(
        (p.anchors[f"a{n}"][0] * 0.75, (p.height - p.anchors[f"a{n}"][1]) * 0.75)
        for n, p in enumerate(doc.pages[: len(kinds)])
    )
    return LaidOutSlips(
        doc.write_pdf(), spaces, tuple(kinds.index(replace(s, to=())) for s in slips)
    )


FAKE = Backend(letter_pdf, letter_docx, slips_pdf, assemble)


def _logged(what: str) -> None:
    """Note which process laid out what, in the file `DRAFTKIT_TEST_LAYOUT_LOG` names."""
    path = os.environ.get("DRAFTKIT_TEST_LAYOUT_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{what} {os.getpid()}\n")


def logged_letter_pdf(document: Document) -> bytes:
    _logged("letter")
    return letter_pdf(document)


def logged_slips_pdf(document: Document, slips: Sequence[Slip]) -> LaidOutSlips:
    _logged(f"slips {len(slips)}")
    return slips_pdf(document, slips)


#: FAKE, noting in a log which process lays out the letter and each share of the slips.
LOGGED = Backend(logged_letter_pdf, letter_docx, logged_slips_pdf, assemble)
