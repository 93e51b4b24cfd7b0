"""A batch run: every file the distribution list needs, the manifest, and the record.

The letter is laid out once and its pages shared by every copy (`batch.assemble`);
the slips are laid out together, one page per recipient. Files go to a hidden staging
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
import multiprocessing
import os
import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from .. import atomic, register
from ..document import Document
from ..register import journal
from ..slugs import inside
from ..workspace import Case
from . import faults
from .assemble import LaidOutSlips
from .lock import batch_lock
from .plan import BatchFile, Slip, plan
from .recovery import abandon_quietly, hidden, in_doubt, recover

MANIFEST = "manifest.json"
#: The number of slips worth starting a worker process for.
PARALLEL_FROM = 12
#: About as many address blocks as this process could lay out in the time the letter's
#: PDF and Word version take, the head start the worker gets on its share.
LETTER_IN_ADDRESSES = 150
#: The least share of address blocks worth a second layout pass (its stylesheets are read
#: and each kind of slip laid out again, about this many blocks' time, and it gets its
#: own base files).
SMALLEST_SHARE = 240
#: Threads writing (and fsyncing) the files of a batch.
WRITERS = 8

#: progress(done, total, what is being done now)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Backend:
    """How documents become bytes; the CLI uses the real render layer, tests may inject."""

    letter_pdf: Callable[[Document], bytes]
    letter_docx: Callable[[Document], bytes]
    slips_pdf: Callable[[Document, Sequence[Slip]], LaidOutSlips]
    assemble: Callable[[Document, bytes, LaidOutSlips, Sequence[str]], list[bytes]]


def default_backend() -> Backend:
    """The render layer's PDF and DOCX back ends (imported only now: WeasyPrint is heavy)."""
    from ..render import emitter
    from . import assemble, slips

    return Backend(emitter("pdf"), emitter("docx"), slips.slips_pdf, assemble.assemble)


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
        return (
            f"wrote {len(self.files) + 1} files ({self.copies} copies) to {self.folder}"
            " and recorded them in the register"
        )


def quiet(done: int, total: int, what: str) -> None:
    """No progress shown."""


def _worker() -> ProcessPoolExecutor | None:
    """A worker process that lays out part of the slips while this one does the rest.

    WeasyPrint is not thread-safe, so parallel layout means processes; only `fork` starts
    one cheaply enough (a spawned worker would import WeasyPrint again), so elsewhere the
    work stays in this process. One worker beside this process, which is the other
    layout process: each part lays out every kind of slip and writes its base files
    again, so more parts than cores cost more than they save.
    """
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))


def steps(files: Sequence[BatchFile]) -> int:
    """Progress steps: letter, Word version, slips, each copy, then writing and recording."""
    return 4 + sum(f.kind == "slipped" for f in files)


def shares(slips: int) -> tuple[int, int]:
    """How many address blocks the worker lays out (the first ones) and how many this process.

    The worker starts at once; this process lays out the letter and writes the Word
    version first (about `LETTER_IN_ADDRESSES` address blocks' time), then its own share,
    so both finish together. A share too small to pay for laying out the kinds of slip
    again and building their base files stays with the worker; a list too short for a
    worker stays here.
    """
    if slips < PARALLEL_FROM:
        return 0, slips
    own = (slips - LETTER_IN_ADDRESSES) // 2
    return (slips, 0) if own < SMALLEST_SHARE else (slips - own, own)


