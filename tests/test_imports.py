"""`draftkit check` stays light: no WeasyPrint, python-docx or Textual on its path."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_CASE

HEAVY = ("weasyprint", "docx", "textual")

PROBE = """
import json, sys
from draftkit.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
    code = 0
except SystemExit as exc:
    code = exc.code
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.stdin.read())))
print(json.dumps({"exit": code, "loaded": loaded}))
"""


def run_probe(*args: str) -> dict[str, object]:
    """Run draftkit ARGS in a fresh interpreter and report which heavy packages it imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        input=json.dumps(HEAVY),
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_check_imports_no_renderer_and_no_tui() -> None:
    report = run_probe("check", str(SEED_CASE))
    assert report == {"exit": 0, "loaded": []}


def test_render_txt_imports_no_renderer_either(tmp_path: object) -> None:
    report = run_probe("render", str(SEED_CASE), "-o", str(tmp_path), "--format", "txt")
    assert report == {"exit": 0, "loaded": []}


def test_the_probe_sees_a_heavy_import_when_one_is_asked_for(tmp_path: object) -> None:
    """Not a blind probe: rendering DOCX does load python-docx (and only then)."""
    report = run_probe("render", str(SEED_CASE), "-o", str(tmp_path), "--format", "docx")
    assert report == {"exit": 0, "loaded": ["docx"]}


MODULES_PROBE = """
import json, sys
from draftkit.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def loaded_modules(*args: str) -> set[str]:
    """Every module a fresh `draftkit ARGS` imported, by full dotted name."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", MODULES_PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _under(modules: set[str], *packages: str) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in packages or m.startswith(packages))


def test_help_imports_no_command_module() -> None:
    """`draftkit --help` lists the commands from the table in draftkit.cli, importing none."""
    loaded = loaded_modules("--help")
    assert _under(loaded, "draftkit") == ["draftkit", "draftkit.cli"]
    assert _under(loaded, "pydantic", "jinja2", "yaml", "ruamel", "sqlalchemy") == []


def test_check_imports_only_what_checking_uses() -> None:
    loaded = loaded_modules("check", str(SEED_CASE))
    assert "draftkit.checks" in loaded  # the probe sees the command's own imports
    never = (
        "sqlalchemy",
        "httpx",
        "lxml",
        "pypdf",
        "holidays",
        "draftkit.atomic",
        *HEAVY,
    )
    assert _under(loaded, *never) == []
    assert "markdown_it" not in loaded  # the example's prose is plain: no parser to import
    assert "draftkit.editing" not in loaded  # the editor's round-trip operations
    assert _under(loaded, "ruamel") == []  # letter.yaml is only read: libyaml keeps its lines
    other_commands = (
        "draftkit.batch",
        "draftkit.register",
        "draftkit.directory",
        "draftkit.hansard",
        "draftkit.tui",
        "draftkit.cli.batch",
        "draftkit.cli.record",
        "draftkit.cli.members",
        "draftkit.cli.debate",
    )
    assert _under(loaded, *other_commands) == []


def test_init_copies_files_and_loads_no_model(tmp_path: Path) -> None:
    """`init` shares a module with `check` and `render`, not their imports."""
    loaded = loaded_modules("init", str(tmp_path / "new"))
    assert "draftkit.cli.case" in loaded and (tmp_path / "new" / "draftkit.toml").is_file()
    heavy = ("draftkit.checks", "draftkit.compose", "draftkit.models", "jinja2", "markdown_it")
    assert _under(loaded, *heavy) == []


def test_a_group_imports_its_own_module_only() -> None:
    loaded = loaded_modules("snippets", "list", "--workspace", str(SEED_CASE.parent))
    assert "draftkit.cli.snippets" in loaded
    assert _under(loaded, "draftkit.cli.case", "draftkit.checks", "sqlalchemy") == []


def imported_modules(path: Path) -> set[str]:
    """Every draftkit module a source file imports, relative imports resolved."""
    package = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts)
    if path.name == "__init__.py":
        package += ".__init__"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: -node.level] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return {m for m in found if m.startswith("draftkit")}


def reaches(folder: str, target: str) -> list[str]:
    """The modules under draftkit/FOLDER that import draftkit.TARGET (or anything in it)."""
    return sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "src" / "draftkit" / folder).rglob("*.py")
        if any(m == target or m.startswith(target + ".") for m in imported_modules(path))
    )


def test_render_is_document_to_bytes_and_knows_nothing_of_the_batch() -> None:
    assert reaches("render", "draftkit.batch") == []
    assert reaches("render", "draftkit.register") == []


def test_the_boundary_probe_sees_an_import_that_is_there() -> None:
    """Not a blind probe: the batch does import the render layer."""
    assert "src/draftkit/batch/slips.py" in reaches("batch", "draftkit.render")


def test_render_asks_a_sqlite_register_if_signed_without_sqlalchemy(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`is_signed` reads a current SQLite register with the stdlib (`register.reads`)."""
    from draftkit import register
    from draftkit.clearance import workflow
    from draftkit.workspace import load_case

    monkeypatch.delenv(register.ENV_URL, raising=False)
    engine = register.open_register(case.parent)
    workflow.sign(engine, load_case(case), "Baroness Williams of Trafford")
    engine.dispose()
    loaded = loaded_modules("render", str(case), "-o", str(tmp_path), "--format", "txt")
    assert "draftkit.register.reads" in loaded  # the register was asked
    assert _under(loaded, "sqlalchemy", "draftkit.register.workflow") == []
    assert (tmp_path / "MC2019-05-30-rosser.txt").is_file()


BATCH_PROBE = """
import json, sys
from pathlib import Path
import draftkit.cli.batch
before_fork = sorted(sys.modules)
from draftkit.batch import prepare
from draftkit.batch.worker import Worker
from draftkit.clearance.workflow import is_signed
from draftkit.workspace import load_case
case = load_case(Path(sys.argv[1]))
prepare(case, signed=is_signed(case), worker=Worker())
print(json.dumps({"before_fork": before_fork, "prepared": sorted(sys.modules)}))
"""


def test_a_batch_forks_before_the_checks_and_sends_the_layout_before_sqlalchemy(
    case: Path,
) -> None:
    """The worker is forked before `draftkit.checks` is imported, and the layout job goes
    (with the checks run) before the register's SQLAlchemy is imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", BATCH_PROBE, str(case)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    before_fork, prepared = set(report["before_fork"]), set(report["prepared"])
    assert _under(before_fork, "draftkit.checks", "draftkit.compose", "pydantic") == []
    assert {"draftkit.checks", "draftkit.batch.layout"} <= prepared  # the probe sees them
    assert _under(prepared, "sqlalchemy", "draftkit.batch.run", "draftkit.register.database") == []


WARM_PROBE = """
import json, sys
import draftkit.cli.batch
from draftkit.batch import worker
worker._warm()
print(json.dumps(sorted(sys.modules)))
"""


def test_the_batch_worker_warms_up_on_the_render_layer_alone() -> None:
    """Forked before the case is read, the worker imports WeasyPrint and pypdf, not the
    input models the batch's own process imports meanwhile."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", WARM_PROBE],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert {"weasyprint", "pypdf", "draftkit.batch.slips"} <= loaded  # the probe sees them
    input_side = ("draftkit.models", "draftkit.letterheads", "draftkit.compose", "yaml")
    assert _under(loaded, *input_side) == []
