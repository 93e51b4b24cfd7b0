"""Lists (bulleted, numbered from any start, nested, with emphasis and links) in every format,
and a property test: whatever the snippet language allows carries the same words, in the
same order, into the text, the HTML, the PDF and the DOCX."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from msgspec.structs import replace

from conftest import SEED_CASE
from draftkit.compose import compose, context
from draftkit.document import DocSection, Document, ListBlock, Origin
from draftkit.errors import InputError
from draftkit.markdown import to_blocks
from draftkit.render import write_outputs
from draftkit.render.docx import to_docx_bytes
from draftkit.render.html import to_html
from draftkit.render.pdf import to_pdf_bytes
from draftkit.render.text import to_text
from draftkit.snippets import fill
from draftkit.workspace import load_case
from render_support import add_letterhead, document_of, normalise, pdf_pages, use_letterhead

LISTS = (
    "We will:\n\n"
    "- *consult* the sector on the [draft guidance](https://www.gov.uk/guidance)\n"
    "- publish the results, **including**:\n"
    "  - the responses received\n"
    "  - our reply\n"
    "- report to Parliament\n\n"
    "3. third step\n"
    "4. fourth step\n"
)


def add_prose(case: Path, text: str) -> None:
    """A section holding one prose block of `text`, before the closing."""
    letter = case / "letter.yaml"
    block = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            "closing:",
            f'  - title: Next steps\n    answers: []\n    blocks:\n      - text: "{block}"\n'
            "closing:",
            1,
        ),
        encoding="utf-8",
    )


def test_lists_render_in_every_format(case: Path, tmp_path: Path) -> None:
    add_prose(case, LISTS)
    doc = document_of(case)
    paths = write_outputs(doc, ["pdf", "docx", "html", "txt"], tmp_path)
    assert [p.suffix for p in paths] == [".pdf", ".docx", ".html", ".txt"]

    text = to_text(doc)
    assert (
        "We will:\n\n"
        "• consult the sector on the draft guidance (https://www.gov.uk/guidance)\n"
        "• publish the results, including:\n"
        "   \u2013 the responses received\n"
        "   \u2013 our reply\n"
        "• report to Parliament\n\n"
        "3. third step\n4. fourth step\n"
    ) in text

    page = lxml_html.document_fromstring(to_html(doc))
    [outer] = page.xpath("//main/ul")
    assert [normalise(li.xpath("string(./p)")) for li in outer.xpath("./li")] == [
        "consult the sector on the draft guidance (https://www.gov.uk/guidance)",
        "publish the results, including:",
        "report to Parliament",
    ]
    assert outer.xpath("./li[1]/p/em/text()") == ["consult"]
    assert outer.xpath("./li[1]/p/a/@href") == ["https://www.gov.uk/guidance"]
    assert outer.xpath("./li[2]/ul/li/p/text()") == ["the responses received", "our reply"]
    [numbered] = page.xpath("//main//ol")
    assert numbered.get("start") == "3"

    pdf = normalise(" ".join(pdf_pages(tmp_path / f"{doc.reference}.pdf")))
    assert "• publish the results, including: \u2013 the responses received \u2013 our reply" in pdf
    assert "3. third step 4. fourth step" in pdf

    word = docx.Document(str(tmp_path / f"{doc.reference}.docx"))
    listed = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("List")]
    assert listed == [
        ("List Bullet", "consult the sector on the draft guidance (https://www.gov.uk/guidance)"),
        ("List Bullet", "publish the results, including:"),
        ("List Bullet 2", "the responses received"),
        ("List Bullet 2", "our reply"),
        ("List Bullet", "report to Parliament"),
        ("List Number", "third step"),
        ("List Number", "fourth step"),
    ]


def test_an_items_further_paragraphs_and_a_nested_numbered_list() -> None:
    [block] = to_blocks("1. first\n\n   more about it\n\n   1. sub one\n   2. sub two\n2. second\n")
    assert isinstance(block, ListBlock)
    doc = replace(_seed(), sections=(DocSection(None, (), (block,)),))
    assert "1. first\n   more about it\n   1. sub one\n   2. sub two\n2. second" in to_text(doc)
    word = docx.Document(io.BytesIO(to_docx_bytes(doc)))
    styles = [p.style.name for p in word.paragraphs if p.style.name.startswith("List")]
    assert styles == [
        "List Number",
        "List Continue",
        "List Number 2",
        "List Number 2",
        "List Number",
    ]


def test_a_template_error_met_while_rendering_is_a_file_and_line(case: Path) -> None:
    """The old base template looped over `block.items` and found the dict's method: such a
    mistake is now the template's file and line, not a traceback."""
    folder = add_letterhead(case.parent, "loops")
    (folder / "letter.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block letterhead %}\n'
        "{% for x in letterhead.items %}{{ x }}{% endfor %}\n{% endblock %}\n"
    )
    use_letterhead(case, "loops")
    with pytest.raises(InputError) as err:
        to_html(document_of(case))
    [problem] = err.value.problems
    assert str(problem.file).endswith("loops/letter.html.j2") and problem.line == 3
    assert "not iterable" in problem.message


