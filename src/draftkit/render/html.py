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

from ..document import Document, Heading, Inline, ListBlock, Paragraph, Span
from ..errors import InputError, Problem
from ..resources import bundled_dir
from ..templating import make_env
from .assets import data_uri, letterhead_file, safe_href, shows_href, signature_image

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
            href = safe_href(item.href)
            out.append(
                {
                    "text": item.text,
                    "bold": item.bold,
                    "italic": item.italic,
                    "href": href,
                    "show_href": bool(href) and shows_href(item.text, href or ""),
                    "br": False,
                }
            )
        else:
            out.append({"br": True})
    return tuple(out)


def block_view(block: Paragraph | ListBlock | Heading) -> Mapping[str, Any]:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "inlines": inline_view(block.inlines)}
    if isinstance(block, Heading):
        return {"kind": "heading", "level": block.level, "inlines": inline_view(block.inlines)}
    return {
        "kind": "list",
        "ordered": block.ordered,
        "start": block.start,
        "items": tuple(tuple(inline_view(p.inlines) for p in item) for item in block.items),
    }


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
    except TemplateError as exc:
        problem = Problem(folder / template, None, "template", str(exc))
        raise InputError([problem]) from exc


def _source(env: Any, name: str) -> str:
    source, _, _ = env.loader.get_source(env, name)
    return str(source)


def to_html_bytes(document: Document) -> bytes:
    return to_html(document).encode("utf-8")
