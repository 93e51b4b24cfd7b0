"""Slugs and file names from people's names: safe for every name, never leaving OUT."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.batch.plan import copy_name
from draftkit.document import Recipient
from draftkit.slugs import FALLBACK, MAX_LENGTH, inside, slug_id, slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Viscount Falkland", "viscount-falkland"),
        ("Baroness D'Souza", "baroness-dsouza"),
        ("Baroness D\u2019Souza", "baroness-dsouza"),
        ("The Lord Bishop of St Albans", "the-lord-bishop-of-st-albans"),
        ("Lord Brougham and Vaux", "lord-brougham-and-vaux"),
        ("Baroness Falkner of Margravine", "baroness-falkner-of-margravine"),
        ("Viscountess Énard-Müller", "viscountess-enard-muller"),
        ("Lord Ó Dálaigh", "lord-o-dalaigh"),
        ("Lady Strauß", "lady-strauss"),
        ("Lord Smith & Jones", "lord-smith-and-jones"),
        ("../", "recipient"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "recipient"),
        ("   ", "recipient"),
        ("日本", "recipient"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_long_names_are_cut_cleanly() -> None:
    slug = slugify("Lord " + "Very Long Title " * 10)
    assert len(slug) <= 60 and SLUG.match(slug)


@given(st.text())
def test_every_name_gives_a_plain_slug(name: str) -> None:
    slug = slugify(name)
    assert SLUG.match(slug)
    assert len(slug) <= 60


@given(st.text(), st.integers(min_value=1, max_value=500))
def test_copy_names_stay_inside_out(name: str, number: int) -> None:
    out = Path("/tmp/draftkit-out/REF")
    recipient = Recipient("x", name, name, "", ())
    filename = copy_name(number, 500, recipient)
    path = inside(out, filename)
    assert path.parent == out
    assert path.resolve().is_relative_to(out.resolve())
    assert re.match(r"^copy-\d{3}-[a-z0-9-]+\.pdf$", filename)


def test_copy_numbers_widen_past_99() -> None:
    r = Recipient("x", "Lord Rosser", "The Lord Rosser", "", ())
    assert copy_name(3, 60, r) == "copy-03-lord-rosser.pdf"
    assert copy_name(3, 120, r) == "copy-003-lord-rosser.pdf"


@pytest.mark.parametrize("name", ["", ".", "..", "../x", "a/b", "a\\b", "/etc/passwd", "a\0b"])
def test_inside_refuses_anything_but_a_plain_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        inside(tmp_path, name)


def test_inside_refuses_a_symlink_out(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path)
    with pytest.raises(ValueError, match="leave"):
        inside(tmp_path / "out", "link")


def test_an_id_is_the_file_name_slug_never_cut_short() -> None:
    long = "Lord " + "Very Long Title " * 10
    assert len(slug_id(long)) > MAX_LENGTH and slug_id(long).startswith(slugify(long))
    assert slug_id("Viscountess Énard") == "viscountess-enard"
    assert slug_id("Baroness D'Souza") == "baroness-dsouza"
    assert slug_id("../") == "" and slug_id("", "debate") == "debate"


@settings(max_examples=200)
@given(st.text())
def test_ids_and_file_names_agree_word_for_word(name: str) -> None:
    cut = slug_id(name)[:MAX_LENGTH].rstrip("-")
    assert slugify(name) == (cut or FALLBACK)
