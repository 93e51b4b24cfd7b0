"""Letterhead folders: `templates/letterhead/<name>/` with `letterhead.toml` and templates.

A department is a folder and nothing else: its name, address and website in
`letterhead.toml`, its page in `letter.html.j2`/`letter.css`, optional `letterhead.docx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, Template, TemplateError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import Problem
from .templating import make_env
from .tomlio import key_line, read_toml

CONFIG = "letterhead.toml"


class HouseWords(BaseModel):
    """A word for each House: what its members are called in the promise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lords: str = "Peers"
    commons: str = "Members"


class LibraryWords(BaseModel):
    """How the promise names the Library: the debate's own House, either House, or both."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    own: str = "the House Library"
    lords: str = "the House of Lords Library"
    commons: str = "the House of Commons Library"
    both: str = "the Libraries of both Houses"


class Wording(BaseModel):
    """The department's wording of the closing promise, as short Jinja templates.

    The defaults are the seed letter's ("I will also send a copy to all Peers who spoke
    at the debate and place a copy in the House Library."). `sentence` takes `actions`
    (the copy and deposit phrases joined with "and"); `copy` takes `recipients`;
    `speakers` takes `members` (the House's word); `others` adds named members to the
    speakers; `deposit` (after a copy) and `deposit_only` take `library`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    sentence: str = "I will also {{ actions }}."
    copy_: str = Field("send a copy to {{ recipients }}", alias="copy")
    deposit: str = "place a copy in {{ library }}"
    deposit_only: str = "place a copy of this letter in {{ library }}"
    speakers: str = "all {{ members }} who spoke at the debate"
    others: str = "{{ speakers }}, and to {{ others }}"
    members: HouseWords = HouseWords()
    library: LibraryWords = LibraryWords()

    @model_validator(mode="after")
    def _templates_render(self) -> Wording:
        """Fail at load, naming the template, rather than when a letter is composed."""
        sample = {
            "actions": "a",
            "recipients": "r",
            "library": "l",
            "members": "m",
            "speakers": "s",
            "others": "o",
        }
        for name in ("sentence", "copy_", "deposit", "deposit_only", "speakers", "others"):
            try:
                fill_wording(getattr(self, name), **sample)
            except TemplateError as exc:
                raise ValueError(f"`{name.rstrip('_')}`: {exc.message}") from exc
        return self


def fill_wording(template: str, **values: str) -> str:
    """Render one wording template in the sandbox (undefined names are errors)."""
    return _wording_template(template).render(**values).strip()


@lru_cache(maxsize=128)
def _wording_template(source: str) -> Template:
    """Each wording text compiled once: validating a letterhead's wording and filling it in
    every letter's promise use the same few templates (the defaults, more often than not)."""
    return _wording_env().from_string(source)


@lru_cache(maxsize=1)
def _wording_env() -> Environment:
    return make_env()


class LetterheadConfig(BaseModel):
    """The department's details printed on the letterhead, and its wording."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    department: str
    address: list[str] = []
    website: str | None = None
    #: A hex colour (#rgb or #rrggbb): it is written into the letter's CSS, so nothing else.
    colour: str = Field("#000000", pattern=r"^#(?:[0-9a-fA-F]{3}){1,2}$")
    #: The department's usual valediction ("Yours sincerely"); a letter may override it.
    valediction: str = ""
    #: The seed's wording, unvalidated: compiling its templates at import cost every
    #: command; they are draftkit's own (tests validate them) and compile when first filled.
    wording: Wording = Wording.model_construct()


@dataclass(frozen=True)
class LetterheadFolder:
    name: str
    folder: Path
    config: LetterheadConfig


def find(name: str, search: Sequence[Path]) -> Path | None:
    """The first `<dir>/<name>/` holding a letterhead.toml, workspace folders first."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    for base in search:
        candidate = base / name
        if (candidate / CONFIG).is_file():
            return candidate
    return None


def available(search: Sequence[Path]) -> list[str]:
    names = {p.parent.name for base in search if base.is_dir() for p in base.glob(f"*/{CONFIG}")}
    return sorted(names)


def load(name: str, search: Sequence[Path]) -> tuple[LetterheadFolder | None, list[Problem]]:
    """Load a letterhead by folder name; a missing or bad one is a problem, not a crash."""
    folder = find(name, search)
    if folder is None:
        return None, [
            Problem(
                "",
                None,
                "letterhead",
                f"no letterhead `{name}` (available: {', '.join(available(search))})",
            )
        ]
    path = folder / CONFIG
    data, text, problems = read_toml(path)
    if data is None:
        return None, problems
    try:
        return LetterheadFolder(name, folder, LetterheadConfig.model_validate(data)), []
    except ValidationError as exc:
        return None, [
            Problem(path, key_line(text, field), field, e["msg"])
            for e in exc.errors()
            for field in [".".join(map(str, e["loc"]))]
        ]
