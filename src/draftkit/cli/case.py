"""Commands on a case: init, check, render (and edit, which opens the TUI)."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from ..compose import compose
from ..errors import InputError, display_path
from ..render import FORMATS, parse_formats, write_outputs
from ..resources import bundled_dir
from ..workspace import load_case
from .common import fail, open_case, out, print_json, usage

CaseArg = typer.Argument(..., help="A case folder, or its letter.yaml.", exists=False)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("check")(check)
    app.command("render")(render)


def init(directory: Path = typer.Argument(..., help="Folder for the new workspace.")) -> None:
    """Scaffold a workspace with the example case (the Home Office letter of 30 May 2019)."""
    if directory.exists() and any(directory.iterdir()):
        usage(f"{directory} is not empty; choose a new folder")
    source = bundled_dir("examples")
    staging = directory.with_name(f".{directory.name}.init-tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    if directory.exists():
        directory.rmdir()
    staging.rename(directory)
    out.print(f"Created workspace {directory}")
    for case_dir in sorted(p.parent for p in directory.glob("*/letter.yaml")):
        out.print(f"  example case: {case_dir}")
    out.print(f"Try: draftkit check {directory}/grooming-gangs-2019")


def check(
    case_path: Path = CaseArg,
    as_json: bool = typer.Option(False, "--json", help="Findings as JSON for scripts."),
) -> None:
    """Validate a case: every file, every reference, every placeholder."""
    problems = []
    try:
        case = load_case(case_path)
        compose(case)
        warnings = case.workspace.warnings
    except InputError as exc:
        problems = exc.problems
        warnings = []
    findings = [{"code": "input", "severity": "error", **p.as_dict()} for p in problems]
    findings += [{"code": "settings", "severity": "warning", **p.as_dict()} for p in warnings]
    if as_json:
        print_json({"case": display_path(case_path), "ok": not problems, "findings": findings})
        if problems:
            raise typer.Exit(1)
        return
    for w in warnings:
        out.print(f"warning: {w}", markup=False)
    if problems:
        fail(problems)
    out.print(f"{display_path(case_path)}: no errors")


def render(
    case_path: Path = CaseArg,
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Folder for the files."),
    formats: str = typer.Option(
        "pdf,docx", "--format", "-f", help=f"Comma-separated: {', '.join(FORMATS)}."
    ),
) -> None:
    """Render the addressee's letter as OUT/<reference>.<format>."""
    try:
        chosen = parse_formats(formats)
    except ValueError as exc:
        usage(str(exc))
    case = open_case(case_path)
    try:
        document = compose(case)
        paths = write_outputs(document, chosen, output)
    except InputError as exc:
        fail(exc.problems)
    for path in paths:
        out.print(f"wrote {display_path(path)}")
