"""Register failures as one-line messages that name the database without its password.

SQLAlchemy is imported only by the functions that handle its errors, so that the
stdlib read path (`reads.SqliteReader`) reports a failure in the same words without it.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

P = ParamSpec("P")
R = TypeVar("R")
#: The first argument of a guarded function: an engine or a session bound to one.
S = TypeVar("S", "Engine", "Session")


class RegisterError(Exception):
    """The register cannot be opened or used (bad URL, server gone, locked, unknown letter)."""


def shown_url(url: object) -> str:
    """The URL as it may be printed: any password masked."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(str(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


def first_line(error: BaseException) -> str:
    """The database's own first line of what went wrong."""
    lines = [ln.strip() for ln in str(error).splitlines() if ln.strip()]
    return lines[0] if lines else type(error).__name__


def reason(exc: SQLAlchemyError) -> str:
    """The driver's first line of what went wrong, under SQLAlchemy's wrapping."""
    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return first_line(orig)


def describe(why: str, url: str) -> str:
    """One line: which register, and why it cannot be used."""
    if "database is locked" in why or "lock timeout" in why:
        return f"the register at {url} is locked by another program; try again shortly ({why})"
    if "readonly database" in why or "read-only" in why:
        return f"the register at {url} cannot be written: {why}"
    return f"the register at {url} cannot be used: {why}"


@contextmanager
def guarded(engine: Engine) -> Iterator[None]:
    """Turn any database failure inside the block into a `RegisterError` naming `engine`.

    The driver's own errors count too: SQLite's `BEGIN IMMEDIATE` is sent on the driver's
    connection (`database._sqlite_begin`), so a locked register fails there unwrapped.
    """
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        raise RegisterError(describe(reason(exc), shown_url(engine.url))) from exc
    except sqlite3.Error as exc:
        raise RegisterError(describe(first_line(exc), shown_url(engine.url))) from exc


def guard(
    func: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R]:
    """A register function whose database failures come out as `RegisterError`s."""

    @functools.wraps(func)
    def wrapper(first: S, *args: P.args, **kwargs: P.kwargs) -> R:
        from sqlalchemy import Engine

        engine = first if isinstance(first, Engine) else first.get_bind()
        with guarded(engine):  # type: ignore[arg-type]
            return func(first, *args, **kwargs)

    return wrapper
