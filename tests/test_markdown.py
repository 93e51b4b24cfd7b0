"""Snippet Markdown → the document model: paragraphs, lists, emphasis, links; no raw HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from draftkit.compose import compose
from draftkit.document import Heading, LineBreak, ListBlock, Origin, Paragraph, Span
from draftkit.markdown import parsed_blocks, plain_paragraphs, to_blocks
from draftkit.render.text import to_text
from draftkit.workspace import load_case


def test_paragraphs_with_emphasis_and_links() -> None:
    [para] = to_blocks("Some *italic*, **bold** and [GOV.UK](https://www.gov.uk) text.")
    assert isinstance(para, Paragraph)
    assert para.inlines == (
        Span("Some "),
        Span("italic", italic=True),
        Span(", "),
        Span("bold", bold=True),
        Span(" and "),
        Span("GOV.UK", href="https://www.gov.uk"),
        Span(" text."),
    )
    # The text as printed: a link's address follows its text on paper.
    assert para.text == "Some italic, bold and GOV.UK (https://www.gov.uk) text."


def test_nested_emphasis_inside_a_link_and_autolinks() -> None:
    [para] = to_blocks("[the ***Act***](https://x.gov.uk) and <https://www.gov.uk>")
    assert para.inlines == (
        Span("the ", href="https://x.gov.uk"),
        Span("Act", bold=True, italic=True, href="https://x.gov.uk"),
        Span(" and "),
        Span("https://www.gov.uk", href="https://www.gov.uk"),
    )


def test_soft_breaks_join_and_hard_breaks_stay() -> None:
    [para] = to_blocks("one\ntwo  \nthree")
    assert para.inlines == (Span("one two"), LineBreak(), Span("three"))


def test_paragraphs_are_separate_blocks_carrying_their_origin() -> None:
    origin = Origin(section=1, block=2, snippet="x", version=3)
    blocks = to_blocks("First.\n\nSecond.", origin)
    assert [b.text for b in blocks] == ["First.", "Second."]  # type: ignore[union-attr]
    assert all(b.origin == origin for b in blocks)


def test_bulleted_and_numbered_lists() -> None:
    bullets, numbers = to_blocks("- one\n- two **now**\n  - nested\n\n3. three\n4. four\n")
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    [one], [two, nested] = bullets.items
    assert isinstance(one, Paragraph) and one.text == "one"
    assert isinstance(two, Paragraph) and two.inlines[1] == Span("now", bold=True)
    # A nested list stays a list inside its item, not flattened into text.
    assert isinstance(nested, ListBlock) and not nested.ordered
    assert [[p.text for p in item] for item in nested.items] == [["nested"]]  # type: ignore[union-attr]
    assert isinstance(numbers, ListBlock) and numbers.ordered and numbers.start == 3
    assert [[p.text for p in item] for item in numbers.items] == [["three"], ["four"]]


def test_headings_and_quotes() -> None:
    heading, quote = to_blocks("## Next steps\n\n> quoted line")
    assert isinstance(heading, Heading) and heading.level == 2 and heading.text == "Next steps"
    assert isinstance(quote, Paragraph) and quote.text == "quoted line"


def test_raw_html_is_printed_literally() -> None:
    [inline, block] = to_blocks(
        '<img src="file:///etc/passwd"> and <script>alert(1)</script>\n\n<div>block</div>'
    )
    assert inline.inlines == (  # type: ignore[union-attr]
        Span('<img src="file:///etc/passwd"> and <script>alert(1)</script>'),
    )
    assert block.inlines == (Span("<div>block</div>"),)  # type: ignore[union-attr]


def test_dangerous_links_and_images_never_become_links_or_fetches() -> None:
    [para] = to_blocks(
        "[bad](javascript:alert(1)) ![alt](file:///etc/passwd) ![logo](https://x/y.png)"
    )
    assert all(isinstance(i, Span) and i.href is None for i in para.inlines)
    assert para.text == "[bad](javascript:alert(1)) ![alt](file:///etc/passwd) logo"


def test_a_snippet_with_markup_reaches_the_text_letter(workspace: Path, case: Path) -> None:
    shutil.copytree(ROOT / "snippets", workspace / "snippets")
    (workspace / "snippets" / "steps.md").write_text(
        "---\nid: steps\ntitle: Steps\nstatus: approved\nowner: P\napproved_by: H\n"
        "approved_on: 2019-05-01\nversion: 1\n---\n"
        "We will:\n\n- *consult* on it\n- publish [guidance](https://www.gov.uk/x)\n\n"
        '<img src="file:///etc/passwd">\n',
        encoding="utf-8",
    )
    letter = case / "letter.yaml"
    anchor = "      - snippet: cse-evidence-base@1\n"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(anchor, anchor + "      - snippet: steps\n"),
        encoding="utf-8",
    )
    doc = compose(load_case(case))
    blocks = doc.sections[0].blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, ListBlock))
    assert blocks[at - 1].origin == Origin(0, 6, "steps", 1)
    assert blocks[at].items[0][0].inlines[0] == Span("consult", italic=True)  # type: ignore[union-attr]
    text = to_text(doc)
    assert "We will:\n\n• consult on it\n• publish guidance (https://www.gov.uk/x)\n\n" in text
    assert '<img src="file:///etc/passwd">' in text


#: Words and marks that are plain text, or Markdown in some places (a "1." or "-" that
#: starts a line), and the ways lines and paragraphs may be separated or indented.
_WORDS = ["the", "Home", "2018", "1.", "3)", "-", "+", "#", "a-b", "it\u2019s", "é", "x=y", "%"]
_MARKUP = ["*x*", "_y_", "`c`", "[l](u)", "![i](u)", "<b>", "&amp;", "\\*", "~", "|", "Now!"]
_PLAIN_GAPS = [" ", " ", "\n", "\n\n", "\n   ", "\n \n", ""]
_GAPS = [*_PLAIN_GAPS, "\n    ", "  \n", " \n", "\t", "\u00a0"]


def _texts(words: list[str], gaps: list[str]) -> st.SearchStrategy[str]:
    pieces = st.lists(st.tuples(st.sampled_from(words), st.sampled_from(gaps)), max_size=14)
    return st.builds(
        lambda lead, parts: lead + "".join(w + g for w, g in parts),
        st.sampled_from(["", " ", "\n", "\n\n", "   "]),
        pieces,
    )


@settings(max_examples=300)
@given(st.one_of(_texts(_WORDS, _PLAIN_GAPS), _texts(_WORDS + _MARKUP, _GAPS)))
def test_plain_text_read_without_the_parser_reads_as_the_parser_reads_it(text: str) -> None:
    """Whatever `plain_paragraphs` accepts, markdown-it reads as the same blocks."""
    if plain_paragraphs(text) is not None:
        assert to_blocks(text, Origin(1, 2)) == parsed_blocks(text, Origin(1, 2))


def test_prose_as_officials_write_it_is_plain() -> None:
    """Not a blind fast path: the example's prose (folded YAML, curly quotes, numbers,
    hyphens, a line starting with a year) is read without the parser."""
    text = (
        "During the debate on 14 May 2019 the Home Secretary said\n"
        "2018 was a year of group-based work; it\u2019s “ongoing” (see p. 4), at £3.5m.\n"
        "\n"
        "   A second paragraph, indented by three spaces.\n"
    )
    assert plain_paragraphs(text) == [
        "During the debate on 14 May 2019 the Home Secretary said 2018 was a year of "
        "group-based work; it\u2019s “ongoing” (see p. 4), at £3.5m.",
        "A second paragraph, indented by three spaces.",
    ]
    assert to_blocks(text) == parsed_blocks(text)
    assert plain_paragraphs("Some *italic* text.") is None
    assert plain_paragraphs("- a bullet") is None
