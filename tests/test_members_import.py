"""`draftkit members import`: real ParlParse peers, ParlParse MPs, Members API JSON."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHARED_DATA
from draftkit.address import forms
from draftkit.cli import app
from draftkit.directory.sources import read_sources
from draftkit.errors import InputError
from draftkit.models import Member
from draftkit.workspace import load_workspace

FIXTURES = Path(__file__).parent / "fixtures"
PEERS = SHARED_DATA / "peers-ucl.xml"
API_SAMPLE = SHARED_DATA / "members-api-search-sample.json"
API_LORDS = FIXTURES / "members-api-lords.json"
MPS = FIXTURES / "parlparse-all-members.xml"
PEOPLE = FIXTURES / "parlparse-people.xml"
TODAY = dt.date(2026, 1, 1)

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def imported(ws: Path) -> dict[str, Member]:
    members, problems = load_workspace(ws)
    assert problems == []
    return members.members


def new_workspace(folder: Path) -> Path:
    folder.mkdir()
    (folder / "draftkit.toml").write_text("", encoding="utf-8")
    return folder


@pytest.fixture
def empty_ws(tmp_path: Path) -> Path:
    return new_workspace(tmp_path / "empty")


@pytest.fixture(scope="module")
def peers_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the real peers file imported once; tests only read it."""
    ws = new_workspace(tmp_path_factory.mktemp("peers") / "ws")
    code, output = run("members", "import", PEERS, "-w", ws)
    assert code == 0, output
    return ws


@pytest.fixture(scope="module")
def peers(peers_ws: Path) -> dict[str, Member]:
    return imported(peers_ws)


@pytest.fixture
def peers_copy(peers_ws: Path, tmp_path: Path) -> Path:
    """A private copy of `peers_ws` for tests that import into it again."""
    dest = tmp_path / "ws"
    shutil.copytree(peers_ws, dest)
    return dest


# --- the real ParlParse peers file -------------------------------------------------


def test_peers_file_is_read_whole() -> None:
    (batch,) = read_sources([PEERS], TODAY)
    ranks = Counter(r.member.rank.value for r in batch.members)
    # 1,217 <lord> entries; 17 are a later membership of the same peer (a change of
    # party), joined into that peer's one member. Nothing could not be placed.
    assert (batch.entries, len(batch.members)) == (1217, 1200)
    assert ranks == {
        "Lord": 819,
        "Baroness": 231,
        "Bishop": 77,
        "Earl": 33,
        "Viscount": 26,
        "Archbishop": 5,
        "Duke": 4,
        "Marquess": 3,
        "Countess": 1,
        "Lady": 1,
    }
    assert batch.flagged == []
    # The placeholder ParlParse keeps inside a comment is mentioned, not imported.
    assert [(n.line, n.message) for n in batch.notes] == [
        (12724, "a <lord> entry inside a comment is not imported")
    ]


def test_peers_import_gives_right_forms_and_ids(peers: dict[str, Member]) -> None:
    members = peers
    assert len(members) == 1200

    def f(mid: str) -> tuple[str, str, str, str]:
        fm = forms(members[mid])
        return fm.display, fm.address_line, fm.salutation, fm.in_text

    assert f("lord-alexander-of-weedon") == (
        "Lord Alexander of Weedon",
        "The Lord Alexander of Weedon",
        "Dear Lord Alexander",
        "Lord Alexander of Weedon",
    )
    assert f("bishop-of-blackburn")[1:3] == (
        "The Rt Revd the Lord Bishop of Blackburn",
        "Dear Bishop",
    )
    assert f("earl-of-arran") == (
        "The Earl of Arran",
        "The Earl of Arran",
        "Dear Lord Arran",
        "the Earl of Arran",
    )
    assert f("earl-attlee")[2] == "Dear Lord Attlee"
    assert f("baroness-amos")[:3] == ("Baroness Amos", "The Baroness Amos", "Dear Baroness Amos")
    assert f("duke-of-norfolk")[1:3] == ("His Grace the Duke of Norfolk", "Dear Duke")
    assert f("countess-of-mar")[2] == "Dear Lady Mar"
    assert f("lady-saltoun-of-abernethy")[2] == "Dear Lady Saltoun"
    assert f("lord-brougham-and-vaux")[0] == "Lord Brougham and Vaux"
    assert f("viscount-of-oxfuird")[:3] == (
        "The Viscount of Oxfuird",
        "The Viscount of Oxfuird",
        "Dear Lord Oxfuird",
    )
    assert f("archbishop-of-canterbury")[1] == (
        "The Most Revd and Rt Hon. the Lord Archbishop of Canterbury"
    )
    # The territorial designation (lordofname_full) is never part of the title.
    rosser = members["lord-rosser"]
    assert (rosser.name, rosser.of) == ("Rosser", None)


