"""WeasyPrint's C libraries (Pango, HarfBuzz, fontconfig) opened without running a compiler.

WeasyPrint tries each library under several names, Windows and macOS ones first. cffi
answers every name it cannot open with `ctypes.util.find_library`, which on Linux runs
`ldconfig -p` and then gcc and ld to search (Kozea/WeasyPrint#1125): importing WeasyPrint
here ran ldconfig 22 times and gcc 16 times, about 0.25 s of a 0.5 s import, paid by every
render and by the batch's render worker before it can lay anything out.

Each list also holds the library's Linux soname (`libpango-1.0.so.0`), which the dynamic
loader opens on its own. So on Linux, while WeasyPrint is imported, `find_library` says
"not found" at once to the importing thread (other threads still get the real search) and
WeasyPrint moves on to the soname. Where a library is found only by that search (built
into a folder the loader does not know), WeasyPrint is imported again the usual way.
"""

from __future__ import annotations

import importlib
import sys

from ..libraries import find_library_answered


def load_weasyprint() -> None:
    """Import WeasyPrint (once a process), its libraries opened by soname where it can."""
    if "weasyprint" in sys.modules:
        return
    if sys.platform.startswith("linux"):
        try:
            with find_library_answered(lambda name, search: None):
                importlib.import_module("weasyprint")
            return
        except OSError:  # a library the loader cannot open by soname: search as usual
            for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
    importlib.import_module("weasyprint")
