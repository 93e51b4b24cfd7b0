"""Covering slips for copies, laid out together in one WeasyPrint pass (one page each).

The page comes from `compliments.html.j2` (the letterhead folder's own, else the shared
one) filled from the letter's template context plus the slips, so the slip carries the
same letterhead, fonts and escaping as the letter; `render.assemble` then puts each
slip page in front of the letter's pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from ..copies import Slip
from ..document import Document
from ..templating import make_env
from .html import context, stylesheets, template_search

TEMPLATE = "compliments.html.j2"
STYLESHEETS = ("base.css", "letter.css", "compliments.css")


def slips_html(document: Document, slips: Sequence[Slip]) -> str:
    """One HTML page holding every slip, each on a page of its own."""
    env = make_env(template_search(document), html=True)
    styles = stylesheets(env, STYLESHEETS)
    page = {**context(document, styles), "slips": [asdict(s) for s in slips]}
    return env.get_template(TEMPLATE).render(page)


def slips_pdf(document: Document, slips: Sequence[Slip]) -> bytes:
    """The slips as one PDF, page i for slip i (one layout for all of them)."""
    from . import pdf

    return pdf.write(pdf.layout(document, slips_html(document, slips)))
