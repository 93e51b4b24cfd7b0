"""Turning parsed YAML into validated models, with every error placed at its line."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .errors import InputError, Problem, Where
from .yamlio import line_of, load_yaml, load_yaml_fast, load_yaml_lined

M = TypeVar("M", bound=BaseModel)

Loc = tuple[str | int, ...]


def field_path(loc: Sequence[str | int]) -> str:
    """`("sections", 0, "blocks", 1, "snippet")` → `sections[0].blocks[1].snippet`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def validate(
    model: type[M],
    data: Any,
    file: Where,
    *,
    root: Any = None,
    prefix: Loc = (),
    line_offset: int = 0,
) -> tuple[M | None, list[Problem]]:
    """Validate `data` as `model`; on failure, one `Problem` per error with file, line and field.

    `root` is the parsed document `data` sits in (for line lookup) and `prefix` where
    in it; `line_offset` shifts lines for YAML embedded in another file (front matter).
    """
    root = data if root is None else root
    if not isinstance(data, dict):
        got = _show(data)
        where = line_of(root, prefix) or (1 if not prefix else None)
        return None, [
            Problem(
                file,
                _shift(where, line_offset),
                field_path(prefix) or "",
                f"expected a mapping of fields, got {got}",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            full = (*prefix, *loc)
            line = line_of(root, full)
            problems.append(
                Problem(file, _shift(line, line_offset), field_path(full), _message(err, model))
            )
        return None, problems


def load_doc(
    path: Path, model: type[M], *, fast: bool = False, lined: bool = False
) -> tuple[M | None, Any, list[Problem]]:
    """Read and validate one YAML file: the model (None if invalid), the parsed data, problems.

    `fast` reads it with libyaml first (`load_yaml_fast`: its data knows no lines), and
    again with the round trip only when it has errors to place. `lined` reads it with
    libyaml keeping every line (`load_yaml_lined`), for data that is read, never written.
    """
    if not path.is_file():
        return None, None, [Problem(path, None, "", "file is missing")]
    try:
        data = load_yaml_fast(path) if fast else load_yaml_lined(path) if lined else load_yaml(path)
        obj, problems = validate(model, data, path)
        if problems and fast:
            data = load_yaml(path)
            obj, problems = validate(model, data, path)
    except InputError as exc:
        return None, None, list(exc.problems)
    return obj, data, problems


def salvage(model: type[M], data: Any) -> tuple[M | None, set[str]]:
    """A stand-in model for data that failed validation, so the rest can still be checked.

    A list item in error (a section, a block) is replaced by an empty one when its model
    has no required field, so its siblings keep their places and are still checked;
    otherwise the top-level field in error falls back to its default, or to a placeholder
    of its type. The paths replaced are returned (`sections[1].blocks[0]`, `date`) so
    that checks touching them are skipped: their own errors are already reported.
    None when the whole mapping is unusable.
    """
    if not isinstance(data, dict):
        return None, set()
    fixed = copy.deepcopy(data)
    bad: set[str] = set()
    for _ in range(3):
        try:
            return model.model_validate(fixed), bad
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
                if not loc:
                    return None, bad
                if err["type"] == "extra_forbidden" and _drop_key(fixed, loc):
                    continue  # a misspelt key: the rest of its mapping is still checked
                if (item := _empty_item(model, fixed, loc)) is not None:
                    bad.add(item)
                    continue
                key = str(loc[0])
                field = _field(model, key)
                if field is None:
                    fixed.pop(key, None)
                    continue
                bad.add(key)
                if not field.is_required():
                    fixed.pop(key, None)
                else:
                    fixed[key] = _placeholder(field.annotation)
    return None, bad


def _drop_key(data: Any, loc: Loc) -> bool:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(node, dict) and loc[-1] in node:
        del node[loc[-1]]
        return True
    return False


#: The empty stand-in for a list item of each model ({} when its fields all have defaults).
_EMPTY: dict[str, dict[str, Any]] = {"Block": {"text": ""}}


def _empty_item(model: type[BaseModel], data: Any, loc: Loc) -> str | None:
    """Replace the deepest list item on `loc` by an empty one, if it can be; its path."""
    current: Any = model
    found: tuple[Any, int, Any, int] | None = None
    node = data
    for k, part in enumerate(loc):
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                break
            if current is not None and _valid(current, _EMPTY.get(current.__name__, {})):
                found = (node, part, current, k)
            node = node[part]
        else:
            field = _field(current, part) if current is not None else None
            current = _inner_model(field.annotation) if field else None
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
    if found is None:
        return None
    container, index, item_model, k = found
    container[index] = dict(_EMPTY.get(item_model.__name__, {}))
    return field_path(loc[: k + 1])


def _valid(model: type[BaseModel], data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _placeholder(annotation: Any) -> Any:
    """A valid value of a required field's type that no cross-reference will match."""
    if annotation is dt.date:
        return dt.date(1, 1, 1)
    if get_origin(annotation) is Literal:
        return get_args(annotation)[0]
    if get_origin(annotation) is list:
        return []
    return "invalid"


def _shift(line: int | None, offset: int) -> int | None:
    return line + offset if line is not None else None


def _message(err: Any, model: type[BaseModel]) -> str:
    kind = err["type"]
    given = err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        known = _known_fields(model, err["loc"][:-1])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        return f"unknown field{hint}"
    if kind.startswith("date"):
        return f"expected a date as YYYY-MM-DD, got {_show(given)}"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {_show(given)}"
    if kind == "string_pattern_mismatch":
        return f"{_show(given)} is not a valid id here (lower-case letters, digits, '-', '_', '.')"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind in (
        "string_type",
        "int_type",
        "int_parsing",
        "bool_type",
        "bool_parsing",
        "list_type",
        "dict_type",
        "model_type",
    ):
        noun = {
            "string": "text",
            "int": "a whole number",
            "bool": "true or false",
            "list": "a list",
            "dict": "a mapping",
            "model": "a mapping of fields",
        }
        return f"expected {noun[kind.split('_')[0]]}, got {_show(given)}"
    return f"{err['msg']} (got {_show(given)})"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _known_fields(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """Field names (and aliases) of the model found by following `loc` into `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        current = _inner_model(field.annotation) if field else None
    if current is None or not hasattr(current, "model_fields"):
        return []
    names = []
    for name, f in current.model_fields.items():
        names.append(f.alias or name)
    return names


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
