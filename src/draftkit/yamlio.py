"""YAML in and out, keeping line numbers for messages and comments for round trips.

ruamel.yaml's round-trip loader is a safe loader (it never builds Python objects
from tags) and remembers where each key and item stood, so that a pydantic error
at `sections[1].blocks[0].snippet` can be reported at its line.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml as pyyaml

from . import parsecache
from .errors import InputError, Problem, Where
from .inputs import read_text

if TYPE_CHECKING:  # ruamel.yaml (20 ms) is imported by the round trip only, when it runs
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@functools.cache
def _constructor() -> type:
    """The round-trip constructor, except that an impossible date stays text.

    ruamel raises a bare ValueError for `2019-02-30`; kept as the string, the model's
    date field reports it at its line and field like any other bad date.
    """
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        def _timestamp(self, node: Any) -> Any:
            try:
                return self.construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    _Constructor.add_constructor(_TIMESTAMP, _Constructor._timestamp)
    return _Constructor


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


#: How deep YAML may nest (blocks, flow brackets): a letter needs a handful of levels; a
#: file nested thousands deep would exhaust the parser's stack and take seconds doing so.
MAX_DEPTH = 100


def too_deep(text: str) -> int | None:
    """The line at which `text` nests deeper than `MAX_DEPTH`, if it does (a quick scan)."""
    flow = 0
    for number, line in enumerate(text.splitlines(), start=1):
        rest = line.lstrip(" ")
        level = len(line) - len(rest)
        while rest.startswith("- ") or rest.startswith("? "):
            level += 2
            rest = rest[2:].lstrip(" ")
        if level > 2 * MAX_DEPTH:
            return number
        for char in rest:
            if char in "[{":
                flow += 1
                if flow > MAX_DEPTH:
                    return number
            elif char in "]}":
                flow = max(0, flow - 1)
    return None


def _check_depth(text: str, file: Where) -> None:
    line = too_deep(text)
    if line is not None:
        message = f"nested more than {MAX_DEPTH} levels deep: not a draftkit file"
        raise InputError([Problem(file, line, "", message)])


def parse_yaml(text: str, file: Where) -> Any:
    """Parse YAML text; a syntax error becomes an `InputError` at its line."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _check_depth(text, file)
    try:
        return _yaml().load(text)
    except RecursionError:
        raise InputError([Problem(file, None, "", "nested too deeply to read")]) from None
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
    """Read and parse a UTF-8 YAML file (refused if too large or linked from outside)."""
    return parse_yaml(_read(path), path)


def _read(path: Path) -> str:
    """A YAML file's text; unreadable or not UTF-8 is an `InputError` naming the file."""
    try:
        return read_text(path)
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path, None, "", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, "", f"cannot read: {exc.strerror}")]) from None


def load_optional_yaml(path: Path, *, fast: bool = False) -> tuple[Any, list[Problem]]:
    """An optional YAML file: (None, []) when absent or empty, (None, problems) when bad.

    `fast` reads it with `load_yaml_fast` (lines of top-level list items only)."""
    if not path.is_file():
        return None, []
    try:
        return (load_yaml_fast(path) if fast else load_yaml(path)), []
    except InputError as exc:
        return None, list(exc.problems)


def dump_yaml(data: Any) -> str:
    """Serialise data (plain or round-trip) back to YAML text, comments kept."""
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def line_of(node: Any, loc: Sequence[str | int] = ()) -> int | None:
    """The 1-based line of the value at `loc` inside `node`, or of the nearest parent known."""
    line = _own_line(node)
    for part in loc:
        lc = getattr(node, "lc", None)  # the round trip's maps and lists know their lines
        if lc is None:
            break
        if isinstance(node, dict) and part in node:
            with contextlib.suppress(KeyError, TypeError):
                line = lc.key(part)[0] + 1
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            with contextlib.suppress(KeyError, TypeError):
                line = lc.item(part)[0] + 1
        else:
            break
        node = node[part]
    return line


def item_lines(items: Sequence[Any]) -> list[int | None]:
    """Each item's line, as `line_of(items, (i,))` gives it, asked of the list's places at
    once (a directory of 1,200 members: one look-up each, not a walk each)."""
    try:
        lc = items.lc  # type: ignore[attr-defined]  # a lined or round-trip list knows its lines
        return [lc.item(i)[0] + 1 for i in range(len(items))]
    except (AttributeError, KeyError, TypeError):
        return [line_of(items, (i,)) for i in range(len(items))]


