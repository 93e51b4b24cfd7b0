"""Laying a batch's PDFs out: the letter once, the slips in one pass, the copies assembled.

Kept apart from `batch.run` (the register, the journal, SQLAlchemy) because it is what the
batch's worker process runs: the worker imports this module, the render layer and
pypdf, and nothing it does not need.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..document import Document
from .plan import Slip, plan
from .worker import can_fork

if TYPE_CHECKING:
    from .assemble import LaidOutSlips
    from .worker import Worker

#: About as many address blocks as this process could lay out in the time the letter's
#: PDF and Word version take, the head start the worker gets on its share.
LETTER_IN_ADDRESSES = 150
#: The least share of address blocks worth a second layout pass (its stylesheets are read
#: and each kind of slip laid out again, about this many blocks' time, and it gets its
#: own base files).
SMALLEST_SHARE = 240


@dataclass(frozen=True)
class Backend:
    """How documents become bytes; the CLI uses the real render layer, tests may inject."""

    letter_pdf: Callable[[Document], bytes]
    letter_docx: Callable[[Document], bytes]
    slips_pdf: Callable[[Document, Sequence[Slip]], LaidOutSlips]
    assemble: Callable[[Document, bytes, LaidOutSlips, Sequence[str]], Sequence[bytes]]


def default_backend() -> Backend:
    """The render layer's PDF and DOCX back ends, each imported when first used: WeasyPrint
    is heavy, and the worker process is the one that uses it."""
    return Backend(_letter_pdf, _letter_docx, _slips_pdf, _assemble)


def _letter_pdf(document: Document) -> bytes:
    from ..render.pdf import to_pdf_bytes

    return to_pdf_bytes(document)


def _letter_docx(document: Document) -> bytes:
    from ..render.docx import to_docx_bytes

    return to_docx_bytes(document)


def _slips_pdf(document: Document, slips: Sequence[Slip]) -> LaidOutSlips:
    from .slips import slips_pdf

    return slips_pdf(document, slips)


def _assemble(
    document: Document, letter_pdf: bytes, slips: LaidOutSlips, names: Sequence[str]
) -> Sequence[bytes]:
    from .assemble import assemble

    return assemble(document, letter_pdf, slips, names)


def _helper() -> ProcessPoolExecutor | None:
    """A process forked beside this one to lay out a share of the slips, if worth it.

    WeasyPrint is not thread-safe, so parallel layout means processes; only `fork` starts
    one cheaply enough (a spawned one would import WeasyPrint again), so elsewhere the
    work stays in this process. One helper beside this process, which is the other
    layout process: each part lays out every kind of slip again and writes its base
    files again, so more parts than cores cost more than they save.
    """
    if not can_fork():
        return None
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))


def shares(slips: int) -> tuple[int, int]:
    """How many slips the helper lays out (the first ones) and how many this process.

    The helper starts at once; this process lays out the letter first (about
    `LETTER_IN_ADDRESSES` address blocks' time), then its own share, so both finish
    together. A share too small to pay for laying out the kinds of slip again and
    building their base files stays with the helper, which then has them all, so the
    letter and the slips are still laid out at the same time.
    """
    own = (slips - LETTER_IN_ADDRESSES) // 2
    return (slips, 0) if own < SMALLEST_SHARE else (slips - own, own)


def lay_out(
    document: Document, slips: Sequence[Slip], names: Sequence[str], backend: Backend
) -> tuple[bytes, Sequence[bytes]]:
    """The letter's PDF and each slip's copy (slip, then the letter), in order.

    A helper process lays out the first share of the slips (`shares`) while this one
    lays out the letter and the rest; each part's copies are assembled from that part's
    own slips and where they were laid out, at the same time: the helper's by the
    helper, sent the letter as soon as its share is laid out. When the helper has every
    slip, this process, idle meanwhile, assembles them all. Runs in the batch's worker,
    or in this process when there is none.
    """
    theirs, mine = shares(len(slips))
    helper = _helper() if theirs else None
    if helper is None:
        theirs, mine = 0, len(slips)
    try:
        pending = helper.submit(backend.slips_pdf, document, slips[:theirs]) if helper else None
        letter_pdf = backend.letter_pdf(document)
        helped = (
            _assembled_there(helper, pending, backend, document, letter_pdf, names[:theirs])
            if helper and pending and mine
            else None
        )
        own = backend.slips_pdf(document, slips[theirs:]) if mine else None
        copies = backend.assemble(document, letter_pdf, own, names[theirs:]) if own else []
        if helped:
            copies = _joined(helped.result(), copies)
        elif pending:
            laid_out = pending.result()
            copies = _joined(
                backend.assemble(document, letter_pdf, laid_out, names[:theirs]), copies
            )
    finally:
        if helper:
            helper.shutdown(cancel_futures=True)
    return letter_pdf, copies


def _assembled_there(
    helper: ProcessPoolExecutor,
    laying_out: Future[LaidOutSlips],
    backend: Backend,
    document: Document,
    letter_pdf: bytes,
    names: Sequence[str],
) -> Future[Sequence[bytes]]:
    """The helper's copies, assembled by the helper itself as soon as it has laid out
    their slips (while this process lays out and assembles its own share): the outcome
    of that second job, or the first one's exception."""
    outcome: Future[Sequence[bytes]] = Future()

    def relay(job: Future[Sequence[bytes]]) -> None:
        try:
            outcome.set_result(job.result())
        except BaseException as exc:
            outcome.set_exception(exc)

    def then(laid_out: Future[LaidOutSlips]) -> None:
        try:
            job = helper.submit(backend.assemble, document, letter_pdf, laid_out.result(), names)
        except BaseException as exc:  # the layout failed, or the helper was shut down
            outcome.set_exception(exc)
            return
        job.add_done_callback(relay)

    laying_out.add_done_callback(then)
    return outcome


def _joined(first: Sequence[bytes], then: Sequence[bytes]) -> Sequence[bytes]:
    """`first`'s copies, then `then`'s: kept as `Copies` (each base once) when both are."""
    from .assemble import Copies  # loaded already: the copies were just assembled

    if isinstance(first, Copies) and isinstance(then, Copies):
        return first + then
    return [*first, *then]


def start_layout(worker: Worker, document: Document, backend: Backend | None = None) -> None:
    """Send the letter's layout job to `worker` now, so it runs while this process does
    the rest (the checks, the Word version); `run.render_files` collects it."""
    files = plan(document)
    slipped = [f for f in files if f.kind == "slipped" and f.slip]
    job = (document, [f.slip for f in slipped], [f.recipient_name for f in slipped])
    backend = backend or default_backend()
    worker.submit((document, backend), lay_out, *job, backend)
