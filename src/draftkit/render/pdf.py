"""PDF emitter: WeasyPrint lays out the HTML page (`render.html`) as a tagged A4 PDF.

The only module that imports WeasyPrint (through `render.native`, which opens its C
libraries without a compiler run). Its URL fetcher serves nothing but files inside the
letterhead folder, the signature image and the `data:` URIs draftkit itself put in the
page; anything else (other files, http(s), foreign data: URIs) stops the render with a
message naming the letterhead.

Every PDF is written under `fixed_clock(letter date)`, so the same letter gives the same
bytes on every run, from `draftkit render`, the TUI or a batch (which lays a letter out
once with `layout()` and writes it with `write()`).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ..document import Document
from ..errors import InputError, Problem
from .assets import is_allowed_file
from .html import to_html
from .native import load_weasyprint

load_weasyprint()  # first, and without asking gcc where Pango is (see render.native)
import weasyprint  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

#: Tagged for accessibility (structure tree, reading order, /Lang); fonts are always
#: embedded (subset) by WeasyPrint.
OPTIONS: dict[str, Any] = {"pdf_tags": True}


#: One writer of SOURCE_DATE_EPOCH at a time (render workers are threads).
_CLOCK = threading.RLock()


@contextmanager
def fixed_clock(day: dt.date) -> Iterator[None]:
    """Font subsets stamped with `day`, not now: fontTools honours SOURCE_DATE_EPOCH.

    WeasyPrint subsets fonts with fontTools (or HarfBuzz), which may write the current
    time into each font's `head` table; pinning it to the letter's date makes re-runs
    byte-identical.
    """
    epoch = str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))
    with _CLOCK:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        try:
            yield
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


class RefusedResource(ValueError):
    """A letter asked for something outside what it may load."""


class LetterheadFetcher(URLFetcher):
    """Serves only the letterhead folder, the signature image and our own data: URIs."""

    def __init__(self, document: Document, html: str) -> None:
        super().__init__(fail_on_errors=True)
        self.document = document
        self.html = html

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data" and url in self.html:
            return super().fetch(url, headers)
        shown = url if len(url) < 80 else url[:77] + "..."
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(url2pathname(unquote(parts.path)))
            if is_allowed_file(self.document, path):
                if not path.is_file():
                    raise FileNotFoundError(f"{shown} not found")
                return URLFetcherResponse(url, path.read_bytes())
        raise RefusedResource(f"refused to load {shown}")


def layout(document: Document, html: str | None = None) -> weasyprint.document.Document:
    """Lay the letter (or another page of its letterhead, `html`) out into pages, ready for
    `write()`: the expensive step, under the same URL fetcher."""
    html = to_html(document) if html is None else html
    fetcher = LetterheadFetcher(document, html)
    base_url = document.letterhead.folder.resolve().as_uri() + "/"
    try:
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            **OPTIONS
        )
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        rule = (
            "; a letterhead may use only files inside its own folder"
            if isinstance(cause, RefusedResource)
            else ""
        )
        message = f"letterhead `{document.letterhead.name}`: {cause}{rule}"
        problem = Problem(document.letterhead.folder, None, "letterhead", message)
        raise InputError([problem]) from exc


def places(page: weasyprint.Page, attribute: str) -> dict[str, tuple[float, float]]:
    """Where each element carrying `attribute` was laid out on `page`: the attribute's value
    to the top-left corner of the element's (first) border box, in CSS px from the page's
    top-left, as `Page.anchors` gives it for an id (without transforms).

    An id would cost more: WeasyPrint turns each into a style declaration of its element's
    own, so no two elements with ids share computed styles (800 address blocks with ids:
    a quarter more layout). Read from the page's box tree, which WeasyPrint's own tagging
    walks.
    """
    found: dict[str, tuple[float, float]] = {}
    boxes = [page._page_box]
    while boxes:
        box = boxes.pop()
        value = None if box.element is None else box.element.get(attribute)
        if value is None:
            boxes.extend(reversed(list(box.all_children())))  # in document order
        elif value not in found:
            x, y, _, _ = box.hit_area()
            found[value] = (x, y)
    return found


def write(pages: weasyprint.document.Document, day: dt.date) -> bytes:
    """Laid-out pages as PDF bytes (tagged, fonts embedded), font dates pinned to `day`."""
    with fixed_clock(day):
        return pages.write_pdf(**OPTIONS)


def to_pdf_bytes(document: Document) -> bytes:
    """The letter as PDF: the same bytes for the same letter on every run."""
    return write(layout(document), document.date)
