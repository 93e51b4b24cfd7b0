"""Forms of address: every row of conventions/forms-of-address.md, and the notes below it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED
from draftkit.address import address_block, forms
from draftkit.models import TERRITORIAL_RANKS, Member, Rank

CONVENTIONS = SHARED / "conventions" / "forms-of-address.md"

#: The table's rank column → the member fields that describe such a peer ("N", "P" filled later).
RANK_CELLS: dict[str, dict[str, Any]] = {
    "Lord (baron)": {"rank": "Lord"},
    "Baroness": {"rank": "Baroness"},
    "Viscount": {"rank": "Viscount"},
    "Viscountess": {"rank": "Viscountess"},
    "Lady (a Scottish Lady of Parliament)": {"rank": "Lady"},
    "Earl (of P)": {"rank": "Earl", "of": "P"},
    'Earl (no "of")': {"rank": "Earl"},
    "Countess": {"rank": "Countess", "of": "P"},
    "Marquess": {"rank": "Marquess", "of": "P"},
    "Marchioness": {"rank": "Marchioness", "of": "P"},
    "Duke": {"rank": "Duke", "of": "P"},
    "Duchess": {"rank": "Duchess", "of": "P"},
    "Bishop": {"rank": "Bishop", "of": "P"},
    "Archbishop": {"rank": "Archbishop", "of": "P"},
    "MP": {"rank": "MP", "honorifics": "Mr/Mrs/Ms/Dr"},
    "MP, knight or dame": {"rank": "MP", "honorifics": "Sir/Dame"},
}

#: MPs' names to try in the MP rows: one-word, two-word and hyphenated surnames.
MP_NAMES = [("Neil", "Coyle"), ("Iain", "Duncan Smith"), ("Jacob", "Rees-Mogg")]
CONSTITUENCIES = ["Glasgow North", "Bermondsey and Old Southwark"]

#: Title names to try in every row: one word, and the several-word names the note lists.
NAMES = [
    ("Alexander", "Weedon"),
    ("Brougham and Vaux", "Crawford and Balcarres"),
    ("Darcy de Knayth", "Kings Heath"),
]


def table_rows() -> list[tuple[str, list[str]]]:
    """The conventions table as (rank cell, [display, address line, salutation, in text])."""
    rows = []
    for line in CONVENTIONS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("rank", "") and not cells[0].startswith("---"):
            rows.append((cells[0], cells[1:]))
    return rows


def _salutations(cell: str) -> dict[str, str]:
    """ "Dear X (formal) or Dear Y (first name)" as {mode: form}; a single form is formal."""
    out = {}
    for option in cell.split(" or "):
        m = re.fullmatch(r"(.*?)(?: \((formal|first name)\))?", option.strip())
        assert m is not None
        out[(m.group(2) or "formal").replace(" ", "_")] = m.group(1)
    return out


def _fill(text: str, words: dict[str, str]) -> str:
    """The table's placeholders ("Full Name", "Mr/Mrs/Ms/Dr", "Given") replaced, longest first."""
    for placeholder in sorted(words, key=len, reverse=True):
        text = text.replace(placeholder, words[placeholder])
    return text


def mp_cases() -> list[Any]:
    """Each MP row, for each honorific the row lists, each name and each salutation mode."""
    cases = []
    for cell, forms_ in table_rows():
        fields = RANK_CELLS[cell]
        if fields["rank"] != "MP":
            continue
        display, address_line, salutation, in_text = forms_
        for honorific in fields["honorifics"].split("/"):
            for (first, last), place in zip(MP_NAMES, CONSTITUENCIES * 2, strict=False):
                words = {
                    fields["honorifics"]: honorific,
                    "Full Name": f"{first} {last}",
                    "Given": first,
                    "Surname": last,
                    "Constituency": place,
                }
                member = {
                    "id": "m",
                    "rank": "MP",
                    "given_name": first,
                    "surname": last,
                    "honorific": honorific,
                    "constituency": place,
                }
                for mode, greeting in _salutations(salutation).items():
                    expected = [
                        _fill(cell, words) for cell in (display, address_line, greeting, in_text)
                    ]
                    cases.append(
                        pytest.param(member, mode, expected, id=f"{honorific}-{last}-{mode}")
                    )
    return cases


@pytest.mark.parametrize(("member", "mode", "expected"), mp_cases())
def test_every_mp_row_of_the_conventions_table(
    member: dict[str, Any], mode: str, expected: list[str]
) -> None:
    f = forms(Member(**member), mp_salutation=mode)  # type: ignore[arg-type]
    assert [f.display, f.address_line, f.salutation, f.in_text] == expected
    assert f.in_text_short == f.display


