"""Shared fixtures: the repository's example workspace, copied where tests may change it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_CASE = EXAMPLES / "grooming-gangs-2019"
# `../shared` beside the clone; a worktree under `/work/wt/NAME` finds it one level further up.
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()),
    ROOT.parent / "shared",
)
SEED_LETTER = SHARED / "seeds" / "000_a86d53755144fde0.txt"
SHARED_DATA = SHARED / "data"

# Properties are judged on what they find, never on time: a busy machine (two workers on two
# cores) must not fail a test for being slow to generate or run an example.
settings.register_profile("draftkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("draftkit")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Parsed copies (`draftkit.parsecache`) go to this run's own folder, not the user's."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of the example workspace (draftkit.toml, members, ministers, the case)."""
    dest = tmp_path / "ws"
    shutil.copytree(EXAMPLES, dest, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    return dest


@pytest.fixture
def case(workspace: Path) -> Path:
    """The seed case inside a private workspace copy."""
    return workspace / "grooming-gangs-2019"


@pytest.fixture
def cli(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `draftkit ARGS` in-process from inside the private workspace (paths print relative)."""
    from typer.testing import CliRunner

    from draftkit.cli import app

    monkeypatch.chdir(workspace)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return run


@pytest.fixture(scope="session")
def lords(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with every Peer of peers-ucl.xml imported (not to be edited)."""
    from draftkit.directory.sources import read_sources
    from draftkit.directory.store import apply, plan_for_workspace
    from draftkit.workspace import load_workspace

    root = tmp_path_factory.mktemp("lords") / "ws"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    ws, _ = load_workspace(root)
    apply(plan_for_workspace(ws, read_sources([SHARED_DATA / "peers-ucl.xml"])))
    return root


@pytest.fixture
def to_every_peer(lords: Path, tmp_path: Path) -> Path:
    """The seed case in a copy of `lords`, sent to every sitting Peer as well as the speakers."""
    from checks_util import edit_yaml
    from draftkit.workspace import load_workspace

    root = tmp_path / "peers"
    shutil.copytree(lords, root)
    ws, problems = load_workspace(root)
    assert not problems
    everyone = [m.id for m in ws.members.values() if m.sitting and m.id != "lord-rosser"]
    case = root / "grooming-gangs-2019"
    edit_yaml(
        case / "letter.yaml", lambda d: d["distribution"].update(copies=["speakers", *everyone])
    )
    return case


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (the TUI's pilot tests, marked `anyio`) run on asyncio."""
    return "asyncio"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A throwaway PostgreSQL server for this test process (see tests/pgserver.py)."""
    import pgserver

    server = pgserver.start_server()
    try:
        yield server
    finally:
        pgserver.remove(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty register: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.db'}"
    return request.getfixturevalue("pg_server").new_database()  # type: ignore[no-any-return]
