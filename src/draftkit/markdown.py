"""Snippet Markdown (CommonMark, via markdown-it-py) to the document model's blocks.

Raw HTML is off: a snippet's `<img src=...>` is text, never markup. Most snippets and
prose are plain paragraphs with no Markdown in them at all; `plain_paragraphs` reads
those without the parser (whose import is a tenth of `draftkit check`'s), and anything
else goes to markdown-it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .document import BodyBlock, Heading, Inline, LineBreak, ListBlock, Origin, Paragraph, Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: What may start inline Markdown anywhere in a line (escapes, code, emphasis, links and
#: images: "![" is refused by its "[", autolinks and HTML, entities; and, to be safe, ~
#: and |), or is a space other than " " (a tab, a no-break space) or a control character
#: other than the line end.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&~|]|[^\S \n]|[\x00-\x09\x0b-\x1f]")
#: What a line may start with (after up to three spaces) to begin something other than a
#: paragraph: a bullet or number, heading, quote, fence, rule or setext underline.
_BLOCK_START = re.compile(r" {0,3}(?:[-+*=#>~`_|]|\d+[.)])")


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of `text` if it holds no Markdown at all (else None), as CommonMark
    reads them: lines joined by a space, blank lines between paragraphs.

    Deliberately narrow: any markup character, tab, control character or other kind of
    space, a line indented four spaces or ending in a space, or a line that could start a
    list, heading, quote, fence or rule, and the text goes to the parser instead.
    """
    if _NOT_PLAIN.search(text):
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if not line.strip(" "):
            if lines:
                paragraphs.append(" ".join(lines))
                lines = []
            continue
        if line.startswith("    ") or line.endswith(" ") or _BLOCK_START.match(line):
            return None
        lines.append(line.lstrip(" "))
    if lines:
        paragraphs.append(" ".join(lines))
    return paragraphs


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def to_blocks(text: str, origin: Origin | None = None) -> list[BodyBlock]:
    """Parse Markdown into paragraphs, lists and headings."""
    plain = plain_paragraphs(text)
    if plain is not None:
        return [Paragraph((Span(p),), origin) for p in plain]
    return parsed_blocks(text, origin)


def parsed_blocks(text: str, origin: Origin | None = None) -> list[BodyBlock]:
    """`to_blocks` by markdown-it, whatever the text holds."""
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, origin, stop=None)
    return blocks


def _blocks(
    tokens: list[Token], i: int, origin: Origin | None, stop: str | None
) -> tuple[list[BodyBlock], int]:
    out: list[BodyBlock] = []
    while i < len(tokens):
        tok = tokens[i]
        if stop and tok.type == stop:
            return out, i
        if tok.type == "paragraph_open":
            out.append(Paragraph(_inlines(tokens[i + 1]), origin))
            i += 3
        elif tok.type == "heading_open":
            out.append(Heading(int(tok.tag[1]), _inlines(tokens[i + 1]), origin))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            block, i = _list(tokens, i, origin)
            out.append(block)
        elif tok.type in ("fence", "code_block"):
            out.append(Paragraph((Span(tok.content.rstrip("\n")),), origin))
            i += 1
        elif tok.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, origin, stop="blockquote_close")
            out.extend(inner)
            i += 1
        else:  # hr, html_block (disabled), and the closers of what we skip
            i += 1
    return out, i


def _list(tokens: list[Token], i: int, origin: Origin | None) -> tuple[ListBlock, int]:
    open_tok = tokens[i]
    ordered = open_tok.type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(open_tok.attrs.get("start", 1) or 1) if ordered else 1
    items: list[tuple[Paragraph | ListBlock, ...]] = []
    i += 1
    while tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            inner, i = _blocks(tokens, i + 1, origin, stop="list_item_close")
            items.append(tuple(_item_blocks(inner)))
        i += 1
    return ListBlock(ordered, tuple(items), start, origin), i + 1


def _item_blocks(blocks: list[BodyBlock]) -> list[Paragraph | ListBlock]:
    """A list item's paragraphs and nested lists; a heading inside an item is a paragraph."""
    return [Paragraph(b.inlines, b.origin) if isinstance(b, Heading) else b for b in blocks]


def _inlines(inline_tok: Token) -> tuple[Inline, ...]:
    out: list[Inline] = []
    bold = italic = 0
    href: str | None = None
    for child in inline_tok.children or []:
        t = child.type
        if t in ("text", "code_inline", "html_inline"):
            if child.content:
                out.append(Span(child.content, bold > 0, italic > 0, href))
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            href = str(child.attrs.get("href", ""))
        elif t == "link_close":
            href = None
        elif t == "softbreak":
            out.append(Span(" ", bold > 0, italic > 0, href))
        elif t == "hardbreak":
            out.append(LineBreak())
        elif t == "image":
            out.append(Span(child.content or str(child.attrs.get("alt", "")), bold > 0, italic > 0))
    return _merge(out)


def _merge(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring spans of the same style (markdown-it splits text at every special char)."""
    merged: list[Inline] = []
    for item in inlines:
        last = merged[-1] if merged else None
        if (
            isinstance(item, Span)
            and isinstance(last, Span)
            and (last.bold, last.italic, last.href) == (item.bold, item.italic, item.href)
        ):
            merged[-1] = Span(last.text + item.text, last.bold, last.italic, last.href)
        else:
            merged.append(item)
    return tuple(merged)