def expected_cases() -> list[Any]:
    """Each peer's row, with and without its optional "[of P]", for each pair of names."""
    cases = []
    for cell, forms_ in table_rows():
        fields = RANK_CELLS[cell]
        if fields["rank"] == "MP":
            continue
        optional_of = any("[of P]" in f for f in forms_)
        for with_of in (False, True) if optional_of else (False,):
            for n, p in NAMES:

                def fill(text: str, n: str = n, p: str = p, of: bool = with_of) -> str:
                    text = text.replace(" [of P]", " of P" if of else "")
                    return re.sub(r"\bP\b", p, re.sub(r"\bN\b", n, text))

                member: dict[str, Any] = {"id": "m", "rank": fields["rank"]}
                if "of" in fields or with_of:
                    member["of"] = p
                if "of" not in fields:
                    member["name"] = n
                cases.append(
                    pytest.param(member, [fill(f) for f in forms_], id=f"{cell}-{with_of}-{n}")
                )
    return cases


def test_the_table_has_every_rank() -> None:
    rows = table_rows()
    assert [cell for cell, _ in rows] == list(RANK_CELLS)
    assert {RANK_CELLS[c]["rank"] for c, _ in rows} == {r.value for r in Rank}


@pytest.mark.parametrize(("member", "expected"), expected_cases())
def test_every_row_of_the_conventions_table(member: dict[str, Any], expected: list[str]) -> None:
    f = forms(Member(**member))
    assert [f.display, f.address_line, f.salutation, f.in_text] == expected


@pytest.mark.parametrize(
    ("member", "address_line"),
    [
        ({"rank": "Lord", "name": "Blunkett"}, "The Rt Hon. the Lord Blunkett"),
        (
            {"rank": "Lord", "name": "Hunt", "of": "Kings Heath"},
            "The Rt Hon. the Lord Hunt of Kings Heath",
        ),
        (
            {"rank": "Baroness", "name": "Smith", "of": "Basildon"},
            "The Rt Hon. the Baroness Smith of Basildon",
        ),
        ({"rank": "Baroness", "name": "Cox"}, "The Rt Hon. the Baroness Cox"),
        ({"rank": "MP", "name": "Yvette Cooper"}, "The Rt Hon. Yvette Cooper MP"),
        # A Marquess, Duke or Archbishop keeps their own style; the Archbishop's includes it.
        ({"rank": "Marquess", "of": "Salisbury"}, "The Most Hon. the Marquess of Salisbury"),
        (
            {"rank": "Archbishop", "of": "Canterbury"},
            "The Most Revd and Rt Hon. the Lord Archbishop of Canterbury",
        ),
    ],
)
def test_privy_counsellors(member: dict[str, Any], address_line: str) -> None:
    m = Member(id="pc", privy_counsellor=True, **member)
    assert forms(m).address_line == address_line
    plain = forms(Member(id="pc", **member))
    # Only the address line changes: the salutation and in-text forms stay as they were.
    assert (forms(m).salutation, forms(m).in_text) == (plain.salutation, plain.in_text)


@pytest.mark.parametrize(
    ("member", "display", "salutation", "in_text"),
    [
        (
            {"rank": "Lord", "name": "Hunt", "of": "Kings Heath"},
            "Lord Hunt of Kings Heath",
            "Dear Lord Hunt",
            "Lord Hunt of Kings Heath",
        ),
        (
            {"rank": "Baroness", "name": "Williams", "of": "Trafford"},
            "Baroness Williams of Trafford",
            "Dear Baroness Williams",
            "Baroness Williams of Trafford",
        ),
        (
            {"rank": "Lord", "name": "Brougham and Vaux"},
            "Lord Brougham and Vaux",
            "Dear Lord Brougham and Vaux",
            "Lord Brougham and Vaux",
        ),
        (
            {"rank": "Baroness", "name": "Darcy de Knayth"},
            "Baroness Darcy de Knayth",
            "Dear Baroness Darcy de Knayth",
            "Baroness Darcy de Knayth",
        ),
        (
            {"rank": "Earl", "of": "Arran"},
            "The Earl of Arran",
            "Dear Lord Arran",
            "the Earl of Arran",
        ),
        ({"rank": "Earl", "name": "Attlee"}, "Earl Attlee", "Dear Lord Attlee", "Earl Attlee"),
        (
            {"rank": "Earl", "of": "Crawford and Balcarres"},
            "The Earl of Crawford and Balcarres",
            "Dear Lord Crawford and Balcarres",
            "the Earl of Crawford and Balcarres",
        ),
        (
            {"rank": "Countess", "of": "Mar"},
            "The Countess of Mar",
            "Dear Lady Mar",
            "the Countess of Mar",
        ),
        ({"rank": "Lady", "name": "Saltoun"}, "Lady Saltoun", "Dear Lady Saltoun", "Lady Saltoun"),
        (
            {"rank": "Viscount", "name": "Falkland"},
            "Viscount Falkland",
            "Dear Lord Falkland",
            "Viscount Falkland",
        ),
        (
            {"rank": "Bishop", "of": "Blackburn"},
            "The Lord Bishop of Blackburn",
            "Dear Bishop",
            "the Bishop of Blackburn",
        ),
    ],
)
def test_named_peers(member: dict[str, Any], display: str, salutation: str, in_text: str) -> None:
    f = forms(Member(id="x", **member))
    assert (f.display, f.salutation, f.in_text) == (display, salutation, in_text)


