"""C libraries that packages load through ctypes, found without `ldconfig` or gcc.

On Linux `ctypes.util.find_library` runs `ldconfig -p` in a new process, and gcc and ld
when that fails. WeasyPrint's import asks it dozens of times (`render/native.py`) and
pyenchant's once (`spelling.py`), though the dynamic loader opens each library by its
soname on its own. `find_library_answered` answers one thread's questions while it
imports such a package, and leaves every other thread's to the real search.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: `ctypes.util.find_library`'s shape: a library's name, and its file or soname (or None).
Search = Callable[[str], str | None]


@contextmanager
def find_library_answered(answer: Callable[[str, Search], str | None]) -> Iterator[None]:
    """While the block runs, `find_library` asks `answer` (given the real search) for this
    thread's questions and searches as ever for any other thread's.

    Two such blocks may overlap in two threads (a batch imports WeasyPrint while the
    spelling dictionary loads): each puts back only its own patch, and one left in place
    under another's only passes questions on.
    """
    import ctypes.util

    search = ctypes.util.find_library
    mine, active = threading.get_ident(), [True]

    def find_library(name: str) -> str | None:
        if active and threading.get_ident() == mine:
            return answer(name, search)
        return search(name)

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        active.clear()
        if ctypes.util.find_library is find_library:
            ctypes.util.find_library = search
