"""MPs from Parliament's data: the names and honorific the forms of address need."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED_DATA
from draftkit.address import forms
from draftkit.directory.members_api import mp_names, read_members_api
from draftkit.directory.sources import read_sources
from draftkit.models import Member

FIXTURES = Path(__file__).parent / "fixtures"
API_SAMPLE = SHARED_DATA / "members-api-search-sample.json"
API_MEMBERS = FIXTURES / "members-api-lords.json"
MPS = FIXTURES / "parlparse-all-members.xml"
TODAY = dt.date(2026, 1, 1)


def _api(path: Path, change: Any = None) -> list[Member]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if change:
        change(data["items"][0]["value"])
    batch = read_members_api(json.dumps(data, indent=1), str(path))
    return [r.member for r in batch.members]


def test_sir_keir_starmer_from_the_members_api_sample() -> None:
    (starmer,) = _api(API_SAMPLE)
    assert (starmer.given_name, starmer.surname, starmer.honorific) == ("Keir", "Starmer", "Sir")
    assert starmer.name == "Sir Keir Starmer"
    f = forms(starmer)
    assert f.address_line == "The Rt Hon. Sir Keir Starmer MP"
    assert f.salutation == "Dear Sir Keir"
    assert f.in_text == "the right hon. Member for Holborn and St Pancras (Sir Keir Starmer)"
    assert f.in_text_short == "Sir Keir Starmer MP"
    assert forms(starmer, "first_name").salutation == "Dear Keir"


def test_gender_is_never_read_for_an_honorific() -> None:
    def unstyled(value: dict[str, Any]) -> None:
        value.update(
            nameListAs="Starmer, Keir",
            nameDisplayAs="Keir Starmer",
            nameFullTitle="Rt Hon Keir Starmer MP",
            gender="M",
        )

    (starmer,) = _api(API_SAMPLE, unstyled)
    assert starmer.honorific is None and starmer.given_name == "Keir"
    assert forms(starmer).salutation == "Dear Keir"  # not "Dear Mr Starmer"


def test_a_former_mp_from_the_members_api() -> None:
    skinner = next(m for m in _api(API_MEMBERS) if m.parliament_id == 374)
    assert (skinner.honorific, skinner.given_name, skinner.surname) == ("Mr", "Dennis", "Skinner")
    f = forms(skinner)
    assert (f.display, f.in_text, f.salutation) == (
        "Dennis Skinner",
        "Dennis Skinner",
        "Dear Mr Skinner",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"nameListAs": "Abbott, Ms Diane", "nameDisplayAs": "Ms Diane Abbott"},
            ("Diane", "Abbott", "Ms"),
        ),
        (
            {"nameListAs": "Duncan Smith, Iain", "nameAddressAs": "Mr Duncan Smith"},
            ("Iain", "Duncan Smith", "Mr"),
        ),
        (
            {"nameListAs": "Whitford, Dr Philippa", "nameFullTitle": "Dr Philippa Whitford MP"},
            ("Philippa", "Whitford", "Dr"),
        ),
        (
            {
                "nameListAs": "Hodge, Dame Margaret",
                "nameFullTitle": "Rt Hon Dame Margaret Hodge MP",
            },
            ("Margaret", "Hodge", "Dame"),
        ),
        (
            {"nameDisplayAs": "Neil Coyle", "nameFullTitle": "Rt Hon Sir Neil Coyle MP"},
            (None, None, "Sir"),
        ),
        (
            {"nameListAs": "Coyle, Neil", "nameDisplayAs": "Neil Coyle", "gender": "M"},
            ("Neil", "Coyle", None),
        ),
        ({"nameListAs": "Coyle"}, (None, None, None)),
    ],
)
def test_members_api_name_fields(value: dict[str, Any], expected: tuple[Any, ...]) -> None:
    names = mp_names(value)
    assert (names.get("given_name"), names.get("surname"), names.get("honorific")) == expected


_NAME = st.from_regex(r"[A-Z][a-z]{1,9}(-[A-Z][a-z]{1,6})?", fullmatch=True)


@settings(max_examples=40)
@given(
    given_name=_NAME,
    surname=st.builds(" ".join, st.lists(_NAME, min_size=1, max_size=2)),
    honorific=st.sampled_from(["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", ""]),
    gender=st.sampled_from(["M", "F", None]),
)
def test_name_list_as_round_trips(
    given_name: str, surname: str, honorific: str, gender: str | None
) -> None:
    listed = f"{surname}, {honorific} {given_name}".replace("  ", " ")
    names = mp_names({"nameListAs": listed, "gender": gender})
    assert (names["given_name"], names["surname"]) == (given_name, surname)
    assert names.get("honorific") == (honorific or None)


def test_parlparse_mps_carry_their_names_and_title() -> None:
    (batch,) = read_sources([MPS], TODAY)
    by_name = {r.member.name: r.member for r in batch.members}
    beresford = by_name["Sir Paul Beresford"]
    assert (beresford.given_name, beresford.surname, beresford.honorific) == (
        "Paul",
        "Beresford",
        "Sir",
    )
    assert forms(beresford).salutation == "Dear Sir Paul"
    abbott = by_name["Diane Abbott"]  # title="": no honorific is guessed
    assert abbott.honorific is None and forms(abbott).salutation == "Dear Diane"
    ancram = by_name["Michael Ancram"]  # title="Rt Hon": a Privy Counsellor, no honorific
    assert ancram.privy_counsellor and ancram.honorific is None


def test_a_parlparse_mr_is_not_printed_in_the_full_name(tmp_path: Path) -> None:
    xml = MPS.read_bytes().replace(b'title="" firstname="Diane"', b'title="Ms" firstname="Diane"')
    (tmp_path / "all-members.xml").write_bytes(xml)
    (batch,) = read_sources([tmp_path / "all-members.xml"], TODAY)
    abbott = next(r.member for r in batch.members if r.member.surname == "Abbott")
    assert (abbott.name, abbott.honorific) == ("Diane Abbott", "Ms")
    assert forms(abbott).salutation == "Dear Ms Abbott"


def test_an_import_writes_the_names_and_keeps_an_honorific_added_by_hand(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from draftkit.cli import app
    from draftkit.workspace import load_workspace

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "draftkit.toml").write_text("", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["members", "import", str(MPS), "-w", str(ws)]).exit_code == 0
    commons = ws / "members" / "commons.yaml"
    text = commons.read_text(encoding="utf-8")
    assert "honorific: Sir" in text and "given_name: Paul" in text
    # Parliament records no honorific for Diane Abbott; the official adds the one she uses.
    commons.write_text(
        text.replace("  name: Diane Abbott\n", "  name: Diane Abbott\n  honorific: Ms\n", 1),
        encoding="utf-8",
    )
    assert runner.invoke(app, ["members", "import", str(MPS), "-w", str(ws)]).exit_code == 0
    members, problems = load_workspace(ws)
    assert problems == []
    assert forms(members.members["diane-abbott"]).salutation == "Dear Ms Abbott"


def _contribution(n: int, member_id: int, attributed: str, text: str) -> dict[str, Any]:
    return {
        "ItemType": "Contribution",
        "ItemId": n,
        "ExternalId": f"WH-{n:03d}",
        "MemberId": member_id,
        "AttributedTo": attributed,
        "Value": f"<p>{text}</p>",
        "ColumnNumber": 300 + n,
    }


#: A Westminster Hall debate as the Hansard API gives it: Commons speakers are printed
#: "Patrick Grady (Glasgow North) (SNP)", and mapped by `MemberId` alone.
WESTMINSTER_HALL = {
    "Overview": {
        "Title": "Taxi and Private Hire Vehicle Licensing",
        "Date": "2019-06-11T00:00:00",
        "Location": "Westminster Hall",
        "House": "Commons",
        "ExtId": "WH-EXT-1",
        "VolumeNo": 661,
    },
    "Items": [
        _contribution(
            1,
            4368,
            "Neil Coyle (Bermondsey and Old Southwark) (Lab)",
            "What will the Minister do about drivers licensed far away from where they work?",
        ),
        _contribution(
            2,
            4389,
            "Patrick Grady (Glasgow North) (SNP)",
            "How will any of this apply in Scotland, where licensing is devolved?",
        ),
        _contribution(
            3,
            4543,
            "The Parliamentary Under-Secretary of State for the Home Department (Victoria Atkins)",
            "I will write to the hon. Member for Bermondsey and Old Southwark on that point.",
        ),
    ],
}

MPS_YAML = """\
- {id: neil-coyle, rank: MP, name: Neil Coyle, honorific: Mr, given_name: Neil,
   surname: Coyle, constituency: Bermondsey and Old Southwark, parliament_id: 4368}
