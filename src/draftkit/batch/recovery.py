"""Putting a set right after a batch that died: the disk reconciled with the journal by hash.

Beside `OUT/<reference>/` a batch keeps two hidden folders named by its journal token:
`.<reference>.staging-<token>` (the new set being written) and `.<reference>.old-<token>`
(the set it replaced, until the register has recorded the new one). For each batch the
journal still calls pending, `recover` looks at what is on disk:

- the folder holds every file the batch names, by hash: it was installed and died before
  it was recorded, so it is recorded now (completed);
- the staging folder holds them all: it died before or between the two renames, so it is
  installed and recorded now;
- neither: its files never all reached the disk, so the old set stays (put back if it was
  set aside) and the batch is marked abandoned.

Then hidden folders left over are removed, but never a file that the set the register
describes needs and the folder lacks: that is moved into the folder first. Callers hold
the reference's lock (`batch.lock`), so no live batch is reconciled under its own feet.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from .. import atomic
from ..register import RegisterError, journal
from .lock import Busy, batch_lock


def hidden(out: Path, reference: str, kind: str, token: str) -> Path:
    """A batch's hidden folder beside the set: `.<reference>.<kind>-<token>`."""
    return out / f".{reference}.{kind}-{token}"


def in_doubt(exc: RegisterError) -> bool:
    """Did the connection drop mid-commit, so the register may or may not have it?"""
    cause = exc.__cause__
    return isinstance(cause, DBAPIError) and bool(cause.connection_invalidated)


def abandon_quietly(engine: Engine, entry: int) -> None:
    """Mark a failed batch abandoned if the register can be reached; recovery does it else."""
    with contextlib.suppress(RegisterError):
        journal.abandon(engine, entry)


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def holds(folder: Path, files: Iterable[journal.JournalFile]) -> bool:
    """Does `folder` hold every one of `files`, byte for byte?"""
    return folder.is_dir() and all(_sha256(folder / f.name) == f.sha256 for f in files)


def _rescue(leftover: Path, dest: Path, needed: dict[str, str]) -> list[str]:
    """Move into `dest` each file of `leftover` the register's set needs and `dest` lacks."""
    moved = []
    for path in sorted(leftover.iterdir()):
        want = needed.get(path.name)
        if want and _sha256(path) == want and _sha256(dest / path.name) != want:
            dest.mkdir(exist_ok=True)
            path.replace(dest / path.name)
            moved.append(path.name)
    return moved


def _begun(entry: journal.JournalEntry) -> str:
    return f"the batch begun {entry.started_at:%Y-%m-%d %H:%M:%S} UTC"


def recover(out: Path, reference: str, engine: Engine) -> list[str]:
    """Reconcile `OUT/<reference>/` with the journal (see the module); say what was done."""
    dest = out / reference
    folder = str(dest.resolve())
    done = []
    for entry in journal.pending(engine, folder):
        staging = hidden(out, reference, "staging", entry.token)
        if holds(dest, entry.files):
            journal.complete(engine, entry.id)
            done.append(f"{reference}: recorded {_begun(entry)}, whose files were in place")
        elif holds(staging, entry.files):
            atomic.Staged(staging, dest).install()
            journal.complete(engine, entry.id)
            done.append(f"{reference}: installed and recorded {_begun(entry)}")
        else:
            journal.abandon(engine, entry.id)
            done.append(
                f"{reference}: abandoned {_begun(entry)}, whose files never all reached the disk"
            )
    latest = journal.latest_complete(engine, folder)
    needed = {f.name: f.sha256 for f in latest.files} if latest else {}
    leftovers = [p for p in out.glob(f".{reference}.staging-*") if p.is_dir()]
    olds = sorted(
        (p for p in out.glob(f".{reference}.old-*") if p.is_dir()), key=lambda p: p.stat().st_mtime
    )
    if olds and not dest.exists():
        olds.pop().rename(dest)  # died between the two renames: the old set goes back
    for leftover in leftovers + olds:
        moved = _rescue(leftover, dest, needed)
        if moved:
            done.append(f"{reference}: put back {', '.join(moved)} from {leftover.name}")
        shutil.rmtree(leftover, ignore_errors=True)
    return done


def _untidy(out: Path, reference: str) -> bool:
    """Are there hidden folders of a batch beside the set?"""
    return any(p.is_dir() for p in out.glob(f".{reference}.*-*"))


def repair(engine: Engine) -> list[str]:
    """Recover every set with a pending batch or hidden leftovers; say what was done or skipped."""
    done = []
    pending = {(e.folder, e.reference) for e in journal.pending(engine)}
    for folder, reference in journal.sets(engine):
        out = Path(folder).parent
        if not out.is_dir():
            if (folder, reference) in pending:
                for entry in journal.pending(engine, folder):
                    journal.abandon(engine, entry.id)
                done.append(f"{reference}: abandoned a pending batch into {out}, which is gone")
            continue
        if (folder, reference) not in pending and not _untidy(out, reference):
            continue
        try:
            with batch_lock(out, reference):
                done += recover(out, reference, engine)
        except Busy as exc:
            done.append(f"skipped: {exc}")
    return done
