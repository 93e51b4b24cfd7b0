"""How long `draftkit edit` takes from a cold start to its first painted frame.

Each run is a fresh interpreter (so imports count) starting the same app the CLI
starts, headless. "First paint" is the first frame on screen (the app paints at once
and loads the case in a worker); "shown" is when the compose screen is filled in and
idle. Also reports whether WeasyPrint was imported (not until a render is asked for).

    python benchmarks/tui_startup.py [CASE] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from draftkit.tui.app import make_app
t_import = time.perf_counter()


async def painted(screen):
    done = asyncio.get_running_loop().create_future()
    screen.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return await done


async def main():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(200, 50)):
        first = await painted(app.screen)
        while type(app.screen).__name__ != "ComposeScreen":
            await asyncio.sleep(0.001)
        await app.workers.wait_for_complete()
        ready = await painted(app.screen)
        print(json.dumps({
            "import_s": t_import - t0,
            "first_paint_s": first - t0,
            "ready_s": ready - t0,
            "weasyprint_imported": "weasyprint" in sys.modules,
        }))


asyncio.run(main())
"""


#: The same measurement for an empty Textual app: the floor on this machine, for comparison.
BARE = r"""
import asyncio, json, time
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("draftkit")


async def main():
    app = Bare()
    async with app.run_test(size=(200, 50)):
        done = asyncio.get_running_loop().create_future()
        app.screen.call_after_refresh(lambda: done.set_result(time.perf_counter()))
        print(json.dumps({"first_paint_s": await done - t0}))


asyncio.run(main())
"""


def run(script: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:5.0f} ms "
        f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    default_case = ROOT / "examples" / "grooming-gangs-2019"
    parser.add_argument("case", nargs="?", default=str(default_case))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = [run(CHILD, args.case) for _ in range(args.runs)]
    bare = [run(BARE)["first_paint_s"] for _ in range(args.runs)]
    print(f"case: {args.case}  runs: {args.runs}  load average: {os.getloadavg()[0]:.1f}")
    print(f"import draftkit.tui.app:   {ms([r['import_s'] for r in results])}")
    print(f"start-up to first paint:   {ms([r['first_paint_s'] for r in results])}  target < 500")
    print(f"bare Textual app, paint:   {ms(bare)}  (this machine's floor)")
    print(f"case loaded and shown:     {ms([r['ready_s'] for r in results])}")
    print(f"weasyprint imported: {any(r['weasyprint_imported'] for r in results)}")


if __name__ == "__main__":
    main()
