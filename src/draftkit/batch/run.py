"""A batch run: every file the distribution list needs, the manifest, and the record.

The letter is laid out once and its pages shared by every copy (`batch.assemble`);
the slips are laid out together, their address blocks many to a sheet. All of it runs in
the worker the command forked as it started (`batch.worker`), where WeasyPrint is
already imported, while this process writes the Word version. Files go to a hidden staging
folder beside `OUT/<reference>/`, which then replaces the old set by rename, between a
journal entry that records the batch as pending (with every file's name and hash) and
the transaction that records it and marks it complete. A failure at any point leaves
`OUT` and the register as they were; a kill at any point leaves what `recovery` puts
right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from .. import atomic, register
from ..document import Document
from ..register import journal
from ..slugs import inside, plain
from ..workspace import Case
from . import faults, layout
from .layout import Backend, lay_out
from .lock import batch_lock
from .plan import BatchFile, plan
from .recovery import abandon_quietly, hidden, in_doubt, recover
from .worker import Worker

MANIFEST = "manifest.json"
#: Threads writing (and fsyncing) the files of a batch.
WRITERS = 8

#: progress(done, total, what is being done now)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BatchResult:
    """What a batch wrote and recorded, and the sentence that says so."""

    folder: Path
    files: tuple[register.FileRecord, ...]
    manifest: Path

    @property
    def copies(self) -> int:
        return sum(f.role == "copy" for f in self.files)

    @property
    def summary(self) -> str:
        """ "wrote 8 files (4 copies) to out/REF and recorded them in the register"."""
        copies = f"{self.copies} {'copy' if self.copies == 1 else 'copies'}"
        return (
            f"wrote {len(self.files) + 1} files ({copies}) to {self.folder}"
            " and recorded them in the register"
        )


def quiet(done: int, total: int, what: str) -> None:
    """No progress shown."""


#: Progress steps: the PDFs sent off, the Word version, the copies, writing, done.
STEPS = 4


class Rendered(Mapping[str, bytes]):
    """Every file of a batch by name, each kept as the pieces it is made of (a copy: its
    base, then its own update, `assemble.Copies`), with the SHA-256s known already (the
    copies', taken where they were assembled).

    The pieces go to disk as they are: joining 800 copies first made 76 MB of new bytes
    in the command after the layout, with the other core idle. Reading a file whole
    (`files[name]`) joins it.
    """

    def __init__(self, pieces: dict[str, tuple[bytes, ...]], known: dict[str, str]) -> None:
        self.pieces = pieces
        self.known = known

    def __getitem__(self, name: str) -> bytes:
        return b"".join(self.pieces[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self.pieces)

    def __len__(self) -> int:
        return len(self.pieces)

    def add(self, name: str, data: bytes) -> None:
        """Another file (the manifest, made once the others are known)."""
        self.pieces[name] = (data,)

    def size(self, name: str) -> int:
        return sum(map(len, self.pieces[name]))

    def sha256(self, name: str) -> str:
        """File `name`'s SHA-256 (hex): known, or taken now."""
        if name in self.known:
            return self.known[name]
        whole = hashlib.sha256()
        for piece in self.pieces[name]:
            whole.update(piece)
        return whole.hexdigest()


def render_files(
    document: Document,
    files: Sequence[BatchFile],
    backend: Backend,
    progress: Progress,
    worker: Worker | None = None,
) -> Rendered:
    """Every file's bytes, in memory: letter PDF and DOCX once, slips once, copies assembled.

    The PDFs are laid out by `worker` when it has (or now takes) the job for this
    document and back end, else here (`lay_out`); the Word version is written here
    meanwhile.
    """
    slipped = [f for f in files if f.kind == "slipped"]
    slips = [f.slip for f in slipped if f.slip]
    names = [f.recipient_name for f in slipped]
    progress(0, STEPS, f"laying out the letter and {len(slips)} slips")
    if worker is not None and worker.job_for is None:
        worker.submit((document, backend), lay_out, document, slips, names, backend)
    progress(1, STEPS, "writing the Word version")
    letter_docx = backend.letter_docx(document)
    progress(2, STEPS, f"assembling {len(slips)} copies" if slips else "laying out the letter")
    sent = worker.job_for if worker else None
    ours = isinstance(sent, tuple) and sent[0] is document and sent[1] == backend
    laid_out: tuple[bytes, Sequence[bytes]] | None = worker.result()[1] if worker and ours else None
    if laid_out is None:  # no worker, or it could not take the job, or it died on it
        laid_out = lay_out(document, slips, names, backend)
    letter_pdf, copies = laid_out
    data = {"pdf": letter_pdf, "docx": letter_docx}
    out: dict[str, tuple[bytes, ...]] = {
        f.name: (data[f.kind],) for f in files if f.kind != "slipped"
    }
    copy_names = [f.name for f in slipped]
    known: dict[str, str] = {}
    if copies:
        from .assemble import Copies  # loaded already: the copies were assembled or unpickled

        if isinstance(copies, Copies):
            pieces = (copies.pieces(i) for i in range(len(copies)))
            out.update(zip(copy_names, pieces, strict=True))
            known = dict(zip(copy_names, copies.digests, strict=True))
        else:
            out.update(zip(copy_names, ((c,) for c in copies), strict=True))
    progress(STEPS - 1, STEPS, "writing the files and recording them")
    return Rendered(out, known)


def manifest(
    case: Case,
    document: Document,
    files: Sequence[register.FileRecord],
    rendered_at: dt.datetime,
) -> dict[str, Any]:
    """What `manifest.json` says: the letter, then per file its recipient, role, hash, snippets."""
    snippets = [{"id": s.id, "version": s.version} for s in document.snippets]
    return {
        "reference": document.reference,
        "case": case.workspace.relative(case.dir),
        "debate": case.debate.id,
        "date": document.date.isoformat(),
        "sender": {"id": case.sender.id, "name": case.sender.name, "role": case.sender.role},
        "addressee": {"id": document.addressee.id, "name": document.addressee.display},
        "rendered_at": rendered_at.isoformat(),
        "snippets": [
            {"id": s.id, "version": s.version, "title": s.title} for s in document.snippets
        ],
        "files": [
            {
                "path": Path(f.path).name,
                "role": f.role,
                "recipient_id": f.recipient_id,
                "recipient_name": f.recipient_name,
                "sha256": f.sha256,
                "bytes": f.bytes,
                "snippets": snippets,
                "rendered_at": rendered_at.isoformat(),
            }
            for f in files
        ],
    }


def letter_record(case: Case, document: Document) -> register.LetterRecord:
    return register.LetterRecord(
        reference=document.reference,
        case_path=case.workspace.relative(case.dir),
        debate=case.debate.id,
        sender_id=case.sender.id,
        sender_name=case.sender.name,
        addressee_id=document.addressee.id,
        addressee_name=document.addressee.display,
        date=document.date,
        snippets=tuple((s.id, s.version) for s in document.snippets),
        discharges=tuple(case.letter.discharges),
    )


#: A file of the set is made new in the staging folder, never through a link.
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _write(folder: int, name: str, pieces: Sequence[bytes]) -> None:
    """Write the new file `name`, `pieces` one after another, in the folder open as
    `folder`, flushed to disk."""
    with os.fdopen(os.open(plain(name), _NEW, 0o666, dir_fd=folder), "wb") as fh:
        for piece in pieces:
            fh.write(piece)
        fh.flush()
        os.fsync(fh.fileno())


def _stage(staging: Path, data: Rendered) -> None:
    """Write every file into the new hidden folder, each flushed to disk, then the folder.

    Each name is a plain one made anew in the folder just made, so no file can land
    outside it, without resolving each path (800 resolves: 0.05 s).
    """
    staging.mkdir()  # mode from the umask, like any folder the user makes
    folder = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    try:
        # The waits for the disk overlap in threads (fsync releases the GIL).
        with ThreadPoolExecutor(WRITERS) as writers:
            list(writers.map(lambda item: _write(folder, *item), data.pieces.items()))
    finally:
        os.close(folder)
    atomic.sync_folder(staging)


def run_batch(
    case: Case,
    document: Document,
    out: Path,
    engine: Engine,
    *,
    backend: Backend | None = None,
    progress: Progress = quiet,
    now: Callable[[], dt.datetime] | None = None,
    worker: Worker | None = None,
) -> BatchResult:
    """Render, journal, stage, install and record a batch; all of it or none of it.

    The order is what makes it safe to kill at any instant: the register records the
    batch as pending with every file's name and hash before any file is written; the
    files go to a hidden staging folder, which replaces the old set by rename; then one
    transaction adds the batch's rows and marks it complete. `recovery.recover` (at the
    next batch, or `draftkit record repair`) finishes or undoes whatever a killed run left.
    `worker` lays out the PDFs (`render_files`).
    """
    files = plan(document)
    data = render_files(document, files, backend or layout.default_backend(), progress, worker)
    faults.point("rendered")
    rendered_at = (now or (lambda: dt.datetime.now(dt.UTC)))()
    reference = document.reference
    out.mkdir(parents=True, exist_ok=True)
    dest = inside(out, reference)
    folder = str(dest.resolve())
    digests = {name: data.sha256(name) for name in data}
    batch_folder = Path(case.workspace.relative(dest))
    with batch_lock(out, reference) as me:
        recover(out, reference, engine)
        faults.point("locked")
        records = [
            register.FileRecord(
                recipient_id=f.recipient_id,
                recipient_name=f.recipient_name,
                role=f.role,
                path=str(batch_folder / f.name),
                sha256=digests[f.name],
                bytes=data.size(f.name),
                dispatched_at=rendered_at,
            )
            for f in files
        ]
        body = json.dumps(manifest(case, document, records, rendered_at), indent=2) + "\n"
        data.add(MANIFEST, body.encode("utf-8"))
        digests[MANIFEST] = data.sha256(MANIFEST)
        token = secrets.token_hex(6)
        entry = journal.begin(
            engine,
            letter_record(case, document),
            records,
            rendered_at,
            folder=folder,
            batch_folder=str(batch_folder),
            token=token,
            holder=me,
            files=[journal.JournalFile(name, digests[name], data.size(name)) for name in data],
        )
        faults.point("pending")
        staged = atomic.Staged(hidden(out, reference, "staging", token), dest)
        try:
            _stage(staged.path, data)
            faults.point("staged")
            staged.install()
        except BaseException as exc:
            staged.undo()
            abandon_quietly(engine, entry)
            if isinstance(exc, OSError):  # name the set, not its hidden staging folder
                raise OSError(exc.errno, exc.strerror, str(dest)) from exc
            raise
        faults.point("installed")
        try:
            journal.complete(engine, entry)
        except register.RegisterError as exc:
            if in_doubt(exc):  # the commit may have happened: recovery will tell
                raise register.RegisterError(
                    f"{exc}; the files are in {dest} and the batch is recorded as pending: "
                    "run `draftkit record repair` once the register is back"
                ) from exc
            staged.undo()
            abandon_quietly(engine, entry)
            raise
        except BaseException:
            staged.undo()
            abandon_quietly(engine, entry)
            raise
        faults.point("complete")
        staged.finish()
        progress(STEPS, STEPS, "done")
    return BatchResult(dest, tuple(records), dest / MANIFEST)
