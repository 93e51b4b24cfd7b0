"""Problems are data: a file's Path and a code, made relative only where the CLI prints."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.checks import from_problems, run_checks
from draftkit.cli import app
from draftkit.errors import InputError, Problem, display_path
from draftkit.workspace import load_case


def _break_addressee(case: Path) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("to: lord-rosser", "to: 42"))


def test_a_problem_holds_the_path_as_found_whatever_the_working_folder(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_addressee(case)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(InputError) as exc:
        load_case(case)
    [p] = [p for p in exc.value.problems if p.field == "to"]
    assert p.file == case / "letter.yaml"  # a Path, not text relative to the working folder
    assert display_path(p.file) == str(case / "letter.yaml")  # outside the cwd: as given


def test_the_cli_prints_paths_relative_to_where_it_runs(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_addressee(case)
    monkeypatch.chdir(case.parent.parent)  # above the workspace
    result = CliRunner().invoke(app, ["check", str(case.resolve())])
    assert result.exit_code == 1
    where = os.path.join("ws", case.name, "letter.yaml")
    assert f"{where}:6: to:" in result.output


def test_a_problem_keeps_its_own_code_as_a_finding() -> None:
    coded = Problem(Path("letter.yaml"), 3, "sections[0]", "anything at all", "snippet.placeholder")
    plain = Problem(Path("letter.yaml"), 4, "", "mentions a placeholder in passing")
    found = from_problems([coded, plain], code="input.compose")
    assert [f.code for f in found] == ["snippet.placeholder", "input.compose"]


def test_a_placeholder_the_letter_cannot_fill_is_a_clearance_finding(case: Path) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text()
    assert text.count("{{ debate.date | weekday_date }}") == 1
    letter.write_text(text.replace("{{ debate.date | weekday_date }}", "{{ debate.nothing }}"))
    errors = [f for f in run_checks(load_case(case)) if f.severity == "error"]
    assert [f.code for f in errors] == ["snippet.placeholder"]
    assert errors[0].file == case / "letter.yaml"
