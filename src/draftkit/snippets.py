"""The approved snippet library: Markdown files with YAML front matter.

A snippet is a cleared "line to take". Its body is Markdown with Jinja placeholders,
filled in the sandbox of `templating.make_env()`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from jinja2 import meta as jinja_meta
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import InputError, Problem, inside
from .inputs import read_text
from .loading import validate
from .models import SnippetMeta
from .templating import MAX_BUILT, file_tags, make_env, missing_lookups, param_names
from .yamlio import parse_yaml, parse_yaml_fast

FENCE = "---"

#: Superseded versions live beside the current file: `.history/<id>@<version>.md`.
HISTORY_DIR = ".history"


@dataclass(frozen=True)
class Snippet:
    """A snippet file: its validated front matter and Markdown body."""

    meta: SnippetMeta
    body: str
    path: Path
    body_line: int
    id_line: int = 2

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def used_params(self) -> frozenset[str]:
        return frozenset(param_names(_env().parse(self.body)))

    def is_expired(self, on: dt.date) -> bool:
        return self.meta.review_by is not None and self.meta.review_by < on

    def state(self, on: dt.date) -> str:
        """approved, draft, withdrawn, or expired (approved but past its review date on `on`)."""
        if self.meta.status == "approved" and self.is_expired(on):
            return "expired"
        return self.meta.status


@lru_cache(maxsize=1)
def _env() -> ImmutableSandboxedEnvironment:
    return make_env()


class FillError(Exception):
    """A placeholder could not be filled; `message` says which and why."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def fill(source: str, context: Mapping[str, Any]) -> str:
    """Fill placeholders in snippet or prose text, in the sandbox, strictly.

    Every unknown name is reported at once, and file tags are refused before anything
    is rendered; attribute mistakes (`debate.dat`) surface as the render reaches them.
    Text with no brace at all has nothing to fill: it comes back as Jinja would give it
    (line ends made `\n`) without compiling a template.
    """
    if "{" not in source:
        return source.replace("\r\n", "\n").replace("\r", "\n")
    env = _env()
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        raise FillError(f"placeholder syntax: {exc.message}", exc.lineno) from None
    if tags := file_tags(ast):
        tag, line = tags[0]
        raise FillError(f"`{{% {tag} %}}` is not allowed: snippets and prose read no files", line)
    try:
        template = env.from_string(ast)
    except TemplateSyntaxError as exc:  # an unknown filter or test, found when compiling
        raise FillError(f"placeholder: {exc.message}", exc.lineno) from None
    unknown = sorted(jinja_meta.find_undeclared_variables(ast) - set(context) - set(env.globals))
    unknown += sorted(missing_lookups(ast, context))
    if unknown:
        s = "s" if len(unknown) > 1 else ""
        raise FillError(f"placeholder{s} not filled: {', '.join(unknown)}")
    try:
        return _bounded(template.generate(**context))
    except UndefinedError as exc:
        raise FillError(f"placeholder not filled: {_undefined_name(exc)}", _line(exc)) from None
    except SecurityError as exc:
        raise FillError(f"placeholder not allowed: {exc}", _line(exc)) from None
    except (TemplateError, TypeError, ValueError, OverflowError) as exc:
        raise FillError(f"placeholder failed: {exc}", _line(exc)) from None


def _bounded(parts: Iterable[str]) -> str:
    """The filled text, refused as soon as it grows past `MAX_BUILT` characters."""
    out, total = [], 0
    for part in parts:
        total += len(part)
        if total > MAX_BUILT:
            raise SecurityError(f"the text would be more than {MAX_BUILT:,} characters")
        out.append(part)
    return "".join(out)


