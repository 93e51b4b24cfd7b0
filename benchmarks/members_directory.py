"""How long the member directory takes with the real ParlParse peers file imported.

Run: `python benchmarks/members_directory.py` (from the repository root). It imports
`../shared/data/peers-ucl.xml` into a scratch copy of the example workspace and prints,
for each step, the least CPU time of several runs: reading the XML, planning and writing the
import, loading the workspace (the fast libyaml path and the line-keeping round trip it
falls back to), `draftkit check`'s work on the example case in-process (in all, then
composing, the placeholders' context and each rule family on the loaded case), and
`find_members`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from draftkit import yamlio
from draftkit.checks import RULES, run_checks
from draftkit.checks.context import Context
from draftkit.compose import compose, context
from draftkit.directory.find import find_members
from draftkit.directory.sources import read_sources
from draftkit.directory.store import apply, plan_for_workspace
from draftkit.workspace import load_case, load_workspace

ROOT = Path(__file__).resolve().parent.parent
# `../shared` beside the clone; a worktree under `/work/wt/NAME` finds it one level further up.
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared"
)
PEERS = SHARED / "data" / "peers-ucl.xml"
QUERIES = ("alexander weedon", "bp blackburn", "Lady Amos", "st albans", "earl arran")


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The least CPU time of `runs` calls: steadier than wall time on a busy machine."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws_root = Path(tmp) / "ws"
        shutil.copytree(ROOT / "examples", ws_root)
        case = ws_root / "grooming-gangs-2019"
        print(f"read {PEERS.name}: {best_of(3, lambda: read_sources([PEERS])) * 1000:.0f} ms")
        batches = read_sources([PEERS])
        ws, _ = load_workspace(ws_root)
        plan_ms = best_of(1, lambda: apply(plan_for_workspace(ws, batches))) * 1000
        print(f"plan and write members/lords.yaml: {plan_ms:.0f} ms")
        lords = ws_root / "members" / "lords.yaml"
        size = lords.stat().st_size
        ws, problems = load_workspace(ws_root)
        assert not problems, problems
        print(f"workspace now holds {len(ws.members)} members ({size // 1024} KiB of YAML)")
        fast = best_of(5, lambda: yamlio.load_yaml_fast(lords)) * 1000
        slow = best_of(3, lambda: yamlio.load_yaml(lords)) * 1000
        print(f"parse lords.yaml: fast path {fast:.0f} ms, round trip {slow:.0f} ms")
        print(f"load_workspace: {best_of(5, lambda: load_workspace(ws_root)) * 1000:.0f} ms")
        check = best_of(5, lambda: run_checks(load_case(case))) * 1000
        print(f"check (load_case + every rule) on the example case: {check:.0f} ms")
        loaded = load_case(case)
        document = compose(loaded)
        print(f"  compose: {best_of(5, lambda: compose(loaded)) * 1000:.1f} ms")
        print(f"  placeholder context: {best_of(5, lambda: context(loaded)) * 1000:.2f} ms")
        today = dt.date.today()
        for rule in RULES:
            ms = best_of(5, lambda r=rule: list(r.run(Context(loaded, document, today)))) * 1000
            print(f"  rule {rule.family}: {ms:.1f} ms")
        for q in QUERIES:
            ms = best_of(5, lambda q=q: find_members(ws.members, q)) * 1000
            top = [m.id for m in find_members(ws.members, q, 3)]
            print(f"find {q!r}: {ms:.1f} ms -> {top}")


if __name__ == "__main__":
    main()
