"""The command line as an official meets it: init, check, render txt, snippets, members."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from draftkit.cli import app
from draftkit.compose import compose
from draftkit.render.text import to_text
from draftkit.workspace import load_case

CASE = "grooming-gangs-2019"
MEMBER_KEYS = {"id", "rank", "display", "address_line", "salutation", "in_text"}

Cli = Callable[..., Result]


def command_paths() -> Iterator[list[str]]:
    """Every command and group under `draftkit`, as the words that call it."""

    def walk(cmd: object, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "draftkit")
def test_every_command_has_help(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_foundation_commands_are_all_there() -> None:
    paths = {" ".join(p) for p in command_paths()}
    for cmd in ("init", "check", "render", "snippets list", "snippets search", "snippets show",
                "snippets suggest", "members list", "members show"):  # fmt: skip
        assert cmd in paths


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", CASE, "--no-such-option"],
        ["render", CASE, "--format", "txt,rtf"],
        ["members", "show", "lord-nobody"],
        ["snippets", "show", "no-such-snippet"],
        ["snippets", "suggest", CASE, "no-such-question"],
        ["no-such-command"],
    ],
    ids=lambda a: " ".join(a),
)
def test_bad_usage_exits_2(args: list[str], cli: Cli) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


# init ---------------------------------------------------------------------------------------


def test_init_makes_a_workspace_that_checks_clean(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "new-ws"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "draftkit.toml").is_file()
    assert (target / CASE / "letter.yaml").is_file()
    assert sorted(p.name for p in (target / "snippets").rglob("*.md"))[:2] == [
        "README.md",
        "cse-academic-links.md",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["new-ws"]  # nothing staged is left
    checked = runner.invoke(app, ["check", str(target / CASE)])
    assert checked.exit_code == 0, checked.output
    assert "no errors" in checked.output  # the seed's real warnings (test_checks_api) remain


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["init", str(tmp_path / "empty")])
    assert result.exit_code == 0
    assert (tmp_path / "empty" / CASE / "debate.yaml").is_file()


def test_init_into_the_folder_the_shell_is_in(tmp_path: Path, monkeypatch) -> None:
    """`mkdir ws && cd ws && draftkit init .`: the folder is filled, not swapped for another
    (the shell would be left in a deleted folder), and nothing staged is left beside it."""
    here = tmp_path / "ws"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    result = CliRunner().invoke(app, ["init", "."])
    assert result.exit_code == 0, result.output
    assert here.stat().st_ino == inode
    assert (Path.cwd() / CASE / "letter.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["ws"]
    assert not [p for p in here.iterdir() if p.name.startswith(".")]


def test_init_refuses_a_folder_with_anything_in_it(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "draft.docx").write_bytes(b"precious")
    (tmp_path / "a-file").write_text("x")
    for target in ("busy", "a-file"):
        result = CliRunner().invoke(app, ["init", str(tmp_path / target)])
        assert result.exit_code == 2
        assert "not an empty folder" in result.output
    assert (tmp_path / "busy" / "draft.docx").read_bytes() == b"precious"
    assert os.listdir(tmp_path / "busy") == ["draft.docx"]


# check --------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [CASE, f"{CASE}/letter.yaml"])
def test_check_a_clean_case(target: str, cli: Cli) -> None:
    result = cli("check", target)
    assert result.exit_code == 0, result.output
    assert "no errors" in result.output


def test_check_json_is_plain_json(cli: Cli) -> None:
    result = cli("check", CASE, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["case"] == CASE
    assert isinstance(data["findings"], list)


def test_check_json_reports_input_errors(case: Path, cli: Cli) -> None:
    letter = case / "letter.yaml"
    letter.write_text(letter.read_text().replace("to: lord-rosser", "to: 42"))
    result = cli("check", CASE, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    [error] = [f for f in data["findings"] if f["severity"] == "error"]
    assert (error["file"], error["line"], error["field"]) == (f"{CASE}/letter.yaml", 6, "to")


def test_a_missing_case_folder(cli: Cli) -> None:
    result = cli("check", "no-such-case")
    assert result.exit_code == 1
    assert "no-such-case: no such case folder" in result.output


# render -------------------------------------------------------------------------------------


def test_render_txt_writes_the_composed_letter(case: Path, workspace: Path, cli: Cli) -> None:
    result = cli("render", CASE, "-o", "out", "--format", "txt")
    assert result.exit_code == 0, result.output
    path = workspace / "out" / "MC2019-05-30-rosser.txt"
    assert f"wrote {Path('out') / path.name}" in result.output
    assert path.read_text(encoding="utf-8") == to_text(compose(load_case(case)))
    assert path.stat().st_mode & 0o044, "a letter is readable by colleagues, not 0600"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left


def test_a_failed_render_leaves_the_good_output_untouched(
    case: Path, workspace: Path, cli: Cli
) -> None:
    assert cli("render", CASE, "-o", "out", "--format", "txt").exit_code == 0
    path = workspace / "out" / "MC2019-05-30-rosser.txt"
    before, stat = path.read_bytes(), path.stat()
    letter = case / "letter.yaml"
    text = letter.read_text().replace("which I have taken", "which {{ undefined_thing }} taken")
    letter.write_text(text)
    result = cli("render", CASE, "-o", "out", "--format", "txt")
    assert result.exit_code == 1
    assert "placeholder not filled: undefined_thing" in result.output
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_render_refuses_a_file_as_output_folder(workspace: Path, cli: Cli) -> None:
    (workspace / "out").write_text("not a folder")
    result = cli("render", CASE, "-o", "out", "--format", "txt")
    assert result.exit_code == 2
    assert "out is a file" in result.output


# snippets -----------------------------------------------------------------------------------


def test_snippets_list(cli: Cli) -> None:
    result = cli("snippets", "list", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert len(rows) == 7
    taxi = next(r for r in rows if r["id"] == "taxi-cross-border-tfg")
    assert (taxi["version"], taxi["status"], taxi["owner"][:22]) == (
        2,
        "approved",
        "Department for Transpo",
    )
    assert (taxi["approved_on"], taxi["review_by"]) == ("2019-05-22", "2019-12-31")
    text = cli("snippets", "list")
    assert text.exit_code == 0 and "taxi-cross-border-tfg" in text.output


def test_snippets_search(cli: Cli) -> None:
    found = json.loads(cli("snippets", "search", "taxi licensing", "--json").stdout)
    assert [r["id"] for r in found] == ["taxi-cross-border-tfg"]
    several = json.loads(cli("snippets", "search", "offenders", "--json").stdout)
    assert {"cse-investigator-interviews", "offender-prevention-partners"} <= {
        r["id"] for r in several
    }
    none = cli("snippets", "search", "fisheries quotas")
    assert none.exit_code == 0 and "No snippet matches" in none.output


def test_snippets_show(cli: Cli) -> None:
    result = cli("snippets", "show", "offender-prevention-partners")
    assert result.exit_code == 0
    for shown in ("Tackling Child Sexual Abuse Unit", "2019-05-20", "2019-08-31", "callers:"):
        assert shown in result.output
    assert "{{ params.callers }}" in result.output
    data = json.loads(cli("snippets", "show", "offender-prevention-partners", "--json").stdout)
    assert data["version"] == 3 and "{{ params.callers }}" in data["body"]
    assert set(data["params"]) == {"callers", "since"}


# members ------------------------------------------------------------------------------------


def test_members_list_json_has_the_contract_keys(cli: Cli) -> None:
    result = cli("members", "list", "--json")
    assert result.exit_code == 0
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert all(set(r) >= MEMBER_KEYS for r in rows.values())
    assert {k: rows["lord-blunkett"][k] for k in MEMBER_KEYS} == {
        "id": "lord-blunkett",
        "rank": "Lord",
        "display": "Lord Blunkett",
        "address_line": "The Rt Hon. the Lord Blunkett",
        "salutation": "Dear Lord Blunkett",
        "in_text": "Lord Blunkett",
    }
    assert rows["viscount-falkland"]["salutation"] == "Dear Lord Falkland"


def test_members_show(cli: Cli) -> None:
    data = json.loads(cli("members", "show", "baroness-williams-of-trafford", "--json").stdout)
    assert set(data) >= MEMBER_KEYS
    assert (data["display"], data["salutation"]) == (
        "Baroness Williams of Trafford",
        "Dear Baroness Williams",
    )
    text = cli("members", "show", "lord-rosser")
    assert text.exit_code == 0
    assert "The Lord Rosser" in text.output and "Dear Lord Rosser" in text.output


def test_members_list_text(cli: Cli) -> None:
    result = cli("members", "list")
    assert result.exit_code == 0
    assert "viscount-falkland" in result.output


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["members", "show", "rosser"], "no member `rosser` (did you mean `lord-rosser`?)"),
        (["snippets", "show", "taxi-cross-border"], "(did you mean `taxi-cross-border-tfg`?)"),
    ],
)
def test_an_unknown_id_gets_a_hint(args: list[str], hint: str, cli: Cli) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert hint in result.output


def test_files_saved_with_a_bom_and_crlf_read_the_same(
    workspace: Path, case: Path, cli: Cli
) -> None:
    """Notepad and Word save UTF-8 with a byte-order mark and CRLF line ends."""
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "snippets", workspace / "snippets")
    expected = to_text(compose(load_case(case)))
    for path in [case / "letter.yaml", case / "debate.yaml", workspace / "members.yaml",
                 workspace / "draftkit.toml", *(workspace / "snippets").rglob("*.md")]:  # fmt: skip
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = cli("render", CASE, "-o", "out", "--format", "txt")
    assert result.exit_code == 0, result.output
    assert (workspace / "out" / "MC2019-05-30-rosser.txt").read_text(encoding="utf-8") == expected


def test_every_command_is_registered_once_with_its_own_help_line() -> None:
    """`draftkit --help` lists COMMANDS' lines without importing: each must be the command's."""
    import importlib
    import pkgutil

    import draftkit.cli as cli

    for name, entry in cli.COMMANDS.items():
        assert cli.load_command(name).get_short_help_str(500) == entry.help, name
    with_commands = {
        m.name
        for m in pkgutil.iter_modules(cli.__path__)
        if isinstance(
            getattr(importlib.import_module(f"draftkit.cli.{m.name}"), "app", None), typer.Typer
        )
    }
    assert with_commands == {e.module for e in cli.COMMANDS.values()}


def test_a_group_of_one_command_stays_a_group(cli: Cli) -> None:
    result = cli("undertakings", "--help")
    assert result.exit_code == 0 and "list" in result.output
    assert "--install-completion" not in result.output  # only the root offers completion


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text().splitlines()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    command = readme[readme.index("```sh") + 2]  # the README's second command
    assert "scripts/lint.sh" in command and command.index("lint.sh") < command.index("pytest")
    assert ci[-1] == command


#: Runs `draftkit ARGS` through its entry point and reports, at the very end of the
#: process, how the cyclic collector was set and whether the command's objects were frozen.
GC_PROBE = """
import atexit, gc, json, sys
atexit.register(lambda: print(json.dumps([gc.get_threshold(), gc.get_freeze_count() > 0])))
from draftkit.program import main
sys.argv = ["draftkit", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    ("args", "code"), [(["--help"], 0), (["check", "no-such-case"], 1), (["render"], 2)]
)
def test_the_program_collects_rarely_and_freezes_what_it_made(args: list[str], code: int) -> None:
    """Whether the command succeeds, fails on input or is misused: the collector runs at
    `GC_THRESHOLD`, and the objects left at the end are frozen out of the exit's passes."""
    import subprocess
    import sys

    from conftest import ROOT
    from draftkit.program import GC_THRESHOLD

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", GC_PROBE, *args], capture_output=True, text=True, env=env
    )
    assert proc.returncode == code, proc.stderr
    threshold, frozen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert tuple(threshold) == GC_THRESHOLD and frozen