def _own_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None
    return lc.line + 1


# A fast path for big files (an imported directory of 1,200 peers): libyaml's C parser
# reads them ten times faster than the round trip. It is given the YAML 1.2 core schema
# ruamel.yaml reads, so both give the same data ("no" stays text, "010" is ten); it keeps
# only the line of each top-level list item. Callers re-read a file with `load_yaml` to
# place a field's error at its exact line.
FAST_YAML = getattr(pyyaml, "__with_libyaml__", False)

_CORE_RESOLVERS: list[tuple[str, str, str]] = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$",
        "-+0123456789",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
]


# The base is chosen when imported (libyaml's C loader where installed), so mypy cannot see it.
class _CoreLoader(pyyaml.CSafeLoader if FAST_YAML else pyyaml.SafeLoader):  # type: ignore[misc]
    """libyaml with the YAML 1.2 core schema (what ruamel.yaml's round trip reads)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}

    def construct_yaml_int(self, node: Any) -> int:
        text = str(self.construct_scalar(node)).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
            if digits.startswith(prefix):
                return sign * int(digits[2:], base)
        return sign * int(digits)


_CoreLoader.add_constructor("tag:yaml.org,2002:int", _CoreLoader.construct_yaml_int)
for _kind, _pattern, _first in _CORE_RESOLVERS:
    _CoreLoader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_kind}", re.compile(_pattern, re.X), list(_first) or [""]
    )
_CoreLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


#: A file this long (in characters) is parsed once and its data kept by `parsecache`:
#: an imported directory (1,200 Peers are 170 kB), not a letter or a snippet.
CACHE_FROM = 32_000


def load_yaml_fast(path: Path) -> Any:
    """Read a YAML file quickly; a top-level list keeps each item's line for messages.

    Falls back to the round trip when libyaml is missing or the file is not valid YAML
    (so the error is placed exactly as `load_yaml` places it). A big file's data comes
    from `parsecache` when the same text has been parsed before.
    """
    if not FAST_YAML:
        return load_yaml(path)
    try:
        text = read_text(path)
    except (UnicodeDecodeError, OSError):
        return load_yaml(path)
    if len(text) < CACHE_FROM:
        return parse_yaml_fast(text, path)
    name = parsecache.key(text, *_parser())
    kept = parsecache.get(name)
    if kept is None:
        _check_depth(text, path)
        kept = _parse_core(text)
        if kept is None:
            return parse_yaml(text, path)
        parsecache.put(name, kept)
    return _lined(*kept)


@functools.cache
def _parser() -> tuple[bytes, bytes]:
    """What a kept parse depends on besides the text: this module's source, libyaml's
    binding; read once a process, not at every big file."""
    return Path(__file__).read_bytes(), pyyaml.__version__.encode()


def parse_yaml_fast(text: str, name: Where) -> Any:
    """`load_yaml_fast` on text already read (a snippet's front matter, say)."""
    if not FAST_YAML:
        return parse_yaml(text, name)
    _check_depth(text, name)
    parsed = _parse_core(text)
    return parse_yaml(text, name) if parsed is None else _lined(*parsed)


Lines = list[tuple[int, int]]


def _parse_core(text: str) -> tuple[Any, Lines | None] | None:
    """libyaml's data of `text`, with (line, column) of a top-level list and of each of its
    items; None when libyaml refuses it (the round trip then says why, at its line)."""
    parsed = _compose(text)
    if parsed is None:
        return None
    data, node = parsed
    if isinstance(data, list) and isinstance(node, pyyaml.SequenceNode):
        marks = [node.start_mark, *(item.start_mark for item in node.value)]
        return data, [(m.line, m.column) for m in marks]
    return data, None


def _compose(text: str) -> tuple[Any, Any] | None:
    """libyaml's data of `text` and its node tree; None when libyaml refuses the text."""
    try:
        loader = _CoreLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (pyyaml.YAMLError, ValueError):  # ValueError: an impossible date (2019-02-30)
        return None
    return data, node


class _Places:
    """Where a map's keys or a list's items stood, asked as ruamel's `lc` is asked."""

    __slots__ = ("at", "col", "line")

    def __init__(self, line: int, col: int, at: dict[Any, tuple[int, int]]) -> None:
        self.line, self.col, self.at = line, col, at

    def key(self, key: Any) -> tuple[int, int]:
        return self.at[key]

    item = key


class LinedMap(dict[Any, Any]):
    """A mapping read by libyaml that knows the line of each key (`line_of` reads it)."""

    lc: _Places


class LinedList(list[Any]):
    """A list read by libyaml that knows the line of each item (`line_of` reads it)."""

    lc: _Places


def _lined(data: Any, lines: Lines | None) -> Any:
    """`data` with its lines: a top-level list knows its own and its items' lines."""
    if lines is None:
        return data
    seq = LinedList(data)
    seq.lc = _Places(*lines[0], dict(enumerate(lines[1:])))
    return seq


class _Unplaceable(Exception):
    """libyaml's data and its nodes do not pair up, or libyaml reads them otherwise than the
    round trip (a key given twice, a merge key)."""


def parse_yaml_lined(text: str, name: Where) -> Any:
    """`parse_yaml`'s data and lines for reading only (no comments kept for writing back).

    libyaml reads it, and every map and list learns where its keys and items stood, so
    `line_of` answers as for the round trip; what libyaml refuses, or a file whose nodes
    cannot be paired with its data, is read by the round trip instead.
    """
    if not FAST_YAML:
        return parse_yaml(text, name)
    _check_depth(text, name)
    parsed = _compose(text)
    if parsed is None:
        return parse_yaml(text, name)
    try:
        return _place(*parsed)
    except _Unplaceable:
        return parse_yaml(text, name)


def _place(data: Any, node: Any, done: dict[int, Any] | None = None) -> Any:
    """`data` with the lines of `node` (the node it was constructed from) at every level.

    A node met again through an alias is placed once and shared (`done`, by node), as
    libyaml shares its data: nine anchors of nine aliases each stay nine small lists,
    never the 387 million items they would expand to.
    """
    done = {} if done is None else done
    if id(node) in done:
        return done[id(node)]
    if isinstance(node, pyyaml.MappingNode) and isinstance(data, dict):
        if len(node.value) != len(data):
            raise _Unplaceable
        out: LinedMap = LinedMap()
        done[id(node)] = out
        for (key_node, value_node), (key, value) in zip(node.value, data.items(), strict=True):
            if not isinstance(key_node, pyyaml.ScalarNode) or str(key) != key_node.value:
                raise _Unplaceable
            if key == "<<":  # a merge key: the core schema keeps it as a key, the round trip merges
                raise _Unplaceable
            out[key] = _place(value, value_node, done)
        out.lc = _places(node, [key_node for key_node, _ in node.value], list(out))
        return out
    if isinstance(node, pyyaml.SequenceNode) and isinstance(data, list):
        if len(node.value) != len(data):
            raise _Unplaceable
        seq = LinedList()
        done[id(node)] = seq
        seq.extend(_place(v, n, done) for v, n in zip(data, node.value, strict=True))
        seq.lc = _places(node, node.value, range(len(seq)))
        return seq
    return data


def _places(node: Any, parts: Sequence[Any], names: Iterable[Any]) -> _Places:
    """Where `node` and each of its `parts` (keys or items, known by `names`) begin."""
    at = {
        name: (p.start_mark.line, p.start_mark.column) for name, p in zip(names, parts, strict=True)
    }
    return _Places(node.start_mark.line, node.start_mark.column, at)


def load_yaml_lined(path: Path) -> Any:
    """`parse_yaml_lined` of a UTF-8 YAML file, refused as `load_yaml` refuses it."""
    return parse_yaml_lined(_read(path), path)


# As for _CoreLoader: a base chosen at import.
class _CoreDumper(pyyaml.CSafeDumper if FAST_YAML else pyyaml.SafeDumper):  # type: ignore[misc]
    """libyaml's emitter, quoting any text that YAML 1.1 or 1.2 would read as something else."""


for _kind, _pattern, _first in _CORE_RESOLVERS:
    _CoreDumper.add_implicit_resolver(
        f"tag:yaml.org,2002:{_kind}", re.compile(_pattern, re.X), list(_first)
    )


def dump_yaml_fast(data: Any) -> str:
    """Plain data (lists, mappings, text, numbers, dates) as block YAML, quickly.

    For big generated files (the imported directory); `dump_yaml` keeps comments.
    """
    return pyyaml.dump(
        data,
        Dumper=_CoreDumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=False,
    )
