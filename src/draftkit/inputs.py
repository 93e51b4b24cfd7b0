"""Reading an official's input files: only from inside the workspace, and of a sane size.

Every YAML, TOML and snippet file draftkit reads goes through `read_text`, which refuses,
before anything is parsed, a file larger than `max_bytes()` (`DRAFTKIT_MAX_INPUT_MB`,
default 4 MB: a long letter is a few kilobytes) and a file that a symbolic link takes
outside its workspace (the nearest folder at or above it with `draftkit.toml`, else its
own folder) and the bundled letterheads and snippets. A refused file's contents are never
read, so they cannot be echoed in a message.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, Problem
from .resources import bundled_dir

ENV_MAX_MB = "DRAFTKIT_MAX_INPUT_MB"
DEFAULT_MAX_MB = 4.0
SETTINGS_FILE = "draftkit.toml"


def max_bytes() -> int:
    """The largest input file read: `DRAFTKIT_MAX_INPUT_MB` megabytes, else 4."""
    try:
        megabytes = float(os.environ.get(ENV_MAX_MB) or DEFAULT_MAX_MB)
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1_000_000)


def _workspace_of(path: Path) -> Path:
    """The workspace a file sits in as named (links not followed)."""
    for folder in path.parents:
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return path.parent


def _allowed(real: Path, named: Path) -> bool:
    roots = [_workspace_of(named), bundled_dir("templates"), bundled_dir("snippets")]
    return any(real.is_relative_to(root.resolve()) for root in roots)


def check_inside(path: Path) -> None:
    """Refuse a file whose real place (links followed) is outside its workspace."""
    named = Path(os.path.abspath(path))
    real = named.resolve()
    if real != named and not _allowed(real, named):
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "",
                    "is a link to a file outside the workspace: draftkit reads only files "
                    "inside it (copy the file in instead)",
                )
            ]
        )


def read_text(path: Path) -> str:
    """A UTF-8 input file's text (a BOM dropped), once it passes the checks above.

    `OSError` and `UnicodeDecodeError` pass to the caller, which says what it was reading.
    """
    check_inside(path)
    size = path.stat().st_size
    limit = max_bytes()
    if size > limit:
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "",
                    f"is {size / 1_000_000:.1f} MB, over the {limit / 1_000_000:g} MB limit "
                    f"for an input file (set {ENV_MAX_MB} to change it)",
                )
            ]
        )
    return path.read_text(encoding="utf-8-sig")
