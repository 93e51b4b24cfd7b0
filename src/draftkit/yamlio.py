"""YAML in and out, keeping line numbers for messages and comments for round trips.

ruamel.yaml's round-trip loader is a safe loader (it never builds Python objects
from tags) and remembers where each key and item stood, so that a pydantic error
at `sections[1].blocks[0].snippet` can be reported at its line.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import InputError, Problem, display_path

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, except that an impossible date stays text.

    ruamel raises a bare ValueError for `2019-02-30`; kept as the string, the model's
    date field reports it at its line and field like any other bad date.
    """

    def _timestamp(self, node: Any) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor(_TIMESTAMP, _Constructor._timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text; a syntax error becomes an `InputError` at its line."""
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        raise InputError([Problem(file, *_syntax_place(exc))]) from None
    except YAMLError as exc:
        raise InputError([Problem(file, None, "", f"YAML syntax: {exc}")]) from None


def _syntax_place(exc: MarkedYAMLError) -> tuple[int | None, str, str]:
    """Line, field and message of a syntax error.

    An unclosed `[`, `{` or quote is noticed lines later; the line that opened it is
    the one to fix, so it is reported there, with where the parser gave up.
    """
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    noticed = exc.problem_mark.line + 1 if exc.problem_mark else None
    context, opened = exc.context or "", exc.context_mark
    if opened and ("flow" in context or "quoted" in context) and noticed != opened.line + 1:
        what = context.removeprefix("while ")
        return (
            opened.line + 1,
            "",
            f"YAML syntax: {problem} on line {noticed} ({what} that starts here)",
        )
    return noticed or (opened.line + 1 if opened else None), "", f"YAML syntax: {problem}"


def load_yaml(path: Path) -> Any:
    """Read and parse a UTF-8 YAML file."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, None, "", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read: {exc.strerror}")]) from None
    return parse_yaml(text, name)


def dump_yaml(data: Any) -> str:
    """Serialise data (plain or round-trip) back to YAML text, comments kept."""
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def line_of(node: Any, loc: Sequence[str | int] = ()) -> int | None:
    """The 1-based line of the value at `loc` inside `node`, or of the nearest parent known."""
    line = _own_line(node)
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            with contextlib.suppress(KeyError, TypeError):
                line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            with contextlib.suppress(KeyError, TypeError):
                line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def _own_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None
    return lc.line + 1
