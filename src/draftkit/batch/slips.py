"""Covering slips for copies, laid out in one WeasyPrint pass for the whole batch.

`compliments.html.j2` (the letterhead folder's own, else the shared one) gives one page
per kind of slip, with the letterhead and an empty address space, then every
recipient's address block (`data-to="I"`), many to a tall sheet page: a page costs
WeasyPrint far more than the few lines on it, so a page per member made the slips the
slowest part of a long batch. `batch.assemble` draws recipient I's block, found where it
was laid out, into its slip's space. The page comes from the letter's own template context,
so slips carry the same letterhead, fonts and escaping as the letter.
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
#: The attribute that marks recipient I's address block, `data-to="I"` (an older template's
#: `id="to-I"` still does, at an id's cost: `render.pdf.places`).
BLOCK = "data-to"
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
    """Lay out every slip at once; say where each kind keeps its address space and where
    each recipient's address block is."""
    from ..render import pdf

    def kind(slip: Slip) -> Slip:
        return dataclasses.replace(slip, to=())

    kinds = list(dict.fromkeys(kind(s) for s in slips))
    laid_out = pdf.layout(document, slips_html(document, kinds, slips))
    pages = laid_out.pages
    spaces = [page.anchors.get(f"address-{n}") for n, page in enumerate(pages[: len(kinds)])]
    blocks: dict[str, tuple[int, float, float]] = {}
    for n, page in enumerate(pages[len(kinds) :], start=len(kinds)):
        for name, (x, y, *_) in page.anchors.items():  # a template's own id="to-I"
            blocks.setdefault(name, (n, x, y))
        for i, (x, y) in pdf.places(page, BLOCK).items():
            blocks.setdefault(f"to-{i}", (n, x, y))
    places = [blocks.get(f"to-{i}") for i in range(len(slips))]
    if len(spaces) < len(kinds) or None in spaces or None in places:
        raise InputError(
            [
                Problem(
                    document.letterhead.folder,
                    None,
                    "letterhead",
                    f"{TEMPLATE} must give each kind of slip one page with its address "
                    "space (id address-N) and then each recipient an address block (data-to=I)",
                )
            ]
        )
    heights = [page.height for page in pages]
    return LaidOutSlips(
        pdf=pdf.write(laid_out, document.date),
        spaces=tuple(
            (s[0] * PT_PER_PX, (heights[n] - s[1]) * PT_PER_PX)
            for n, s in enumerate(spaces)
            if s is not None
        ),
        kinds=tuple(kinds.index(kind(s)) for s in slips),
        addresses=tuple("\n".join(s.to) for s in slips),
        places=tuple(
            (n, x * PT_PER_PX, (heights[n] - y) * PT_PER_PX)
            for n, x, y in (p for p in places if p is not None)
        ),
    )
