"""Plain-text emitter: the letter as a reader sees it, one paragraph per line."""

from __future__ import annotations

from ..document import Document, Heading, Inline, ListBlock, Paragraph, Span


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """Spans joined; a link shows its address after its text when they differ."""
    out = []
    for item in inlines:
        if isinstance(item, Span):
            out.append(
                item.text
                if not item.href or item.href == item.text
                else f"{item.text} ({item.href})"
            )
        else:
            out.append("\n")
    return "".join(out)


def to_text(doc: Document) -> str:
    """The whole letter: letterhead, address block, date, salutation, body, closing, signature."""
    head = doc.letterhead
    chunks: list[str] = [
        head.department,
        "\n".join([head.minister_name, head.minister_role]),
        "\n".join([*head.address, *([head.website] if head.website else [])]),
        "\n".join(doc.address_block),
        doc.date_text,
        doc.salutation,
    ]
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph | Heading):
                chunks.append(inline_text(block.inlines))
            elif isinstance(block, ListBlock):
                chunks.append("\n".join(_list_lines(block)))
    chunks += [inline_text(p.inlines) for p in doc.closing]
    chunks.append(doc.signature.name)
    return "\n\n".join(c for c in chunks if c) + "\n"


def _list_lines(block: ListBlock) -> list[str]:
    lines = []
    for n, item in enumerate(block.items, start=block.start):
        marker = f"{n}." if block.ordered else "•"
        for k, para in enumerate(item):
            lines.append(f"{marker if k == 0 else ' ' * len(marker)} {inline_text(para.inlines)}")
    return lines


def to_text_bytes(doc: Document) -> bytes:
    return to_text(doc).encode("utf-8")