def test_a_territorial_designation_that_is_not_part_of_the_title_is_never_used() -> None:
    """Lord Rosser is "of Ebbw Vale" only as a designation: he is recorded without `of`."""
    f = forms(Member(id="rosser", rank="Lord", name="Rosser"))
    assert "Ebbw" not in " ".join(f.as_dict().values())
    assert f.address_line == "The Lord Rosser"


def test_address_block_uses_the_house_address_unless_the_member_has_one() -> None:
    peer = Member(id="cox", rank="Baroness", name="Cox")
    mp = Member(id="js", rank="MP", name="Jane Smith")
    own = Member(id="r", rank="Lord", name="Rosser", address=["The House of Lords", "SW1A 0PW"])
    assert address_block(peer) == ["The Baroness Cox", "House of Lords", "London SW1A 0PW"]
    assert address_block(mp) == ["Jane Smith MP", "House of Commons", "London SW1A 0AA"]
    assert address_block(own) == ["The Lord Rosser", "The House of Lords", "SW1A 0PW"]


def test_names_are_trimmed() -> None:
    f = forms(Member(id="x", rank="Baroness", name="  Williams ", of=" Old  Trafford"))
    assert f.display == "Baroness Williams of Old Trafford"


# Title names as Parliament writes them: capitalised words, with "and", "de", "of" inside.
_WORD = st.from_regex(r"[A-Z][a-z]{1,11}(-[A-Z][a-z]{1,8})?", fullmatch=True)
_JOIN = st.sampled_from([" ", " and ", " de ", " of "])
TITLE_NAME = st.builds(
    lambda first, rest: first + "".join(j + w for j, w in rest),
    _WORD,
    st.lists(st.tuples(_JOIN, _WORD), max_size=2),
)


PEERS = [r for r in Rank if r is not Rank.MP]


@given(rank=st.sampled_from(PEERS), name=TITLE_NAME, place=TITLE_NAME, pc=st.booleans())
def test_every_form_keeps_the_title_name_whole(rank: Rank, name: str, place: str, pc: bool) -> None:
    if rank in TERRITORIAL_RANKS:
        member = Member(id="x", rank=rank, of=place, privy_counsellor=pc)
        title_name = place
    else:
        member = Member(id="x", rank=rank, name=name, privy_counsellor=pc)
        title_name = name
    f = forms(member)
    for form in (f.display, f.address_line, f.in_text):
        assert title_name in form
    if rank not in (Rank.DUKE, Rank.DUCHESS, Rank.BISHOP, Rank.ARCHBISHOP):
        assert f.salutation.endswith(title_name)
    for form in f.as_dict().values():
        assert form == form.strip() and "  " not in form
    assert f.address_line[0].isupper() and f.display[0].isupper()
    assert f.salutation.startswith("Dear ")


def test_a_former_mp_is_no_longer_styled_mp_nor_an_hon_member() -> None:
    sitting = Member(id="diane-abbott", rank=Rank.MP, name="Diane Abbott")
    former = Member(
        id="michael-ancram",
        rank=Rank.MP,
        name="Michael Ancram",
        honorific="Mr",
        constituency="Devizes",
        privy_counsellor=True,
        sitting=False,
    )
    assert forms(sitting).display == "Diane Abbott MP"
    f = forms(former)
    assert (f.display, f.address_line) == ("Michael Ancram", "The Rt Hon. Michael Ancram")
    assert (f.in_text, f.in_text_short) == ("Michael Ancram", "Michael Ancram")
    assert f.salutation == "Dear Mr Ancram"
    assert forms(former, "first_name").salutation == "Dear Michael"


