"""Hostile or broken input is refused at once with `file:line: message`, exit 1, no traceback.

Oversized files are refused before parsing, deep nesting before the parser recurses, a
placeholder that would build a huge string before it builds it, an unknown filter or test
at its line, a letter with nothing in it before anything is rendered, and a file linked
in from outside the workspace without its contents being read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

CASE = "grooming-gangs-2019"
FIRST_PROSE = "          During a debate on {{ debate.date | weekday_date }}, you asked about"


def edit(workspace: Path, name: str, old: str, new: str) -> int:
    """Replace `old` by `new` in a case file; the line the change starts on.

    (A prose block's findings are placed at its `- text:` line, the one before.)
    """
    path = workspace / CASE / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def refused(result: Result, where: str, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if where in ln]
    assert lines, result.output
    assert all(w in lines[0] for w in words), lines[0]


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ 'A' * 500000000 }}",
        "{{ 500000000 * 'A' }}",
        "{{ ['x'] * 500000000 }}",
        "{{ 'A' | center(500000000) }}",
        "{{ 'A'.ljust(500000000) }}",
        "{{ '%500000000s' % 'A' }}",
        "{{ '{:>500000000}'.format('A') }}",
        "{{ ('A' * 90000) | replace('A', 'AAAA') }}",
        "{{ 10 ** 100000000 }}",
        "{% for i in range(90000) %}{{ 'A' * 9000 }}{% endfor %}",
    ],
)
def test_a_placeholder_cannot_build_a_huge_string(
    placeholder: str, workspace: Path, cli: Callable[..., Result]
) -> None:
    line = edit(workspace, "letter.yaml", FIRST_PROSE, FIRST_PROSE.replace("During", placeholder))
    result = cli("check", CASE)
    refused(result, f"letter.yaml:{line - 1}", "more than 100,000")
    assert cli("render", CASE, "-o", "out", "--format", "txt").exit_code == 1
    assert not (workspace / "out").exists()


def test_an_unknown_filter_or_test_is_an_error_at_its_line(
    workspace: Path, cli: Callable[..., Result]
) -> None:
    line = edit(workspace, "letter.yaml", "weekday_date }}", "weekday_dat }}")
    refused(cli("check", CASE), f"letter.yaml:{line - 1}", "No filter named 'weekday_dat'")
    edit(workspace, "letter.yaml", "weekday_dat }}", "weekday_date }}")
    test = " {% if debate is nosuch %}x{% endif %}"
    line = edit(workspace, "letter.yaml", FIRST_PROSE, FIRST_PROSE + test)
    refused(cli("check", CASE), f"letter.yaml:{line - 1}", "nosuch")


def test_an_input_file_over_the_size_limit_is_refused_before_parsing(
    workspace: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    letter = workspace / CASE / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text + ("# padding\n" * 500_000), encoding="utf-8")
    refused(cli("check", CASE), "letter.yaml", "is 5.0 MB, over the 4 MB limit")
    letter.write_text(text, encoding="utf-8")
    assert cli("check", CASE).exit_code == 0
    monkeypatch.setenv("DRAFTKIT_MAX_INPUT_MB", "0.001")  # configurable: now 1 kB is too much
    refused(cli("check", CASE), "letter.yaml", "over the 0.001 MB limit")


@pytest.mark.parametrize(
    ("nest", "line"),
    [("[" * 20_000 + "]" * 20_000, 1), ("".join(f"{' ' * n}- \n" for n in range(0, 420, 2)), 101)],
)
def test_yaml_nested_thousands_deep_is_refused(
    nest: str, line: int, workspace: Path, cli: Callable[..., Result]
) -> None:
    (workspace / CASE / "debate.yaml").write_text(f"questions: {nest}\n", encoding="utf-8")
    refused(cli("check", CASE), f"debate.yaml:{line}", "nested more than 100 levels")


def test_render_refuses_a_letter_with_no_sections(
    workspace: Path, cli: Callable[..., Result]
) -> None:
    letter = workspace / CASE / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    head, _, rest = text.partition("sections:\n")
    tail = rest[rest.index("\nclosing") :] if "\nclosing" in rest else "\n"
    letter.write_text(head + "sections: []" + tail, encoding="utf-8")
    refused(cli("render", CASE, "-o", "out", "--format", "txt"), "letter.yaml", "no sections")
    assert not (workspace / "out").exists()


def test_a_link_out_of_the_workspace_is_refused_and_its_target_never_shown(
    workspace: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: correct-horse-battery-staple\n[unclosed\n", encoding="utf-8")
    letter = workspace / CASE / "letter.yaml"
    letter.unlink()
    letter.symlink_to(secret)
    result = cli("check", CASE)
    refused(result, "letter.yaml", "link to a file outside the workspace")
    assert "correct-horse" not in result.output and "unclosed" not in result.output


def test_a_link_inside_the_workspace_is_read(workspace: Path, cli: Callable[..., Result]) -> None:
    debate = workspace / CASE / "debate.yaml"
    kept = workspace / "debates-archive.yaml"
    debate.rename(kept)
    os.symlink(os.path.relpath(kept, debate.parent), debate)
    assert cli("check", CASE).exit_code == 0


def test_render_into_a_read_only_folder_is_one_line(
    workspace: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    from test_faults import remount, small_disk

    disk = tmp_path / "disk"
    with small_disk(disk, "1m") as real:
        if real:
            remount(disk, "ro")
        else:  # not root: a folder without write permission fails the same way
            disk.chmod(0o555)
        result = cli("render", CASE, "-o", str(disk), "--format", "txt")
        why = "Read-only file system" if real else "Permission denied"
        assert result.exit_code == 1 and why in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and str(disk) in result.stderr
