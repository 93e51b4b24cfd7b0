"""Batch speed: the seed letter with 60 copy recipients, against rendering every copy afresh.

Builds a temporary workspace from the bundled example, adds 60 Peers who spoke in the
debate, then times `run_batch` (letter laid out once, slips in one pass, copies assembled
with pypdf) and the naive way: each copy laid out from scratch (letter + its own slip)
in the same run. Prints wall time, time per copy and the ratio.

    python benchmarks/batch.py [--copies 60] [--naive N]

`--naive N` times N from-scratch copies and scales to the full count (default: all).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from draftkit import register
from draftkit.batch.plan import plan
from draftkit.batch.run import default_backend, run_batch
from draftkit.compose import compose
from draftkit.render.pdf import fixed_clock
from draftkit.resources import bundled_dir
from draftkit.workspace import load_case
from draftkit.yamlio import load_yaml

SURNAMES = [
    "Adams", "Baker", "Carter", "Davies", "Evans", "Fisher", "Green", "Hughes", "Irving",
    "Jenkins", "King", "Lewis", "Morgan", "Norton", "Owen", "Parry", "Quinn", "Roberts",
    "Stewart", "Turner",
]  # fmt: skip
RANKS = ["Lord", "Baroness", "Viscount"]


def build_workspace(root: Path, copies: int) -> Path:
    """The example workspace with `copies` more Peers speaking in the seed debate."""
    shutil.copytree(bundled_dir("examples"), root, ignore=shutil.ignore_patterns("*.db"))
    case = root / "grooming-gangs-2019"
    lines, ids = [], []
    for n in range(copies):
        rank = RANKS[n % len(RANKS)]
        name = SURNAMES[n % len(SURNAMES)]
        place = f"Place{n:02d}"
        mid = f"{rank}-{name}-of-{place}".lower()
        ids.append(mid)
        lines += [f"- id: {mid}", f"  rank: {rank}", f"  name: {name}", f"  of: {place}"]
    (root / "members" / "speakers.yaml").parent.mkdir(exist_ok=True)
    (root / "members" / "speakers.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    debate = load_yaml(case / "debate.yaml")
    speakers = [s for s in debate["speakers"] if s not in ("lord-rosser",)]
    # Keep the seed's four other speakers, then the new ones, to `copies` copies in all.
    others = [s for s in speakers if s != debate["minister"]]
    added = ids[: max(0, copies - len(others))]
    text = (case / "debate.yaml").read_text(encoding="utf-8")
    extra = "".join(f"  - {m}\n" for m in added)
    text = text.replace("  - lord-rosser\n", f"{extra}  - lord-rosser\n", 1)
    (case / "debate.yaml").write_text(text, encoding="utf-8")
    return case


def cpu_seconds() -> float:
    """CPU time used by this process and its finished children (the slip workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--naive", type=int, default=0, help="from-scratch copies to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        case_dir = build_workspace(Path(tmp) / "ws", args.copies)
        case = load_case(case_dir)
        document = compose(case)
        count = len(document.distribution.copies)
        backend = default_backend()
        engine = register.connect(register.database_url(case.workspace.root))
        backend.letter_pdf(document)  # warm fonts and imports for both measurements

        start, cpu_start = time.perf_counter(), cpu_seconds()
        result = run_batch(case, document, Path(tmp) / "out", engine, backend=backend)
        batch_time, batch_cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
        files = len(result.files) + 1

        slipped = [f for f in plan(document) if f.kind == "slipped"]
        naive_n = min(args.naive or len(slipped), len(slipped))
        start, cpu_start = time.perf_counter(), cpu_seconds()
        with fixed_clock(document.date):
            for f in slipped[:naive_n]:
                assert f.slip is not None
                letter = backend.letter_pdf(document)
                slip = backend.slips_pdf(document, [f.slip])
                backend.assemble(document, letter, slip, [f.recipient_name])
        scale = len(slipped) / naive_n
        naive_time = (time.perf_counter() - start) * scale
        naive_cpu = (cpu_seconds() - cpu_start) * scale

    print(f"load average (1 min):   {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"copy recipients:        {count} (+ {len(slipped) - count} Library)")
    print(f"batch wall time:        {batch_time:.2f} s for {files} files")
    print(f"batch CPU time:         {batch_cpu:.2f} s (this process and its workers)")
    print(f"batch time per copy:    {batch_time / len(slipped) * 1000:.0f} ms")
    scaled = "" if naive_n == len(slipped) else f" (scaled from {naive_n})"
    print(f"from scratch:           {naive_time:.2f} s{scaled}")
    print(f"from scratch CPU time:  {naive_cpu:.2f} s")
    print(f"from scratch per copy:  {naive_time / len(slipped) * 1000:.0f} ms")
    print(f"speed-up:               {naive_time / batch_time:.1f}x")


if __name__ == "__main__":
    main()
