"""letter.yaml read for checking only (libyaml, every line kept) reads as the round trip reads:
the same data, the same line for every key and item, and the same findings."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from draftkit.checks import run_checks
from draftkit.errors import InputError
from draftkit.workspace import load_case
from draftkit.yamlio import LinedMap, dump_yaml, line_of, parse_yaml, parse_yaml_lined


def paths(data: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every location inside `data`, itself first, and one past each end (a missing key)."""
    yield here
    if isinstance(data, dict):
        yield (*here, "no-such-key")
        for key, value in data.items():
            yield from paths(value, (*here, key))
    elif isinstance(data, list):
        yield (*here, len(data))
        for i, value in enumerate(data):
            yield from paths(value, (*here, i))


def same_reading(text: str) -> None:
    """The lined read gives the round trip's data and, at every location, its line."""
    slow, fast = parse_yaml(text, "t.yaml"), parse_yaml_lined(text, "t.yaml")
    assert fast == slow
    for loc in paths(slow):
        assert line_of(fast, loc) == line_of(slow, loc), loc


_key = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=8
)
_scalar = (
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)
    | st.integers(-(10**9), 10**9)
    | st.booleans()
    | st.none()
    | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))
    | st.sampled_from(["line one\nline two\n", "  indented", "a: b", "- x", "# not a comment"])
)
_value = st.recursive(
    _scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_key, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150)
@given(doc=st.dictionaries(_key, _value, min_size=1, max_size=6))
def test_generated_documents_read_alike(doc: dict[str, Any]) -> None:
    same_reading(dump_yaml(doc))


@pytest.mark.parametrize(
    "text",
    [
        "to: lord-rosser\nsections:\n  - answers: [q1, q2]\n    blocks:\n      - text: |\n"
        "          First.\n\n          Second.\n      - snippet: cse@2\n        params: {a: 1}\n",
        "# a comment\nreference: MC1  # trailing\n\n\ndate: 2019-05-30\nsections: []\n",
        "base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  z: 3\n",
        "flow: {a: [1, 2, {b: c}], d: e}\nquoted: 'it''s'\nplain: yes\nnum: 010\n",
        "date: 2019-02-30\nsections:\n  - blocks: []\n",  # an impossible date stays text
        "2: two\ntrue: yes\nnull: none\n",  # keys that are not text
        "- a\n- b: c\n  d: [e]\n",
        "",
    ],
    ids=["letter", "comments", "anchors", "flow", "bad-date", "odd-keys", "list", "empty"],
)
def test_hand_written_documents_read_alike(text: str) -> None:
    same_reading(text)


def test_a_key_given_twice_is_refused_as_the_round_trip_refuses_it() -> None:
    text = "to: lord-a\ndate: 2019-05-30\nto: lord-b\n"
    with pytest.raises(InputError) as slow:
        parse_yaml(text, "t.yaml")
    with pytest.raises(InputError) as fast:
        parse_yaml_lined(text, "t.yaml")
    assert fast.value.problems == slow.value.problems


def test_the_lined_read_is_libyamls_not_the_round_trip() -> None:
    """Not a blind pass-through: the data is the lined kind (no comments to write back)."""
    assert isinstance(parse_yaml_lined("a: {b: 1}\n", "t.yaml"), LinedMap)


def _cases() -> list[str]:
    return sorted(p.parent.name for p in EXAMPLES.glob("*/letter.yaml"))


@pytest.mark.parametrize("name", _cases())
def test_check_finds_the_same_at_the_same_lines(name: str, tmp_path: Path) -> None:
    """Each example, and the same letter with mistakes: identical findings either way."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    letter = root / name / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    broken = text.replace("sections:", "sectons: 1\nsections:", 1).replace(
        "date:", "date: 2019-13-45\nold_date:", 1
    )
    for version in (text, broken):
        letter.write_text(version, encoding="utf-8")
        found = [_findings(root / name, round_trip) for round_trip in (True, False)]
        assert found[0] == found[1]
    assert found[0] and all(line is not None for _, line, _ in found[0])


def _findings(case: Path, round_trip: bool) -> list[tuple[str, int | None, str]]:
    try:
        findings = run_checks(load_case(case, round_trip=round_trip))
        return [(str(f.file), f.line, f.message) for f in findings if f.line is not None]
    except InputError as exc:
        return [(str(p.file), p.line, p.message) for p in exc.problems]


def test_an_alias_is_placed_once_and_shared_as_libyaml_shares_it() -> None:
    text = "a: &x [1, {b: 2}]\nc: *x\nd: [*x, *x]\n"
    same_reading(text)
    data = parse_yaml_lined(text, "t.yaml")
    assert data["c"] is data["a"] and data["d"][0] is data["a"] and data["d"][1] is data["a"]


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_is_read_in_moments_not_expanded(tmp_path: Path) -> None:
    """Nine anchors of nine aliases each (387 million items if expanded): a hostile letter
    is refused for its unknown fields as the round trip refuses it, in a bounded time."""
    probe = "import sys; from draftkit.yamlio import parse_yaml_lined as p; p(sys.argv[1], 't')"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-c", probe, BOMB], env=env, check=True, timeout=60)
    root = tmp_path / "ws"  # read in moments: now the whole check, here
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    letter = root / "grooming-gangs-2019" / "letter.yaml"
    letter.write_text(BOMB + letter.read_text(encoding="utf-8"), encoding="utf-8")
    found = [_findings(root / "grooming-gangs-2019", rt) for rt in (True, False)]
    assert found[0] == found[1]
    assert [(line, message.split(" (")[0]) for _, line, message in found[1]] == [
        (n, "unknown field") for n in range(1, 10)
    ]
