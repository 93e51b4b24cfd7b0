"""Shared helpers for the debate-import tests: workspaces with the debate's members."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLES, SHARED_DATA

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
MIGRANT_XML = SHARED_DATA / "hansard" / "lords-2009-10-27-migrant-workers.xml"
API_JSON = FIXTURES / "grooming-gangs-api.json"
API_EXT_ID = "349FA275-CB65-45C0-87C7-EE16D1FD1B0A"

#: The eight who spoke in the Question for Short Debate, in order (Lord Brett replied).
MIGRANT_SPEAKERS = [
    "lord-harries-of-pentregarth",
    "lord-parekh",
    "earl-of-sandwich",
    "bishop-of-ripon-and-leeds",
    "lord-haskel",
    "baroness-neuberger",
    "baroness-neville-jones",
    "lord-brett",
]


def lords_2009_workspace(root: Path, settings: str = "") -> Path:
    """A workspace whose directory holds the 2009 Peers, typed by hand with ParlParse ids."""
    (root / "members").mkdir(parents=True)
    shutil.copy(FIXTURES / "members-2009.yaml", root / "members" / "lords-2009.yaml")
    (root / "draftkit.toml").write_text(settings, encoding="utf-8")
    return root


def api_workspace(root: Path) -> Path:
    """The example workspace's ministers with the API fixture's members (Members API ids)."""
    root.mkdir(parents=True)
    shutil.copy(EXAMPLES / "ministers.yaml", root / "ministers.yaml")
    shutil.copy(EXAMPLES / "draftkit.toml", root / "draftkit.toml")
    shutil.copy(FIXTURES / "members-api-2019.yaml", root / "members.yaml")
    return root


def import_migrant_case(ws: Path, name: str = "c") -> Path:
    """Import the 2009 Question for Short Debate into `ws/name` through the CLI."""
    from typer.testing import CliRunner

    from draftkit.cli import app

    case = ws / name
    result = CliRunner().invoke(
        app, ["debate", "import", str(MIGRANT_XML), "--case", str(case), "--heading", "Migrant"]
    )
    assert result.exit_code == 0, result.output
    return case


#: What an official adds to the skeleton's restated question before the letter is checked.
ANSWER = (
    "The Government is extending the Gangmasters Licensing Authority's work with the "
    "employment agency inspectorate so that abuses are found and stopped sooner."
)


def answer_first_section(case: Path, text: str = ANSWER) -> None:
    """Write an answer under the first section's restated question, as the official would."""
    from draftkit.yamlio import dump_yaml, load_yaml

    letter = case / "letter.yaml"
    data = load_yaml(letter)
    data["sections"][0]["blocks"].append({"text": text})
    letter.write_text(dump_yaml(data), encoding="utf-8")
