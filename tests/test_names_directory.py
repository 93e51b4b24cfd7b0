"""The names check against the real Lords directory (peers-ucl.xml, some 3,600 name forms).

A letter to every sitting Peer names each of them in its promise sentence: those names
come from the directory and are right by construction. The near-miss search itself must
find what a scan of every known name in turn finds (`reference_near`, the rule as first
written), only through an index.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks_util import edit_yaml, findings
from conftest import SEED_CASE
from draftkit.checks import names
from draftkit.checks.context import Context
from draftkit.checks.names import _Index, _normal, known_names, tokens
from draftkit.compose import compose
from draftkit.workspace import load_case


def _names_findings(case: Path) -> list[tuple[str, str, int | None, str]]:
    return [
        (f.code, f.message, f.line, f.place) for f in findings(case) if f.code.startswith("names.")
    ]


def test_a_letter_to_every_peer_finds_what_the_example_finds(
    case: Path, to_every_peer: Path
) -> None:
    sentence = compose(load_case(to_every_peer)).distribution.sentence
    assert sentence.count("Lord ") > 400 and "Baroness Falkender" in sentence
    expected = _names_findings(case)
    assert [m for _, m, _, _ in expected] == [
        "“Lucy Faithful Foundation” looks like a misspelling of “Lucy Faithfull Foundation”"
    ]
    assert _names_findings(to_every_peer) == [
        (code, message, line, place.replace(str(case.parent), str(to_every_peer.parent)))
        for code, message, line, place in expected
    ]


def test_misspelt_peers_in_prose_are_found_in_the_whole_directory(to_every_peer: Path) -> None:
    prose = (
        "I spoke to Baroness Falkender, Lord Ahmad of Wimbledon and Lord Mason of Barnsley, "
        "then to Baroness Falkendar and Lord Alexandr of Weedon."
    )
    edit_yaml(
        to_every_peer / "letter.yaml",
        lambda d: d["sections"][0]["blocks"].insert(0, {"text": prose}),
    )
    near = [f.message for f in findings(to_every_peer) if f.code == "names.near_miss"]
    assert near == [
        "“Baroness Falkendar” looks like a misspelling of “Baroness Falkender”",
        "“Lord Alexandr of Weedon” looks like a misspelling of “Lord Alexander of Weedon”",
        "“Lucy Faithful Foundation” looks like a misspelling of “Lucy Faithfull Foundation”",
    ]


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def reference_near(names: dict[str, str], seen: str, k: int) -> str | None:
    """The first known name of k words that `seen` nearly spells, scanning every name."""
    for name in names:
        words = [t.bare for t in tokens(name)]
        if len(words) != k or (k == 1 and len(words[0]) < 6):
            continue
        joined = " ".join(words)
        if joined[:1].lower() != seen[:1].lower() or abs(len(joined) - len(seen)) > 2:
            continue
        if _normal(seen) == _normal(joined):
            continue
        limit = 2 if len(joined) >= 16 else 1
        if seen.lower() == joined.lower() or _levenshtein(seen, joined) <= limit:
            return name
    return None


@pytest.fixture(scope="module")
def directory_names(lords: Path) -> dict[str, str]:
    case = load_case(lords / "grooming-gangs-2019")
    return known_names(Context(case, None, dt.date(2019, 6, 3)))


@pytest.fixture(scope="module")
def index(directory_names: dict[str, str]) -> _Index:
    return _Index(directory_names)


@st.composite
def misspelt(draw: st.DrawFn, names: list[str]) -> str:
    """A directory name with up to three letters changed, dropped or added."""
    text = draw(st.sampled_from(names))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text) - 1))
        letter = draw(st.sampled_from("aeinorstlAEL "))
        text = draw(
            st.sampled_from(
                [
                    text[:at] + letter + text[at + 1 :],
                    text[:at] + text[at + 1 :],
                    text[:at] + letter + text[at:],
                ]
            )
        )
    return text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_index_suggests_what_a_scan_of_every_name_suggests(
    directory_names: dict[str, str], index: _Index, data: st.DataObject
) -> None:
    seen = " ".join(t.bare for t in tokens(data.draw(misspelt(sorted(directory_names)))))
    k = len(seen.split(" ")) if seen else 0
    if not seen[:1].isupper():
        return
    assert index.near(seen, k) == reference_near(directory_names, seen, k)


def test_names_check_is_not_blind(directory_names: dict[str, str], index: _Index) -> None:
    """The property above sees real near misses, not only names far from any other."""
    assert index.near("Baroness Falkendar", 2) == "Baroness Falkender"
    assert index.near("Lord Blunket", 2) == reference_near(directory_names, "Lord Blunket", 2)
    assert index.near("Lord Blunket", 2) is not None


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcé L", max_size=9),
    st.text(alphabet="abcé L", max_size=9),
    st.integers(0, 3),
)
def test_the_python_distance_is_rapidfuzzs(a: str, b: str, limit: int) -> None:
    """Levenshtein distance, or limit + 1 past the limit, exactly as rapidfuzz gives it."""
    from rapidfuzz.distance import Levenshtein

    assert names.distance(a, b, limit) == Levenshtein.distance(a, b, score_cutoff=limit)
    assert names.distance(a, b, limit) == min(_levenshtein(a, b), limit + 1)


def test_the_python_distance_of_every_short_pair() -> None:
    """Every pair of strings of up to four letters from three, at every limit: the band's
    edges, the head and tail left off, and the early stop all hold."""
    short = ["".join(letters) for n in range(5) for letters in itertools.product("abx", repeat=n)]
    for a in short:
        for b in short:
            true = _levenshtein(a, b)
            for limit in range(4):
                assert names.distance(a, b, limit) == min(true, limit + 1), (a, b, limit)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_index_finds_the_same_names_in_python_and_in_rapidfuzz(
    directory_names: dict[str, str], data: st.DataObject
) -> None:
    """Past `_PYTHON_PAIRS` the buckets go to rapidfuzz; either way the same name is near."""
    in_python, in_c = _Index(directory_names), _Index(directory_names)
    in_python._in_python, in_c._in_python = 10**9, 0
    seen = " ".join(t.bare for t in tokens(data.draw(misspelt(sorted(directory_names)))))
    k = len(seen.split(" ")) if seen else 0
    assert in_python.near(seen, k) == in_c.near(seen, k)


def test_a_small_directory_is_searched_without_importing_rapidfuzz(lords: Path) -> None:
    """The example's few pairs are compared in Python; every Peer's go to rapidfuzz."""
    from test_imports import loaded_modules

    assert "rapidfuzz" not in loaded_modules("check", str(SEED_CASE))
    assert "rapidfuzz" in loaded_modules("check", str(lords / "grooming-gangs-2019"))
