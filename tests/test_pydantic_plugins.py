"""Commands load no pydantic plugin unless the environment asks, and do not look for any."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: A plugin that says so on stderr whenever pydantic builds a validator with it.
PLUGIN = """
import sys
class Plugin:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        print("plugin saw", path.name, file=sys.stderr)
        return None, None, None
plugin = Plugin()
"""
MODEL = """
import os, sys
{setup}
from draftkit import pydantic_plugins
pydantic_plugins.disable()
{after}
import pydantic
class Letter(pydantic.BaseModel):
    title: str
print(Letter(title="x").title, "metadata" if "importlib.metadata" in sys.modules else "-")
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder on the path holding an installed pydantic plugin, `fakeplugin`."""
    (tmp_path / "fakeplugin.py").write_text(PLUGIN)
    info = tmp_path / "fakeplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nfake = fakeplugin:plugin\n")
    return tmp_path


def run(site: Path, variable: str | None, setup: str = "", after: str = "") -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT / "src")])
    if variable is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = variable
    done = subprocess.run(
        [sys.executable, "-c", MODEL.format(setup=setup, after=after)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return done.stdout.strip(), done.stderr


def test_no_plugin_is_loaded_or_looked_for_by_default(site: Path) -> None:
    out, err = run(site, None)
    assert out == "x -"  # importlib.metadata, pydantic's way of looking, never imported
    assert "plugin saw" not in err


@pytest.mark.parametrize("variable", ["", "other"])
def test_plugins_the_environment_asks_for_are_loaded(site: Path, variable: str) -> None:
    out, err = run(site, variable)
    assert out == "x metadata"
    assert "plugin saw Letter" in err


def test_plugins_allowed_later_are_pydantics_own_loading(site: Path) -> None:
    out, err = run(site, None, after="os.environ['PYDANTIC_DISABLE_PLUGINS'] = ''")
    assert out == "x metadata"
    assert "plugin saw Letter" in err


def test_other_names_are_the_real_loaders(site: Path) -> None:
    out, _ = run(
        site,
        None,
        after="import pydantic.plugin._loader as L; print(L.PYDANTIC_ENTRY_POINT_GROUP)",
    )
    assert out.splitlines() == ["pydantic", "x metadata"]


def test_check_reads_no_package_metadata() -> None:
    """`draftkit check` of the example: no plugin search, so no importlib.metadata."""
    probe = (
        "import sys; sys.argv = ['draftkit', 'check', 'examples/grooming-gangs-2019']\n"
        "from draftkit.program import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "print('importlib.metadata' in sys.modules, file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env,
        check=False,
    )  # fmt: skip
    assert "warning" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"