def test_peers_sitting_and_former_members(peers: dict[str, Member]) -> None:
    members = peers
    weedon = members["lord-alexander-of-weedon"]
    assert (weedon.sitting, weedon.left_on) == (False, dt.date(2005, 11, 6))
    assert members["lord-aberdare"].sitting  # Alastair, 2009-
    morys = members["lord-aberdare-morys"]
    assert (morys.sitting, morys.left_on, morys.left_reason) == (
        False,
        dt.date(2005, 1, 23),
        "died",
    )
    # Two Dukes of Norfolk, three Archbishops of Canterbury: the sitting one has the plain id.
    assert members["duke-of-norfolk"].parlparse_id == "uk.org.publicwhip/lord/100842"
    assert not members["duke-of-norfolk-miles"].sitting
    assert members["archbishop-of-canterbury"].parlparse_id == "uk.org.publicwhip/lord/101159"
    assert {"archbishop-of-canterbury-rowan-williams", "archbishop-of-canterbury-george-carey"} <= (
        set(members)
    )
    assert members["bishop-of-blackburn-alan-chesters"].left_on == dt.date(2003, 8, 31)


def test_a_change_of_party_keeps_one_member_with_both_ids(peers: dict[str, Member]) -> None:
    cox = peers["baroness-cox"]
    assert cox.parlparse_id == "uk.org.publicwhip/lord/100959"
    assert cox.parlparse_ids == ["uk.org.publicwhip/lord/100959", "uk.org.publicwhip/lord/100147"]
    assert (cox.party, cox.sitting) == ("Crossbench", True)


def test_importing_twice_changes_nothing(peers_copy: Path) -> None:
    lords = peers_copy / "members" / "lords.yaml"
    before, mtime = lords.read_bytes(), lords.stat().st_mtime_ns
    code, output = run("members", "import", PEERS, "-w", peers_copy)
    assert code == 0
    assert "0 added, 0 updated, 1200 unchanged (unchanged)" in output
    assert lords.read_bytes() == before
    assert lords.stat().st_mtime_ns == mtime


def test_a_newer_file_updates_without_duplicates(peers_copy: Path, tmp_path: Path) -> None:
    empty_ws = peers_copy
    lords = empty_ws / "members" / "lords.yaml"
    # An official adds an address to an imported peer: later imports keep it.
    text = lords.read_text(encoding="utf-8").replace(
        "- id: lord-addington\n",
        "- id: lord-addington\n  address: [1 Example Street, London SW1A 1AA]\n",
    )
    lords.write_text(text, encoding="utf-8")
    text = PEERS.read_bytes().decode("iso-8859-1")
    start = text.index('lordname="Addington"')
    end = text.index("/>", start)
    entry = text[start:end].replace('todate="9999-12-31"', 'todate="2024-05-20" towhy="retired"')
    newer = text[:start] + entry + text[end:]
    newer = newer.replace(
        "</publicwhip>",
        '<lord id="uk.org.publicwhip/lord/109999" house="lords" forenames="Ann"\n'
        ' title="Baroness" lordname="Example" lordofname="Testtown"\n'
        ' peeragetype="L" affiliation="XB" fromdate="2025-01-01" todate="9999-12-31"/>\n'
        "</publicwhip>",
    ).encode("iso-8859-1")
    newer_file = tmp_path / "peers-newer.xml"
    newer_file.write_bytes(newer)
    code, output = run("members", "import", newer_file, "-w", empty_ws)
    assert code == 0, output
    assert "1 added, 1 updated, 1199 unchanged (written)" in output
    members = imported(empty_ws)
    assert len(members) == 1201
    addington = members["lord-addington"]
    assert (addington.sitting, addington.left_on, addington.left_reason) == (
        False,
        dt.date(2024, 5, 20),
        "retired",
    )
    assert addington.address == ["1 Example Street", "London SW1A 1AA"]
    assert forms(members["baroness-example-of-testtown"]).display == (
        "Baroness Example of Testtown"
    )


