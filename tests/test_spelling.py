"""Spelling: UK English from hunspell's en_GB dictionary, with the case's own words known."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from checks_util import codes, edit_yaml, findings, set_text
from conftest import EXAMPLES
from draftkit import spelling
from draftkit.cli import app
from draftkit.workspace import load_case

pytestmark = pytest.mark.skipif(
    spelling.unavailable() is not None,
    reason=f"{spelling.unavailable()} (scripts/install-system-deps.sh installs it)",
)


def _words(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    return [text[a:b] for a, b, _ in spelling.misspelt_spans(text, known, suggest=False)]


def test_misspellings_are_found_with_suggestions() -> None:
    text = "We will recieve the Goverment's reply."
    spans = spelling.misspelt_spans(text)
    assert [(text[a:b], s[0]) for a, b, s in spans] == [
        ("recieve", "receive"),
        ("Goverment", "Government"),  # the possessive's word, not its 's
    ]


def test_british_spellings_and_whitehall_prose_pass() -> None:
    text = (
        "The organisation's programme will recognise the licence holders' judgement; "
        "co-operation with stakeholders is ongoing, and we don't expect delays."
    )
    assert _words(text) == []


def test_what_is_not_prose_is_skipped() -> None:
    text = (
        "See https://www.gov.uk/guidance/xqzt or GOV.UK, write to info@xqzt.org.uk, "
        "{{ params.xqztvalue }} on 2nd May, (ii), NSPCC, CSAE, McXqzt and iXqzt."
    )
    assert _words(text) == []


#: Text that is not prose, of each kind `_NOT_PROSE` masks, and prose around it.
_NOT_PROSE_PIECES = [
    "{{ params.x }}", "{% if x %}", "{# note #}", "](https://x.org)", "https://www.gov.uk/a",
    "HTTP://X.ORG", "www.example.com", "info@xqzt.org.uk", "a@b.c", "gov.uk", "GOV.UK",
    "home-office.gov.uk/path", "nato.int", "europa.eu", "ht\u017fp://a", "x.\u0131nt",
    "the", "Lord", "McKenzie", "don't", "Grady's", "it\u2019s", ".", ",", "(", "]", "2nd", "/",
]  # fmt: skip


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(_NOT_PROSE_PIECES) | st.text(alphabet="aeh.:/@{}[]()w \n", max_size=5),
        max_size=10,
    ).map(" ".join)
)
@example("write to info@xqzt.org.uk or see https://www.gov.uk, {{ x }}")
def test_a_paragraph_passed_over_unmasked_has_nothing_to_mask(text: str) -> None:
    """`words` masks non-prose only in text the quick look finds something in: whatever
    `_NOT_PROSE` would mask, the quick look finds."""
    if spelling._NOT_PROSE.search(text):
        assert spelling._MAYBE_NOT_PROSE.search(text)
    masked = spelling._NOT_PROSE.sub(lambda m: " " * len(m[0]), text)
    assert list(spelling.words(text)) == list(spelling.words(masked))


def test_every_kind_of_non_prose_is_seen_by_the_quick_look() -> None:
    for piece in _NOT_PROSE_PIECES:
        if spelling._NOT_PROSE.search(piece):
            assert spelling._MAYBE_NOT_PROSE.search(piece), piece


def test_known_words_are_accepted_whatever_their_case() -> None:
    known = spelling.known_words(["Lucy Faithfull Foundation", "Lord Xqzt of Pwllheli"])
    assert _words("The Faithfull team met Lord Xqzt's staff at pwllheli.", known) == []
    assert _words("The Faithfull team met Lord Xqzt's staff.") == ["Faithfull", "Xqzt"]


def test_spans_point_at_the_word() -> None:
    text = "A\u2019s recieve"
    ((start, end, _),) = spelling.misspelt_spans(text, suggest=False)
    assert text[start:end] == "recieve"


# the check


def test_every_example_letter_is_free_of_unknown_words() -> None:
    cases = sorted(p.parent for p in EXAMPLES.glob("*/letter.yaml"))
    assert cases
    for case in cases:
        found = [f for f in findings(case) if f.family == "spelling"]
        assert found == [], f"{case.name}: {[f.message for f in found]}"


def test_a_misspelling_in_prose_is_a_warning_with_suggestions(case: Path) -> None:
    edit_yaml(
        case / "letter.yaml",
        lambda d: set_text(d, 1, 0, "We will recieve the Goverment report on taxis."),
    )
    found = [f for f in findings(case) if f.code == "spelling.unknown"]
    assert [(f.severity, f.section, f.block) for f in found] == [("warning", 1, 0)] * 2
    fixes = {f.message.split("”")[0].strip("“"): f.fix for f in found}
    assert fixes == {
        "recieve": "did you mean “receive” or “relieve”?",
        "Goverment": "did you mean “Government”?",
    }
    assert all(f.line is not None for f in found)


def test_names_from_the_members_and_glossary_are_known(case: Path) -> None:
    text = "Lord Blunkett and Lord Rosser thanked the Lucy Faithfull Foundation and Stop It Now."
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 1, 0, text))
    assert "spelling.unknown" not in codes(case)


def test_an_american_spelling_is_left_to_house_style(case: Path) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 1, 0, "The color of taxis."))
    assert "style.spelling" in codes(case) and "spelling.unknown" not in codes(case)


def test_switching_it_off(case: Path) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 1, 0, "We will recieve it."))
    toml = case.parent / "draftkit.toml"
    toml.write_text(toml.read_text().replace("[checks]\n", "[checks]\nspelling = false\n"))
    assert "spelling.unknown" not in codes(case)


def test_check_json_carries_the_finding(case: Path) -> None:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 1, 0, "We will recieve it."))
    result = CliRunner().invoke(app, ["check", str(case), "--json"])
    rows = json.loads(result.stdout)["findings"]
    assert any(r["code"] == "spelling.unknown" and "receive" in r["fix"] for r in rows)


def test_case_words_holds_the_case_vocabulary(case: Path) -> None:
    words = spelling.case_words(load_case(case))
    assert {"rosser", "faithfull", "grooming", "trafford"} <= words


@settings(max_examples=80)
@example("Ea'", 1, 0, "")  # no edit at all: every span stays (once dropped one)
@example("Ea'", 3, 0, "x")  # typed on after an apostrophe: the word grew, its span goes
@given(
    st.text(st.sampled_from("ab cd\nE'"), max_size=60),
    st.integers(0, 60),
    st.integers(0, 5),
    st.text(st.sampled_from("xy z'"), max_size=5),
)
def test_underlines_carried_across_an_edit_still_mark_the_same_words(
    before: str, at: int, cut: int, typed: str
) -> None:
    """Typing runs ahead of the check: each underline kept after an edit covers the same
    letters, and they are still a whole word of the new text (one the edit joined or cut is
    checked again); one a space ahead of the edit stays where it was."""
    at = min(at, len(before))
    after = before[:at] + typed + before[at + cut :]
    words_now = {(a, b) for a, b, _ in spelling.words(after)}
    for x, y, _ in spelling.words(before):
        carried = spelling.carry_spans(before, after, [(x, y)])
        if after == before or (y < at and any(c.isspace() for c in before[y:at])):
            assert carried == [(x, y)]
        for a, b in carried:
            assert after[a:b] == before[x:y]
            assert (a, b) in words_now


def test_preload_opens_the_dictionary_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` starts the load before reading the case; the words it checks then are the same."""
    fresh = spelling._Dictionary()
    monkeypatch.setattr(spelling, "DICTIONARY", fresh)
    loader = spelling.preload()
    assert not loader.daemon  # an early exit waits for it rather than tearing it down
    loader.join(timeout=30)
    assert fresh._tried  # opened by the thread, not by a word checked here
    assert spelling.misspelt_spans("We will recieve it.", suggest=False) == [(8, 15, [])]


