"""HTML emitter: the letter as one self-contained page, the same page WeasyPrint lays out.

The letterhead folder's `letter.html.j2` (extending the shared `base.html.j2`) is
rendered in draftkit's sandboxed, autoescaping Jinja environment from one context
built here from the `Document`: every piece of user text arrives as plain data and
is escaped, so a snippet cannot inject markup. CSS and images are inlined.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import Markup

from ..document import (
    COPIES_HEADING,
    BodyBlock,
    Document,
    Inline,
    ListBlock,
    Paragraph,
    Span,
    safe_href,
)
from ..errors import InputError, Problem
from ..resources import bundled_dir
from ..templating import make_env
from .assets import data_uri, letterhead_file, signature_image

TEMPLATE = "letter.html.j2"
#: Stylesheets in cascade order: the shared page, then the department's own.
STYLESHEETS = ("base.css", "letter.css")
MARK = "mark.svg"


def template_search(document: Document) -> list[Path]:
    """Where a letterhead's templates are looked up: its own folder, then the shared ones."""
    return [document.letterhead.folder, bundled_dir("templates") / "letter"]


def inline_view(inlines: tuple[Inline, ...]) -> tuple[Mapping[str, Any], ...]:
    """Spans as plain data for templates; unsafe link targets are dropped (text kept)."""
    out = []
    for item in inlines:
        if isinstance(item, Span):
            out.append(
                {
                    "text": item.text,
                    "bold": item.bold,
                    "italic": item.italic,
                    "href": item.link,
                    "printed_href": item.printed_href,
                    "br": False,
                }
            )
        else:
            out.append({"br": True})
    return tuple(out)


def block_view(block: BodyBlock) -> Mapping[str, Any]:
    """A block as plain data; a list's `entries` (not `items`, which Jinja would take for
    the mapping's method) are each a tuple of blocks, nested lists among them."""
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "inlines": inline_view(block.inlines)}
    if isinstance(block, ListBlock):
        return {
            "kind": "list",
            "ordered": block.ordered,
            "start": block.start,
            "entries": tuple(tuple(block_view(part) for part in item) for item in block.items),
        }
    return {"kind": "heading", "level": block.level, "inlines": inline_view(block.inlines)}


def context(document: Document, styles: str = "") -> Mapping[str, Any]:
    """Everything a letter template may use, built in one place from the Document."""
    head = document.letterhead
    meta = document.metadata
    mark = letterhead_file(document, MARK)
    signature = signature_image(document)
    return MappingProxyType(
        {
            "lang": meta.language,
            "meta": {
                "title": meta.title,
                "author": meta.author,
                "subject": meta.subject,
                "keywords": ", ".join(meta.keywords),
            },
            "styles": Markup(styles),
            "reference": document.reference,
            "letterhead": {
                "name": head.name,
                "department": head.department,
                "minister_name": head.minister_name,
                "minister_role": head.minister_role,
                "address": head.address,
                "website": head.website,
                "website_href": safe_href(f"https://{head.website}") if head.website else None,
                "colour": head.colour,
                "mark": data_uri(mark) if mark else None,
            },
            "address_block": document.address_block,
            "date": document.date_text,
            "date_iso": document.date.isoformat(),
            "salutation": document.salutation,
            "body": tuple(block_view(b) for b in document.body_blocks()),
            "closing": tuple(inline_view(p.inlines) for p in document.closing),
            "valediction": document.valediction,
            "copies_to": {"heading": COPIES_HEADING, "names": document.copies_to},
            "signature": {
                "name": document.signature.name,
                "role": document.signature.role,
                "image": data_uri(signature) if signature else None,
            },
        }
    )


def to_html(document: Document) -> str:
    """The letter page: the letterhead template filled from the context, CSS inlined."""
    return render_page(document, TEMPLATE, STYLESHEETS)


def render_page(
    document: Document,
    template: str,
    stylesheets: Sequence[str],
    extra: Mapping[str, Any] | None = None,
) -> str:
    """A page from the letterhead's templates, CSS inlined: the letter, or another page
    such as the copies' covering slips (`extra` adds to the letter's context)."""
    env = make_env(template_search(document), html=True)
    folder = document.letterhead.folder
    try:
        styles = "\n".join(_source(env, name) for name in stylesheets)
        return env.get_template(template).render({**context(document, styles), **(extra or {})})
    except TemplateNotFound as exc:
        problem = Problem(
            folder,
            None,
            "letterhead",
            f"letterhead `{document.letterhead.name}` has no {exc.name}",
        )
        raise InputError([problem]) from exc
    except TemplateSyntaxError as exc:
        where = Path(exc.filename) if exc.filename else folder / template
        raise InputError([Problem(where, exc.lineno, "template", exc.message or "")]) from exc
    except (TemplateError, TypeError, ValueError, LookupError, AttributeError) as exc:
        # A mistake met while rendering (an unknown name, a loop over something that is
        # not a list): placed at the template line Jinja was on, never a traceback.
        file, line = _template_frame(exc) or (folder / template, None)
        message = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
        raise InputError([Problem(file, line, "template", message)]) from exc


def _template_frame(exc: BaseException) -> tuple[Path, int] | None:
    """The innermost template file and line in an error's traceback (Jinja rewrites its
    frames to point at the template source)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html")) and Path(name).is_file():
            found = (Path(name), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _source(env: Any, name: str) -> str:
    source, _, _ = env.loader.get_source(env, name)
    return str(source)


def to_html_bytes(document: Document) -> bytes:
    return to_html(document).encode("utf-8")
