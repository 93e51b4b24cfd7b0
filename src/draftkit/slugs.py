"""Slugs: the one way draftkit makes ids and file names from names and titles.

Plain ASCII, never a path: "Baroness D'Souza" → `baroness-dsouza`, "Lord Bishop of St
Albans" → `lord-bishop-of-st-albans`, "Viscountess Énard" → `viscountess-enard`. A
copy's file name (the default) is cut at 60 characters and a name with nothing usable
left ("../", "") becomes `recipient`; an id (a member, a debate, a letter reference)
is `slug_id`, the same words never cut short, so every id made from a name agrees
with every other and with the copies' file names.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

FALLBACK = "recipient"
MAX_LENGTH = 60
#: Letters that do not decompose into ASCII base letters.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "&": " and ",
    }
)
_APOSTROPHES = re.compile("['`\u2018\u2019\u02bc]")


def slugify(name: str, *, fallback: str = FALLBACK, max_length: int | None = MAX_LENGTH) -> str:
    """Lower-case ASCII words joined by hyphens (at most `max_length`), else `fallback`."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    if max_length is not None:
        text = text[:max_length].rstrip("-")
    return text or fallback


def slug_id(name: str, fallback: str = "") -> str:
    """`slugify` for an id (a member, a debate, a letter reference): never cut short."""
    return slugify(name, fallback=fallback, max_length=None)


def plain(name: str) -> str:
    """`name`, refusing any that is not a single plain entry of a folder."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"not a plain file name: {name!r}")
    return name


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, refusing any name that is not a single plain entry of `folder`."""
    path = folder / plain(name)
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"{name!r} would leave {folder}")
    return path
