"""Reading member files by their content: ParlParse XML or Members API JSON."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem, Where
from ..xmlsafe import parse_xml
from . import parlparse
from .members_api import read_members_api
from .records import Batch

if TYPE_CHECKING:
    from lxml import etree


def read_sources(paths: Sequence[Path], today: dt.date | None = None) -> list[Batch]:
    """Every member in `paths`; a `people.xml` among them links ParlParse ids of one person.

    Raises `InputError` with every problem found (unreadable, malformed, hostile or
    incomplete files): then nothing may be written.
    """
    today = today or dt.date.today()
    problems: list[Problem] = []
    people: dict[str, str] = {}
    xml_files = []
    batches: list[Batch] = []
    for path in paths:
        name: Where = path
        try:
            raw = path.read_bytes()
            batch_or_root = _parse(raw, name)
        except InputError as exc:
            problems += exc.problems
            continue
        except OSError as exc:
            problems.append(Problem(name, None, "", f"cannot read: {exc.strerror}"))
            continue
        if isinstance(batch_or_root, Batch):
            batches.append(batch_or_root)
            continue
        what = parlparse.kind(batch_or_root)
        if what is None:
            problems.append(
                Problem(
                    name,
                    batch_or_root.sourceline,
                    "",
                    "not a ParlParse members file: expected <lord>, <member> or <person> "
                    f"entries inside <{batch_or_root.tag}>",
                )
            )
        elif what == "people":
            try:
                people.update(parlparse.read_people(batch_or_root, name))
            except InputError as exc:
                problems += exc.problems
        else:
            xml_files.append((batch_or_root, name, raw))
    if people and not xml_files and not batches and not problems:
        problems.append(
            Problem(
                paths[0],
                None,
                "",
                "people.xml only says which ParlParse ids are one person; import it together "
                "with the members files (e.g. peers-ucl.xml all-members.xml people.xml)",
            )
        )
    for root, name, raw in xml_files:
        try:
            batches.append(parlparse.read_members(root, name, today, people or None, raw))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return batches


def _parse(raw: bytes, name: Where) -> Batch | etree._Element:
    """A Members API batch for JSON, the parsed root element for XML."""
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        mislabelled = _utf8_declared_latin1(raw, name)
        if mislabelled:
            raise InputError([mislabelled])
        return parse_xml(raw, name)
    if head in (b"{", b"["):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise InputError(
                [Problem(name, line, "", f"JSON must be UTF-8 text ({exc.reason})")]
            ) from None
        return read_members_api(text, name)
    raise InputError(
        [
            Problem(
                name,
                1,
                "",
                "neither XML (ParlParse members) nor JSON (Members API): cannot import it",
            )
        ]
    )


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SINGLE_BYTE = {b"iso-8859-1", b"iso8859-1", b"latin-1", b"latin1", b"windows-1252", b"cp1252"}


def _utf8_declared_latin1(raw: bytes, name: Where) -> Problem | None:
    """A file saved as UTF-8 but still declaring ISO-8859-1 (as ParlParse files do) parses
    without complaint and garbles every accented name ("SiÃ¢n"): refuse it instead."""
    m = _DECLARED.match(raw)
    if m is None or m.group(1).lower() not in _SINGLE_BYTE or raw.isascii():
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None  # really single-byte text
    first = re.search(rb"[\x80-\xff]", raw)
    line = raw.count(b"\n", 0, first.start()) + 1 if first else None
    return Problem(
        name,
        line,
        "",
        f"the file declares {m.group(1).decode()} but its text is UTF-8, so accented names "
        'would be garbled; correct the encoding in its <?xml ...?> line (encoding="UTF-8")',
    )
