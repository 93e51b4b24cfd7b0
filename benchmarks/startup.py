"""Start-up: `draftkit --help` and `check` against a bare Typer app, and the register's
reads against `--help` (issue 15).

Targets: `--help` within 1.5x a bare Typer app, `check examples/grooming-gangs-2019`
within 2x; with `--letters N`, `record list`, `record show` and `undertakings list` on a
register of N letters (made in a temporary copy of the bundled examples, as
`benchmarks/scale.py` records its register) each within 1.5x `draftkit --help`. Each
round runs every command as a fresh process, in a shuffled order, so that a busy machine
slows all alike; the ratios are of medians over the rounds. Both wall time and CPU time
(user + system: the wall time on an idle machine, when others share this one) are given.

`bare typer command` is the same bare app running a command that takes a path, a number
and two flags: Typer builds a pydantic TypeAdapter for each parameter it coerces, so
every command that takes one (unlike `--help`) imports pydantic. It is the floor of any
command of a Typer app, shown for reference. `check's libraries` is the floor of `check`:
that app's command loading the libraries every check needs and nothing of draftkit;
`+ models` adds draftkit's input models (pydantic classes) and runs no draftkit code.

    python3 benchmarks/startup.py [ROUNDS] [--letters 10000]

Prints one JSON line per command and one per ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
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

#: The same app running a command with parameters as `record list` takes them.
BARE_COMMAND = """
from pathlib import Path
import typer
app = typer.Typer(add_completion=False)
@app.command("list")
def list_(
    workspace: Path | None = typer.Option(None, "--workspace"),
    limit: int = typer.Option(50, "--limit"),
    every: bool = typer.Option(False, "--all"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    '''List.'''
    typer.echo(chr(10).join(f"row {n}" for n in range(limit)))
@app.command()
def bye() -> None:
    '''Say goodbye.'''
app()
"""


#: The floor of `check`: the same bare app, its command taking a path and loading only the
#: libraries every check needs (pydantic with one model validated, PyYAML's C loader, one
#: Jinja template), none of draftkit. (Rich is not one: check prints its findings through
#: draftkit's own console, `cli/console.py`.) With MODELS, draftkit's input models
#: too (the pydantic classes a check validates the case with), and still no draftkit code.
LIBRARIES = """
from pathlib import Path
import typer
app = typer.Typer(add_completion=False)
@app.command()
def check(case: Path) -> None:
    '''Check.'''
    import jinja2, yaml
    from pydantic import BaseModel
    class Letter(BaseModel):
        reference: str
        copies: list[str] = []
    data = yaml.load((case / "letter.yaml").read_text(), Loader=yaml.CSafeLoader)
    letter = Letter.model_validate({"reference": data["reference"]})
    text = jinja2.Environment().from_string("{{ r }}: no errors").render(r=letter.reference)
    if MODELS:
        import draftkit.models
    typer.echo(text)
@app.command()
def bye() -> None:
    '''Say goodbye.'''
app()
"""


def draftkit(*args: object) -> list[str]:
    return [sys.executable, "-m", "draftkit", *map(str, args)]


COMMANDS = {
    "bare typer --help": [sys.executable, "-c", BARE, "--help"],
    "bare typer command": [sys.executable, "-c", BARE_COMMAND, "list", "--workspace", "."],
    "draftkit --help": draftkit("--help"),
    "check's libraries": [sys.executable, "-c", "MODELS = 0" + LIBRARIES, "check", CASE],
    "check's libraries + models": [sys.executable, "-c", "MODELS = 1" + LIBRARIES, "check", CASE],
    "draftkit check": draftkit("check", CASE),
}
REGISTER_COMMANDS = {
    "record list": draftkit("record", "list"),
    "record show": draftkit("record", "show", "MC00070"),  # two batches, deposited
    "undertakings list": draftkit("undertakings", "list"),
}
#: command → (the command it is measured against, the target ratio).
TARGETS = {
    "draftkit --help": ("bare typer --help", 1.5),
    "draftkit check": ("bare typer --help", 2.0),
    "check's libraries": ("bare typer --help", 2.0),
    "check's libraries + models": ("bare typer --help", 2.0),
    **{name: ("draftkit --help", 1.5) for name in REGISTER_COMMANDS},
}


def register_workspace(root: Path, letters: int) -> None:
    """The bundled examples with a register of `letters` letters, as scale.py records them."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
    from scale import record_letters

    from draftkit.resources import bundled_dir

    shutil.copytree(bundled_dir("examples"), root, ignore=shutil.ignore_patterns("*.db"))
    record_letters(root, letters)


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=ENV, check=True, capture_output=True, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(commands: dict[str, list[str]], cwd: dict[str, Path], rounds: int) -> None:
    """Run every command `rounds` times, interleaved; print the figures and the ratios."""
    for name, command in commands.items():
        run(command, cwd[name])  # warm the file cache and the .pyc files
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    order = list(commands)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            wall, cpu = run(commands[name], cwd[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
    median = {name: statistics.median(v) for name, v in walls.items()}
    median_cpu = {name: statistics.median(v) for name, v in cpus.items()}
    for name in commands:
        figure = {
            "command": name,
            "rounds": rounds,
            "wall_median_s": round(median[name], 3),
            "wall_best_s": round(min(walls[name]), 3),
            "cpu_median_s": round(median_cpu[name], 3),
            "cpu_best_s": round(min(cpus[name]), 3),
        }
        print(json.dumps(figure))
    for name, (floor, target) in TARGETS.items():
        if name in commands:
            ratio = {
                "ratio": f"{name} / {floor}",
                "wall": round(median[name] / median[floor], 2),
                "cpu": round(median_cpu[name] / median_cpu[floor], 2),
                "target": target,
            }
            print(json.dumps(ratio))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=15)
    parser.add_argument("--letters", type=int, default=0, help="time the register's reads too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "ws"
        commands = dict(COMMANDS)
        if args.letters:
            start = time.perf_counter()
            register_workspace(workspace, args.letters)
            setup = round(time.perf_counter() - start, 1)
            print(json.dumps({"letters": args.letters, "setup_s": setup}))
            commands.update(REGISTER_COMMANDS)
        cwd = {name: workspace if name in REGISTER_COMMANDS else ROOT for name in commands}
        measure(commands, cwd, args.rounds)


if __name__ == "__main__":
    main()