#: Opens the dictionary in a fresh interpreter with `_SONAME` as given (argv[1]), every
#: library search recorded and answered as usual, or "not found" (argv[2] == "none").
_ENCHANT_PROBE = """
import ctypes.util, json, sys
asked, search = [], ctypes.util.find_library
def recorded(name):
    asked.append(name)
    return None if sys.argv[2] == "none" else search(name)
ctypes.util.find_library = recorded
from draftkit import spelling
spelling._SONAME = sys.argv[1]
why = spelling.unavailable()
print(json.dumps({"asked": asked, "why": why, "restored": ctypes.util.find_library is recorded}))
"""


def _open_dictionary(soname: str, search: str = "usual") -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYENCHANT_")}
    run = subprocess.run(
        [sys.executable, "-c", _ENCHANT_PROBE, soname, search],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return dict(json.loads(run.stdout))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sonames are Linux's")
def test_libenchant_is_opened_by_its_soname_without_a_library_search() -> None:
    """pyenchant's `find_library("enchant-2")` (`ldconfig -p` in a new process) is
    answered at once, and the search is put back for everyone else."""
    got = _open_dictionary(spelling._SONAME)
    assert got == {"asked": [], "why": None, "restored": True}


def test_a_soname_the_loader_cannot_open_falls_back_to_the_search() -> None:
    got = _open_dictionary("libenchant-draftkit-test.so.9")
    assert got == {"asked": ["enchant-2"], "why": None, "restored": True}


def test_without_libenchant_spelling_says_what_to_install() -> None:
    got = _open_dictionary("libenchant-draftkit-test.so.9", search="none")
    assert "enchant-2" in got["asked"]  # type: ignore[operator]
    assert str(got["why"]).startswith(
        "pyenchant or libenchant-2 is missing (The 'enchant' C library was not found"
    )
    assert str(got["why"]).endswith(
        f"install {spelling.PACKAGES} (bash scripts/install-system-deps.sh)"
    )
