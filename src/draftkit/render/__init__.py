"""Emitters: the composed `Document` → bytes in each output format.

Each back end is a function from the document to bytes; writing files is a separate,
atomic step. Heavy back ends (WeasyPrint, python-docx) are imported only when asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..document import Document

#: format name → (module, function) of its emitter, imported lazily.
EMITTERS: dict[str, tuple[str, str]] = {
    "pdf": ("draftkit.render.pdf", "to_pdf_bytes"),
    "docx": ("draftkit.render.docx", "to_docx_bytes"),
    "html": ("draftkit.render.html", "to_html_bytes"),
    "txt": ("draftkit.render.text", "to_text_bytes"),
}

FORMATS = tuple(EMITTERS)


def emitter(fmt: str) -> Callable[[Document], bytes]:
    module, func = EMITTERS[fmt]
    return getattr(importlib.import_module(module), func)


def parse_formats(spec: str) -> list[str]:
    """ "pdf,docx" → ["pdf", "docx"]; an unknown name raises ValueError naming the known ones."""
    names = [f.strip().lower() for f in spec.split(",") if f.strip()]
    unknown = [f for f in names if f not in EMITTERS]
    if unknown or not names:
        raise ValueError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(names))


def render_all(document: Document, formats: Iterable[str]) -> dict[str, bytes]:
    """Emit every format in memory first, so a failure in one writes none."""
    return {fmt: emitter(fmt)(document) for fmt in formats}


def write_outputs(document: Document, formats: Iterable[str], out: Path) -> list[Path]:
    """Render all formats, then write `OUT/<reference>.<ext>` atomically; return the paths."""
    from ..atomic import write_bytes  # hashlib, secrets: only when writing

    rendered = render_all(document, formats)
    paths = []
    for fmt, data in rendered.items():
        path = out / f"{document.reference}.{fmt}"
        write_bytes(path, data)
        paths.append(path)
    return paths
