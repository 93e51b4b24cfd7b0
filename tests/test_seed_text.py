"""The seed example reproduces the real letter of 30 May 2019, paragraph by paragraph."""

from __future__ import annotations

import re

from conftest import SEED_CASE, SEED_LETTER
from draftkit.compose import compose
from draftkit.render.text import to_text
from draftkit.workspace import load_case

# The seed is text extracted from a PDF: a page break split one paragraph in two, a
# lone space stands where a paragraph gap was, and the signature image is described.
PAGE_BREAK_SPLIT = "as such,\n\ndoes not"


def seed_body_paragraphs() -> list[str]:
    text = SEED_LETTER.read_text(encoding="utf-8").replace(PAGE_BREAK_SPLIT, "as such, does not")
    paras = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    paras = [p for p in paras if p]
    start = next(i for i, p in enumerate(paras) if p.startswith("During a debate on"))
    end = next(i for i, p in enumerate(paras) if p.startswith("I hope you find"))
    return paras[start : end + 1]


def rendered_paragraphs() -> list[str]:
    text = to_text(compose(load_case(SEED_CASE)))
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def test_body_matches_seed_paragraph_by_paragraph() -> None:
    ours = rendered_paragraphs()
    seed = seed_body_paragraphs()
    start = ours.index(seed[0])
    assert ours[start : start + len(seed)] == seed


def test_letter_frame_matches_seed() -> None:
    ours = rendered_paragraphs()
    assert ours[0] == "Home Office"
    assert ours[1] == "Baroness Williams of Trafford\nMinister of State"
    assert ours[2] == "2 Marsham Street\nLondon SW1P 4DF\nwww.gov.uk/home-office"
    # The conventions' derived first line ("The Lord Rosser") stands where the seed
    # printed "Lord Rosser"; the address lines are the seed's own.
    assert ours[3] == "The Lord Rosser\nThe House of Lords\nWestminster\nSW1A 0PW"
    assert ours[4] == "30 May 2019"
    assert ours[5] == "Dear Lord Rosser"
    assert ours[-1] == "Baroness Williams of Trafford"
