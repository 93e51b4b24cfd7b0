"""WeasyPrint's C libraries are opened by soname: importing it runs no ldconfig, gcc or ld.

Each probe runs in a fresh interpreter, because WeasyPrint is imported once a process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

#: Records every program started while the render layer is imported.
SPAWN_PROBE = """
import json, subprocess
started = []
real_init = subprocess.Popen.__init__
def init(self, args, *a, **k):
    started.append(args if isinstance(args, str) else [str(x) for x in args])
    real_init(self, args, *a, **k)
subprocess.Popen.__init__ = init
from draftkit.render import pdf
import weasyprint
print(json.dumps({"started": started, "pango": weasyprint.text.ffi.pango is not None}))
"""

#: A stand-in `weasyprint` that, like the real one, gives up when `find_library` cannot
#: find its library, and meanwhile has another thread search for the C library.
FAKE_WEASYPRINT = """
import ctypes.util, threading
from fakerecord import found_elsewhere  # outlives the failed import
worker = threading.Thread(target=lambda: found_elsewhere.append(ctypes.util.find_library("c")))
worker.start()
worker.join()
ATTEMPT = ctypes.util.find_library("c")
if ATTEMPT is None:
    raise OSError("cannot load library 'pango'")
"""

FALLBACK_PROBE = """
import json, sys
from draftkit.render.native import load_weasyprint
load_weasyprint()
import weasyprint
from fakerecord import found_elsewhere
print(json.dumps({"attempt": weasyprint.ATTEMPT, "elsewhere": found_elsewhere}))
"""


def _probe(code: str, *path: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, (*path, ROOT / "src")))}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_importing_the_render_layer_starts_no_program() -> None:
    """Without `render.native`, cffi's misses ask ldconfig, gcc and ld (dozens of runs)."""
    report = _probe(SPAWN_PROBE)
    assert report["started"] == []
    assert report["pango"]  # the libraries were opened all the same


def test_a_library_only_the_search_finds_is_found_by_importing_again(tmp_path: Path) -> None:
    """The soname-only import fails (the stand-in's library needs the search), so
    WeasyPrint is imported afresh with the real `find_library`; another thread searching
    meanwhile was never answered None."""
    (tmp_path / "weasyprint").mkdir()
    (tmp_path / "weasyprint" / "__init__.py").write_text(FAKE_WEASYPRINT, encoding="utf-8")
    (tmp_path / "fakerecord.py").write_text("found_elsewhere = []\n", encoding="utf-8")
    report = _probe(FALLBACK_PROBE, tmp_path)
    assert report["attempt"]  # the second import found the C library
    assert report["elsewhere"] == [report["attempt"]] * 2  # once per import, both found
