"""Where the register is (its URL) and how long to wait when another program holds it."""

from __future__ import annotations

import os
from pathlib import Path

ENV_URL = "DRAFTKIT_DATABASE_URL"
#: Seconds to wait for a register another program holds locked (default `TIMEOUT`).
ENV_TIMEOUT = "DRAFTKIT_DATABASE_TIMEOUT"
TIMEOUT = 10.0


def database_url(workspace_root: Path) -> str:
    """`DRAFTKIT_DATABASE_URL` if set, else SQLite `draftkit.db` in the workspace."""
    return os.environ.get(ENV_URL) or f"sqlite:///{(workspace_root / 'draftkit.db').resolve()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for any other URL (or options)."""
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    path = url.removeprefix("sqlite:///")
    return Path(path) if path and path != ":memory:" else None


def not_made_yet(url: str) -> bool:
    """Is this a SQLite register whose file does not exist (readers find it empty)?"""
    path = sqlite_file(url)
    return url.startswith("sqlite:///") and not (path is not None and path.is_file())


def timeout() -> float:
    """How long to wait for a locked register: `DRAFTKIT_DATABASE_TIMEOUT` seconds, else 10."""
    try:
        return max(0.0, float(os.environ.get(ENV_TIMEOUT) or TIMEOUT))
    except ValueError:
        return TIMEOUT
