"""Word's habits on Markdown prose: bold/italic toggles, find and replace, word count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit import prose
from draftkit.workspace import load_case


def test_toggle_wraps_a_selection_and_unwraps_it_again() -> None:
    done = prose.toggle_mark("make this bold", 10, 14, "**")
    assert (done.text, done.text[done.start : done.end]) == ("make this **bold**", "bold")
    again = prose.toggle_mark(done.text, done.start, done.end, "**")
    assert again.text == "make this bold"
    empty = prose.toggle_mark("ab", 1, 1, "*")
    assert (empty.text, empty.start, empty.end) == ("a**b", 2, 2)


@settings(max_examples=60)
@given(st.text(max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_toggle_twice_gives_the_text_back(text: str, a: int, b: int) -> None:
    a, b = min(a, len(text)), min(b, len(text))
    once = prose.toggle_mark(text, a, b, "**")
    if a != b:
        assert prose.toggle_mark(once.text, once.start, once.end, "**").text == text


def test_word_count_ignores_markup_and_dashes() -> None:
    assert prose.count_words("On Tuesday the **Minister** said: don't — twice, 2019-05-30.") == 8
    assert prose.count_words("") == 0


@settings(max_examples=60)
@given(st.text(max_size=30), st.text(min_size=1, max_size=3), st.text(max_size=3))
def test_replace_leaves_no_match_unless_the_replacement_makes_one(
    text: str, needle: str, replacement: str
) -> None:
    out = prose.replace_text(text, needle, replacement, match_case=True)
    if needle not in replacement:
        assert len(prose.find_all(out, needle, match_case=True)) <= out.count(needle)
        assert out.count(replacement) >= text.count(needle) or not replacement


def test_replace_across_the_letter_changes_prose_and_never_snippets(case) -> None:  # type: ignore[no-untyped-def]
    data = load_case(case).letter_data
    before = prose.prose_blocks(data)
    new, count = prose.replace_in_letter(data, "working group", "task force")
    assert count == sum(t.lower().count("working group") for _, _, t in before) > 0
    assert all("working group" not in t.lower() for _, _, t in prose.prose_blocks(new))
    snippets = [b for s in new["sections"] for b in s["blocks"] if "snippet" in b]
    assert snippets == [b for s in data["sections"] for b in s["blocks"] if "snippet" in b]
    only, one = prose.replace_in_letter(data, "working group", "x", only=before[0][:2])
    assert one == before[0][2].lower().count("working group")
    assert prose.prose_blocks(only)[1:] == before[1:]
