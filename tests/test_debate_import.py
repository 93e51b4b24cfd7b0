"""`draftkit debate import` on Parliament's record: the shared 2009 ParlParse file and a
Hansard API fixture served from a local HTTP server (never the internet)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.address import forms
from draftkit.cli import app
from draftkit.hansard.api import BASE_URL_ENV
from draftkit.workspace import load_case
from hansard_support import (
    API_EXT_ID,
    API_JSON,
    MIGRANT_SPEAKERS,
    MIGRANT_XML,
    answer_first_section,
    api_workspace,
    import_migrant_case,
    lords_2009_workspace,
)

runner = CliRunner()


def _import(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["debate", "import", *args])
    return result.exit_code, result.output


@pytest.fixture
def migrant_case(tmp_path: Path) -> Path:
    ws = lords_2009_workspace(tmp_path / "ws")
    code, output = _import(str(MIGRANT_XML), "--case", str(ws / "migrant"), "--heading", "Migrant")
    assert code == 0, output
    return ws / "migrant"


def test_2009_debate_speakers_minister_and_forms(migrant_case: Path) -> None:
    case = load_case(migrant_case)
    debate = case.debate
    assert debate.title == "Immigration: Migrant Workers"
    # The heading's label "Question for Short Debate" is the kind; no location: the Chamber.
    assert (debate.kind, debate.venue) == ("short_debate", "chamber")
    assert debate.speakers == MIGRANT_SPEAKERS  # no Lord McKenzie from the business before
    assert debate.minister == "lord-brett"
    assert debate.hansard == "HL Deb 27 October 2009, cols 1139-1153"
    members = case.workspace.members
    assert forms(members["bishop-of-ripon-and-leeds"]).address_line == (
        "The Rt Revd the Lord Bishop of Ripon and Leeds"
    )
    assert forms(members["earl-of-sandwich"]).salutation == "Dear Lord Sandwich"
    tabled = [q for q in debate.questions if q.kind == "tabled"]
    assert [(q.asked_by, q.status, q.paragraph) for q in tabled] == [
        ("lord-harries-of-pentregarth", "accepted", "a.1139.3/2")
    ]
    assert all(q.asked_by != "lord-brett" for q in debate.questions)
    (promise,) = debate.undertakings
    assert promise.to == MIGRANT_SPEAKERS[:-1]
    assert promise.minister == "lord-brett" and promise.column == "1153"
    assert str(promise.due) == "2009-11-10"


def test_2009_letter_skeleton_is_addressed_to_the_opener(migrant_case: Path) -> None:
    letter = load_case(migrant_case).letter
    assert letter.to == "lord-harries-of-pentregarth"
    assert letter.from_ == "lord-brett"
    assert letter.distribution.speakers and letter.distribution.library == "lords"
    assert [s.answers for s in letter.sections] == [["q1"]]
    assert letter.discharges == ["immigration-migrant-workers-2009-10-27.u1"]


def test_2009_case_checks_and_renders(migrant_case: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(migrant_case)])
    # The skeleton only restates the tabled question: not yet an answer.
    assert result.exit_code == 1 and "[coverage.unanswered_body]" in result.output
    answer_first_section(migrant_case)
    result = runner.invoke(app, ["check", str(migrant_case)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(migrant_case), "-o", str(out), "-f", "txt"])
    assert result.exit_code == 0, result.output
    (txt,) = out.glob("*.txt")
    text = txt.read_text(encoding="utf-8")
    assert "The Lord Harries of Pentregarth" in text and "Dear Lord Harries" in text
    assert "you asked the Government what is their assessment" in text
    assert "send a copy to all Peers who spoke at the debate" in text


def test_questions_json_has_the_contract_keys(migrant_case: Path) -> None:
    result = runner.invoke(app, ["debate", "questions", str(migrant_case), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert all(list(r) == ["id", "speaker", "column", "text", "status"] for r in rows)
    assert rows[0]["speaker"] == "lord-harries-of-pentregarth"
    assert {r["status"] for r in rows} == {"accepted", "proposed"}


def test_several_debates_need_a_heading(tmp_path: Path) -> None:
    ws = lords_2009_workspace(tmp_path / "ws")
    code, output = _import(str(MIGRANT_XML), "--case", str(ws / "c"))
    assert code == 1
    assert "`Arrangement of Business`; `Immigration: Migrant Workers`" in output
    code, output = _import(str(MIGRANT_XML), "--case", str(ws / "c"), "--heading", "Budget")
    assert code == 1 and "no debate heading matches `Budget`" in output
    assert not (ws / "c").exists()


def test_on_a_terminal_the_official_picks_the_debate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("draftkit.cli.debate._interactive", lambda: True)
    ws = lords_2009_workspace(tmp_path / "ws")
    result = runner.invoke(
        app, ["debate", "import", str(MIGRANT_XML), "--case", str(ws / "c")], input="3\n2\n"
    )
    assert result.exit_code == 0, result.output
    assert "1. Arrangement of Business" in result.output
    assert load_case(ws / "c").debate.title == "Immigration: Migrant Workers"


def test_an_existing_case_is_never_overwritten_without_force(migrant_case: Path) -> None:
    letter = migrant_case / "letter.yaml"
    letter.write_text(letter.read_text() + "# my edits\n")
    code, output = _import(str(MIGRANT_XML), "--case", str(migrant_case), "--heading", "Migrant")
    assert code == 1 and "--force" in output
    assert letter.read_text().endswith("# my edits\n")
    code, output = _import(
        str(MIGRANT_XML), "--case", str(migrant_case), "--heading", "Migrant", "--force"
    )
    assert code == 0, output
    assert "# my edits" not in letter.read_text()


def test_a_speaker_missing_from_the_directory_is_reported_by_name_and_id(tmp_path: Path) -> None:
    ws = lords_2009_workspace(tmp_path / "ws")
    path = ws / "members" / "lords-2009.yaml"
    path.write_text(path.read_text().replace("uk.org.publicwhip/lord/100962", "x/1"))
    code, output = _import(str(MIGRANT_XML), "--case", str(ws / "c"), "--heading", "Migrant")
    assert code == 1
    assert "Baroness Neville-Jones (parlparse_id uk.org.publicwhip/lord/100962)" in output
    assert "draftkit members import" in output
    assert not (ws / "c").exists()


def test_a_debate_with_no_speakers(tmp_path: Path) -> None:
    ws = lords_2009_workspace(tmp_path / "ws")
    src = tmp_path / "empty.xml"
    src.write_text(
        '<publicwhip><major-heading id="uk.org.publicwhip/lords/2024-01-10a.1.0">Prayers'
        '</major-heading><speech id="uk.org.publicwhip/lords/2024-01-10a.1.1" nospeaker="true">'
        "<p>Prayers&#8212;read by the Lord Bishop.</p></speech></publicwhip>"
    )
    code, output = _import(str(src), "--case", str(ws / "c"))
    assert code == 1 and "the debate `Prayers` has no speakers" in output


def test_a_debate_where_only_the_minister_spoke(tmp_path: Path) -> None:
    ws = lords_2009_workspace(tmp_path / "ws")
    code, output = _import(str(MIGRANT_XML), "--case", str(ws / "c"), "--heading", "Arrangement")
    assert code == 1 and "only the minister spoke in `Arrangement of Business`" in output


@pytest.fixture
def hansard_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The API fixture served at /debates/debate/<ExtId>.json on 127.0.0.1."""
    root = tmp_path / "api"
    (root / "debates" / "debate").mkdir(parents=True)
    (root / "debates" / "debate" / f"{API_EXT_ID}.json").write_bytes(API_JSON.read_bytes())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv(BASE_URL_ENV, url)
    yield url
    server.shutdown()
    server.server_close()


