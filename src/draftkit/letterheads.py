"""Letterhead folders: `templates/letterhead/<name>/` with `letterhead.toml` and templates.

A department is a folder and nothing else: its name, address and website in
`letterhead.toml`, its page in `letter.html.j2`/`letter.css`, optional `letterhead.docx`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import Problem, display_path

CONFIG = "letterhead.toml"


class LetterheadConfig(BaseModel):
    """The department's details printed on the letterhead."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    department: str
    address: list[str] = []
    website: str | None = None
    colour: str = "#000000"


@dataclass(frozen=True)
class LetterheadFolder:
    name: str
    folder: Path
    config: LetterheadConfig


def find(name: str, search: Sequence[Path]) -> Path | None:
    """The first `<dir>/<name>/` holding a letterhead.toml, workspace folders first."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    for base in search:
        candidate = base / name
        if (candidate / CONFIG).is_file():
            return candidate
    return None


def available(search: Sequence[Path]) -> list[str]:
    names = {p.parent.name for base in search if base.is_dir() for p in base.glob(f"*/{CONFIG}")}
    return sorted(names)


def load(name: str, search: Sequence[Path]) -> tuple[LetterheadFolder | None, list[Problem]]:
    """Load a letterhead by folder name; a missing or bad one is a problem, not a crash."""
    folder = find(name, search)
    if folder is None:
        return None, [
            Problem(
                "",
                None,
                "letterhead",
                f"no letterhead `{name}` (available: {', '.join(available(search))})",
            )
        ]
    path = folder / CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return LetterheadFolder(name, folder, LetterheadConfig.model_validate(data)), []
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(display_path(path), getattr(exc, "lineno", None), "", str(exc))]
    except ValidationError as exc:
        return None, [
            Problem(display_path(path), None, ".".join(map(str, e["loc"])), e["msg"])
            for e in exc.errors()
        ]
