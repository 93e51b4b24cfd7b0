"""Showing check findings on the terminal: grouped by family, coloured, with fixes and diffs."""

from __future__ import annotations

from collections.abc import Sequence

from ..checks import Finding, blocking
from ..errors import display_path
from .console import Console, escape

_COLOUR = {"error": "red", "warning": "yellow"}

#: Headings for each family of codes, in the order they are shown.
FAMILIES = {
    "input": "Input",
    "settings": "Settings",
    "coverage": "Coverage",
    "snippet": "Clearance",
    "distribution": "Distribution",
    "date": "Dates",
    "style": "House style",
    "names": "Names",
    "checks": "Switches",
}


def summary(findings: Sequence[Finding]) -> str:
    """ "1 error, 3 warnings" (or "no problems")."""
    errors = len(blocking(findings))
    warnings = len(findings) - errors
    if not findings:
        return "no problems"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else ["no errors"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def show(console: Console, findings: Sequence[Finding]) -> None:
    """Every finding under its family's heading: place, message, suggested fix, any diff."""
    order = list(FAMILIES)
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.family, []).append(f)
    for family in sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g)):
        console.print(f"[bold]{FAMILIES.get(family, family.title())}[/bold]")
        for f in groups[family]:
            colour = _COLOUR[f.severity]
            place = f" {escape(f.place)}:" if f.place else ""
            console.print(
                f"  {escape(f.location(display_path))}:{place} [{colour}]{f.severity}[/{colour}] "
                f"{escape(f.message)} [dim]\\[{f.code}][/dim]"
            )
            if f.fix:
                console.print(f"    [green]fix:[/green] {escape(f.fix)}")
            if f.detail:
                for line in f.detail.rstrip("\n").splitlines():
                    style = (
                        "green"
                        if line.startswith("+") and not line.startswith("+++")
                        else "red"
                        if line.startswith("-") and not line.startswith("---")
                        else "dim"
                    )
                    console.print(f"      [{style}]{escape(line)}[/{style}]")
