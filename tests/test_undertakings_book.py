"""The book of promises kept by `parsecache`: `undertakings list` prints the same (text and
`--json`) whether the debates are validated afresh or their fields are read back, on debates
the example lacks (made up by hypothesis) with a register of their discharges; and what is
kept is never used once a debate, the validator or the rules for reading inputs change."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from draftkit import register
from draftkit.cli import app
from draftkit.hansard import book
from test_imports import loaded_modules

runner = CliRunner()

#: Ids and text start with a letter, so that YAML reads them back as text in any version.
#: Often one of a few, so that letters discharge them and two debates share one.
ids = st.one_of(
    st.sampled_from(["a", "b", "c.u1"]),
    st.builds(str.__add__, st.sampled_from("abc"), st.text("abc19.-", max_size=5)),
)
#: What an excerpt or a column may hold, markup and emoji look-alikes included.
words = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from("abcXYZéł"),
    st.text(st.sampled_from("abcXYZ éł\u2019'\"[]/:*_`#&019"), max_size=22),
    st.sampled_from(["", "]", ":", "b"]),
)
days = st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31))


@dataclass(frozen=True)
class Made:
    """One generated undertaking: as debate.yaml holds it, and as `--json` lists it."""

    fields: dict[str, Any]
    row: dict[str, Any]


@st.composite
def undertakings(draw: st.DrawFn, debate: str) -> Made:
    column = draw(st.one_of(st.none(), st.integers(1, 99999), words))
    fields: dict[str, Any] = {
        "id": draw(ids),
        "minister": draw(ids),
        "to": draw(st.lists(ids, min_size=1, max_size=3)),
        "excerpt": draw(words),
        "due": draw(days),
        "library": draw(st.booleans()),
    }
    if column is not None:
        fields["column"] = column
    row = {
        **fields,
        "debate": debate,
        "column": None if column is None else str(column),
        "due": fields["due"].isoformat(),
    }
    return Made(fields, row)


@dataclass(frozen=True)
class Drawn:
    """A debate.yaml in a folder, and what the book makes of it."""

    folder: str
    data: dict[str, Any]
    made: list[Made]
    broken: bool  # invalid somewhere: a warning, and none of its undertakings listed

    @property
    def hidden(self) -> bool:
        return self.folder.startswith(".")


@st.composite
def debates(draw: st.DrawFn, n: int) -> Drawn:
    debate = f"debate-{n}"
    made = draw(st.lists(undertakings(debate), min_size=1, max_size=3))
    data: dict[str, Any] = {
        "id": debate,
        "house": "lords",
        "date": dt.date(2009, 10, 27),
        "title": "Migrant Workers",
        "minister": "lord-brett",
        "undertakings": [m.fields for m in made],
    }
    broken = draw(st.sampled_from([None, None, None, "house", "title"]))
    if broken is not None:  # wrong away from its undertakings
        data[broken] = "senate" if broken == "house" else ""
    folder = draw(
        st.sampled_from([f"c{n}", f"cases/c{n}", f"cases/{n}/deep", f"c{n}", f".old/c{n}"])
    )
    return Drawn(folder, data, made, broken is not None)


letters = st.lists(
    st.tuples(st.integers(0, 10_000), st.lists(ids, max_size=4, unique=True)), max_size=3
)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def listing(ws: Path, *args: str) -> Run:
    result = runner.invoke(app, ["undertakings", "list", "-w", str(ws), *args])
    return Run(result.exit_code, result.stdout, result.stderr)


@contextmanager
def counting() -> Iterator[list[int]]:
    """How many debates each listing validated afresh, while the block runs."""
    calls: list[int] = []
    validated = book._validated

    def count(paths: Any) -> Any:
        calls.append(len(paths))
        return validated(paths)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(book, "_validated", count)
        yield calls


@contextmanager
def cold(root: Path) -> Iterator[pytest.MonkeyPatch]:
    """An empty parse cache of its own and the workspace's own register, for the block."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(register.ENV_URL, raising=False)
        patch.setenv("XDG_CACHE_HOME", str(root / f"xdg-{len(os.listdir(root))}"))
        yield patch


