"""Many more faults than the test suite runs: random kills and concurrent batches, counted.

    python3 benchmarks/faults.py [--trials 100] [--concurrent 20] [--postgres]

Each trial runs a batch in its own process (tests/fault_batch.py), kills it with SIGKILL
a random 0-150 ms after it has rendered (or starts four at once), then checks with
`record repair` and `record show` that the register's set is on disk exactly and nothing
is left hidden. Prints how many trials left the old set, the new one, or anything else
(which would be a bug), and how the concurrent runs ended.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from test_faults import Child, assert_consistent, mark_on_disk, second_case  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--concurrent", type=int, default=20, help="rounds of four at once")
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    args = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(ROOT / "examples", ws, ignore=shutil.ignore_patterns("*.db"))
        case, out = ws / "grooming-gangs-2019", Path(tmp) / "out"
        if args.postgres:
            import pgserver

            server = pgserver.start_server()
            os.environ["DRAFTKIT_DATABASE_URL"] = server.new_database()
        else:
            os.environ["DRAFTKIT_DATABASE_URL"] = f"sqlite:///{tmp}/register.db"
        os.environ["DRAFTKIT_DATABASE_TIMEOUT"] = "5"
        try:
            rng = random.Random(14)
            outcomes: Counter[str] = Counter()
            start = time.perf_counter()
            for trial in range(args.trials):
                before = mark_on_disk(out)
                child = Child(case, out, f"R{trial}", fault="pause:rendered")
                child.reached()
                child.go()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.proc.wait(timeout=rng.uniform(0, 0.15))
                child.kill()
                code, _ = child.finish()
                assert_consistent(ws, out)
                after = mark_on_disk(out)
                ended = "finished" if code == 0 else "killed"
                kept = {f"R{trial}": "new set", before: "old set"}.get(after, "OTHER")
                outcomes[f"{ended}, {kept}"] += 1
            kill_time = time.perf_counter() - start
            other = second_case(case)
            runs: Counter[str] = Counter()
            for rnd in range(args.concurrent):
                children = [
                    Child(c, out, f"C{rnd}-{n}", fault="pause:rendered")
                    for n, c in enumerate((case, case, other, other))
                ]
                for child in children:
                    child.reached()
                for child in children:
                    child.go()
                for child in children:
                    code, err = child.finish()
                    if code == 0:
                        runs["batched"] += 1
                    elif "is being batched" in err:
                        runs["refused: lock held"] += 1
                    else:
                        runs[f"OTHER: {err.strip()}"] += 1
                assert_consistent(ws, out)
                assert_consistent(ws, out, "MC2019-05-30-rosser-second")
        finally:
            if server is not None:
                pgserver.remove(server)
    db = "PostgreSQL" if args.postgres else "SQLite"
    print(f"register: {db}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"random kills: {args.trials} trials in {kill_time:.1f} s")
    for what, n in sorted(outcomes.items()):
        print(f"  {what:24} {n}")
    print(f"concurrent: {args.concurrent} rounds of 4 (2 references x 2): {sum(runs.values())}")
    for what, n in sorted(runs.items()):
        print(f"  {what:24} {n}")
    print("every trial: record show matched the disk after repair, nothing hidden left")
    if any("OTHER" in k for k in [*outcomes, *runs]):
        sys.exit(1)


if __name__ == "__main__":
    main()
