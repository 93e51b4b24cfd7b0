"""The bundled letterheads, snippets and example work from a built wheel, not only from the tree.

The wheel is built once per test process (hatchling, no build isolation: a couple of
seconds) and installed into a throwaway venv that borrows the dependencies the tests
run with, so nothing is downloaded: through a `.pth` naming the test runner's own
site-packages, so that it works whether they sit in the system Python or in a
virtualenv (`--system-site-packages` sees only the base interpreter's).
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEED_CASE
from draftkit.compose import compose
from draftkit.render.text import to_text
from draftkit.workspace import load_case

BUNDLED = ("templates", "snippets", "examples")
PIP = (sys.executable, "-m", "pip", "-q", "--disable-pip-version-check")


def _env() -> dict[str, str]:
    """The environment without PYTHONPATH, so that only the installed wheel is importable."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def borrowing_venv(venv: Path) -> Path:
    """A bare venv that imports the test runner's installed packages; its python.

    The `.pth` lists the runner's site-packages folders as plain paths: Python adds
    them to `sys.path` after the venv's own, and does not run the `.pth` files inside
    them, so an editable install of draftkit (a path to a source tree) stays out.
    """
    env = _env()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    borrowed = [
        p for p in (*site.getsitepackages(), site.getusersitepackages()) if Path(p).is_dir()
    ]
    (Path(own) / "_draftkit_test_borrowed.pth").write_text("\n".join(borrowed) + "\n")
    return python


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("draftkit-*.whl")
    return built


def bundled_files() -> set[str]:
    """What the repository ships: every file under templates/, snippets/ and examples/."""
    files = set()
    for name in BUNDLED:
        for path in (ROOT / name).rglob("*"):
            rel = path.relative_to(ROOT)
            hidden = any(part.startswith(".") or part == "__pycache__" for part in rel.parts)
            if path.is_file() and not hidden and path.suffix != ".db":
                files.add(f"draftkit/_bundled/{rel.as_posix()}")
    return files


def test_the_wheel_holds_the_package_data_and_the_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = zf.read(entry_points).decode()
    assert bundled_files() <= names
    assert "draftkit/_bundled/templates/letterhead/home-office/letterhead.toml" in names
    assert "draftkit/__init__.py" in names and "draftkit/cli/__init__.py" in names
    assert "draftkit = draftkit.program:main" in scripts


def test_init_check_and_render_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    env = _env()
    python = borrowing_venv(venv)
    subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        env=env,
    )
    where = subprocess.run(
        [str(python), "-c", "import draftkit.resources as r; print(r.bundled_dir('snippets'))"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    ).stdout.strip()
    assert where.startswith(str(venv)), "the venv must run the wheel, not the source tree"

    draftkit = venv / "bin" / "draftkit"
    ws = tmp_path / "ws"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(draftkit), *args], capture_output=True, text=True, env=env, cwd=tmp_path
        )

    assert run("init", str(ws)).returncode == 0
    checked = run("check", str(ws / "grooming-gangs-2019"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    rendered = run("render", str(ws / "grooming-gangs-2019"), "-o", "out", "--format", "txt")
    assert rendered.returncode == 0, rendered.stderr
    text = (tmp_path / "out" / "MC2019-05-30-rosser.txt").read_text(encoding="utf-8")
    assert text == to_text(compose(load_case(SEED_CASE)))
    # A workspace without snippets/ falls back on the library bundled in the wheel.
    (ws / "snippets").rename(tmp_path / "moved-snippets")
    listed = run("snippets", "list", "--json", "-w", str(ws))
    assert listed.returncode == 0 and "taxi-cross-border-tfg" in listed.stdout
    assert "_bundled/snippets" in listed.stdout