def write_debate(ws: Path, folder: str, data: dict[str, Any]) -> Path:
    path = ws / folder / "debate.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def record(ws: Path, sent: list[tuple[str, dt.datetime, list[str]]]) -> None:
    """The workspace's register, whose letters discharged these undertakings."""
    engine = register.open_register(ws)
    with register.transaction(engine) as session:
        for reference, at, discharges in sent:
            letter = register.LetterRecord(
                reference, "c", "d", "s", "S", "a", "A", at.date(), (), tuple(discharges)
            )
            register.record_batch(session, letter, [], at, f"out/{reference}")
    engine.dispose()


def expected_rows(
    ws: Path, drawn: list[Drawn], sent: list[tuple[str, dt.datetime, list[str]]], as_of: dt.date
) -> list[dict[str, Any]]:
    """The rows `--json` lists, worked out from what was written, not by draftkit."""
    first: dict[str, tuple[str, dt.datetime]] = {}
    for reference, at, found in sorted(sent, key=lambda s: s[1]):
        for uid in found:
            first.setdefault(uid, (reference, at))
    listed = [
        m
        for d in sorted(drawn, key=lambda d: (ws / d.folder / "debate.yaml").parts)
        if not (d.broken or d.hidden)
        for m in d.made
    ]
    rows = []
    for m in sorted(listed, key=lambda m: (m.fields["due"], m.fields["id"])):
        done = first.get(m.fields["id"])
        rows.append(
            {
                **m.row,
                "status": "discharged"
                if done
                else "overdue"
                if as_of > m.fields["due"]
                else "open",
                "letter": done[0] if done else None,
                "discharged_on": done[1].date().isoformat() if done else None,
            }
        )
    return rows


