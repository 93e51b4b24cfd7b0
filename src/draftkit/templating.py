"""The one Jinja environment factory: sandboxed, strict, with UK date filters.

Snippets and prose are user-supplied text, so they are rendered in an immutable
sandbox with StrictUndefined and no loader: they cannot reach Python internals,
include files or leave a placeholder silently empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment


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


def make_env(
    search_path: Sequence[Path] = (), *, html: bool = False
) -> ImmutableSandboxedEnvironment:
    """The only Jinja environment draftkit builds.

    With no `search_path` there is no loader at all (snippets: `{% include %}` fails);
    letterhead templates get a loader over their own folders, earlier ones first.
    """
    loader = ChoiceLoader([FileSystemLoader(str(p)) for p in search_path]) if search_path else None
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=html,
        lstrip_blocks=html,
    )
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
        target = node.node
        if isinstance(target, nodes.Name) and target.name == "params":
            if isinstance(node, nodes.Getattr):
                names.add(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                names.add(node.arg.value)
    return names