def test_hansard_api_fetch_imports_to_the_same_shapes(hansard_server: str, tmp_path: Path) -> None:
    ws = api_workspace(tmp_path / "ws")
    code, output = _import("--hansard", API_EXT_ID, "--case", str(ws / "gg"))
    assert code == 0, output
    case = load_case(ws / "gg")
    debate = case.debate
    assert debate.id == "grooming-gangs-2019-05-14"
    assert (debate.location, debate.hansard) == ("Grand Committee", "HL Deb 14 May 2019, vol 797")
    assert (debate.kind, debate.venue) == ("debate", "grand_committee")
    assert debate.speakers == [
        "baroness-cox",
        "viscount-falkland",
        "lord-pickles",
        "lord-blunkett",
        "lord-rosser",
        "baroness-williams-of-trafford",
    ]
    assert debate.minister == "baroness-williams-of-trafford"
    assert [(q.asked_by, q.kind, q.status) for q in debate.questions] == [
        ("baroness-cox", "tabled", "accepted"),
        ("baroness-cox", "indirect", "proposed"),
        ("lord-pickles", "indirect", "proposed"),
        ("lord-blunkett", "direct", "proposed"),
        ("lord-rosser", "direct", "proposed"),
    ]
    assert [(u.to, u.library, str(u.due)) for u in debate.undertakings] == [
        (["lord-rosser"], True, "2019-05-29"),
        (debate.speakers[:-1], False, "2019-05-29"),
    ]
    assert case.letter.from_ == "home-office-mos-lords"  # the workspace's own minister
    assert not (ws / "gg" / "ministers.yaml").exists()


def test_hansard_api_file_imports_like_the_fetch(tmp_path: Path) -> None:
    ws = api_workspace(tmp_path / "ws")
    code, output = _import(str(API_JSON), "--case", str(ws / "gg"))
    assert code == 0, output
    assert load_case(ws / "gg").debate.speakers[0] == "baroness-cox"


