"""What a batch sends: file names, roles and slips for copies and each Library."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from draftkit.batch.plan import plan
from draftkit.compose import compose
from draftkit.workspace import load_case


def test_both_libraries_get_a_deposit_slip_each(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("library: lords", "library: both"),
        encoding="utf-8",
    )
    files = plan(compose(load_case(case)))
    libraries = [f for f in files if f.role == "library"]
    assert [(f.name, f.recipient_id) for f in libraries] == [
        ("library-lords.pdf", "library-lords"),
        ("library-commons.pdf", "library-commons"),
    ]
    commons = libraries[1].slip
    assert commons is not None
    assert commons.heading == "For deposit in the House of Commons Library"
    assert commons.to == ("Deposited Papers", "House of Commons Library", "London SW1A 0AA")


def test_copies_in_distribution_order_with_their_address_blocks(case: Path) -> None:
    files = plan(compose(load_case(case)))
    assert [f.name for f in files][:3] == ["letter.pdf", "letter.docx", "copy-01-baroness-cox.pdf"]
    pickles = next(f for f in files if f.recipient_id == "lord-pickles")
    assert pickles.slip is not None
    assert pickles.slip.to == ("The Rt Hon. the Lord Pickles", "House of Lords", "London SW1A 0PW")
    assert pickles.slip.heading == "With the compliments of"
    # Every copy's slip is the same but for the address: laid out once for all of them.
    kinds = {replace(f.slip, to=()) for f in files if f.role == "copy" and f.slip}
    assert len(kinds) == 1


def test_no_distribution_means_the_letter_alone(case: Path) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    text = text.replace("  copies: speakers\n", "").replace("library: lords", "library: none")
    letter.write_text(text, encoding="utf-8")
    assert [f.name for f in plan(compose(load_case(case)))] == ["letter.pdf", "letter.docx"]
