"""Loading a case and its workspace: files → validated models, every problem at once.

A case is a folder with `debate.yaml` and `letter.yaml`; its workspace is the nearest
folder at or above it holding `draftkit.toml` (else the case folder itself).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import letterheads
from .errors import InputError, Problem, did_you_mean, inside
from .glossary import Glossary, load_glossary
from .loading import Loc, field_path, load_doc, salvage, validate
from .models import Debate, Letter, Member, Minister, MpSalutation
from .resources import bundled_dir
from .roots import SETTINGS_FILE as SETTINGS_FILE
from .roots import find_workspace_root as find_workspace_root
from .snippets import Snippet, load_library
from .tomlio import key_line, read_toml
from .yamlio import item_lines, line_of, load_yaml, load_yaml_fast

DEFAULT_LETTERHEAD = "generic"

T = TypeVar("T", bound=BaseModel)


class UndertakingSettings(BaseModel):
    model_config = ConfigDict(extra="allow")
    due_working_days: int = 10


class StyleSettings(BaseModel):
    """`[style]`: the department's house preferences that the style checks enforce."""

    model_config = ConfigDict(extra="allow")
    #: How sums of money in millions are written: "million" (£2.6 million, GOV.UK) or "m" (£2.6m).
    money: Literal["million", "m"] = "million"


class AddressSettings(BaseModel):
    """`[address]`: how the department's letters greet MPs (conventions/forms-of-address.md)."""

    model_config = ConfigDict(extra="allow")
    #: "Dear Mr Coyle" (formal) or "Dear Neil" (first_name); a letter's `mp_salutation` wins.
    mp_salutation: MpSalutation = "formal"


class WorkflowSettings(BaseModel):
    """`[workflow]`: sign-off rules (`require_signed`: batch refuses an unsigned letter)."""

    model_config = ConfigDict(extra="allow")
    require_signed: bool = False


class Settings(BaseModel):
    """`draftkit.toml`: all optional; unknown keys are warnings so newer workspaces still load."""

    model_config = ConfigDict(extra="allow")

    department: str | None = None
    letterhead: str | None = None
    checks: dict[str, bool] = {}
    style: StyleSettings = StyleSettings()
    undertakings: UndertakingSettings = UndertakingSettings()
    address: AddressSettings = AddressSettings()
    workflow: WorkflowSettings = WorkflowSettings()

    @field_validator("checks", mode="before")
    @classmethod
    def _flatten_checks(cls, value: object) -> object:
        """TOML reads `style.spelling = false` as a nested table: make it `"style.spelling"`."""
        return _flatten(value) if isinstance(value, dict) else value


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@dataclass
class Workspace:
    """Everything a case draws on: members, ministers, snippets, letterheads, settings."""

    root: Path
    settings: Settings = field(default_factory=Settings)
    members: dict[str, Member] = field(default_factory=dict)
    ministers: dict[str, Minister] = field(default_factory=dict)
    snippets: dict[str, Snippet] = field(default_factory=dict)
    glossary: Glossary = field(default_factory=Glossary)
    warnings: list[Problem] = field(default_factory=list)
    places: dict[tuple[str, str], tuple[Path, int | None]] = field(default_factory=dict)
    #: (kind, id) of entries present but invalid: their own error is reported, not "unknown".
    #: (kind, "*") when a whole file of them could not be read.
    broken: set[tuple[str, str]] = field(default_factory=set)

    @property
    def letterhead_search(self) -> list[Path]:
        return [self.root / "templates" / "letterhead", bundled_dir("templates") / "letterhead"]

    def relative(self, path: Path) -> str:
        """`path` as the register and manifests record it: relative to the workspace (the
        drafting machine's own folders never leave it), absolute only when outside it."""
        return inside(path, self.root)

    @property
    def snippet_folders(self) -> list[Path]:
        own = self.root / "snippets"
        return [own] if own.is_dir() else [bundled_dir("snippets")]