def test_unknown_ext_id_is_a_clear_error(hansard_server: str, tmp_path: Path) -> None:
    ws = api_workspace(tmp_path / "ws")
    code, output = _import("--hansard", "NO-SUCH-DEBATE", "--case", str(ws / "gg"))
    assert code == 1 and "has no debate `NO-SUCH-DEBATE`" in output


def test_offline_hansard_fails_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv(BASE_URL_ENV, f"http://127.0.0.1:{port}")
    ws = api_workspace(tmp_path / "ws")
    code, output = _import("--hansard", API_EXT_ID, "--case", str(ws / "gg"))
    assert code == 1
    assert "cannot reach the Hansard API" in output and "offline" in output
    assert "Traceback" not in output
    assert not (ws / "gg").exists()


def test_broken_json_is_named_with_its_line(tmp_path: Path) -> None:
    ws = api_workspace(tmp_path / "ws")
    src = tmp_path / "broken.json"
    src.write_text(API_JSON.read_text()[:500])
    code, output = _import(str(src), "--case", str(ws / "gg"))
    assert code == 1 and "broken.json:" in output and "not valid JSON" in output


def test_hansard_api_child_debates_are_chosen_by_heading(tmp_path: Path) -> None:
    ws = api_workspace(tmp_path / "ws")
    doc = json.loads(API_JSON.read_text())
    parent = {
        "Overview": {**doc["Overview"], "Title": "Grand Committee", "ExtId": "PARENT"},
        "Items": [],
        "ChildDebates": [
            {**doc, "Overview": {**doc["Overview"], "Title": "Knife Crime"}},
            doc,
        ],
    }
    src = tmp_path / "sitting.json"
    src.write_text(json.dumps(parent))
    code, output = _import(str(src), "--case", str(ws / "c"))
    assert code == 1 and "`Knife Crime`; `Grooming Gangs`" in output
    code, output = _import(str(src), "--case", str(ws / "c"), "--heading", "grooming gangs")
    assert code == 0, output
    assert load_case(ws / "c").debate.title == "Grooming Gangs"


COMMONS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<publicwhip>
<major-heading id="uk.org.publicwhip/debate/2024-01-10a.300.0" colnum="300">
  Rural Bus Services</major-heading>
<speech id="uk.org.publicwhip/debate/2024-01-10a.300.1" person_id="uk.org.publicwhip/person/1001"
  speakername="Jane Smith" colnum="300">
  <p pid="a300.1/1">Will the Minister tell the House when the rural bus review will report?</p>
</speech>
<speech id="uk.org.publicwhip/debate/2024-01-10a.300.2" person_id="uk.org.publicwhip/person/1003"
  speakername="Madam Deputy Speaker" colnum="300"><p pid="a300.2/1">Order.</p></speech>
<speech id="uk.org.publicwhip/debate/2024-01-10a.300.3" speakerid="unknown"
  speakername="Hon. Members" colnum="300"><p pid="a300.3/1">Hear, hear.</p></speech>
<speech id="uk.org.publicwhip/debate/2024-01-10a.301.0" person_id="uk.org.publicwhip/person/1002"
  speakername="Tom Jones" colnum="301">
  <p pid="a301.0/1">I will write to the hon. Member for Ludlow, Jane Smith, with the date.</p>
</speech>
</publicwhip>
"""


def test_newer_files_map_speakers_by_person_id_in_the_commons(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "draftkit.toml").write_text("")
    (ws / "members.yaml").write_text(
        "- {id: jane-smith, rank: MP, name: Jane Smith, parlparse_id: uk.org.publicwhip/member/9,"
        " other_parlparse_ids: [uk.org.publicwhip/person/1001]}\n"
        "- {id: tom-jones, rank: MP, name: Tom Jones,"
        " parlparse_id: uk.org.publicwhip/person/1002}\n"
    )
    src = tmp_path / "debates2024-01-10a.xml"
    src.write_text(COMMONS_XML)
    code, output = _import(str(src), "--case", str(ws / "bus"))
    assert code == 0, output
    debate = load_case(ws / "bus").debate
    assert (debate.house, debate.speakers, debate.minister) == (
        "commons",
        ["jane-smith", "tom-jones"],
        "tom-jones",
    )
    assert debate.hansard == "HC Deb 10 January 2024, cols 300-301"
    assert [q.asked_by for q in debate.questions] == ["jane-smith"]
    assert [u.to for u in debate.undertakings] == [["jane-smith"]]


def test_an_imported_reference_transliterates_the_name_as_every_other_id(tmp_path: Path) -> None:
    ws = lords_2009_workspace(tmp_path / "ws")
    members = ws / "members" / "lords-2009.yaml"
    members.write_text(members.read_text().replace("name: Harries\n", "name: D'Énard\n", 1))
    case = import_migrant_case(ws)
    letter = load_case(case).letter
    assert letter.reference.endswith("-denard")  # not "-d-nard": accents kept, apostrophe dropped
