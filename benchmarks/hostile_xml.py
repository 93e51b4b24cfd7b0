"""How fast hostile XML is refused (the issue asks for well under a second).

Run: PYTHONPATH=src python benchmarks/hostile_xml.py
Prints the time to refuse a billion-laughs file (in content and in an attribute), an
external-entity file and an external-DTD file, and to parse the real 2009 ParlParse file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from draftkit.errors import InputError
from draftkit.xmlsafe import parse_xml
from test_xmlsafe import (
    ATTRIBUTE_LAUGHS,
    BILLION_LAUGHS,
    EXTERNAL_DTD,
    EXTERNAL_ENTITY,
)

SHARED = next(p / "shared" for p in Path(__file__).resolve().parents if (p / "shared").is_dir())


def _time(name: str, data: bytes, runs: int = 20) -> None:
    start = time.perf_counter()
    outcome = "parsed"
    for _ in range(runs):
        try:
            parse_xml(data, name)
        except InputError:
            outcome = "refused"
    ms = (time.perf_counter() - start) / runs * 1000
    print(f"{name:28} {outcome:8} {ms:8.2f} ms")


def main() -> None:
    for name, text in [
        ("billion-laughs", BILLION_LAUGHS),
        ("billion-laughs-attribute", ATTRIBUTE_LAUGHS),
        ("external-entity", EXTERNAL_ENTITY),
        ("external-dtd", EXTERNAL_DTD),
    ]:
        _time(name, text.encode())
    real = SHARED / "data" / "hansard" / "lords-2009-10-27-migrant-workers.xml"
    _time("lords-2009-10-27 (real)", real.read_bytes())


if __name__ == "__main__":
    main()