@dataclass
class Case:
    """A loaded, cross-checked case: the debate and the letter answering it."""

    dir: Path
    workspace: Workspace
    debate: Debate
    letter: Letter
    letter_data: Any
    debate_data: Any

    @property
    def letter_path(self) -> Path:
        return self.dir / "letter.yaml"

    @property
    def debate_path(self) -> Path:
        return self.dir / "debate.yaml"

    @property
    def sender(self) -> Minister:
        return self.workspace.ministers[self.letter.from_]

    @property
    def addressee(self) -> Member:
        return self.workspace.members[self.letter.to]

    @property
    def mp_salutation(self) -> MpSalutation:
        """How this letter greets an MP: the letter's choice, else the workspace's."""
        return self.letter.mp_salutation or self.workspace.settings.address.mp_salutation

    @property
    def letterhead_name(self) -> str:
        return (
            self.letter.letterhead
            or self.sender.letterhead
            or self.workspace.settings.letterhead
            or DEFAULT_LETTERHEAD
        )

    def letter_line(self, loc: Loc) -> int | None:
        return line_of(self.letter_data, loc)


def case_dir(path: Path) -> Path:
    """`CASE` is a case folder or its letter.yaml."""
    return path.parent if path.suffix in (".yaml", ".yml") else path


def load_workspace(root: Path, extra_dirs: Sequence[Path] = ()) -> tuple[Workspace, list[Problem]]:
    """Read settings, members, ministers, snippets and glossary of a workspace (and a case)."""
    ws = Workspace(root=root)
    problems: list[Problem] = []
    ws.settings, found, ws.warnings = _load_settings(root / SETTINGS_FILE)
    problems += found
    dirs = _unique([root, *extra_dirs])
    member_files = [
        p for d in dirs for p in (d / "members.yaml", *sorted(d.glob("members/*.yaml")))
    ]
    problems += _load_list(member_files, Member, "member", ws.members, ws)
    minister_files = [d / "ministers.yaml" for d in dirs]
    problems += _load_list(minister_files, Minister, "minister", ws.ministers, ws)
    broken_snippets: set[str] = set()
    ws.snippets, found = load_library(ws.snippet_folders, broken_snippets)
    ws.broken |= {("snippet", sid) for sid in broken_snippets}
    problems += found
    ws.glossary, found = load_glossary(dirs)
    problems += found
    return ws, problems


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen: list[Path] = []
    for p in paths:
        if p.resolve() not in [s.resolve() for s in seen]:
            seen.append(p)
    return seen


def _load_settings(path: Path) -> tuple[Settings, list[Problem], list[Problem]]:
    if not path.is_file():
        return Settings(), [], []
    data, text, problems = read_toml(path)
    if data is None:
        return Settings(), problems, []
    settings, problems = validate(Settings, data, path)
    if settings is None:
        return Settings(), [replace(p, line=key_line(text, p.field)) for p in problems], []
    unknown = [*(settings.model_extra or {})]
    unknown += [
        f"{table}.{key}"
        for table, section in (
            ("undertakings", settings.undertakings),
            ("style", settings.style),
            ("address", settings.address),
            ("workflow", settings.workflow),
        )
        for key in (section.model_extra or {})
    ]
    warnings = [Problem(path, key_line(text, k), k, "unknown setting (ignored)") for k in unknown]
    return settings, [], warnings


def _load_list(
    files: Iterable[Path],
    model: type[T],
    kind: str,
    into: dict[str, Any],
    ws: Workspace,
) -> list[Problem]:
    """Load YAML lists of `model` from files; an id defined twice names both places."""
    problems: list[Problem] = []
    for path in files:
        if not path.is_file():
            continue
        try:
            data = load_yaml_fast(path)
        except InputError as exc:
            problems += exc.problems
            ws.broken.add((kind, "*"))  # which ids the file holds is unknown
            continue
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(Problem(path, 1, "", f"expected a list of {kind}s"))
            ws.broken.add((kind, "*"))
            continue
        checked = _validate_items(model, data, path)
        if any(found for _, found in checked):
            # The fast read knows each entry's line only: re-read to place each error exactly.
            data = load_yaml(path)
            checked = _validate_items(model, data, path)
        lines = item_lines(data)
        for i, (obj, found) in enumerate(checked):
            problems += found
            item = data[i]
            if obj is None:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ws.broken.add((kind, item["id"]))
                continue
            line = lines[i]
            obj_id = obj.id  # type: ignore[attr-defined]  # T is Member or Minister: both have an id
            if obj_id in into:
                first_file, first_line = ws.places[(kind, obj_id)]
                problems.append(
                    Problem(
                        path,
                        line,
                        f"[{i}].id",
                        f"{kind} id `{obj_id}` is already defined at "
                        f"{inside(first_file, ws.root)}:{first_line}",
                    )
                )
                continue
            into[obj_id] = obj
            ws.places[(kind, obj_id)] = (path, line)
    return problems


