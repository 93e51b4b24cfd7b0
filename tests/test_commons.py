"""Letters to and about MPs: the salutation setting, the honorific warning, MPs in the text."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from checks_util import edit_yaml, set_text
from draftkit.checks import Finding, run_checks
from draftkit.compose import compose
from draftkit.errors import InputError
from draftkit.workspace import load_case

#: The Westminster Hall example's letter date, so no date check depends on the clock.
TODAY = dt.date(2019, 6, 24)


@pytest.fixture
def commons(workspace: Path) -> Path:
    """The Westminster Hall example case inside a private workspace copy."""
    return workspace / "taxi-safeguarding-2019"


def _findings(case: Path, family: str = "commons") -> list[Finding]:
    return [f for f in run_checks(load_case(case), today=TODAY) if f.family == family]


def _set_setting(workspace: Path, value: str) -> None:
    """Set the example workspace's `[address] mp_salutation`."""
    toml = workspace / "draftkit.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'mp_salutation = "formal"' in text
    toml.write_text(text.replace('"formal"', f'"{value}"'), encoding="utf-8")


def _members(commons: Path, change: Callable[[list[dict[str, Any]]], object]) -> None:
    edit_yaml(commons / "members.yaml", change)


def _member(data: list[dict[str, Any]], mid: str) -> dict[str, Any]:
    return next(m for m in data if m["id"] == mid)


def test_the_example_is_formal_by_default(workspace: Path, commons: Path) -> None:
    assert compose(load_case(commons)).salutation == "Dear Mr Coyle"
    assert _findings(commons) == []
    toml = workspace / "draftkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("mp_salutation", "#"), "utf-8")
    assert compose(load_case(commons)).salutation == "Dear Mr Coyle"


def test_the_workspace_chooses_first_names_and_a_letter_overrides_it(
    workspace: Path, commons: Path
) -> None:
    _set_setting(workspace, "first_name")
    assert compose(load_case(commons)).salutation == "Dear Neil"
    edit_yaml(commons / "letter.yaml", lambda d: d.update(mp_salutation="formal"))
    assert compose(load_case(commons)).salutation == "Dear Mr Coyle"


def test_a_bad_setting_is_reported_at_its_line(workspace: Path, commons: Path) -> None:
    _set_setting(workspace, "chummy")
    with pytest.raises(InputError) as exc:
        load_case(commons)
    (problem,) = exc.value.problems
    assert str(problem.file).endswith("draftkit.toml") and problem.line is not None
    assert "mp_salutation" in problem.field


def test_an_unknown_honorific_is_named_and_the_first_name_used(commons: Path) -> None:
    _members(commons, lambda d: _member(d, "neil-coyle").pop("honorific"))
    case = load_case(commons)
    assert compose(case).salutation == "Dear Neil"
    (finding,) = _findings(commons)
    assert finding.code == "commons.honorific_unknown" and finding.severity == "warning"
    assert "Neil Coyle MP" in finding.message and "`neil-coyle`" in finding.message
    assert "taxi-safeguarding-2019/members.yaml:6" in finding.message
    # Choosing first names on purpose, or writing one's own salutation, is not a finding.
    edit_yaml(commons / "letter.yaml", lambda d: d.update(mp_salutation="first_name"))
    assert _findings(commons) == []


@pytest.mark.parametrize(
    ("prose", "excerpt", "fix"),
    [
        (
            "Patrick Grady asked about Scotland.",
            "Patrick Grady",
            "The hon. Member for Glasgow North (Patrick Grady)",
        ),
        (
            "I agree with Patrick Grady's point.",
            "Patrick Grady",
            "the hon. Member for Glasgow North (Patrick Grady)",
        ),
        ("As Mr Grady MP said, it is devolved.", "Mr Grady MP", "Patrick Grady MP"),
        (
            "As the Member for Glasgow North said, it is devolved.",
            "the Member for Glasgow North",
            "the hon. Member for Glasgow North (Patrick Grady)",
        ),
        (
            "The hon. Member for Hackney North and Stoke Newington asked about evidence.",
            "The hon. Member for Hackney North and Stoke Newington",
            "The right hon. Member for Hackney North and Stoke Newington (Diane Abbott)",
        ),
        (
            "As the Member for Nowhere Else said.",
            "the Member for",
            "the hon. Member for",
        ),
        (
            "Keir Starmer and Sir Edward Leigh both spoke.",
            "Sir Edward Leigh",
            "the hon. Member for Gainsborough (Sir Edward Leigh)",
        ),
        ("As Edward Leigh said.", "Edward Leigh", "the hon. Member for Gainsborough"),
    ],
)
def test_an_mp_named_in_a_form_the_conventions_do_not_allow(
    commons: Path, prose: str, excerpt: str, fix: str
) -> None:
    edit_yaml(commons / "letter.yaml", lambda d: set_text(d, 1, 0, prose))
    found = [f for f in _findings(commons) if excerpt in f.message]
    assert found, _findings(commons)
    assert found[0].code == "commons.in_text" and fix in (found[0].fix or "")
    assert found[0].line is not None and found[0].section == 1


