"""Where the bundled letterheads and snippet library live, in a wheel or a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled folder `name` ("templates" or "snippets").

    A wheel ships them as package data under `draftkit/_bundled/`; an editable
    install reads them from the repository root, two levels above `src/draftkit`.
    """
    packaged = _PACKAGE / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent.parent / name