def test_hand_kept_members_are_never_overwritten(workspace: Path) -> None:
    hand = workspace / "members.yaml"
    before = hand.read_bytes()
    code, output = run("members", "import", PEERS, "-w", workspace)
    assert code == 0, output
    assert hand.read_bytes() == before
    # The example's peers carry their ParlParse ids, so the import knows them.
    assert sum(line.startswith("kept by hand:") for line in output.splitlines()) == 4
    members = imported(workspace)
    assert members["lord-rosser"].address == ["The House of Lords", "Westminster", "SW1A 0PW"]


def test_an_id_clash_with_a_hand_kept_entry_is_reported(workspace: Path) -> None:
    hand = workspace / "members.yaml"
    hand.write_text(
        hand.read_text(encoding="utf-8").replace(
            "  parlparse_id: uk.org.publicwhip/lord/100790\n", ""
        ),
        encoding="utf-8",
    )
    code, output = run("members", "import", PEERS, "-w", workspace)
    assert code == 0
    assert "warning: " in output and "members.yaml:" in output
    assert "`lord-rosser` is kept by hand here without the imported member's external id" in output
    assert "add `parlparse_id: uk.org.publicwhip/lord/100790`" in output
    members = imported(workspace)  # still loads: no id defined twice
    assert members["lord-rosser"].parlparse_id is None


# --- ParlParse MPs ----------------------------------------------------------------


def test_mps_terms_are_joined_by_name_and_constituency(empty_ws: Path) -> None:
    code, output = run("members", "import", MPS, "-w", empty_ws)
    assert code == 0, output
    members = imported(empty_ws)
    abbott = members["diane-abbott"]
    assert abbott.constituency == "Hackney North & Stoke Newington"
    assert abbott.parlparse_ids == [
        "uk.org.publicwhip/member/1604",
        "uk.org.publicwhip/member/687",
        "uk.org.publicwhip/member/1",
    ]
    assert abbott.sitting
    assert forms(abbott).address_line == "Diane Abbott MP"
    ancram = members["michael-ancram"]
    assert ancram.privy_counsellor and not ancram.sitting
    assert forms(ancram).address_line == "The Rt Hon. Michael Ancram"  # no longer an MP
    assert forms(members["paul-beresford"]).display == "Sir Paul Beresford MP"
    assert members["sian-james"].name == "Siân James"  # read as ISO-8859-1
    woodward = members["shaun-woodward"]
    assert (woodward.party, len(woodward.parlparse_ids)) == ("Labour", 2)
    # Without people.xml, a new constituency cannot be known to be the same person.
    assert {"david-blunkett", "david-blunkett-sheffield-brightside"} <= set(members)


def test_people_file_joins_a_persons_ids(empty_ws: Path) -> None:
    code, output = run("members", "import", MPS, PEOPLE, "-w", empty_ws)
    assert code == 0, output
    members = imported(empty_ws)
    blunkett = members["david-blunkett"]
    assert blunkett.constituency == "Sheffield, Brightside and Hillsborough"
    assert blunkett.parlparse_ids == [
        "uk.org.publicwhip/member/40017",
        "uk.org.publicwhip/member/50",
        "uk.org.publicwhip/person/10050",
    ]
    assert "david-blunkett-sheffield-brightside" not in members


def test_people_file_alone_is_refused(empty_ws: Path) -> None:
    code, output = run("members", "import", PEOPLE, "-w", empty_ws)
    assert code == 1
    assert "import it together with the members files" in output
    assert not (empty_ws / "members").exists()


# --- Members API JSON --------------------------------------------------------------