# -- the property: every format carries the same words in the same order ----------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèçüößøåłŵŷñæœđİ"
PLACEHOLDERS = (
    "{{ debate.title }}",
    "{{ to.in_text }}",
    "{{ debate.date | long_date }}",
    "{{ debate.date | weekday_date }}",
    "{{ params.callers }}",
    "{{ members['lord-blunkett'].display }}",
)

words = st.lists(
    st.one_of(
        st.text(LETTERS, min_size=1, max_size=9),
        st.text(LETTERS, min_size=25, max_size=45),  # a long word
    ),
    min_size=1,
    max_size=5,
).map(" ".join)
ascii_word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@st.composite
def inline(draw: st.DrawFn) -> tuple[str, str]:
    """(Markdown, the same as printed, placeholders left to fill) for one line of prose."""
    pieces: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["plain", "plain", "em", "strong", "link", "placeholder"]))
        text = draw(words)
        if kind == "em":
            pieces.append((f"*{text}*", text))
        elif kind == "strong":
            pieces.append((f"**{text}**", text))
        elif kind == "link":
            href = f"https://www.gov.uk/{draw(ascii_word)}"
            pieces.append((f"[{text}]({href})", f"{text} ({href})"))
        elif kind == "placeholder":
            ph = draw(st.sampled_from(PLACEHOLDERS))
            pieces.append((ph, ph))
        else:
            pieces.append((text, text))
    return " ".join(p[0] for p in pieces), " ".join(p[1] for p in pieces)


@st.composite
def md_list(draw: st.DrawFn, depth: int = 0) -> tuple[list[str], list[str]]:
    """A list's Markdown lines and printed pieces; items may hold a nested list."""
    ordered = draw(st.booleans())
    start = draw(st.integers(1, 12)) if ordered else 1
    lines: list[str] = []
    printed: list[str] = []
    for n in range(start, start + draw(st.integers(1, 3))):
        marker = f"{n}." if ordered else "-"
        md, out = draw(inline())
        lines.append(f"{marker} {md}")
        printed.append(out)
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            inner, inner_out = draw(md_list(depth + 1))
            lines += [" " * (len(marker) + 1) + line for line in inner]
            printed += inner_out
    return lines, printed


@st.composite
def snippet_markdown(draw: st.DrawFn) -> tuple[str, str]:
    """A snippet body of paragraphs, headings and lists, and its words as printed."""
    md_blocks: list[str] = []
    printed: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["paragraph", "paragraph", "heading", "list"]))
        if kind == "list":
            lines, out = draw(md_list())
            md_blocks.append("\n".join(lines))
            printed += out
        elif kind == "heading":
            md, out = draw(inline())
            md_blocks.append(f"{'#' * draw(st.integers(1, 3))} {md}")
            printed.append(out)
        else:
            parts = [draw(inline()) for _ in range(draw(st.integers(1, 3)))]
            md_blocks.append("\n".join(p[0] for p in parts))  # soft breaks
            printed += [p[1] for p in parts]
    return "\n\n".join(md_blocks) + "\n", " ".join(printed)


@lru_cache(maxsize=1)
def _seed() -> Document:
    return compose(load_case(SEED_CASE))


@lru_cache(maxsize=1)
def _fill_context() -> dict[str, Any]:
    return {**context(load_case(SEED_CASE)), "params": {"callers": "3,885 callers"}}


def letters(text: str) -> str:
    """Only the letters, in order: what must survive every layout (line wrapping, a long
    word broken across lines, list markers and page numbers aside)."""
    return "".join(c for c in unicodedata.normalize("NFC", text) if c.isalpha())


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snippet_markdown())
def test_every_format_carries_the_same_words_in_order(source: tuple[str, str]) -> None:
    markdown, printed = source
    ctx = _fill_context()
    blocks = to_blocks(fill(markdown, ctx), Origin(0, 0, "generated", 1))
    seed = _seed()
    doc = replace(seed, sections=(DocSection(None, (), tuple(blocks)),))
    expected = letters(
        f"{doc.salutation} {fill(printed, ctx)} {doc.closing[0].text} {doc.signature.name}"
    )
    html_page = lxml_html.document_fromstring(to_html(doc))
    outputs = {
        "txt": to_text(doc),
        "html": html_page.body.text_content(),
        "pdf": " ".join(pdf_pages(to_pdf_bytes(doc))),
        "docx": docx_text(to_docx_bytes(doc)),
    }
    for fmt, text in outputs.items():
        assert expected in letters(text), fmt