def render_files(
    document: Document, files: Sequence[BatchFile], backend: Backend, progress: Progress
) -> dict[str, bytes]:
    """Every file's bytes, in memory: letter PDF and DOCX once, slips once, copies assembled.

    With many copies a worker process lays out the first part of the slips while this
    one lays out the letter, writes the Word version and lays out the rest (`shares`);
    each part's copies are assembled from that part's own slips.
    """
    slipped = [f for f in files if f.kind == "slipped"]
    slips = [f.slip for f in slipped if f.slip]
    total = steps(files)
    theirs, mine = shares(len(slips))
    worker = _worker() if theirs else None
    if worker is None:
        theirs, mine = 0, len(slips)
    parts: list[tuple[LaidOutSlips, list[BatchFile]]] = []
    try:
        pending = worker.submit(backend.slips_pdf, document, slips[:theirs]) if worker else None
        progress(0, total, "laying out the letter")
        letter_pdf = backend.letter_pdf(document)
        progress(1, total, "writing the Word version")
        letter_docx = backend.letter_docx(document)
        progress(2, total, f"laying out {len(slips)} slips")
        own = backend.slips_pdf(document, slips[theirs:]) if mine else None
        if pending:
            parts.append((pending.result(), slipped[:theirs]))
        if own:
            parts.append((own, slipped[theirs:]))
    finally:
        if worker:
            worker.shutdown(cancel_futures=True)
    data = {"pdf": letter_pdf, "docx": letter_docx}
    out = {f.name: data[f.kind] for f in files if f.kind != "slipped"}
    if slipped:
        progress(3, total, "assembling copies")
    done = 0
    for laid_out, part in parts:
        copies = backend.assemble(document, letter_pdf, laid_out, [f.recipient_name for f in part])
        for f, pdf in zip(part, copies, strict=True):
            out[f.name] = pdf
            done += 1
            progress(3 + done, total, f"assembled {f.name}")
    progress(total - 1, total, "writing the files and recording them")
    return out


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


def _write(path: Path, data: bytes) -> None:
    with path.open("xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _stage(staging: Path, data: dict[str, bytes]) -> None:
    """Write every file into the new hidden folder, each flushed to disk, then the folder."""
    staging.mkdir()  # mode from the umask, like any folder the user makes
    # The waits for the disk overlap in threads (fsync releases the GIL).
    with ThreadPoolExecutor(WRITERS) as writers:
        list(writers.map(lambda item: _write(inside(staging, item[0]), item[1]), data.items()))
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
) -> BatchResult:
    """Render, journal, stage, install and record a batch; all of it or none of it.

    The order is what makes it safe to kill at any instant: the register records the
    batch as pending with every file's name and hash before any file is written; the
    files go to a hidden staging folder, which replaces the old set by rename; then one
    transaction adds the batch's rows and marks it complete. `recovery.recover` (at the
    next batch, or `draftkit record repair`) finishes or undoes whatever a killed run left.
    """
    files = plan(document)
    data = render_files(document, files, backend or default_backend(), progress)
    faults.point("rendered")
    rendered_at = (now or (lambda: dt.datetime.now(dt.UTC)))()
    reference = document.reference
    out.mkdir(parents=True, exist_ok=True)
    dest = inside(out, reference)
    folder = str(dest.resolve())
    with batch_lock(out, reference) as me:
        recover(out, reference, engine)
        faults.point("locked")
        records = [
            register.FileRecord(
                recipient_id=f.recipient_id,
                recipient_name=f.recipient_name,
                role=f.role,
                path=case.workspace.relative(dest / f.name),
                sha256=hashlib.sha256(data[f.name]).hexdigest(),
                bytes=len(data[f.name]),
                dispatched_at=rendered_at,
            )
            for f in files
        ]
        body = json.dumps(manifest(case, document, records, rendered_at), indent=2) + "\n"
        data[MANIFEST] = body.encode("utf-8")
        token = secrets.token_hex(6)
        entry = journal.begin(
            engine,
            letter_record(case, document),
            records,
            rendered_at,
            folder=folder,
            batch_folder=case.workspace.relative(dest),
            token=token,
            holder=me,
            files=[
                journal.JournalFile(name, hashlib.sha256(b).hexdigest(), len(b))
                for name, b in data.items()
            ],
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
        progress(steps(files), steps(files), "done")
    return BatchResult(dest, tuple(records), dest / MANIFEST)
