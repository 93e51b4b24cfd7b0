"""An open letter.yaml being edited: its state, undo history, saving, autosave and conflicts.

Nothing is lost: saves are atomic and keep comments and key order (round-trip YAML);
an autosave copy beside the letter (`.letter.yaml.autosave`) holds unsaved work until a
clean save, and is offered back on the next start after a crash; a file changed on disk
by someone else since it was read is never silently overwritten.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from . import lockfile
from .atomic import write_text
from .compose import compose
from .document import Document
from .editing import History, LetterData
from .errors import InputError, Problem
from .loading import validate
from .models import Letter
from .render.text import to_text
from .workspace import Case, cross_check
from .yamlio import dump_yaml, parse_yaml


class ChangedOnDisk(Exception):
    """letter.yaml was changed by someone else since it was read; saving would overwrite it."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} was changed on disk since it was opened")
        self.path = path


def autosave_path(letter_path: Path) -> Path:
    """Where unsaved work is kept: a hidden file beside the letter."""
    return letter_path.with_name(f".{letter_path.name}.autosave")


def lock_path(letter_path: Path) -> Path:
    """The lock an editor holds on the letter while it is open (beside the autosave)."""
    return letter_path.with_name(f".{letter_path.name}.lock")


class OpenElsewhere(Exception):
    """Another editor has the letter open; `holder` says which process, on what host, since."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is open in another editor ({holder})")
        self.holder = holder


@dataclasses.dataclass
class SessionLock:
    """This editor's hold on a letter: while it lasts no other editor edits it, and an
    autosave found beside the letter is one no live editor is writing (an orphan)."""

    path: Path
    fd: int

    def release(self) -> None:
        lockfile.release(self.path, self.fd)


def lock_session(letter_path: Path) -> SessionLock:
    """Hold the letter for this editing session; `OpenElsewhere` if another editor does.

    The lock is the kernel's (`draftkit.lockfile`), so an editor that crashed or was killed
    leaves a file naming a process that is gone, and that lock is free again at once.
    """
    path = lock_path(letter_path)
    fd = lockfile.try_lock(path)
    if fd is None:
        raise OpenElsewhere(letter_path, lockfile.held_by(path))
    return SessionLock(path, fd)


#: The autosave's first line names the letter.yaml it was made from (by digest), so that
#: restoring it and saving asks first if someone changed the file since.
_BASE = "# draftkit autosave, made from letter.yaml sha256:"


@dataclasses.dataclass(frozen=True)
class Autosave:
    """Unsaved work found beside a letter: its YAML and the digest of the file it came from."""

    text: str
    base_digest: str | None


def _digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def pending_autosave(letter_path: Path) -> Autosave | None:
    """Unsaved work left by an earlier session, if it differs from the letter."""
    saved = _read(autosave_path(letter_path))
    if saved is None:
        return None
    base = None
    if saved.startswith(_BASE):
        head, _, saved = saved.partition("\n")
        base = head.removeprefix(_BASE).strip() or None
    if saved == _read(letter_path):
        autosave_path(letter_path).unlink(missing_ok=True)
        return None
    return Autosave(saved, base)


@dataclasses.dataclass
class Draft:
    """The letter of an open case: base case (workspace, debate) plus the edited YAML."""

    base: Case
    history: History
    disk_digest: str | None
    saved: LetterData
    #: The autosave holds work not in the file (kept after "Load theirs"): keep it until
    #: a save or an explicit discard, even while nothing is unsaved.
    keep_autosave: bool = False

    @classmethod
    def open(cls, case: Case) -> Draft:
        data = case.letter_data
        return cls(case, History.start(data), _digest(_read(case.letter_path)), data)

    @property
    def path(self) -> Path:
        return self.base.letter_path

    @property
    def data(self) -> LetterData:
        return self.history.current

    @property
    def dirty(self) -> bool:
        return self.data is not self.saved

    def apply(self, data: LetterData, key: str | None = None) -> None:
        """Make `data` the current state (an edit); `key` merges runs of typing into one undo."""
        self.history.push(data, key)

    def undo(self) -> bool:
        return self.history.undo() is not None

    def redo(self) -> bool:
        return self.history.redo() is not None

    def text(self) -> str:
        return dump_yaml(self.data)

    def letter(self) -> tuple[Letter | None, list[Problem]]:
        """The current state validated as a `Letter`, or the problems that stop it."""
        return validate(Letter, self.data, self.path)

    def case(self, data: LetterData | None = None) -> Case:
        """The case with the letter in state `data` (default: now); raise `InputError` if wrong."""
        data = self.data if data is None else data
        letter, problems = validate(Letter, data, self.path)
        if letter is None:
            raise InputError(problems)
        case = dataclasses.replace(self.base, letter=letter, letter_data=data)
        found = list(cross_check(case))
        if found:
            raise InputError(found)
        return case

    def changed_on_disk(self) -> bool:
        return _digest(_read(self.path)) != self.disk_digest

    def save(self, *, force: bool = False) -> None:
        """Write atomically; refuse (ChangedOnDisk) if someone else changed the file meanwhile."""
        if not force and self.changed_on_disk():
            raise ChangedOnDisk(self.path)
        text = self.text()
        write_text(self.path, text)
        self.disk_digest = _digest(text)
        self.saved = self.data
        self.discard_autosave()

    def reload(self) -> None:
        """Take the file as it is on disk now, dropping unsaved edits (they stay undoable)."""
        text = _read(self.path) or ""
        data = parse_yaml(text, self.path)
        self.history.push(data)
        self.saved = data
        self.disk_digest = _digest(text)

    def autosave(self) -> None:
        """Keep unsaved work beside the letter; with nothing unsaved, remove the copy
        (unless it holds work set aside by `reload`)."""
        if self.dirty:
            head = f"{_BASE}{self.disk_digest or ''}\n"
            write_text(autosave_path(self.path), head + self.text())
        elif not self.keep_autosave:
            self.discard_autosave()

    def set_aside_and_reload(self) -> None:
        """ "Load theirs": keep this work in the autosave copy, then take the file from disk."""
        self.autosave()
        self.keep_autosave = self.dirty or self.keep_autosave
        self.reload()

    def restore(self, saved: Autosave) -> None:
        """Take back work from an autosave copy as an unsaved (undoable) edit.

        The draft then counts as opened from the file the autosave was made from, so a save
        asks first if letter.yaml was changed since (as any save does)."""
        self.history.push(parse_yaml(saved.text, autosave_path(self.path)))
        if saved.base_digest is not None:
            self.disk_digest = saved.base_digest

    def discard_autosave(self) -> None:
        self.keep_autosave = False
        autosave_path(self.path).unlink(missing_ok=True)


@dataclasses.dataclass(frozen=True)
class DraftPreview:
    """What the panes show after an edit: the composed letter (or why not) and the problems.

    `case` is the letter in that state when it loads (even if composing failed), for checks.
    """

    document: Document | None
    text: str | None
    problems: list[Problem]
    case: Case | None = None


def preview(draft: Draft, data: LetterData) -> DraftPreview:
    """Compose the letter in state `data` for the live preview; never raises on bad input."""
    try:
        case = draft.case(data)
    except InputError as exc:
        return DraftPreview(None, None, exc.problems)
    try:
        document = compose(case)
    except InputError as exc:
        return DraftPreview(None, None, exc.problems, case)
    return DraftPreview(document, to_text(document), [], case)
