"""Register failures as one-line messages that name the database without its password."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

P = ParamSpec("P")
R = TypeVar("R")
#: The first argument of a guarded function: an engine or a session bound to one.
S = TypeVar("S", Engine, Session)


class RegisterError(Exception):
    """The register cannot be opened or used (bad URL, server gone, locked, unknown letter)."""


def shown_url(url: object) -> str:
    """The URL as it may be printed: any password masked."""
    try:
        return make_url(str(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


def reason(exc: SQLAlchemyError) -> str:
    """The database's own first line of what went wrong."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__


def describe(exc: SQLAlchemyError, url: str) -> str:
    """One line: which register, and why it cannot be used."""
    why = reason(exc)
    if "database is locked" in why or "lock timeout" in why:
        return f"the register at {url} is locked by another program; try again shortly ({why})"
    if "readonly database" in why or "read-only" in why:
        return f"the register at {url} cannot be written: {why}"
    return f"the register at {url} cannot be used: {why}"


@contextmanager
def guarded(engine: Engine) -> Iterator[None]:
    """Turn any database failure inside the block into a `RegisterError` naming `engine`."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise RegisterError(describe(exc, shown_url(engine.url))) from exc


def guard(
    func: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R]:
    """A register function whose database failures come out as `RegisterError`s."""

    @functools.wraps(func)
    def wrapper(first: S, *args: P.args, **kwargs: P.kwargs) -> R:
        engine = first if isinstance(first, Engine) else first.get_bind()
        with guarded(engine):  # type: ignore[arg-type]
            return func(first, *args, **kwargs)

    return wrapper
