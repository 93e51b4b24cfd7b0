"""`draftkit` as a separate process with a fast stand-in back end, for the fault-injection suite.

Run as `python tests/fault_batch.py batch CASE -o OUT` (any draftkit command line): the
batch's files are small stand-in bytes made from the composed letter, not laid-out PDFs,
so a process starts and batches in well under a second and the suite can kill hundreds.
Everything else (journal, lock, staging, install, register) is the real code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from draftkit.batch import run
from draftkit.batch.plan import Slip
from draftkit.document import Document
from draftkit.render.text import to_text


def letter(document: Document) -> bytes:
    return b"%PDF-stand-in letter\n" + to_text(document).encode("utf-8")


def slips(document: Document, laid: Sequence[Slip]) -> tuple[Slip, ...]:
    return tuple(laid)


def assemble(
    document: Document, letter_pdf: bytes, laid: tuple[Slip, ...], names: Sequence[str]
) -> list[bytes]:
    return [b"%PDF-stand-in copy for " + n.encode() + b"\n" + letter_pdf for n in names]


FAST = run.Backend(letter, lambda d: b"DOCX " + to_text(d).encode(), slips, assemble)  # type: ignore[arg-type]

if __name__ == "__main__":
    run.default_backend = lambda: FAST
    from draftkit.cli import main

    sys.argv = ["draftkit", *sys.argv[1:]]
    main()