@pytest.mark.parametrize(
    ("member", "address_line", "formal", "in_text"),
    [
        (
            {"name": "Theresa May", "honorific": "Mrs", "constituency": "Maidenhead"},
            "The Rt Hon. Theresa May MP",
            "Dear Mrs May",
            "the right hon. Member for Maidenhead (Theresa May)",
        ),
        (
            {
                "name": "Sir Keir Starmer",
                "given_name": "Keir",
                "surname": "Starmer",
                "honorific": "Sir",
                "constituency": "Holborn and St Pancras",
            },
            "The Rt Hon. Sir Keir Starmer MP",
            "Dear Sir Keir",
            "the right hon. Member for Holborn and St Pancras (Sir Keir Starmer)",
        ),
        (
            {"name": "Dame Margaret Hodge", "honorific": "Dame", "constituency": "Barking"},
            "The Rt Hon. Dame Margaret Hodge MP",
            "Dear Dame Margaret",
            "the right hon. Member for Barking (Dame Margaret Hodge)",
        ),
    ],
)
def test_privy_counsellor_mps(
    member: dict[str, Any], address_line: str, formal: str, in_text: str
) -> None:
    f = forms(Member(id="pc", rank="MP", privy_counsellor=True, **member))
    assert (f.address_line, f.salutation, f.in_text) == (address_line, formal, in_text)
    assert f.display == f.in_text_short == address_line.removeprefix("The Rt Hon. ")


@pytest.mark.parametrize(
    "member",
    [
        {"name": "Sir Edward Leigh", "honorific": "Sir"},
        {"name": "Edward Leigh", "honorific": "Sir"},
        {"given_name": "Edward", "surname": "Leigh", "honorific": "Sir"},
        {
            "name": "Sir Edward Leigh",
            "given_name": "Edward",
            "surname": "Leigh",
            "honorific": "Sir",
        },
    ],
)
def test_a_knight_is_never_sir_sir(member: dict[str, Any]) -> None:
    f = forms(Member(id="leigh", rank="MP", constituency="Gainsborough", **member))
    assert f.display == "Sir Edward Leigh MP"
    assert f.salutation == "Dear Sir Edward"
    assert f.in_text == "the hon. Member for Gainsborough (Sir Edward Leigh)"
    assert forms(Member(id="leigh", rank="MP", **member), "first_name").salutation == "Dear Edward"


def test_without_a_constituency_an_mp_is_full_name_mp() -> None:
    f = forms(Member(id="pg", rank="MP", name="Patrick Grady", honorific="Mr"))
    assert (f.in_text, f.in_text_short) == ("Patrick Grady MP", "Patrick Grady MP")


@pytest.mark.parametrize("name", ["Neil Coyle", "Dr Philippa Whitford", "Sir Edward Leigh"])
def test_an_unknown_honorific_is_never_guessed(name: str) -> None:
    """No honorific recorded: the first name, never "Dear Neil Coyle" nor a guessed "Mr"."""
    member = Member(id="x", rank="MP", name=name)
    given = name.split()[-2]
    assert forms(member).salutation == forms(member, "first_name").salutation == f"Dear {given}"


def test_a_peer_has_no_honorific() -> None:
    with pytest.raises(ValueError, match="honorific"):
        Member(id="x", rank="Lord", name="Rosser", honorific="Sir")


_GIVEN = st.from_regex(r"[A-Z][a-z]{1,9}(-[A-Z][a-z]{1,6})?", fullmatch=True)
_SURNAME = st.builds(" ".join, st.lists(_GIVEN, min_size=1, max_size=2))


@settings(max_examples=60)
@given(
    given_name=_GIVEN,
    surname=_SURNAME,
    honorific=st.sampled_from(["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", None]),
    constituency=st.one_of(st.none(), _SURNAME),
    pc=st.booleans(),
    sitting=st.booleans(),
    mode=st.sampled_from(["formal", "first_name"]),
)
def test_mp_forms_for_any_names(
    given_name: str,
    surname: str,
    honorific: str | None,
    constituency: str | None,
    pc: bool,
    sitting: bool,
    mode: str,
) -> None:
    member = Member(
        id="x",
        rank="MP",
        given_name=given_name,
        surname=surname,
        honorific=honorific,
        constituency=constituency,
        privy_counsellor=pc,
        sitting=sitting,
    )
    f = forms(member, mode)  # type: ignore[arg-type]
    knight = honorific in ("Sir", "Dame")
    full = f"{honorific} {given_name} {surname}" if knight else f"{given_name} {surname}"
    assert f.in_text_short == (f"{full} MP" if sitting else full)
    assert f.salutation != f"Dear {full}" and "Sir Sir" not in str(f) and "Dame Dame" not in str(f)
    if mode == "first_name" or honorific is None:
        assert f.salutation == f"Dear {given_name}"
    else:
        assert f.salutation == f"Dear {honorific} {given_name if knight else surname}"
    assert ("hon. Member" in f.in_text) == (sitting and constituency is not None)
    assert ("MP" in f.display.split()) == sitting
    assert f.address_line.startswith("The Rt Hon. ") == pc
