"""TOML in (draftkit.toml, letterhead.toml), with line numbers for messages.

tomllib keeps no positions, so a key's line is found in the text: good enough for
the flat, hand-written settings files draftkit reads.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import InputError, Problem
from .inputs import read_text

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def read_toml(path: Path) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Parse a UTF-8 TOML file; a syntax error is a `Problem` at its line."""
    try:
        text = read_text(path)
    except InputError as exc:
        return None, "", list(exc.problems)
    except (OSError, UnicodeDecodeError) as exc:
        return None, "", [Problem(path, None, "", f"cannot read: {exc}")]
    try:
        return tomllib.loads(text), text, []
    except tomllib.TOMLDecodeError as exc:
        m = _AT_LINE.search(str(exc))
        message = _AT_LINE.sub("", str(exc)).strip()
        return None, text, [Problem(path, int(m[1]) if m else None, "", f"TOML syntax: {message}")]


def key_line(text: str, dotted: str) -> int | None:
    """The line of `key` (under `[table]` for `table.key`), or of the table itself."""
    *tables, key = dotted.split(".")
    table = ".".join(tables)
    current = ""
    table_line = None
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if header := re.match(r"^\[([^\]]+)\]", line):
            current = header[1].strip()
            if current == dotted:
                return n
            if current == table:
                table_line = n
        elif current == table and re.match(rf"^\"?{re.escape(key)}\"?\s*=", line):
            return n
    return table_line