def test_members_api_commons_sample(empty_ws: Path) -> None:
    code, output = run("members", "import", API_SAMPLE, "-w", empty_ws)
    assert code == 0, output
    starmer = imported(empty_ws)["keir-starmer"]
    assert (starmer.rank.value, starmer.name, starmer.parliament_id) == (
        "MP",
        "Sir Keir Starmer",
        4514,
    )
    assert starmer.privy_counsellor and starmer.sitting
    assert (starmer.party, starmer.constituency) == ("Labour", "Holborn and St Pancras")
    assert forms(starmer).address_line == "The Rt Hon. Sir Keir Starmer MP"
    # Parliament's "Rt Hon Sir Keir Starmer MP" agrees with ours: nothing to report.
    assert "Parliament gives" not in output
    assert (empty_ws / "members" / "commons.yaml").is_file()


def test_members_api_lords_fixture(empty_ws: Path) -> None:
    (batch,) = read_sources([API_LORDS], TODAY)
    assert batch.flagged == []
    by_id = {r.member.parliament_id: r.member for r in batch.members}
    williams = by_id[4199]
    assert (williams.rank.value, williams.name, williams.of, williams.privy_counsellor) == (
        "Baroness",
        "Williams",
        "Trafford",
        True,
    )
    assert forms(williams).address_line == "The Rt Hon. the Baroness Williams of Trafford"
    assert (by_id[3785].rank.value, by_id[3785].of) == ("Bishop", "Blackburn")
    assert (by_id[4444].rank.value, by_id[4444].of) == ("Archbishop", "Canterbury")
    assert (by_id[2193].rank.value, by_id[2193].name, by_id[2193].of) == ("Earl", "", "Arran")
    assert forms(by_id[2512]).address_line == "His Grace the Duke of Norfolk"
    weedon = by_id[1785]
    assert (weedon.sitting, weedon.left_on, weedon.left_reason) == (
        False,
        dt.date(2005, 11, 6),
        "Death",
    )
    skinner = by_id[374]
    assert (skinner.rank.value, skinner.name, skinner.sitting) == ("MP", "Dennis Skinner", False)
    # Our forms agree with Parliament's everywhere but where they really differ: a
    # viscount's salutation (the conventions write "Dear Lord N"). A former MP is no
    # longer "MP" in either.
    assert forms(skinner).display == "Dennis Skinner"
    assert sorted((n.field, n.message) for n in batch.notes) == [
        (
            "items[8].value.nameAddressAs",
            "Parliament gives 'Viscount Younger of Leckie'; draftkit derives 'Lord Younger'",
        ),
    ]
    assert {n.line for n in batch.notes} <= set(range(1, 1000))


def test_members_api_after_parlparse_adds_ids_without_duplicates(peers_copy: Path) -> None:
    empty_ws = peers_copy
    code, output = run("members", "import", API_LORDS, "-w", empty_ws)
    assert code == 0, output
    members = imported(empty_ws)
    # Matched by title to the ParlParse peers, except two the 2005-based file lacks:
    # Lord Blunkett, and the Bishop of Blackburn since 2013 (the file's last one retired
    # in 2012, so he is a new member, told apart by the year he came in).
    lords = {m.id for m in members.values() if m.house == "lords"}
    assert len(lords) == 1202
    assert {"lord-blunkett", "bishop-of-blackburn-from-2013"} <= lords
    assert not members["bishop-of-blackburn"].sitting
    arran = members["earl-of-arran"]
    assert (arran.parlparse_id, arran.parliament_id) == ("uk.org.publicwhip/lord/100020", 2193)
    assert arran.privy_counsellor  # the API says "Rt Hon"; ParlParse cannot
    # The Members API knows Lord Blunkett; this 2005-based ParlParse file does not.
    assert members["lord-blunkett"].parliament_id == 395


