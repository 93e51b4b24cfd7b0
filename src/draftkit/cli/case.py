"""Commands on a case: init, check, render (and edit, which opens the TUI).

Each command imports what it needs when it runs: `init` copies files and loads no
model, and `check` starts opening the spelling dictionary (C code, on another core)
before it imports the checks and reads the case.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import InputError, display_path
from ..render import FORMATS, parse_formats, write_outputs
from ..resources import bundled_dir
from .common import EXIT_INPUT, JsonOption, fail, open_case, os_error, out, print_json, usage
from .console import escape

if TYPE_CHECKING:
    from ..workspace import Case

CaseArg = typer.Argument(..., help="A case folder, or its letter.yaml.", exists=False)


app = typer.Typer()


#: `init --empty`: the settings and the one minister a new department starts from.
EMPTY_SETTINGS = """\
# A new workspace. Set your department's name; `letterhead` names a folder under
# templates/letterhead/ (edit the copy of `generic` there, or add your own).
department = "HM Government"
letterhead = "generic"

[checks]

[undertakings]
due_working_days = 10
"""
EMPTY_MINISTERS = """\
# The ministers who sign letters. Set the name and role; `member` is their id in the
# member directory once imported (draftkit members import ...).
- id: minister
  name: Minister of State
  role: Minister of State
  department: HM Government
  letterhead: generic
"""
EMPTY_SNIPPETS = """\
# The snippet library

One approved line to take per `*.md` file: YAML front matter (`id`, `title`, `topics`,
`status`, `owner`, `approved_by`, `approved_on`, `review_by`, `version`, `params`) between
`---` lines, then the text in Markdown. While this folder holds none, cases here use no
library (the Home Office examples are not brought in).
"""


@app.command("init")
def init(
    directory: Path = typer.Argument(..., help="Folder for the new workspace."),
    empty: bool = typer.Option(
        False,
        "--empty",
        help="Settings, one minister and the generic letterhead only: no example case.",
    ),
) -> None:
    """Scaffold a workspace: the example case, its members and ministers, and the snippet library.

    With --empty: settings, one minister to edit, the generic letterhead (to copy into your
    department's) and an empty snippet library. The folder must be new or empty; nothing
    is written there until the whole workspace has been made beside it.
    """
    from ..atomic import replace_folder

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        usage(f"{directory} is not an empty folder; choose a new one")
    ignore = shutil.ignore_patterns("__pycache__", "*.db", ".*")
    try:
        with replace_folder(directory) as staged:
            if empty:
                _scaffold_empty(staged.path, ignore)
            else:
                shutil.copytree(
                    bundled_dir("examples"), staged.path, ignore=ignore, dirs_exist_ok=True
                )
                shutil.copytree(bundled_dir("snippets"), staged.path / "snippets", ignore=ignore)
    except OSError as exc:
        usage(f"cannot create {directory}: {exc.strerror or exc}")
    out.print(f"Created workspace {directory}", markup=False)
    if empty:
        out.print(f"  settings: {directory / 'draftkit.toml'}", markup=False)
        out.print(f"  minister: {directory / 'ministers.yaml'}", markup=False)
        letterhead = directory / "templates" / "letterhead" / "generic"
        out.print(f"  letterhead: {letterhead}", markup=False)
        out.print(f"  snippet library (empty): {directory / 'snippets'}", markup=False)
        out.print(f"Next: draftkit debate import SOURCE --case {directory / 'CASE'}", markup=False)
        return
    for case_dir in sorted(p.parent for p in directory.glob("*/letter.yaml")):
        out.print(f"  example case: {case_dir}", markup=False)
    out.print(f"  snippet library: {directory / 'snippets'}", markup=False)
    out.print(f"Try: draftkit check {directory / 'grooming-gangs-2019'}", markup=False)


def _scaffold_empty(root: Path, ignore: Callable[..., Any]) -> None:
    """Settings, one minister, the generic letterhead and an empty library under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "draftkit.toml").write_text(EMPTY_SETTINGS, encoding="utf-8")
    (root / "ministers.yaml").write_text(EMPTY_MINISTERS, encoding="utf-8")
    letterhead = bundled_dir("templates") / "letterhead" / "generic"
    shutil.copytree(letterhead, root / "templates" / "letterhead" / "generic", ignore=ignore)
    (root / "snippets").mkdir()
    (root / "snippets" / "README.md").write_text(EMPTY_SNIPPETS, encoding="utf-8")


@app.command("check")
def check(
    case_path: Path = CaseArg,
    as_json: bool = JsonOption,
) -> None:
    """Check a case before it goes to the minister: inputs, coverage, clearance, style.

    Exit 1 when there is any error; warnings alone exit 0.
    """
    from .. import spelling

    spelling.preload()  # while the checks are imported and the case is read
    from ..checks import blocking, from_problems, run_checks
    from ..workspace import load_case
    from .findings import show, summary

    try:
        case = load_case(case_path, round_trip=False)  # read only: no comments to keep
    except InputError as exc:
        if not as_json:
            fail(exc.problems)
        findings = from_problems(exc.problems)
    else:
        findings = run_checks(case) + from_problems(
            case.workspace.warnings, code="settings.unknown", severity="warning"
        )
    errors = blocking(findings)
    if as_json:
        print_json(
            {
                "case": display_path(case_path),
                "ok": not errors,
                "summary": {"errors": len(errors), "warnings": len(findings) - len(errors)},
                "findings": [f.as_dict(display_path) for f in findings],
            }
        )
    else:
        show(out, findings)
        colour = "red" if errors else "yellow" if findings else "green"
        out.print(f"[{colour}]{escape(display_path(case_path))}: {summary(findings)}[/{colour}]")
    if errors:
        raise typer.Exit(EXIT_INPUT)


def _signed(case: Case) -> bool:
    """Is the letter signed as it stands (the register says so)? A register error exits 1."""
    from .. import register
    from ..clearance.workflow import is_signed

    try:
        return is_signed(case)
    except register.RegisterError as exc:
        usage(str(exc))


@app.command("render")
def render(
    case_path: Path = CaseArg,
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Folder for the files."),
    formats: str = typer.Option(
        "pdf,docx", "--format", "-f", help=f"Comma-separated: {', '.join(FORMATS)}."
    ),
) -> None:
    """Render the addressee's letter as OUT/<reference>.<format>."""
    from ..compose import compose, require_body

    try:
        chosen = parse_formats(formats)
    except ValueError as exc:
        usage(str(exc))
    if output.exists() and not output.is_dir():
        usage(f"{output} is a file; -o takes a folder")
    case = open_case(case_path)
    try:
        document = require_body(case, compose(case, signed=_signed(case)))
        paths = write_outputs(document, chosen, output)
    except InputError as exc:
        fail(exc.problems)
    except OSError as exc:  # a read-only, full or forbidden folder: one line, exit 1
        os_error(exc, output)
    for path in paths:
        out.print(f"wrote {display_path(path)}", markup=False)
