"""The fast YAML path for big directory files reads what the round trip reads, and errors
in those files are still placed at their exact line."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from draftkit import yamlio
from draftkit.workspace import load_workspace
from draftkit.yamlio import line_of, load_yaml, load_yaml_fast

# Scalars where YAML 1.1 (libyaml's default) and 1.2 (ruamel's) disagree, and ordinary ones.
SCALARS = [
    *("yes", "No", "on", "OFF", "y", "n", "True", "false", "~", "null", "NULL", ""),
    *("010", "0o10", "0x1F", "0b101", "1_000", "+5", "-0", "09", "1:20", "0o", "0x"),
    *("1.5", "1e3", ".5", "1.", "+.5", ".inf", "-.Inf", "1_0.5", "12e", "0.5.1"),
    *("2019-05-14", "2019-5-1", "2019-05-14 10:00:00", "2019-05-14T10:00:00Z"),
    *('"010"', "'yes'", "Lord Rosser", "D'Souza", "St Albans"),
]


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return a == b and isinstance(a, bool) == isinstance(b, bool)


@pytest.mark.skipif(not yamlio.FAST_YAML, reason="libyaml is not installed")
def test_fast_path_reads_yaml_12_like_the_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("".join(f"- v: {v}\n  n: {i}\n" for i, v in enumerate(SCALARS)))
    fast, slow = load_yaml_fast(path), load_yaml(path)
    for scalar, a, b in zip(SCALARS, fast, slow, strict=True):
        assert _same(a["v"], b["v"]), (scalar, a["v"], b["v"])
        assert type(a["v"]).__mro__[-2] is type(b["v"]).__mro__[-2]  # int, str, date ...
    assert [line_of(fast, (i,)) for i in range(3)] == [1, 3, 5]


def test_a_bad_entry_in_a_big_file_is_placed_at_its_line(workspace: Path) -> None:
    members = workspace / "members"
    members.mkdir()
    entries = "".join(f"- id: lord-test-{i}\n  rank: Lord\n  name: Test{i}\n" for i in range(300))
    entries += "- id: lord-broken\n  rank: Lord\n  name: Broken\n  sitting: perhaps\n"
    (members / "lords.yaml").write_text(entries, encoding="utf-8")
    ws, problems = load_workspace(workspace)
    assert [str(p) for p in problems] == [
        f"{members / 'lords.yaml'}:904: [300].sitting: expected true or false, got 'perhaps'"
    ]
    assert len(ws.members) == 6 + 300


def test_an_id_defined_twice_names_both_places(workspace: Path) -> None:
    members = workspace / "members"
    members.mkdir()
    (members / "lords.yaml").write_text(
        "# imported\n- id: lord-one\n  rank: Lord\n  name: One\n"
        "- id: lord-rosser\n  rank: Lord\n  name: Rosser\n",
        encoding="utf-8",
    )
    _, problems = load_workspace(workspace)
    assert len(problems) == 1
    assert problems[0].line == 5
    assert "member id `lord-rosser` is already defined at" in problems[0].message
    assert "members.yaml:" in problems[0].message


def test_a_yaml_syntax_error_is_placed_by_the_round_trip(workspace: Path) -> None:
    (workspace / "members").mkdir()
    (workspace / "members" / "lords.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    _, problems = load_workspace(workspace)
    assert len(problems) == 1 and problems[0].message.startswith("YAML syntax")
    assert problems[0].line is not None


def test_fast_dump_quotes_whatever_either_schema_would_not_read_as_text(tmp_path: Path) -> None:
    texts = [s.strip("\"'") for s in SCALARS] + ["0o17", "1:20", "Yes", "= sign", "#hash", ""]
    data = [{"v": t, "d": "2019-05-14", "n": None, "b": False, "i": 12} for t in texts]
    path = tmp_path / "d.yaml"
    path.write_text(yamlio.dump_yaml_fast(data), encoding="utf-8")
    for loaded in (load_yaml(path), load_yaml_fast(path)):
        assert [item["v"] for item in loaded] == texts
        assert all(isinstance(item["v"], str) for item in loaded)
        assert loaded[0]["n"] is None and loaded[0]["b"] is False and loaded[0]["i"] == 12


def test_reading_by_the_fast_path_never_loads_the_round_trip(tmp_path: Path) -> None:
    """`undertakings list` reads debates by libyaml: ruamel.yaml (20 ms) is left unloaded,
    until a file libyaml refuses needs the round trip to say where it is wrong."""
    good, bad = tmp_path / "debate.yaml", tmp_path / "bad.yaml"
    good.write_text("id: d\nquestions:\n  - id: q1\n    text: Why?\n", encoding="utf-8")
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    probe = (
        "import sys\nfrom pathlib import Path\n"
        "from draftkit.yamlio import load_yaml_fast, line_of\n"
        "data = load_yaml_fast(Path(sys.argv[1])); line_of(data, ('questions', 0))\n"
        "before = 'ruamel' in sys.modules\n"
        "try: load_yaml_fast(Path(sys.argv[2]))\n"
        "except Exception as exc: print(before, 'ruamel' in sys.modules, type(exc).__name__)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(good), str(bad)],
        capture_output=True, text=True, env=env, check=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.split() == ["False", "True", "InputError"]
