"""Covering slips for copies, laid out in one WeasyPrint pass for the whole batch.

`compliments.html.j2` (the letterhead folder's own, else the shared one) gives one page
per kind of slip, with the letterhead and an empty address space, then one small page
per recipient holding only the address block. Laying out a small page costs a fraction
of a full one, and `batch.assemble` draws each address page into its slip's space. The
page comes from the letter's own template context, so slips carry the same letterhead,
fonts and escaping as the letter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..document import Document
from ..errors import InputError, Problem
from ..render.html import render_page
from .assemble import LaidOutSlips
from .plan import Slip

TEMPLATE = "compliments.html.j2"
STYLESHEETS = ("base.css", "letter.css", "compliments.css")
#: CSS pixels to PDF points.
PT_PER_PX = 0.75


def slips_html(document: Document, kinds: Sequence[Slip], slips: Sequence[Slip]) -> str:
    """The page of every kind of slip, then every recipient's address block."""
    extra = {
        "templates": [dataclasses.asdict(k) for k in kinds],
        "addresses": [s.to for s in slips],
    }
    return render_page(document, TEMPLATE, STYLESHEETS, extra)


def slips_pdf(document: Document, slips: Sequence[Slip]) -> LaidOutSlips:
    """Lay out every slip at once; say where each kind keeps its address space."""
    from ..render import pdf

    def kind(slip: Slip) -> Slip:
        return dataclasses.replace(slip, to=())

    kinds = list(dict.fromkeys(kind(s) for s in slips))
    pages = pdf.layout(document, slips_html(document, kinds, slips))
    spaces = []
    for n, page in enumerate(pages.pages[: len(kinds)]):
        anchor = page.anchors.get(f"address-{n}")
        if anchor is None or len(pages.pages) != len(kinds) + len(slips):
            raise InputError(
                [
                    Problem(
                        document.letterhead.folder,
                        None,
                        "letterhead",
                        f"{TEMPLATE} must give each kind of slip one page with its address "
                        "space and each recipient one address page",
                    )
                ]
            )
        x, y = anchor[0], anchor[1]
        spaces.append((x * PT_PER_PX, (page.height - y) * PT_PER_PX))
    return LaidOutSlips(
        pdf=pdf.write(pages, document.date),
        spaces=tuple(spaces),
        kinds=tuple(kinds.index(kind(s)) for s in slips),
        addresses=tuple("\n".join(s.to) for s in slips),
    )
