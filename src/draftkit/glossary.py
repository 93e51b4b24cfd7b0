"""The workspace glossary (`glossary.yaml`): how proper names are spelt.

Organisations, programmes and people, each with its one right spelling, an optional
short form ("IICSA") and other accepted forms. The name checks hold the letter to it.

    organisations:
      - Lucy Faithfull Foundation
      - name: Independent Inquiry into Child Sexual Abuse
        short: IICSA
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import Field, field_validator

from .errors import Problem
from .loading import validate
from .models import Model, no_items
from .yamlio import load_optional_yaml, load_yaml

GLOSSARY_FILE = "glossary.yaml"


class Term(Model):
    """One name: its spelling, short form, other accepted forms and a note for officials."""

    name: str = Field(min_length=1)
    short: str | None = None
    also: list[str] = Field(default_factory=no_items)
    note: str | None = None
    #: The short form is known to every reader (NSPCC, like BBC): no need to spell it out.
    well_known: bool = False

    @property
    def forms(self) -> list[str]:
        """Every accepted spelling: the name, the short form and the other forms."""
        return [self.name, *([self.short] if self.short else []), *self.also]


class Glossary(Model):
    """The three kinds of proper name a letter uses."""

    organisations: list[Term] = Field(default_factory=no_items)
    programmes: list[Term] = Field(default_factory=no_items)
    people: list[Term] = Field(default_factory=no_items)

    @field_validator("organisations", "programmes", "people", mode="before")
    @classmethod
    def _names_or_mappings(cls, value: object) -> object:
        """An entry may be just the name."""
        if value is None:
            return []
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value

    def terms(self) -> Iterator[Term]:
        yield from (*self.organisations, *self.programmes, *self.people)


def load_glossary(folders: Sequence[Path]) -> tuple[Glossary, list[Problem]]:
    """Merge `glossary.yaml` from each folder (workspace first, then the case)."""
    merged: dict[str, list[Term]] = {"organisations": [], "programmes": [], "people": []}
    problems: list[Problem] = []
    for folder in folders:
        path = folder / GLOSSARY_FILE
        data, found = load_optional_yaml(path, fast=True)
        problems += found
        if data is None:
            continue
        glossary, found = validate(Glossary, data, path)
        if found:  # the fast read keeps no lines: read again to place each error
            glossary, found = validate(Glossary, load_yaml(path), path)
        problems += found
        if glossary is not None:
            for kind, terms in merged.items():
                terms += getattr(glossary, kind)
    return Glossary(**merged), problems
