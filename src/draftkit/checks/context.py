"""What every rule reads: the case, its composed document, the date, and the letter's text.

Text is taken from the composed `Document` (what the reader will see), paragraph by
paragraph, each tied back to its block in letter.yaml and, for snippets, to the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..distribution import copy_recipients
from ..document import BodyBlock, Document, Origin, inline_text, text_blocks
from ..errors import inside
from ..loading import Loc, field_path
from ..models import Member
from ..workspace import Case
from .findings import Finding, Severity

#: A line that starts another block or key in letter.yaml.
_NEXT_BLOCK = re.compile(r"^\s*(?:- )?[a-z_]+:")


@dataclass(frozen=True)
class TextUnit:
    """One paragraph of the letter as printed, and where it came from."""

    text: str
    origin: Origin | None
    place: str
    line: int | None
    field: str


def block_place(section: int, block: int, origin: Origin | None = None) -> str:
    """ "section 1, block 3 (snippet x@2)": 1-based, as an official counts."""
    where = f"section {section + 1}, block {block + 1}"
    if origin is not None and origin.snippet:
        where += f" (snippet {origin.snippet}@{origin.version})"
    return where


@dataclass
class Context:
    """A case under check. `document` is None when composing failed (rules needing text skip)."""

    case: Case
    document: Document | None
    today: dt.date

    @cached_property
    def file(self) -> Path:
        return self.case.letter_path

    def line(self, loc: Loc) -> int | None:
        return self.case.letter_line(loc)

    @cached_property
    def copies(self) -> list[Member]:
        """The members who get a copy, in order (worked out once for every rule)."""
        case = self.case
        return copy_recipients(case.letter, case.debate, case.sender, case.workspace.members)

    @cached_property
    def receiving(self) -> set[str]:
        """The ids of everyone the letter reaches: the addressee and each copy."""
        return {self.case.letter.to, *(m.id for m in self.copies)}

    def at(
        self,
        code: str,
        severity: Severity,
        loc: Loc,
        message: str,
        fix: str | None = None,
        *,
        place: str | None = None,
        detail: str | None = None,
    ) -> Finding:
        """A finding at a letter.yaml field (`loc`); a block's index is taken from `loc`."""
        section = block = None
        if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "blocks":
            section, block = int(loc[1]), int(loc[3])
        path = field_path(loc)
        return Finding(
            code,
            severity,
            self.file,
            self.line(loc),
            place if place is not None else path,
            message,
            fix,
            field=path,
            section=section,
            block=block,
            detail=detail,
        )

    def in_text(
        self,
        code: str,
        severity: Severity,
        unit: TextUnit,
        message: str,
        fix: str | None = None,
        *,
        excerpt: str | None = None,
    ) -> Finding:
        """A finding in a paragraph, placed as exactly as `excerpt` allows.

        Prose: the letter.yaml line holding the excerpt. A snippet: its block's line, and
        the snippet file's line (or the block's `params` entry when the excerpt is a value).
        """
        origin = unit.origin
        place, line, field = unit.place, unit.line, unit.field
        if origin is not None and excerpt:
            loc: Loc = ("sections", origin.section, "blocks", origin.block)
            param = self._param_holding(origin, excerpt)
            if param is not None:
                loc = (*loc, "params", param)
                place += f" params.{param}"
                line, field = self.line(loc), field_path(loc)
            elif origin.snippet:
                where = self.snippet_line(origin.snippet, excerpt)
                if where:
                    place += f" [{where}]"
            else:
                line = self._prose_line(unit.line, excerpt) or line
        return Finding(
            code,
            severity,
            self.file,
            line,
            place,
            message,
            fix,
            field=field,
            section=origin.section if origin else None,
            block=origin.block if origin else None,
        )

    def _param_holding(self, origin: Origin, excerpt: str) -> str | None:
        block = self.case.letter.sections[origin.section].blocks[origin.block]
        return next((k for k, v in block.params.items() if excerpt in str(v)), None)

    @cached_property
    def _letter_lines(self) -> list[str]:
        try:
            return self.case.letter_path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []

    def _prose_line(self, start: int | None, excerpt: str) -> int | None:
        """The line, from a prose block's first line to the next block, holding `excerpt`."""
        if start is None:
            return None
        for n in range(start, len(self._letter_lines) + 1):
            text = self._letter_lines[n - 1]
            if n > start and _NEXT_BLOCK.match(text):
                return None
            if excerpt in text:
                return n
        return None

    def snippet_line(self, snippet_id: str, excerpt: str) -> str | None:
        """`snippets/x.md:14` for the first line of the snippet's body holding `excerpt`."""
        snippet = self.case.workspace.snippets.get(snippet_id)
        if snippet is None:
            return None
        at = snippet.body.find(excerpt)
        if at < 0:
            return inside(snippet.path, self.case.workspace.root)
        line = snippet.body_line + snippet.body.count("\n", 0, at)
        return f"{inside(snippet.path, self.case.workspace.root)}:{line}"

    @cached_property
    def units(self) -> list[TextUnit]:
        """Every paragraph of the body and the closing, in reading order."""
        if self.document is None:
            return []
        out: list[TextUnit] = []
        for section in self.document.sections:
            for block in section.blocks:
                out.extend(self._block_units(block))
        loc: Loc = ("closing",)
        for para in self.document.closing:
            out.append(
                TextUnit(inline_text(para.inlines), None, "closing", self.line(loc), "closing")
            )
        return out

    def _block_units(self, block: BodyBlock) -> Iterator[TextUnit]:
        origin = block.origin
        for para in text_blocks(block):
            if origin is None:
                yield TextUnit(inline_text(para.inlines), None, "body", None, "")
                continue
            loc: Loc = ("sections", origin.section, "blocks", origin.block)
            yield TextUnit(
                inline_text(para.inlines),
                origin,
                block_place(origin.section, origin.block, origin),
                self.line(loc),
                field_path(loc),
            )
