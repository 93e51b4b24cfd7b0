"""Scale: a letter to every Peer, a register of 10,000 letters, start-up, and a mail merge.

Builds, in a temporary workspace, the bundled example with every Peer of
`../shared/data/peers-ucl.xml` imported and the 2009 Migrant Workers debate imported (it
holds a promise to write), cases copied to 10, 200 and 800 sitting Peers, and a register
of 10,000 letters recorded through `register.record_batch`. Then, in rounds that
interleave every measurement (so a busy moment on a shared machine falls on all of them
alike), it times as whole processes what an official runs, and prints one JSON line per
figure (median and every sample, wall seconds, and the CPU seconds of the process) and
one per ratio of issue 15's table with its target:

    batch 800 copies / batch 10 copies            target 3x, and 800 copies under 6 s
    record list / draftkit --help                 target 1.5x (record show, undertakings too)
    draftkit --help / a bare typer app            target 1.5x
    draftkit check / a bare typer app             target 2x
    batch of the example / a one-call mail merge  target 0.8x

The mail merge is the usual office way of doing the example's batch: python-docx-template
fills a Word template once per recipient (the addressee, four copies, the Library) and
LibreOffice converts all six to PDF in one call. It needs `pip install docxtpl` (for this
benchmark only; draftkit does not depend on it) and LibreOffice
(`scripts/install-system-deps.sh`). The copies' PDFs of the 800 batch are also opened
with pypdf to count those that are tagged (`/StructTreeRoot`).

    python3 benchmarks/scale.py [--rounds 3] [--letters 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared"
)
PEERS = SHARED / "data" / "peers-ucl.xml"
DEBATE = SHARED / "data" / "hansard" / "lords-2009-10-27-migrant-workers.xml"
#: As benchmarks/startup.py: bytecode cached as in an installed draftkit (pip compiles it). A
#: shell that sets PYTHONDONTWRITEBYTECODE would have every command recompile draftkit's own
#: modules, while the bare app's Typer and the mail merge's docxtpl come with theirs.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(ROOT / "src"),
}
SIZES = (10, 200, 800)
EXAMPLE = "grooming-gangs-2019"

BARE_APP = '''
import typer
app = typer.Typer()

@app.command()
def hello(name: str) -> None:
    """Say hello."""
    print(name)

@app.command()
def bye(name: str) -> None:
    """Say goodbye."""
    print(name)

app()
'''


def emit(**line: object) -> None:
    print(json.dumps(line), flush=True)


def draftkit(*args: object) -> list[str]:
    return [sys.executable, "-m", "draftkit", *map(str, args)]


def build(root: Path, letters: int) -> dict[str, Path]:
    """The workspace: peers imported, the 2009 debate, one case per batch size, the register."""
    from draftkit.directory.sources import read_sources
    from draftkit.directory.store import apply, plan_for_workspace
    from draftkit.resources import bundled_dir
    from draftkit.workspace import load_workspace
    from draftkit.yamlio import dump_yaml, load_yaml

    shutil.copytree(bundled_dir("examples"), root, ignore=shutil.ignore_patterns("*.db"))
    ws, _ = load_workspace(root)
    apply(plan_for_workspace(ws, read_sources([PEERS])))
    subprocess.run(
        draftkit("debate", "import", DEBATE, "--case", root / "migrant", "--heading", "Migrant"),
        env=ENV,
        cwd=root,
        check=True,
        capture_output=True,
    )
    ws, problems = load_workspace(root)
    assert not problems, problems
    sitting = [m.id for m in ws.members.values() if m.sitting and m.id != "lord-rosser"]
    cases = {"example": root / EXAMPLE}
    for n in SIZES:
        case = root / f"every-{n}"
        shutil.copytree(root / EXAMPLE, case)
        letter = load_yaml(case / "letter.yaml")
        letter["reference"] = f"MC2019-05-30-{n}-peers"
        letter["distribution"]["copies"] = sitting[:n]
        (case / "letter.yaml").write_text(dump_yaml(letter), encoding="utf-8")
        cases[f"batch_{n}"] = case
    record_letters(root, letters)
    return cases


def record_letters(root: Path, count: int) -> None:
    """`count` letters in the register, each batched once to the addressee, four Peers and
    the Library, a tenth of them twice, every seventh deposited, each discharging a promise."""
    from draftkit import register

    engine = register.connect(register.database_url(root))
    start = dt.datetime(2015, 1, 1, 9, tzinfo=dt.UTC)
    with register.transaction(engine) as session:
        for n in range(count):
            reference = f"MC{n:05d}"
            day = start + dt.timedelta(hours=6 * n)
            letter = register.LetterRecord(
                reference=reference,
                case_path=f"cases/{reference}",
                debate=f"debate-{n // 20}",
                sender_id="home-office-mos-lords",
                sender_name="Baroness Williams of Trafford",
                addressee_id=f"peer-{n % 800}",
                addressee_name=f"Lord Example {n % 800}",
                date=day.date(),
                snippets=(("cse-evidence-base", 1), ("taxi-cross-border-tfg", 2)),
                discharges=(f"undertaking-{n}",),
            )
            files = [
                register.FileRecord(rid, rid, role, f"out/{reference}/{rid}.pdf", "0" * 64, 50_000)
                for rid, role in [
                    (f"peer-{n % 800}", "addressee"),
                    *((f"peer-{(n + c) % 800}", "copy") for c in range(1, 5)),
                    ("library-lords", "library"),
                ]
            ]
            for again in range(2 if n % 10 == 0 else 1):
                when = day + dt.timedelta(days=again)
                register.record_batch(session, letter, files, when, f"out/{reference}")
    for n in range(0, count, 7):
        register.record_deposit(engine, f"MC{n:05d}", f"DEP{n:05d}")


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=ENV, cwd=cwd, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def merge_inputs(folder: Path, case: Path) -> None:
    """The mail merge's Word template (the example letter, its address and salutation left
    as fields) and its list of recipients, made once, before anything is timed."""
    from docx import Document as Docx

    from draftkit.compose import compose
    from draftkit.render.text import to_text
    from draftkit.workspace import load_case

    document = compose(load_case(case))
    chunks = to_text(document).split("\n\n")
    chunks[3], chunks[5] = "{{ address }}", "{{ salutation }}"  # the address block, "Dear ..."
    template = Docx()
    for chunk in chunks:
        template.add_paragraph(chunk)
    template.save(str(folder / "template.docx"))
    people = [
        {"address": "\n".join([r.address_line, *r.address]), "salutation": r.salutation}
        for r in [document.addressee, *document.distribution.copies]
    ]
    people.append({"address": "House of Lords Library", "salutation": "Dear Librarian"})
    (folder / "people.json").write_text(json.dumps(people), encoding="utf-8")


def mail_merge(folder: Path) -> None:
    """The example's batch as a mail merge: docxtpl per recipient, one LibreOffice call."""
    from docxtpl import DocxTemplate

    files = []
    for n, person in enumerate(json.loads((folder / "people.json").read_text(encoding="utf-8"))):
        tpl = DocxTemplate(str(folder / "template.docx"))
        tpl.render(person)
        path = folder / f"merged-{n:02d}.docx"
        tpl.save(str(path))
        files.append(str(path))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *files,
        ],
        check=True,
        capture_output=True,
    )


