"""House style and proper names: each rule tripped by a case, and left alone by another."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks_util import codes, edit_yaml, findings, set_text
from draftkit.checks import style
from draftkit.checks.words import IZE_ENDINGS, IZE_STEMS, YZE_ENDINGS, YZE_STEMS


def _prose(case, text: str) -> list:
    edit_yaml(case / "letter.yaml", lambda d: set_text(d, 0, 0, text))
    return [f for f in findings(case) if f.section == 0 and f.block == 0]


def _codes(case, text: str) -> list[str]:
    return [f.code for f in _prose(case, text)]


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("We will prioritize this work.", "write “prioritise”"),
        ("The Organization of the work.", "write “Organisation”"),
        ("Officials analyzed the data.", "write “analysed”"),
        ("Offender behavior matters.", "write “behaviour”"),
        ("The issue of taxi licencing.", "write “licensing”"),
        ("Drivers are licenced by councils.", "write “licensed”"),
        ("A new program of work.", "write “programme”"),
    ],
)
def test_american_and_wrong_spellings(case, text, fix) -> None:
    (f,) = [f for f in _prose(case, text) if f.code == "style.spelling"]
    assert f.fix == fix and f.severity == "warning"


def test_british_spellings_pass(case) -> None:
    text = (
        "We organised and analysed the data to prioritise the programme; taxi licensing "
        "is for licensed drivers. The size of the prize was seized. A computer program ran."
    )
    assert _codes(case, text) == []


def test_glossary_names_keep_their_own_spelling(case) -> None:
    (case.parent / "glossary.yaml").write_text("organisations:\n  - World Health Organization\n")
    assert "style.spelling" not in _codes(case, "The World Health Organization said so.")
    assert "style.spelling" in _codes(case, "The organization said so.")


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("He holds a taxi license.", "write “licence”"),
        ("The council will licence the operator.", "write “license”"),
        ("This is good practise.", "write “practice”"),
        ("They practice law.", "write “practise”"),
        ("The Foundation offers confidential advise to offenders.", "write “advice”"),
        ("We advice councils to act.", "write “advise”"),
    ],
)
def test_noun_verb_pairs(case, text, fix) -> None:
    (f,) = [f for f in _prose(case, text) if f.code == "style.noun_verb"]
    assert f.fix == fix


def test_noun_verb_pairs_used_rightly(case) -> None:
    text = (
        "He holds a taxi licence; councils license operators. Good practice is to practise "
        "often, and on return to practice nurses seek advice. We advise councils. The licence "
        "holders will license nobody. We will practise what we advise."
    )
    assert "style.noun_verb" not in _codes(case, text)


def test_money_in_the_gov_uk_form(case) -> None:
    found = [
        f for f in _prose(case, "A £2.6m investment and £1bn more.") if f.code == "style.money"
    ]
    fixes = sorted(f.fix.split(" (")[0] for f in found)
    assert fixes == ["write “£1 billion”", "write “£2.6 million”"]
    assert "style.money" not in _codes(case, "A £2.6 million investment.")


def test_money_in_the_departments_form(case) -> None:
    toml = case.parent / "draftkit.toml"
    toml.write_text(toml.read_text() + '\n[style]\nmoney = "m"\n')
    assert "style.money" not in _codes(case, "A £2.6m investment.")
    (f,) = [f for f in _prose(case, "A £2.6 million investment.") if f.code == "style.money"]
    assert f.fix.startswith("write “£2.6m”")


def test_thousands_separator(case) -> None:
    (f,) = [f for f in _prose(case, "There were 3885 callers.") if f.code == "style.number"]
    assert f.fix == "write “3,885”"
    text = (
        "There were 3,885 callers in 2018 and 0800 1111 is a number; 12.5 per cent; "
        "HL Deb vol 797, col 1234 and cols 1139-1153; HL Bill 1012."
    )
    assert "style.number" not in _codes(case, text)


def test_spacing_and_doubled_words(case) -> None:
    found = _codes(case, "We  will act on the the report , soon.")
    assert found.count("style.spacing") == 2 and "style.doubled" in found
    assert _codes(case, "We said that that report, soon, will act.") == []


@pytest.mark.parametrize(
    "text",
    [
        'He said "this is late.',
        "He said “this is late.",
        "The \u2018home area is wide.",
        "The 'home area is wide.",
    ],
)
def test_unbalanced_quotes(case, text) -> None:
    assert "style.quotes" in _codes(case, text)


def test_balanced_quotes_and_apostrophes(case) -> None:
    text = "The Chair's report says 'home area'; the Peers' view; “quoted” and \"quoted\"."
    assert "style.quotes" not in _codes(case, text)


def test_brackets(case) -> None:
    assert "style.brackets" in _codes(case, "The group (TFG reported.")
    assert "style.brackets" in _codes(case, "The group TFG) reported.")
    assert "style.brackets" not in _codes(case, "The group (TFG) reported on a) taxis b) PHVs.")


@pytest.mark.parametrize(
    "text", ["Funding is TBC.", "TODO: add figures.", "Since XX May.", "We [check with DfT] act."]
)
def test_markers_are_errors(case, text) -> None:
    (f,) = [f for f in _prose(case, text) if f.code == "style.marker"]
    assert f.severity == "error"


def test_no_markers(case) -> None:
    assert "style.marker" not in _codes(case, "The text [sic] as quoted; Xavier spoke.")


def test_style_in_a_snippet_points_at_block_and_file(case) -> None:
    from checks_util import own_library

    path = own_library(case) / "home-office/child-exploitation/cse-academic-links.md"
    path.write_text(path.read_text().replace("focuses", "focusses on the the"))
    (f,) = [f for f in findings(case) if f.code == "style.doubled"]
    assert f.block == 7 and f.line == 43  # `- snippet: cse-academic-links@1` in letter.yaml
    assert f.place.endswith("cse-academic-links.md:12]")


# names


def test_seed_near_miss_of_the_glossary(case) -> None:
    (f,) = [f for f in findings(case) if f.code == "names.near_miss"]
    assert (
        f.message
        == "“Lucy Faithful Foundation” looks like a misspelling of “Lucy Faithfull Foundation”"
    )
    assert f.block == 3 and "offender-prevention-partners.md:15" in f.place


def test_near_miss_of_a_member(case) -> None:
    (f,) = [f for f in _prose(case, "As Lord Blunket said.") if f.code == "names.near_miss"]
    assert f.fix == "write “Lord Blunkett”"
    assert "names.near_miss" not in _codes(case, "As Lord Blunkett and the Baroness said.")


def test_names_spelt_two_ways_without_a_glossary(case) -> None:
    (case.parent / "glossary.yaml").unlink()
    assert "names.near_miss" not in codes(case)
    (f,) = [f for f in findings(case) if f.code == "names.inconsistent"]
    assert "“Lucy Faithful Foundation” here but “Lucy Faithfull Foundation”" in f.message


def test_names_spelt_one_way(case) -> None:
    (case.parent / "glossary.yaml").unlink()
    edit_yaml(
        case / "letter.yaml",
        lambda d: d["sections"][0]["blocks"].pop(3),  # the snippet with both spellings
    )
    assert not {"names.inconsistent", "names.near_miss"} & set(codes(case))


def test_glossary_errors_name_file_and_line(case) -> None:
    from draftkit.errors import InputError
    from draftkit.workspace import load_case

    (case.parent / "glossary.yaml").write_text("organisations:\n  - name: X\n    shrot: Y\n")
    with pytest.raises(InputError) as exc:
        load_case(case)
    (p,) = exc.value.problems
    assert (
        Path(p.file).name == "glossary.yaml" and p.line == 3 and "did you mean `short`" in p.message
    )


def test_abbreviation_spelt_out_first_or_well_known(case) -> None:
    text = (
        "The Crown Prosecution Service (CPS) and the CPS agree; the NHS and the NSPCC "
        "too; the National Crime Agency leads, and the NCA reports. Part II applies."
    )
    assert "style.abbreviation" not in _codes(case, text)


def test_abbreviation_used_before_it_is_spelt_out(case) -> None:
    found = _prose(case, "The CPS agrees. The Crown Prosecution Service (CPS) said so.")
    (f,) = [f for f in found if f.code == "style.abbreviation"]
    assert f.message == "“CPS” is used without being spelt out first"
    (f,) = [f for f in _prose(case, "The NCA leads.") if f.code == "style.abbreviation"]
    assert f.fix == "at its first use write “National Crime Agency (NCA)”"


_ZED_PIECES = [
    *(f"{stem}iz{end}" for stem in IZE_STEMS[:12] for end in IZE_ENDINGS[:4]),
    *(f"{stem}yz{end}" for stem in YZE_STEMS for end in YZE_ENDINGS[:3]),
    "reorganize", "Overcapitalized", "ANALYZE", "organizé", "organize2", "_organize",
    "lizard", "analyzing", "size", "iz", "yz", "Zed", "dialyzers",
    # Beyond ASCII, case folding matches dotless and dotted I (U+0131, U+0130) to i and
    # the long s (U+017F) to s.
    "organ\u0131ze", "ORGAN\u0130ZE", "\u017focialize", "standardize\u017f", "analyzé",
]  # fmt: skip


def _zed_by_patterns(text: str) -> list[tuple[int, str, str]]:
    """What the -ize/-yze patterns find running over the whole text: the reference."""
    ize, yze = style._zed_patterns()
    whole = [(m.start(), m[0], f"{m['stem']}is{m['end']}") for m in ize.finditer(text)]
    whole += [(m.start(), m[0], f"{m['stem']}ys{m['end']}") for m in yze.finditer(text)]
    return sorted(whole)


def test_every_stem_prefix_and_ending_is_looked_up_as_the_patterns_match_it() -> None:
    """Each word the lists make (with a prefix, in each case), and near misses, are found
    by the look-up exactly when the patterns find them."""
    stems = [(p, s, "iz", IZE_ENDINGS) for p in ("", "re", "de", "un", "over") for s in IZE_STEMS]
    stems += [("", s, "yz", YZE_ENDINGS) for s in YZE_STEMS]
    words = [
        f"{prefix}{stem}{joint}{end}"
        for prefix, stem, joint, endings in stems
        for end in [*endings, "s", "ings", ""]
    ]
    words += [w[1:] for w in words[::7]] + [f"re{w}" for w in words[::5]] + _ZED_PIECES
    for case in (str, str.upper, str.title, str.swapcase):
        text = " ".join(case(w) for w in words)
        assert style.zed_spellings(text) == _zed_by_patterns(text)


@settings(max_examples=200)
@given(
    st.lists(
        st.one_of(
            st.builds(
                lambda word, case: case(word),
                st.sampled_from(_ZED_PIECES),
                st.sampled_from([str, str.upper, str.title, str.swapcase]),
            ),
            st.text(alphabet="izyIZYae\u0131 é2_-'\u2019.,", max_size=6),
        ),
        max_size=12,
    ),
    st.lists(st.sampled_from([" ", " ", "-", "\n", "'", "", "é", "1"]), min_size=12, max_size=12),
)
def test_the_ize_and_yze_scan_finds_what_the_whole_text_patterns_find(
    pieces: list[str], gaps: list[str]
) -> None:
    """Looking up the words holding "iz" or "yz" (trying the patterns only on words beyond
    ASCII) finds the same spellings, at the same places, as the patterns over the whole text."""
    text = "".join(p + g for p, g in zip(pieces, gaps, strict=False))
    assert sorted(style.zed_spellings(text)) == _zed_by_patterns(text)
