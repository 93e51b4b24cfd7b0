"""Start-up: `draftkit --help` and `draftkit check` against a bare Typer app (issue 15).

Targets: `--help` within 1.5x a bare Typer app, `check examples/grooming-gangs-2019`
within 2x. Each round runs the three as fresh processes, interleaved (bare, help,
check, in a shuffled order) so that a busy machine slows all three alike; the ratios
are of medians over the rounds. Both wall time and CPU time (user + system: the wall
time on an idle machine, when others share this one) are given.

    python3 benchmarks/startup.py [ROUNDS]

Prints one JSON line per command and one per ratio.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "grooming-gangs-2019"
#: Bytecode is cached as in an installed draftkit (pip compiles it): a shell that sets
#: PYTHONDONTWRITEBYTECODE would otherwise recompile draftkit's own modules on every run,
#: while the bare app's Typer and Rich come with theirs.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(ROOT / "src"),
}

#: The floor: a Typer app with two commands, asked for its help (Typer imports Rich too).
BARE = """
import typer
app = typer.Typer(add_completion=False)
@app.command()
def hello(name: str = "world") -> None:
    '''Say hello.'''
@app.command()
def bye() -> None:
    '''Say goodbye.'''
app()
"""

COMMANDS = {
    "bare typer --help": [sys.executable, "-c", BARE, "--help"],
    "draftkit --help": [sys.executable, "-m", "draftkit", "--help"],
    "draftkit check": [sys.executable, "-m", "draftkit", "check", str(CASE)],
}
TARGETS = {"draftkit --help": 1.5, "draftkit check": 2.0}


def run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=ENV, check=True, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(rounds: int) -> None:
    for command in COMMANDS.values():
        run(command)  # warm the file cache and the .pyc files
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpus: dict[str, list[float]] = {name: [] for name in COMMANDS}
    order = list(COMMANDS)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            wall, cpu = run(COMMANDS[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
    median = {name: statistics.median(v) for name, v in walls.items()}
    median_cpu = {name: statistics.median(v) for name, v in cpus.items()}
    for name in COMMANDS:
        print(
            json.dumps(
                {
                    "command": name,
                    "rounds": rounds,
                    "wall_median_s": round(median[name], 3),
                    "wall_best_s": round(min(walls[name]), 3),
                    "cpu_median_s": round(median_cpu[name], 3),
                }
            )
        )
    floor = "bare typer --help"
    for name, target in TARGETS.items():
        print(
            json.dumps(
                {
                    "ratio": f"{name} / {floor}",
                    "wall": round(median[name] / median[floor], 2),
                    "cpu": round(median_cpu[name] / median_cpu[floor], 2),
                    "target": target,
                }
            )
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
