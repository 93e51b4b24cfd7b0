"""Switching rules off: per workspace (`draftkit.toml` `[checks]`) or per block with a reason.

A key names a code (`style.spelling`) or a whole family (`style`). In TOML either
`"style.spelling" = false` or the dotted form `style.spelling = false` works. A block's
`checks: {code: reason}` silences that code for the block's own text; the reason is
required, and a switch naming no known code, or silencing nothing, is reported.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..loading import field_path
from ..workspace import SETTINGS_FILE, Case
from .findings import Finding, Severity

#: The codes this module emits about the switches themselves.
CODES = {
    "checks.reason": "a block switches a check off without saying why",
    "checks.unknown": "a switch names no known check",
    "checks.unused": "a block switches off a check it does not trip",
}


def matches(key: str, code: str) -> bool:
    """Does a switch `key` (a code or a family prefix) cover `code`?"""
    return code == key or code.startswith(key + ".")


def _known(key: str, codes: Iterable[str]) -> bool:
    return any(matches(key, c) for c in codes)


def _hint(key: str, codes: Mapping[str, str]) -> str | None:
    families = {c.split(".", 1)[0] for c in codes}
    close = difflib.get_close_matches(key, [*codes, *families], n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def apply_switches(case: Case, findings: list[Finding], codes: Mapping[str, str]) -> list[Finding]:
    """Drop switched-off findings; add findings about the switches themselves."""
    off = [k for k, on in case.workspace.settings.checks.items() if not on]
    kept = [f for f in findings if not any(matches(k, f.code) for k in off)]
    out: list[Finding] = []
    used: set[tuple[int, int, str]] = set()
    for f in kept:
        if f.section is not None and f.block is not None:
            block = case.letter.sections[f.section].blocks[f.block]
            key = next((k for k in block.checks if matches(k, f.code)), None)
            if key is not None:
                used.add((f.section, f.block, key))
                continue
        out.append(f)
    out += _settings_findings(case, codes)
    out += _block_findings(case, codes, used)
    return out


def _settings_findings(case: Case, codes: Mapping[str, str]) -> list[Finding]:
    path = case.workspace.root / SETTINGS_FILE
    found: list[Finding] = []
    for key in case.workspace.settings.checks:
        if _known(key, codes):
            continue
        line = _toml_line(path, key)
        found.append(
            Finding(
                "checks.unknown",
                "warning",
                path,
                line,
                f"checks.{key}",
                f"no check is called `{key}`; this switch does nothing",
                _hint(key, codes),
                field=f"checks.{key}",
            )
        )
    return found


def _toml_line(path: Path, key: str) -> int | None:
    """The line of `key` in draftkit.toml (TOML parsers do not keep lines)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    last = key.rsplit(".", 1)[-1]
    for n, text in enumerate(lines, start=1):
        stripped = text.strip().replace('"', "").replace("'", "")
        if stripped.startswith((key, last)) and "=" in stripped:
            return n
    return None


def _block_findings(
    case: Case, codes: Mapping[str, str], used: set[tuple[int, int, str]]
) -> list[Finding]:
    found: list[Finding] = []
    for s, section in enumerate(case.letter.sections):
        for b, block in enumerate(section.blocks):
            for key, reason in block.checks.items():
                at = _BlockSwitch(case, s, b, key)
                if not str(reason or "").strip():
                    found.append(
                        at.finding(
                            "checks.reason",
                            "error",
                            f"switching off `{key}` needs a reason",
                            f"write why, e.g. `{key}: quoted verbatim from the Hansard record`",
                        )
                    )
                if not _known(key, codes):
                    found.append(
                        at.finding(
                            "checks.unknown",
                            "warning",
                            f"no check is called `{key}`; this switch does nothing",
                            _hint(key, codes),
                        )
                    )
                elif (s, b, key) not in used:
                    found.append(
                        at.finding(
                            "checks.unused",
                            "warning",
                            f"`{key}` is switched off here but this block raises no such finding",
                            "remove the switch",
                        )
                    )
    return found


@dataclass(frozen=True)
class _BlockSwitch:
    """One `checks:` entry of one block, to place findings about it."""

    case: Case
    section: int
    block: int
    key: str

    def finding(self, code: str, severity: Severity, message: str, fix: str | None) -> Finding:
        loc = ("sections", self.section, "blocks", self.block, "checks", self.key)
        return Finding(
            code,
            severity,
            self.case.letter_path,
            self.case.letter_line(loc),
            f"section {self.section + 1}, block {self.block + 1}",
            message,
            fix,
            field=field_path(loc),
            section=self.section,
            block=self.block,
        )