def _validate_items(
    model: type[T], data: list[Any], path: Path
) -> list[tuple[T | None, Sequence[Problem]]]:
    """Each item validated, with its problems placed. A directory of 1,200 valid members is
    validated straight through; the first error has every item validated with its places."""
    valid = model.__pydantic_validator__.validate_python  # model_validate, less its frame
    try:
        return [(valid(item), ()) for item in data]
    except ValidationError:
        return [validate(model, item, path, root=data, prefix=(i,)) for i, item in enumerate(data)]


def load_case(path: Path, *, round_trip: bool = True) -> Case:
    """Load a case folder (or its letter.yaml) and cross-check it; raise `InputError` if wrong.

    Without `round_trip` (a caller that only reads, as `check`) letter.yaml is read by
    libyaml with every line kept, and its data cannot be written back with its comments.
    """
    folder = case_dir(path)
    if not folder.is_dir():
        raise InputError([Problem(path, None, "", "no such case folder")])
    root = find_workspace_root(folder)
    ws, problems = load_workspace(root, [folder])
    # debate.yaml is only read (letter.yaml is kept for the editor's round trip): quickly.
    debate, debate_data, found = load_doc(folder / "debate.yaml", Debate, fast=True)
    problems += found
    letter, letter_data, found = load_doc(folder / "letter.yaml", Letter, lined=not round_trip)
    problems += found
    debate_bad: set[str] = set()
    letter_bad: set[str] = set()
    if debate is None:
        debate, debate_bad = salvage(Debate, debate_data)
    if letter is None:
        letter, letter_bad = salvage(Letter, letter_data)
    if debate is None or letter is None:
        raise InputError(problems)
    case = Case(folder, ws, debate, letter, letter_data, debate_data)
    crossed = list(cross_check(case))
    if any(p.file == case.debate_path for p in crossed):
        # Read quickly, the debate may know no lines: read it again to place its problems.
        case = replace(case, debate_data=load_yaml(case.debate_path))
        crossed = list(cross_check(case))
    problems += [p for p in crossed if not _depends_on_bad(p, case, debate_bad, letter_bad)]
    if problems:
        raise InputError(problems)
    return case


#: Letter checks that rely on a debate field: `answers` need its questions, `debate` its id.
_LETTER_NEEDS_DEBATE = {"questions": ("answers", "not_answered"), "id": ("debate",)}


def _depends_on_bad(p: Problem, case: Case, debate_bad: set[str], letter_bad: set[str]) -> bool:
    """Is `p` about a field whose own error is already reported (so it would only echo it)?"""

    def under(bad: set[str]) -> bool:
        return any(p.field == b or p.field.startswith((f"{b}.", f"{b}[")) for b in bad)

    parts = set(p.field.replace("[", ".[").split("."))
    if p.file == case.debate_path:
        return under(debate_bad)
    if p.file == case.letter_path:
        if under(letter_bad) or ("from" in letter_bad and p.field in ("letterhead", "")):
            return True
        return any(parts & set(_LETTER_NEEDS_DEBATE.get(f, ())) for f in debate_bad)
    return False


def load_debate(path: Path) -> tuple[Workspace, Debate]:
    """A case's debate and workspace without its letter (for suggestions while drafting)."""
    folder = case_dir(path)
    if not folder.is_dir():
        raise InputError([Problem(path, None, "", "no such case folder")])
    ws, problems = load_workspace(find_workspace_root(folder), [folder])
    debate, _, found = load_doc(folder / "debate.yaml", Debate)
    problems += found
    if problems or debate is None:
        raise InputError(problems)
    return ws, debate


def judged_on(path: Path) -> dt.date:
    """The date a case's snippets are judged at (expiry, approval): its letter's date, as
    `check` judges them; today while the letter has no date that reads."""
    data = None
    with contextlib.suppress(InputError):
        data = load_yaml(case_dir(path) / "letter.yaml")
    date = data.get("date") if isinstance(data, Mapping) else None
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(str(date))
    except ValueError:
        return dt.date.today()


