"""Plain-text emitter: the letter as a reader sees it, one paragraph per line."""

from __future__ import annotations

from ..document import COPIES_HEADING, Document, ListBlock, Paragraph, inline_text

#: The bullet of each depth of a bulleted list (deeper ones repeat the last).
BULLETS = ("\u2022", "\u2013")
#: Spaces a nested list is indented by, per depth.
INDENT = 3


def to_text(doc: Document) -> str:
    """The whole letter: letterhead, address block, date, salutation, body, closing,
    valediction, signature and any printed copy list."""
    head = doc.letterhead
    chunks: list[str] = [
        head.department,
        "\n".join([head.minister_name, head.minister_role]),
        "\n".join([*head.address, *([head.website] if head.website else [])]),
        "\n".join(doc.address_block),
        doc.date_text,
        doc.salutation,
    ]
    for block in doc.body_blocks():
        if isinstance(block, ListBlock):
            chunks.append("\n".join(_list_lines(block, 0)))
        else:
            chunks.append(inline_text(block.inlines))
    chunks += [inline_text(p.inlines) for p in doc.closing]
    chunks.append(doc.valediction)
    chunks.append(doc.signature.name)
    if doc.copies_to:
        chunks.append("\n".join([COPIES_HEADING, *doc.copies_to]))
    return "\n\n".join(c for c in chunks if c) + "\n"


def _list_lines(block: ListBlock, depth: int) -> list[str]:
    """A list's lines: each item's marker, its paragraphs hung under it, nested lists indented."""
    pad = " " * (INDENT * depth)
    lines = []
    for n, item in enumerate(block.items, start=block.start):
        marker = f"{n}." if block.ordered else BULLETS[min(depth, len(BULLETS) - 1)]
        first = True
        for part in item:
            if isinstance(part, Paragraph):
                lead = marker if first else " " * len(marker)
                lines.append(f"{pad}{lead} {inline_text(part.inlines)}")
            else:
                if first:
                    lines.append(f"{pad}{marker}")
                lines += _list_lines(part, depth + 1)
            first = False
        if first:
            lines.append(f"{pad}{marker}")
    return lines


def to_text_bytes(doc: Document) -> bytes:
    return to_text(doc).encode("utf-8")
