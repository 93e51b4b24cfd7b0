"""File names made from people's names: plain ASCII, never a path, never leaving `OUT`.

"Baroness D'Souza" → `baroness-dsouza`, "Lord Bishop of St Albans" →
`lord-bishop-of-st-albans`, "Viscountess Énard" → `viscountess-enard`; a name with
nothing usable left ("../", "") becomes `recipient`.
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


def slugify(name: str) -> str:
    """Lower-case ASCII words joined by hyphens, at most 60 characters."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    text = text[:MAX_LENGTH].rstrip("-")
    return text or FALLBACK


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, refusing any name that is not a single plain entry of `folder`."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"not a plain file name: {name!r}")
    path = folder / name
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"{name!r} would leave {folder}")
    return path
