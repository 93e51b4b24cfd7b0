"""How long an official waits for `draftkit check` on the example case (target: well under 1 s).

Run: `python benchmarks/check.py [RUNS]` from the repository root. Prints the median
and best wall time of `draftkit check examples/grooming-gangs-2019` as a fresh process
(interpreter start, imports, loading, checks: what the official waits for) and its CPU
time (the wall time on an idle machine, when others share this one), the time
to import the CLI alone, the median of load + compose in-process, and whether the
check path pulled in WeasyPrint, python-docx or Textual (it must not).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "grooming-gangs-2019"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
HEAVY = ("weasyprint", "docx", "textual")

PROBE = """
import json, sys
from draftkit.cli import app
try:
    app(["check", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2:]))))
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def cpu(command: list[str]) -> float:
    """CPU seconds (user + system) the process used: its wall time on an idle machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=ENV, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timings(runs: int, fn: Callable[[], float]) -> list[float]:
    fn()  # warm the OS file cache and the .pyc files
    return [fn() for _ in range(runs)]


def in_process(runs: int) -> list[float]:
    sys.path.insert(0, str(ROOT / "src"))
    from draftkit.compose import compose
    from draftkit.workspace import load_case

    def once() -> float:
        start = time.perf_counter()
        compose(load_case(CASE))
        return time.perf_counter() - start

    return timings(runs, once)


def rule_families(runs: int) -> None:
    """run_checks in-process, and each rule family on its own (the same composed letter)."""
    import datetime as dt

    from draftkit.checks import RULES, run_checks
    from draftkit.checks.context import Context
    from draftkit.compose import compose
    from draftkit.workspace import load_case

    case = load_case(CASE)
    document = compose(case)
    today = dt.date(2019, 6, 3)

    def run_all() -> float:
        start = time.perf_counter()
        run_checks(case, today=today, document=document)
        return time.perf_counter() - start

    show("run_checks, every rule (in-process)", timings(runs * 3, run_all))
    for rule in RULES:

        def one(rule=rule) -> float:  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            list(rule.run(Context(case, document, today)))
            return time.perf_counter() - start

        show(f"  rule family {rule.family}", timings(runs * 3, one))


def show(label: str, values: list[float]) -> None:
    print(
        f"{label:44} median {statistics.median(values) * 1000:7.1f} ms   "
        f"best {min(values) * 1000:7.1f} ms   ({len(values)} runs)"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    python = sys.executable
    print(f"draftkit check on {CASE.relative_to(ROOT)}; load average {os.getloadavg()[0]:.1f}")
    show(
        "draftkit check (new process, end to end)",
        timings(runs, lambda: wall([python, "-m", "draftkit", "check", str(CASE)])),
    )
    show(
        "draftkit check (new process, CPU time)",
        timings(runs, lambda: cpu([python, "-m", "draftkit", "check", str(CASE)])),
    )
    show(
        "python -c 'import draftkit.cli' (start-up)",
        timings(runs, lambda: wall([python, "-c", "import draftkit.cli"])),
    )
    show("python -c pass (the interpreter alone)", timings(runs, lambda: wall([python, "-c", ""])))
    show("load_case + compose (in-process)", in_process(runs * 3))
    rule_families(runs)
    loaded = subprocess.run(
        [python, "-c", PROBE, str(CASE), *HEAVY], env=ENV, check=True, capture_output=True
    ).stdout
    heavy = json.loads(loaded.decode().strip().splitlines()[-1])
    print(f"heavy modules imported by check: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()
