"""The bookmarks a clearance copy carries: `dk_r<round>` on the address, `dk_s<S>_b<B>`
around each block's paragraphs (sections and blocks from 1), `dk_closing` on the closing.

Bookmarks are what Word, LibreOffice and Google Docs keep through an edit: block-level
content controls come back from LibreOffice as fields, losing the tracked deletions and
comments inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Origin

PREFIX = "dk_"
CLOSING = "dk_closing"
_BLOCK = re.compile(r"^dk_s(\d+)_b(\d+)$")
_ROUND = re.compile(r"^dk_r(\d+)$")

#: (section, block), both from 1, as the contract numbers them.
Place = tuple[int, int]


@dataclass(frozen=True)
class BlockAnchors:
    """The names `render.docx.to_docx_bytes(anchors=...)` writes for clearance round `round`."""

    round: int

    @property
    def start(self) -> str:
        return f"dk_r{self.round}"

    @property
    def closing(self) -> str:
        return CLOSING

    def block(self, origin: Origin) -> str:
        return f"dk_s{origin.section + 1}_b{origin.block + 1}"


def block_place(name: str) -> Place | None:
    """`dk_s2_b3` → (2, 3); any other bookmark name → None."""
    m = _BLOCK.match(name)
    return (int(m[1]), int(m[2])) if m else None


def round_of(name: str) -> int | None:
    """`dk_r2` → 2; any other name → None."""
    m = _ROUND.match(name)
    return int(m[1]) if m else None
