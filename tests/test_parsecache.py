"""Big YAML files are parsed once and kept by content: the same data and lines, never stale."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from draftkit import parsecache, yamlio
from draftkit.errors import InputError
from draftkit.workspace import load_workspace
from draftkit.yamlio import dump_yaml_fast, line_of, load_yaml_fast, parse_yaml_fast


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "draftkit" / "parsed"


def peers(count: int, start: int = 0) -> list[dict[str, Any]]:
    """`count` Peers as an import writes them (enough of them make a file worth keeping)."""
    return [
        {
            "id": f"lord-example-{n}",
            "rank": "Lord",
            "name": f"Example {n}",
            "party": "Crossbench",
            "sitting": n % 3 != 0,
            **({"left_on": dt.date(2001, 1, 1 + n % 28)} if n % 3 == 0 else {}),
        }
        for n in range(start, start + count)
    ]


def big(path: Path, entries: list[dict[str, Any]]) -> Path:
    path.write_text(dump_yaml_fast(entries), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8")) >= yamlio.CACHE_FROM
    return path


def lines(data: Any) -> list[int | None]:
    return [line_of(data)] + [line_of(data, (i,)) for i in range(len(data))]


_scalar = (
    st.text(max_size=12)
    | st.integers(-(10**12), 10**12)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.floats(allow_nan=False)
)
_value = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_document = st.lists(
    st.dictionaries(st.text(min_size=1, max_size=8), _value, max_size=4), max_size=12
)


@settings(max_examples=40)
@given(doc=_document | st.dictionaries(st.text(max_size=8), _value, max_size=6))
def test_kept_data_is_the_parsed_data_with_the_same_lines(
    doc: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("doc")
    path = folder / "doc.yaml"
    path.write_text(dump_yaml_fast(doc), encoding="utf-8")
    fresh = parse_yaml_fast(path.read_text(encoding="utf-8"), path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder / "xdg"))
        patch.setattr(yamlio, "CACHE_FROM", 0)  # every file is kept
        cold, warm = load_yaml_fast(path), load_yaml_fast(path)
    assert len(list((folder / "xdg" / "draftkit" / "parsed").glob("*.pickle"))) == 1
    for data in (cold, warm):
        assert data == fresh and type(data) is type(fresh)
        if isinstance(fresh, list):
            assert lines(data) == lines(fresh)


def test_a_kept_file_is_not_parsed_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = big(tmp_path / "lords.yaml", peers(400))
    first = load_yaml_fast(path)

    def refuse(text: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlio, "_parse_core", refuse)
    again = load_yaml_fast(path)
    assert again == first and lines(again) == lines(first)
    assert again is not first  # each read has its own copy to change


def test_an_edited_file_is_parsed_afresh(cache: Path, tmp_path: Path) -> None:
    path = big(tmp_path / "lords.yaml", peers(400))
    assert load_yaml_fast(path)[7]["name"] == "Example 7"
    big(path, [{"id": "lord-new", "rank": "Lord", "name": "New"}, *peers(400)])
    edited = load_yaml_fast(path)
    assert edited[0]["name"] == "New" and edited[8]["name"] == "Example 7"
    assert line_of(edited, (1,)) == 4  # each entry is one line further down
    assert len(list(cache.glob("*.pickle"))) == 2


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_copy_is_parsed_again_and_replaced(
    cache: Path, tmp_path: Path, damage: str
) -> None:
    path = big(tmp_path / "lords.yaml", peers(400))
    expected = load_yaml_fast(path)
    (kept,) = cache.glob("*.pickle")
    raw = kept.read_bytes()
    kept.write_bytes(
        {"truncated": raw[: len(raw) // 2], "garbage": b"\x80\x05junk", "empty": b""}[damage]
    )
    assert load_yaml_fast(path) == expected
    assert kept.read_bytes() == raw


def test_a_copy_naming_any_other_class_is_refused_unrun(cache: Path, tmp_path: Path) -> None:
    """A planted pickle that would run code on loading is a miss, and never runs."""
    path = big(tmp_path / "lords.yaml", peers(400))
    expected = load_yaml_fast(path)
    marker = tmp_path / "ran"
    (kept,) = cache.glob("*.pickle")
    kept.write_bytes(pickle.dumps(_Planted(marker)))
    assert load_yaml_fast(path) == expected
    assert not marker.exists()


class _Planted:
    """Unpickled, it would create a file: what a planted cache copy might try."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = big(tmp_path / "lords.yaml", peers(400))
    assert load_yaml_fast(path) == load_yaml_fast(path) == parse_yaml_fast(path.read_text(), path)


def test_only_the_newest_copies_are_kept(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsecache, "KEEP", 3)
    monkeypatch.setattr(yamlio, "CACHE_FROM", 0)
    paths = []
    for n in range(5):
        paths.append(tmp_path / f"f{n}.yaml")
        paths[-1].write_text(f"- {n}\n", encoding="utf-8")
        load_yaml_fast(paths[-1])
    assert len(list(cache.glob("*.pickle"))) == 3


def test_invalid_yaml_is_reported_as_before_and_not_kept(cache: Path, tmp_path: Path) -> None:
    path = big(tmp_path / "lords.yaml", peers(400))
    path.write_text(path.read_text(encoding="utf-8") + "- id: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            load_yaml_fast(path)
        (problem,) = caught.value.problems
        assert problem.message.startswith("YAML syntax") and problem.line is not None
    assert not list(cache.glob("*.pickle"))


def test_a_bad_member_in_a_kept_directory_is_placed_at_its_line(
    cache: Path, tmp_path: Path
) -> None:
    """The workspace's own message (file, line, field) is the same from a kept copy."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    (root / "members").mkdir()
    entries = peers(400)
    entries[123] = {"id": "lord-nameless", "rank": "Lord", "party": "Crossbench"}
    big(root / "members" / "lords.yaml", entries)
    found = []
    for _ in range(2):
        ws, problems = load_workspace(root)
        found.append([(p.file, p.line, p.field, p.message) for p in problems])
        assert "lord-example-399" in ws.members and "lord-nameless" not in ws.members
    assert list(cache.glob("*.pickle"))
    assert found[0] == found[1]
    (where,) = found[0]
    assert where[0] == root / "members" / "lords.yaml"
    assert where[1] == yamlio.load_yaml(root / "members" / "lords.yaml").lc.item(123)[0] + 1