- {id: patrick-grady, rank: MP, name: Patrick Grady, honorific: Mr,
   constituency: Glasgow North, parliament_id: 4389}
- {id: victoria-atkins, rank: MP, name: Victoria Atkins,
   constituency: Louth and Horncastle, parliament_id: 4543}
"""


def test_hansard_commons_speakers_map_by_member_id(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from draftkit.cli import app
    from draftkit.compose import compose
    from draftkit.workspace import load_case

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "draftkit.toml").write_text('department = "Home Office"\n', encoding="utf-8")
    (ws / "members.yaml").write_text(MPS_YAML, encoding="utf-8")
    source = tmp_path / "wh.json"
    source.write_text(json.dumps(WESTMINSTER_HALL), encoding="utf-8")
    result = CliRunner().invoke(app, ["debate", "import", str(source), "--case", str(ws / "wh")])
    assert result.exit_code == 0, result.output
    case = load_case(ws / "wh")
    debate = case.debate
    assert (debate.house, debate.venue) == ("commons", "westminster_hall")
    assert debate.speakers == ["neil-coyle", "patrick-grady", "victoria-atkins"]
    assert debate.minister == "victoria-atkins"
    assert case.sender.name == "Victoria Atkins MP"
    assert [u.to for u in debate.undertakings] == [["neil-coyle"]]
    document = compose(case)
    assert document.salutation == "Dear Mr Coyle"
    assert document.addressee.address_line == "Neil Coyle MP"
    # Mapped by id: renaming the member in the directory does not lose the speaker.
    members = ws / "members.yaml"
    members.write_text(members.read_text().replace("Patrick Grady", "Paddy Grady"), "utf-8")
    again = CliRunner().invoke(app, ["debate", "import", str(source), "--case", str(ws / "wh2")])
    assert again.exit_code == 0, again.output
    assert load_case(ws / "wh2").debate.speakers[1] == "patrick-grady"


@pytest.mark.parametrize(
    "text",
    [
        "I will write to the hon. Member for Glasgow North. He raised it.",
        "I will write to the right hon. Member for Maidenhead. She raised it.",
        "I thank Mr. Speaker for his patience. I will write.",
    ],
)
def test_a_commons_abbreviation_does_not_end_a_sentence(text: str) -> None:
    from draftkit.hansard.text import sentences

    assert len(sentences(text)) == 2