def tagged(folder: Path) -> tuple[int, int]:
    """How many copy PDFs in `folder` carry a structure tree, of how many."""
    from pypdf import PdfReader

    copies = sorted(folder.glob("copy-*.pdf"))
    return sum("/StructTreeRoot" in PdfReader(p).trailer["/Root"] for p in copies), len(copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--mail-merge", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mail_merge:  # the child process the mail merge is timed as
        mail_merge(args.mail_merge)
        return
    missing = [str(p) for p in (PEERS, DEBATE) if not p.is_file()]
    if missing:
        raise SystemExit(f"scale.py needs the shared Parliament data: {', '.join(missing)} missing")
    emit(load_average=os.getloadavg(), cores=os.cpu_count())
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        ws = base / "ws"
        start = time.perf_counter()
        cases = build(ws, args.letters)
        emit(setup_seconds=round(time.perf_counter() - start, 1), letters=args.letters)
        (base / "bare.py").write_text(BARE_APP, encoding="utf-8")
        merge = base / "merge"
        merge.mkdir()
        merge_inputs(merge, cases["example"])
        commands: dict[str, list[str]] = {
            "bare_typer_help": [sys.executable, str(base / "bare.py"), "--help"],
            "help": draftkit("--help"),
            "check_example": draftkit("check", EXAMPLE),
            "record_list": draftkit("record", "list"),
            "record_show": draftkit("record", "show", "MC2019-05-30-rosser"),
            "undertakings_list": draftkit("undertakings", "list"),
            "mail_merge": [sys.executable, __file__, "--mail-merge", str(merge)],
            **{
                name: draftkit("batch", case, "-o", base / "out" / name, "-q")
                for name, case in cases.items()
            },
        }
        run(commands["mail_merge"], ws)  # LibreOffice's profile is made once, as on a desk
        run(commands["example"], ws)  # the example letter is in the register to show
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                samples[name].append(run(command, ws))
        emit(load_average=os.getloadavg())
        figures, cpu = {}, {}
        for name, values in samples.items():
            walls, cpus = [w for w, _ in values], [c for _, c in values]
            figures[name], cpu[name] = statistics.median(walls), statistics.median(cpus)
            emit(
                figure=name,
                seconds=round(figures[name], 3),
                cpu_seconds=round(cpu[name], 3),
                samples=[round(w, 3) for w in walls],
            )
        done, total = tagged(base / "out" / "batch_800" / "MC2019-05-30-800-peers")
        emit(figure="tagged_copies_of_800", tagged=done, of=total)

        def ratio(name: str, a: str, b: str, target: float) -> None:
            """Wall time over wall time; the same of CPU time, steadier on a busy machine."""
            value = figures[a] / figures[b]
            emit(
                ratio=name,
                value=round(value, 2),
                cpu_value=round(cpu[a] / cpu[b], 2),
                target=target,
                met=value <= target,
            )

        ratio("batch_800_vs_10_copies", "batch_800", "batch_10", 3.0)
        emit(ratio="batch_800_seconds", value=round(figures["batch_800"], 2), target=6.0,
             met=figures["batch_800"] < 6.0)  # fmt: skip
        ratio("batch_200_vs_10_copies", "batch_200", "batch_10", 3.0)
        for name in ("record_list", "record_show", "undertakings_list"):
            ratio(f"{name}_vs_help", name, "help", 1.5)
        ratio("help_vs_bare_typer", "help", "bare_typer_help", 1.5)
        ratio("check_vs_bare_typer", "check_example", "bare_typer_help", 2.0)
        ratio("example_batch_vs_mail_merge", "example", "mail_merge", 0.8)


if __name__ == "__main__":
    main()