def _line(exc: BaseException) -> int | None:
    """The template line a render error happened on (Jinja keeps it in the traceback)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _undefined_name(exc: UndefinedError) -> str:
    """Jinja says "'dict object' has no attribute 'callers'"; the name is what matters."""
    text = str(exc)
    if "has no attribute" in text:
        return text.rsplit("has no attribute", 1)[1].strip(" '\"")
    return text.replace(" is undefined", "").strip("'")


def parse_snippet(text: str, path: Path) -> tuple[Snippet | None, list[Problem]]:
    """Parse one snippet file: front matter between `---` lines, then the body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None, [Problem(path, 1, "", "a snippet starts with `---` and YAML front matter")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        return None, [Problem(path, 1, "", "front matter is not closed by a `---` line")]
    front = "".join(lines[1:end])
    try:
        # libyaml first (a library may hold hundreds of snippets); the round trip, which
        # knows every line, only to place the errors of a file that has some.
        data = parse_yaml_fast(front, path)
        meta, problems = validate(SnippetMeta, data, path, line_offset=1)
        if problems:
            data = parse_yaml(front, path)
            meta, problems = validate(SnippetMeta, data, path, line_offset=1)
    except InputError as exc:
        return None, [
            Problem(p.file, (p.line or 0) + 1 or None, p.field, p.message) for p in exc.problems
        ]
    body = "".join(lines[end + 1 :]).strip("\n") + "\n"
    body_line = end + 2
    try:
        ast = _env().parse(body)
    except TemplateSyntaxError as exc:
        line = body_line + (exc.lineno or 1) - 1
        return None, [*problems, Problem(path, line, "body", f"placeholder syntax: {exc.message}")]
    problems += [
        Problem(path, body_line + line - 1, "body", f"`{{% {tag} %}}` is not allowed in a snippet")
        for tag, line in file_tags(ast)
    ]
    if meta is None or problems:
        return None, problems
    undeclared = sorted(param_names(ast) - set(meta.params))
    if undeclared:
        problems.append(
            Problem(
                path,
                body_line,
                "params",
                "body uses placeholders not declared in `params`: " + ", ".join(undeclared),
            )
        )
        return None, problems
    id_line = next((n + 1 for n in range(1, end) if lines[n].startswith("id:")), 2)
    return Snippet(meta, body, path, body_line, id_line), []


_ID_LINE = re.compile(r"^id:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def load_library(
    folders: Iterable[Path], broken: set[str] | None = None
) -> tuple[dict[str, Snippet], list[Problem]]:
    """Every `*.md` under the folders (recursively); an id defined twice is an error.

    The ids of snippet files that fail to load are added to `broken` ("*" when a file's
    id cannot be read), so that a letter citing one is not told the snippet is unknown
    on top of the snippet's own error.
    """
    library: dict[str, Snippet] = {}
    problems: list[Problem] = []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            if path.name.lower() == "readme.md" or _hidden(path.relative_to(folder)):
                continue
            try:
                text = read_text(path)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(path, None, "", f"cannot read: {exc}"))
                continue
            snippet, found = parse_snippet(text, path)
            problems.extend(found)
            if snippet is None:
                if broken is not None:
                    m = _ID_LINE.search(text)
                    broken.add(m[1] if m else "*")
                continue
            if snippet.id in library:
                first = library[snippet.id]
                problems.append(
                    Problem(
                        path,
                        snippet.id_line,
                        "id",
                        f"snippet id `{snippet.id}` is already defined at "
                        f"{inside(first.path, folder.parent)}:{first.id_line}",
                    )
                )
                continue
            library[snippet.id] = snippet
    return library, problems


def _hidden(relative: Path) -> bool:
    """Files under a dot-folder (`.history/`, `.git/`) are not part of the library."""
    return any(part.startswith(".") for part in relative.parts[:-1])


def history_path(snippet: Snippet, version: int) -> Path:
    """Where the library keeps the text of an earlier version of `snippet`."""
    return snippet.path.parent / HISTORY_DIR / f"{snippet.id}@{version}.md"


def previous_version(snippet: Snippet, version: int) -> Snippet | None:
    """An earlier version of a snippet from the library's history, if it was kept."""
    if version == snippet.meta.version:
        return snippet
    path = history_path(snippet, version)
    try:
        text = read_text(path)
    except (InputError, OSError, UnicodeDecodeError):
        return None
    old, _ = parse_snippet(text, path)
    return old if old is not None and old.meta.version == version else None


def search(library: Mapping[str, Snippet], query: str) -> list[Snippet]:
    """Snippets matching every word of `query` in id, title, topics or body; best first."""
    words = [w for w in query.lower().split() if w]
    scored: list[tuple[int, str, Snippet]] = []
    for snip in library.values():
        head = " ".join([snip.id, snip.meta.title, *snip.meta.topics]).lower()
        body = snip.body.lower()
        if all(w in head or w in body for w in words):
            score = sum(3 * head.count(w) + body.count(w) for w in words)
            scored.append((-score, snip.id, snip))
    return [s for _, _, s in sorted(scored, key=lambda t: (t[0], t[1]))]