def cross_check(case: Case) -> Iterator[Problem]:
    """References between files: members, ministers, questions, snippets, letterheads."""
    ws, debate, letter = case.workspace, case.debate, case.letter
    dfile, lfile = case.debate_path, case.letter_path

    def at_debate(loc: Loc, message: str) -> Problem:
        return Problem(dfile, line_of(case.debate_data, loc), field_path(loc), message)

    def at_letter(loc: Loc, message: str) -> Problem:
        return Problem(lfile, line_of(case.letter_data, loc), field_path(loc), message)

    def unknown_member(mid: str) -> str:
        return f"unknown member `{mid}`{did_you_mean(mid, ws.members)}"

    def missing(kind: str, known: Mapping[str, object], oid: str) -> bool:
        """Not defined at all (an entry that is defined but invalid has its own error)."""
        return oid not in known and not ws.broken & {(kind, oid), (kind, "*")}

    if missing("minister", ws.ministers, debate.minister) and missing(
        "member", ws.members, debate.minister
    ):
        yield at_debate(
            ("minister",),
            f"unknown minister or member `{debate.minister}`"
            + did_you_mean(debate.minister, [*ws.ministers, *ws.members]),
        )
    for i, sid in enumerate(debate.speakers):
        if missing("member", ws.members, sid):
            yield at_debate(("speakers", i), unknown_member(sid))
        elif sid in debate.speakers[:i]:
            yield at_debate(("speakers", i), f"`{sid}` is listed twice")
    seen: dict[str, int] = {}
    for i, q in enumerate(debate.questions):
        if q.id in seen:
            first = line_of(case.debate_data, ("questions", seen[q.id], "id"))
            yield at_debate(
                ("questions", i, "id"), f"question id `{q.id}` is already used at line {first}"
            )
        seen.setdefault(q.id, i)
        if missing("member", ws.members, q.asked_by):
            yield at_debate(("questions", i, "asked_by"), unknown_member(q.asked_by))

    if letter.debate != debate.id:
        yield at_letter(("debate",), f"this case's debate is `{debate.id}`, not `{letter.debate}`")
    if missing("minister", ws.ministers, letter.from_):
        yield at_letter(
            ("from",),
            f"unknown minister `{letter.from_}`{did_you_mean(letter.from_, ws.ministers)}",
        )
    elif letter.from_ in ws.ministers:
        minister = ws.ministers[letter.from_]
        if minister.member and missing("member", ws.members, minister.member):
            file, line = ws.places[("minister", minister.id)]
            yield Problem(file, line, "member", unknown_member(minister.member))
    if missing("member", ws.members, letter.to):
        yield at_letter(("to",), unknown_member(letter.to))
    question_ids = [q.id for q in debate.questions]
    for s, section in enumerate(letter.sections):
        for a, qid in enumerate(section.answers):
            if qid not in question_ids:
                yield at_letter(
                    ("sections", s, "answers", a),
                    f"the debate has no question `{qid}`{did_you_mean(qid, question_ids)}",
                )
        for b, block in enumerate(section.blocks):
            snippet_id = block.snippet_id
            if snippet_id is None:
                continue
            loc: Loc = ("sections", s, "blocks", b, "snippet")
            snippet = ws.snippets.get(snippet_id)
            if snippet is None and not missing("snippet", ws.snippets, snippet_id):
                continue
            if snippet is None:
                yield at_letter(
                    loc, f"unknown snippet `{snippet_id}`{did_you_mean(snippet_id, ws.snippets)}"
                )
            elif block.pinned_version and block.pinned_version > snippet.meta.version:
                yield at_letter(
                    loc,
                    f"snippet `{snippet_id}` is at version {snippet.meta.version}; "
                    f"version {block.pinned_version} does not exist",
                )
    for qid in letter.not_answered:
        if qid not in question_ids:
            yield at_letter(("not_answered", qid), f"the debate has no question `{qid}`")
    for key in ("exclude",):
        for i, mid in enumerate(getattr(letter.distribution, key)):
            if missing("member", ws.members, mid):
                yield at_letter(("distribution", key, i), unknown_member(mid))
    for i, mid in enumerate(letter.distribution.copies):
        if mid != "speakers" and missing("member", ws.members, mid):
            yield at_letter(("distribution", "copies", i), unknown_member(mid))
    if letter.from_ in ws.ministers:
        name = case.letterhead_name
        if letterheads.find(name, ws.letterhead_search) is None:
            loc = ("letterhead",) if letter.letterhead else ("from",)
            yield at_letter(
                loc,
                f"no letterhead `{name}` (available: "
                f"{', '.join(letterheads.available(ws.letterhead_search))})",
            )
        sig = ws.ministers[letter.from_].signature
        if sig:
            file, line = ws.places[("minister", letter.from_)]
            if not (Path(file).parent / sig).is_file():
                yield Problem(file, line, "signature", f"signature image `{sig}` not found")
