"""Where a workspace begins: the nearest folder holding `draftkit.toml`.

Kept apart from `workspace` (which loads everything a workspace holds) so that commands
that only need the folder, `record` and the register, start without the models.
"""

from __future__ import annotations

from pathlib import Path

SETTINGS_FILE = "draftkit.toml"


def find_workspace_root(start: Path) -> Path:
    """The nearest folder at or above `start` with `draftkit.toml`, else `start` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return start