# --- refusing bad and hostile files -------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE publicwhip [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<publicwhip><lord id="uk.org.publicwhip/lord/1" house="lords" forenames="&e;" title="Lord"
 lordname="Bomb" lordofname="" fromdate="2000" todate="9999-12-31"/></publicwhip>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE publicwhip [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<publicwhip><lord id="uk.org.publicwhip/lord/1" house="lords" forenames="&secret;"
 title="Lord" lordname="Leak" lordofname="" fromdate="2000" todate="9999-12-31"/></publicwhip>
"""
DTD_FETCH = b"""<?xml version="1.0"?>
<!DOCTYPE publicwhip SYSTEM "http://example.invalid/evil.dtd">
<publicwhip><lord id="uk.org.publicwhip/lord/1" house="lords" forenames="A"
 title="Lord" lordname="Fetch" lordofname="" fromdate="2000" todate="9999-12-31"/></publicwhip>
"""
WRONG_ENCODING = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip>\n'
    b'<lord id="uk.org.publicwhip/lord/1" house="lords" forenames="Ren\xe9"\n'
    b' title="Lord" lordname="Latin" lordofname="" fromdate="2000" todate="9999-12-31"/>\n'
    b"</publicwhip>\n"
)
UTF8_AS_LATIN1 = (
    b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<publicwhip>\n'
    b'<lord id="uk.org.publicwhip/lord/1" house="lords" forenames="Si\xc3\xa2n"\n'
    b' title="Baroness" lordname="Mislabelled" lordofname="" fromdate="2000"'
    b' todate="9999-12-31"/>\n</publicwhip>\n'
)
TRUNCATED = PEERS.read_bytes()[:5000]
MISSING = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<publicwhip>
<lord id="uk.org.publicwhip/lord/1" house="lords" forenames="A" title="Lord"
 lordname="Whole" lordofname="" fromdate="2000" todate="9999-12-31"/>
<lord id="uk.org.publicwhip/lord/2" house="lords" forenames="B" title="Lord"
 lordofname="" fromdate="2000" todate="9999-12-31"/>
</publicwhip>
"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (BOMB, "refused: entity expansion bomb"),
        (XXE, "refused: Attribute references external entity 'secret'"),
        (DTD_FETCH, "refused: the document type points outside the file"),
        (WRONG_ENCODING, "bad.xml:3: the text is not in the encoding the file declares"),
        (UTF8_AS_LATIN1, "bad.xml:3: the file declares ISO-8859-1 but its text is UTF-8"),
        (TRUNCATED, "bad.xml:"),
        (MISSING, "bad.xml:5: lordname: <lord id='uk.org.publicwhip/lord/2'>: required attribute"),
        (b"<<<not xml", "not well-formed XML"),
        (b"name,rank\nRosser,Lord\n", "neither XML (ParlParse members) nor JSON"),
        (
            b'{"items": [{"value": {"id": 1, "latestHouseMembership": {"house": 2}}}]}',
            "items[0].value.nameDisplayAs: required field is missing",
        ),
        (
            b'{"items": [\n{"value": {"id": 1,\n "nameDisplayAs": "Lord X",\n'
            b' "latestHouseMembership": {"house": 3}}}]}',
            "bad.xml:2: items[0].value.latestHouseMembership.house: expected 1 or 2, got 3",
        ),
        (b'{"items": [\n  {"value": {"id": 1, }}\n]}', "bad.xml:2: not valid JSON"),
        (b'{"totalResults": 0}', "not a Members API result"),
        (b'{"value": {"id": 1}}\xff', "JSON must be UTF-8 text"),
    ],
    ids=[
        "entity-bomb",
        "external-entity",
        "dtd-fetch",
        "wrong-encoding",
        "utf8-declared-latin1",
        "truncated",
        "missing-attribute",
        "not-xml",
        "csv",
        "json-missing-field",
        "json-bad-house",
        "json-syntax",
        "json-not-members",
        "json-not-utf8",
    ],
)
def test_bad_files_are_refused_and_nothing_written(
    workspace: Path, tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    before = sorted(p.relative_to(workspace) for p in workspace.rglob("*"))
    code, output = run("members", "import", bad, "-w", workspace)
    assert code == 1, output
    assert expected in output.replace(str(tmp_path) + "/", "")
    assert sorted(p.relative_to(workspace) for p in workspace.rglob("*")) == before


def test_an_internal_dtd_of_html_entities_still_parses(empty_ws: Path, tmp_path: Path) -> None:
    good = tmp_path / "peers.xml"
    good.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        b'<!DOCTYPE publicwhip [\n<!ENTITY eacute "&#233;">\n<!ENTITY mdash "&#8212;">\n]>\n'
        b'<publicwhip><lord id="uk.org.publicwhip/lord/1" house="lords" forenames="Ren&eacute;"\n'
        b' title="Baroness" lordname="D&eacute;ch" lordofname="" peeragetype="L"\n'
        b' affiliation="XB" fromdate="2000" todate="9999-12-31"/></publicwhip>\n'
    )
    code, output = run("members", "import", good, "-w", empty_ws)
    assert code == 0, output
    assert forms(imported(empty_ws)["baroness-dech"]).display == "Baroness Déch"


def test_entries_that_cannot_be_placed_are_flagged_with_their_line(
    empty_ws: Path, tmp_path: Path
) -> None:
    odd = tmp_path / "odd.xml"
    odd.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<publicwhip>\n'
        b'<lord id="uk.org.publicwhip/lord/1" house="lords" forenames="A" title="Prince"\n'
        b' lordname="Royal" lordofname="" fromdate="2000" todate="9999-12-31"/>\n'
        b'<lord id="uk.org.publicwhip/lord/2" house="lords" forenames="B" title="Baroness"\n'
        b' lordname="" lordofname="Nowhere" fromdate="2000" todate="9999-12-31"/>\n'
        b'<lord id="uk.org.publicwhip/lord/3" house="lords" forenames="C" title="Lord"\n'
        b' lordname="Fine" lordofname="" fromdate="2000" todate="someday"/>\n'
        b'<lord id="uk.org.publicwhip/lord/1012.." house="lords" forenames="" title=""\n'
        b' lordname="" lordofname="" fromdate="" todate="9999-12-31"/>\n'
        b'<lord id="uk.org.publicwhip/lord/4" house="lords" forenames="D" title="Lord"\n'
        b' lordname="Placed" lordofname="" fromdate="2000" todate="9999-12-31"/>\n'
        b"</publicwhip>\n"
    )
    code, output = run("members", "import", odd, "-w", empty_ws, "--json")
    assert code == 0, output
    report = json.loads(output)
    flagged = [(f["line"], f["field"]) for f in report["sources"][0]["flagged"]]
    assert flagged == [(3, "title"), (5, ""), (7, "todate"), (9, "id")]
    messages = " ".join(f["message"] for f in report["sources"][0]["flagged"])
    assert "unknown rank 'Prince'" in messages
    assert "a Baroness needs `name`" in messages
    assert set(imported(empty_ws)) == {"lord-placed"}


def test_dry_run_writes_nothing(empty_ws: Path) -> None:
    code, output = run("members", "import", PEERS, "-w", empty_ws, "--dry-run")
    assert code == 0
    assert "1200 added" in output and "(would change)" in output
    assert not (empty_ws / "members").exists()


def test_find_command(peers_ws: Path) -> None:
    empty_ws = peers_ws
    code, output = run("members", "find", "alexander weedon", "-w", empty_ws, "--json")
    assert code == 0
    rows = json.loads(output)
    assert rows[0]["id"] == "lord-alexander-of-weedon"
    assert rows[0]["salutation"] == "Dear Lord Alexander"
    assert rows[0]["sitting"] is False
    code, output = run("members", "find", "bp blackburn", "-w", empty_ws, "--json")
    assert {r["id"] for r in json.loads(output)} == {
        "bishop-of-blackburn",
        "bishop-of-blackburn-alan-chesters",
    }
    code, output = run("members", "find", "nobody-at-all", "-w", empty_ws)
    assert code == 0 and "No member matches" in output


def test_read_sources_collects_every_file_problem(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.xml"
    a.write_text("{", encoding="utf-8")
    b.write_bytes(b"<publicwhip><other/></publicwhip>")
    with pytest.raises(InputError) as info:
        read_sources([a, b, tmp_path / "missing.xml"])
    messages = " | ".join(str(p) for p in info.value.problems)
    assert "a.json:1: not valid JSON" in messages
    assert "expected <lord>, <member> or <person> entries" in messages
    assert "missing.xml: cannot read" in messages


# --- the imported directory in use ---------------------------------------------------

MIGRANT_XML = SHARED_DATA / "hansard" / "lords-2009-10-27-migrant-workers.xml"


def test_a_debate_maps_its_speakers_to_imported_peers(peers_copy: Path) -> None:
    lords = peers_copy / "members" / "lords.yaml"
    # Lord Parekh's 2009 id becomes an earlier membership's: debates of that year still map.
    text = lords.read_text(encoding="utf-8")
    start = text.index("- id: lord-parekh\n")
    entry = text[start : text.index("\n- id: ", start) + 1]
    old_id = entry.split("parlparse_id: ")[1].split("\n")[0]
    moved = entry.replace(
        f"parlparse_id: {old_id}\n",
        f"parlparse_id: uk.org.publicwhip/lord/199999\n  other_parlparse_ids: [{old_id}]\n",
    )
    lords.write_text(text.replace(entry, moved), encoding="utf-8")
    case = peers_copy / "migrant"
    code, output = run("debate", "import", MIGRANT_XML, "--case", case, "--heading", "Migrant")
    assert code == 0, output
    debate = (case / "debate.yaml").read_text(encoding="utf-8")
    for speaker in ("lord-harries-of-pentregarth", "lord-parekh", "bishop-of-ripon-and-leeds"):
        assert f"  - {speaker}\n" in debate


def test_people_file_links_peers_to_their_person_id(tmp_path: Path) -> None:
    batches = read_sources([PEERS, PEOPLE], TODAY)
    (peers_batch,) = batches
    adams = next(r.member for r in peers_batch.members if r.member.name == "Adams")
    assert adams.parlparse_ids == [
        "uk.org.publicwhip/lord/100867",
        "uk.org.publicwhip/person/10003",
    ]


@pytest.mark.parametrize(
    ("display", "rank", "name", "of"),
    [
        ("Lord St John of Bletso", "Lord", "St John", "Bletso"),
        ("Baroness Hussein-Ece", "Baroness", "Hussein-Ece", None),
        ("The Lord Bishop of St Albans", "Bishop", "", "St Albans"),
        ("The Lord Archbishop of York", "Archbishop", "", "York"),
        ("The Countess of Mar", "Countess", "", "Mar"),
        ("The Viscount of Oxfuird", "Viscount", "", "Oxfuird"),
        ("Viscount Colville of Culross", "Viscount", "Colville", "Culross"),
        ("Lady Saltoun of Abernethy", "Lady", "Saltoun", "Abernethy"),
        ("Lord Brougham and Vaux", "Lord", "Brougham and Vaux", None),
        ("The Marquess of Lothian", "Marquess", "", "Lothian"),
    ],
)
def test_members_api_lords_titles(
    tmp_path: Path, display: str, rank: str, name: str, of: str | None
) -> None:
    page = {
        "items": [
            {
                "value": {
                    "id": 1,
                    "nameDisplayAs": display,
                    "nameFullTitle": None,
                    "latestHouseMembership": {"house": 2},
                }
            }
        ]
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    (batch,) = read_sources([path], TODAY)
    (record,) = batch.members
    m = record.member
    assert (m.rank.value, m.name, m.of) == (rank, name, of)
    assert forms(m).display.removeprefix("The ") == display.removeprefix("The ")


def test_members_api_entry_without_a_rank_is_flagged(tmp_path: Path) -> None:
    page = {
        "items": [
            {
                "value": {
                    "id": 7,
                    "nameDisplayAs": "Sir John Example",
                    "latestHouseMembership": {"house": 2},
                }
            }
        ]
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, indent=2), encoding="utf-8")
    (batch,) = read_sources([path], TODAY)
    assert batch.members == []
    (flag,) = batch.flagged
    assert (flag.line, flag.field) == (5, "items[0].value.nameDisplayAs")  # its "id" line
    assert "cannot tell the rank and title of 'Sir John Example'" in flag.message


def test_show_gives_the_whole_record(peers_ws: Path) -> None:
    code, output = run("members", "show", "baroness-cox", "-w", peers_ws, "--json")
    assert code == 0, output
    row = json.loads(output)
    assert row["parlparse_ids"] == [
        "uk.org.publicwhip/lord/100959",
        "uk.org.publicwhip/lord/100147",
    ]
    assert row["address"] == ["House of Lords", "London SW1A 0PW"]
    code, output = run("members", "show", "lord-alexander-of-weedon", "-w", peers_ws)
    assert "left_on          2005-11-06" in output
    code, output = run("members", "import", PEERS, "-w", peers_ws, "--dry-run")
    assert "1217 entries, 1200 members (864 sitting; 17 later memberships joined" in output