@pytest.mark.parametrize(
    "prose",
    [
        "The hon. Member for Glasgow North (Patrick Grady) asked about Scotland.",
        "{{ members['patrick-grady'].in_text | sentence_start }} asked about Scotland.",
        "Patrick Grady MP asked about Scotland.",
        "The hon. Member for Glasgow North asked about Scotland, as did Mr Grady.",
        "The right hon. Member for Hackney North and Stoke Newington (Diane Abbott) asked.",
        "The right honourable Member for Hackney North and Stoke Newington asked.",
        "The Grady report and the Member's Bill were discussed.",
    ],
)
def test_the_allowed_forms_are_not_findings(commons: Path, prose: str) -> None:
    edit_yaml(commons / "letter.yaml", lambda d: set_text(d, 1, 0, prose))
    assert _findings(commons) == []


def test_a_former_mp_is_not_styled_mp_in_the_text(commons: Path) -> None:
    _members(commons, lambda d: _member(d, "sir-edward-leigh").update(sitting=False))
    edit_yaml(
        commons / "letter.yaml",
        lambda d: set_text(d, 1, 0, "Sir Edward Leigh MP spoke; Sir Edward Leigh agreed."),
    )
    (finding,) = _findings(commons)
    assert "no longer an MP" in finding.message and finding.fix == "write “Sir Edward Leigh”"


def test_members_show_json_gives_the_short_form(
    cli: Callable[..., Result], workspace: Path, commons: Path
) -> None:
    # The case's own members, kept in the workspace's hand-kept file for `members show`.
    hand = workspace / "members.yaml"
    hand.write_text(
        hand.read_text(encoding="utf-8") + (commons / "members.yaml").read_text("utf-8"), "utf-8"
    )
    (commons / "members.yaml").unlink()
    data = json.loads(cli("members", "show", "patrick-grady", "--json").stdout)
    assert data["in_text"] == "the hon. Member for Glasgow North (Patrick Grady)"
    assert data["in_text_short"] == "Patrick Grady MP"
    assert (data["honorific"], data["given_name"], data["surname"]) == ("Mr", "Patrick", "Grady")
    assert data["salutation"] == "Dear Mr Grady"
    _set_setting(workspace, "first_name")
    data = json.loads(cli("members", "show", "patrick-grady", "--json").stdout)
    assert data["salutation"] == "Dear Patrick"
    peer = json.loads(cli("members", "show", "lord-rosser", "--json").stdout)
    assert peer["in_text_short"] == peer["in_text"] == "Lord Rosser"


def test_a_letter_reaching_both_houses_goes_to_both_libraries(commons: Path) -> None:
    edit_yaml(
        commons / "letter.yaml",
        lambda d: d["distribution"].update(copies=["speakers", "lord-rosser"]),
    )
    (finding,) = _findings(commons)
    assert finding.code == "commons.libraries" and "House of Commons Library" in finding.message
    edit_yaml(commons / "letter.yaml", lambda d: d["distribution"].update(library="both"))
    assert _findings(commons) == []
    document = compose(load_case(commons))
    assert document.distribution.library == ("lords", "commons")
    closing = " ".join(p.text for p in document.closing)
    assert "all Members who spoke at the debate, and to Lord Rosser" in closing
    assert "the Libraries of both Houses" in closing


def test_a_lords_minister_writes_to_an_mp(commons: Path) -> None:
    edit_yaml(commons / "letter.yaml", lambda d: d.update({"from": "home-office-mos-lords"}))
    document = compose(load_case(commons))
    assert (document.salutation, document.signature.name) == (
        "Dear Mr Coyle",
        "Baroness Williams of Trafford",
    )
    assert document.addressee.address == ("House of Commons", "London SW1A 0AA")


def test_a_commons_minister_writes_to_a_peer(case: Path, commons: Path) -> None:
    (case / "ministers.yaml").write_text(
        (commons / "ministers.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (case / "members.yaml").write_text(
        (commons / "members.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    edit_yaml(case / "letter.yaml", lambda d: d.update({"from": "home-office-pus-safeguarding"}))
    document = compose(load_case(case))
    assert (document.salutation, document.signature.name) == (
        "Dear Lord Rosser",
        "Victoria Atkins MP",
    )
    closing = " ".join(p.text for p in document.closing)
    assert "all Peers who spoke at the debate" in closing
