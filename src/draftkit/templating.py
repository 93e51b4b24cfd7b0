"""The one Jinja environment factory: sandboxed, strict, with UK date filters.

Snippets and prose are user-supplied text, so they are rendered in an immutable
sandbox with StrictUndefined and no loader: they cannot reach Python internals,
include files or leave a placeholder silently empty. Nor can they build text or lists
larger than `MAX_BUILT` (`{{ 'A' * 500000000 }}`, `'x' | center(10**9)`, `'%9999999s'`):
the operators, size-taking filters and string methods check the size they would make
before making it, and constant expressions are not folded at compile time, so the refusal
comes at once, as a `SecurityError`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: The most characters (or items) one placeholder expression may build.
MAX_BUILT = 100_000
#: Filters and str methods whose size argument says how long the result will be.
_SIZED = {"center", "ljust", "rjust", "zfill", "indent", "wordwrap", "truncate", "expandtabs"}
_WIDTH = re.compile(r"%[-#0 +]*(\d+)|\{[^}]*:[^}]*?(\d+)[^}]*\}")


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"not a date: {value!r}")


#: English names, whatever the process's locale (strftime's %B would follow LC_TIME).
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(value: object) -> str:
    """30 May 2019 (GOV.UK style: no ordinal, no comma, no leading zero)."""
    d = _as_date(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def weekday_date(value: object) -> str:
    """Tuesday 14 May."""
    d = _as_date(value)
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"


def sentence_start(value: object) -> str:
    """Capitalise the first letter only: "the Earl of Arran" → "The Earl of Arran"."""
    text = str(value)
    return text[:1].upper() + text[1:]


FILTERS = {"long_date": long_date, "weekday_date": weekday_date, "sentence_start": sentence_start}


def _refuse(what: str) -> SecurityError:
    return SecurityError(f"{what} would build more than {MAX_BUILT:,} characters")


def _size(value: object) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


def _check_format(template: object) -> None:
    """A printf or format string whose field widths would build too much."""
    if isinstance(template, str):
        for match in _WIDTH.finditer(template):
            width = int(match.group(1) or match.group(2))
            if width > MAX_BUILT:
                raise _refuse("the format")


def _check_sized(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """A size-taking filter or method asked for more than `MAX_BUILT`."""
    if name in _SIZED:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_BUILT:
                raise _refuse(f"`{name}({value})`")
    if name in ("format", "replace"):
        _check_format(args[0] if args else None)


class CappedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with a cap on the size of what a placeholder expression builds."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(times, int) and _size(seq) * max(times, 0) > MAX_BUILT:
                    raise _refuse("the repetition")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(right) > 64:
                raise _refuse("the power")
        elif operator == "%":
            _check_format(left)
        elif operator == "+" and _size(left) + _size(right) > MAX_BUILT:
            raise _refuse("the concatenation")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str):
            _check_sized(name, args, kwargs)
            if name == "format":
                _check_format(__obj.__self__)
        result = super().call(__context, __obj, *args, **kwargs)
        if _size(result) > MAX_BUILT:
            raise _refuse(f"`{name or 'the call'}`")
        return result


def _capped_filter(name: str, func: Any) -> Any:
    """A built-in filter that refuses, before working, to build more than `MAX_BUILT`."""

    offset = 1 if hasattr(func, "jinja_pass_arg") else 0  # a context or environment first

    def capped(*args: Any, **kwargs: Any) -> Any:
        given = args[offset:]
        _check_sized(name, given[1:], kwargs)
        if name in ("format", "replace"):
            _check_format(given[0] if given else None)
        if name == "replace" and len(given) >= 3:
            text, old, new = (str(a) for a in given[:3])
            if old and text.count(old) * len(new) + len(text) > MAX_BUILT:
                raise _refuse("`replace`")
        result = func(*args, **kwargs)
        if _size(result) > MAX_BUILT:
            raise _refuse(f"`{name}`")
        return result

    for attr in ("jinja_pass_arg",):
        if hasattr(func, attr):
            capped.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
    return capped


def make_env(
    search_path: Sequence[Path] = (), *, html: bool = False
) -> ImmutableSandboxedEnvironment:
    """The only Jinja environment draftkit builds.

    With no `search_path` there is no loader at all (snippets: `{% include %}` fails);
    letterhead templates get a loader over their own folders, earlier ones first. Text
    from snippets and prose (no `search_path`) is filled in the `CappedSandbox`; the
    department's own letterhead templates, which embed fonts and images, are not capped.
    """
    loader = ChoiceLoader([FileSystemLoader(str(p)) for p in search_path]) if search_path else None
    sandbox = ImmutableSandboxedEnvironment if search_path else CappedSandbox
    env = sandbox(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=html,
        lstrip_blocks=html,
    )
    if not search_path:
        env.filters.update({name: _capped_filter(name, f) for name, f in env.filters.items()})
    env.filters.update(FILTERS)
    return env


#: Tags that would read other templates or files; snippets and prose may use none of them.
_FILE_TAGS: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
}


def file_tags(ast: nodes.Template) -> list[tuple[str, int]]:
    """Each `{% include %}`, `{% import %}` or `{% extends %}` in a parsed template, with line."""
    return [(_FILE_TAGS[type(n)], n.lineno) for n in ast.find_all(tuple(_FILE_TAGS))]


def missing_lookups(ast: nodes.Template, context: Mapping[str, Any]) -> set[str]:
    """Dotted lookups such as `debate.dat` or `members['lord-x']` that the context lacks.

    Only constant keys into mappings are followed; anything else is left for the render
    (which still fails strictly) to find.
    """
    missing: set[str] = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        chain: list[str] = []
        target: nodes.Node = node
        while isinstance(target, nodes.Getattr | nodes.Getitem):
            if isinstance(target, nodes.Getattr):
                chain.append(target.attr)
            elif isinstance(target.arg, nodes.Const) and isinstance(target.arg.value, str):
                chain.append(target.arg.value)
            else:
                break
            target = target.node
        if not isinstance(target, nodes.Name) or target.name not in context:
            continue
        value: Any = context[target.name]
        path = target.name
        for key in reversed(chain):
            if not isinstance(value, Mapping):
                break
            path += f".{key}" if key.isidentifier() else f"['{key}']"
            if key not in value:
                if not hasattr(value, key):  # `params.items()` is the render's business
                    missing.add(path)
                break
            value = value[key]
    return missing


def param_names(ast: nodes.Template) -> set[str]:
    """Names used as `params.NAME` or `params['NAME']` in a parsed template."""
    names: set[str] = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        assert isinstance(node, nodes.Getattr | nodes.Getitem)  # find_all is typed as Node
        target = node.node
        if isinstance(target, nodes.Name) and target.name == "params":
            if isinstance(node, nodes.Getattr):
                names.add(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                names.add(node.arg.value)
    return names