@settings(max_examples=20)
@given(
    drawn=st.integers(1, 4).flatmap(lambda n: st.tuples(*(debates(i) for i in range(n)))),
    sending=letters,
    as_of=days,
)
def test_kept_and_fresh_listings_match_what_the_debates_say(
    drawn: tuple[Drawn, ...],
    sending: list[tuple[int, list[str]]],
    as_of: dt.date,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("book")
    ws = root / "ws"
    ws.mkdir()
    (ws / "draftkit.toml").write_text("")
    for d in drawn:
        write_debate(ws, d.folder, d.data)
    start = dt.datetime(2009, 1, 1, tzinfo=dt.UTC)
    sent = [
        (f"MC-{n}", start + dt.timedelta(hours=h), found) for n, (h, found) in enumerate(sending)
    ]
    args = ("--as-of", as_of.isoformat())
    with cold(root), counting() as calls:
        if sent:
            record(ws, sent)
        fresh = [listing(ws, *args, "--json"), listing(ws, *args), listing(ws, *args, "--open")]
        kept = [listing(ws, *args, "--json"), listing(ws, *args), listing(ws, *args, "--open")]
    assert kept == fresh
    assert [r.code for r in fresh] == [0, 0, 0]
    assert json.loads(fresh[0].stdout) == expected_rows(ws, list(drawn), sent, as_of)
    broken = [d for d in drawn if d.broken and not d.hidden]
    assert fresh[0].stderr.count("warning:") == len(broken)
    visible = sum(not d.hidden for d in drawn)
    # every debate valid: validated once, then read back; one broken: validated every time
    assert calls == ([visible] * 6 if broken else [visible])
    if not json.loads(fresh[0].stdout):
        assert fresh[1].stdout == "No undertakings.\n"
    else:
        assert fresh[1].stdout.split()[:3] == ["id", "status", "due"]


def migrant(ws: Path, folder: str = "c", due: str = "2009-11-10", **more: Any) -> Path:
    """A valid debate.yaml with one undertaking to two Peers."""
    name = folder.replace("/", "-")
    data = {
        "id": f"{name}-debate",
        "house": "lords",
        "date": "2009-10-27",
        "title": "Migrant Workers",
        "minister": "lord-brett",
        "undertakings": [
            {
                "id": f"{name}.u1",
                "minister": "lord-brett",
                "to": ["lord-parekh", "lord-haskel"],
                "column": 1153,
                "excerpt": "I will write to noble Lords.",
                "due": due,
            }
        ],
        **more,
    }
    path = ws / folder / "debate.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Path]:
    """A workspace with two debates and no register, an empty cache of its own."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "draftkit.toml").write_text("")
    migrant(root, "a")
    migrant(root, "b", due="2009-12-01")
    with cold(tmp_path):
        yield root


def ids_listed(ws: Path) -> list[tuple[str, str]]:
    run = listing(ws, "--json", "--as-of", "2009-11-20")
    assert run.code == 0
    return [(row["id"], row["status"]) for row in json.loads(run.stdout)]


def test_an_edited_added_or_hidden_debate_is_read_afresh(ws: Path) -> None:
    with counting() as calls:
        assert ids_listed(ws) == [("a.u1", "overdue"), ("b.u1", "open")]
        assert ids_listed(ws) == [("a.u1", "overdue"), ("b.u1", "open")]
        migrant(ws, "a", due="2009-12-24")
        assert ids_listed(ws) == [("b.u1", "open"), ("a.u1", "open")]
        migrant(ws, "cases/new", due="2009-11-01")
        assert ids_listed(ws)[0] == ("cases-new.u1", "overdue")
        (ws / "cases").rename(ws / ".cases")
        assert ids_listed(ws) == [("b.u1", "open"), ("a.u1", "open")]  # as kept two lists ago
    assert calls == [2, 2, 3]


def test_a_debate_broken_after_it_was_kept_is_a_warning_again(ws: Path) -> None:
    assert ids_listed(ws) == [("a.u1", "overdue"), ("b.u1", "open")]
    migrant(ws, "b", house="senate")
    run = listing(ws, "--json")
    assert run.code == 0 and [row["id"] for row in json.loads(run.stdout)] == ["a.u1"]
    assert run.stderr.count("warning:") == 1 and "b/debate.yaml" in run.stderr
    assert "house" in run.stderr


def test_the_rules_for_reading_inputs_still_apply_to_a_kept_book(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too big a file, or one linked from outside the workspace, is refused as before,
    though its very text was kept when it was a plain file within the limit."""
    assert ids_listed(ws) == [("a.u1", "overdue"), ("b.u1", "open")]
    with monkeypatch.context() as patch:
        patch.setenv("DRAFTKIT_MAX_INPUT_MB", "0.0001")
        run = listing(ws, "--json")
    assert json.loads(run.stdout) == [] and run.stderr.count("MB limit") == 2
    outside = tmp_path / "elsewhere.yaml"
    (ws / "b" / "debate.yaml").rename(outside)
    (ws / "b" / "debate.yaml").symlink_to(outside)
    run = listing(ws, "--json")
    assert [row["id"] for row in json.loads(run.stdout)] == ["a.u1"]
    assert "link to a file outside the workspace" in run.stderr


def test_a_changed_validator_validates_afresh(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with counting() as calls:
        ids_listed(ws)
        ids_listed(ws)
        monkeypatch.setattr(book, "_validator", lambda: (b"another draftkit",))
        ids_listed(ws)
        ids_listed(ws)
    assert calls == [2, 2]


def test_a_kept_book_of_another_shape_is_a_miss(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain data but not what this source writes (a hand-edited cache, say): read afresh."""
    monkeypatch.setattr(book.parsecache, "get", lambda name: [("x", "y", ("too", "few"))])
    with counting() as calls:
        assert ids_listed(ws) == [("a.u1", "overdue"), ("b.u1", "open")]
    assert calls == [2]


def test_a_kept_book_loads_neither_yaml_nor_the_models(ws: Path) -> None:
    """The first listing validates (the probe sees the models); the next reads them back,
    and asks the register about discharges without building its records."""
    register.open_register(ws).dispose()
    first = loaded_modules("undertakings", "list", "-w", str(ws))
    assert {"draftkit.models", "draftkit.loading", "yaml"} <= first
    again = loaded_modules("undertakings", "list", "-w", str(ws))
    assert {"draftkit.hansard.book", "draftkit.register.reads"} <= again
    heavy = ("yaml", "draftkit.models", "draftkit.loading", "draftkit.register.records")
    assert sorted(m for m in again if m.startswith(heavy)) == []
    assert "draftkit.register.records" in loaded_modules("record", "list", "-w", str(ws))
