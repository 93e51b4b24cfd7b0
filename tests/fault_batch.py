"""One batch as a separate process with a fast stand-in back end, for the fault-injection suite.

`python tests/fault_batch.py CASE OUT` batches CASE into OUT through `batch.batch_case`
(the entry point `draftkit batch` uses) with the workspace's register or
`DRAFTKIT_DATABASE_URL`, and exits 0, or 1 with a one-line message. The files are small
stand-in bytes made from the composed letter and `DRAFTKIT_TEST_MARK` (so that two runs
differ), not laid-out PDFs, and the checks are not run: a process starts and batches in
a fraction of a second, so the suite can kill many. Everything the suite is about (the
journal, the lock, staging, installing, the register, recovery) is the real code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from draftkit.batch import Backend, Busy, Prepared, batch_case
from draftkit.batch.plan import Slip
from draftkit.compose import compose
from draftkit.document import Document
from draftkit.register import RegisterError
from draftkit.render.text import to_text
from draftkit.workspace import load_case


def _mark() -> bytes:
    return os.environ.get("DRAFTKIT_TEST_MARK", "").encode()


def letter(document: Document) -> bytes:
    return b"%PDF-stand-in letter " + _mark() + b"\n" + to_text(document).encode("utf-8")


def docx(document: Document) -> bytes:
    return b"DOCX-stand-in " + _mark() + b"\n" + to_text(document).encode("utf-8")


def slips(document: Document, laid: Sequence[Slip]) -> tuple[Slip, ...]:
    return tuple(laid)


def assemble(
    document: Document, letter_pdf: bytes, laid: tuple[Slip, ...], names: Sequence[str]
) -> list[bytes]:
    return [b"%PDF-stand-in copy for " + n.encode() + b"\n" + letter_pdf for n in names]


FAST = Backend(letter, docx, slips, assemble)  # type: ignore[arg-type]


def batch(case_dir: Path, out: Path) -> str:
    """Batch the case with the stand-in back end; the summary sentence."""
    case = load_case(case_dir)
    prepared = Prepared(case, compose(case), ())
    return batch_case(case, out, prepared=prepared, backend=FAST).summary


if __name__ == "__main__":
    try:
        print(batch(Path(sys.argv[1]), Path(sys.argv[2])))
    except (Busy, RegisterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except OSError as exc:
        print(f"error: {exc.filename}: {exc.strerror}", file=sys.stderr)
        sys.exit(1)
