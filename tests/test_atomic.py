"""`atomic.replace_folder`: a folder is replaced whole or not at all, and a crash is tidied."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit import atomic


class Boom(Exception):
    pass


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in folder.rglob("*") if p.is_file()}


def _old_set(tmp_path: Path) -> Path:
    dest = tmp_path / "set"
    dest.mkdir()
    (dest / "a.txt").write_text("old a")
    (dest / "gone.txt").write_text("only in the old set")
    return dest


def test_a_new_folder_appears_whole(tmp_path: Path) -> None:
    dest = tmp_path / "deep" / "new"
    with atomic.replace_folder(dest) as staged:
        (staged.path / "a.txt").write_text("a")
        assert not dest.exists()  # nothing is visible until the block ends
    assert _files(dest) == {"a.txt": "a"}
    assert sorted(p.name for p in dest.parent.iterdir()) == ["new"]


def test_an_old_folder_is_replaced_not_merged(tmp_path: Path) -> None:
    dest = _old_set(tmp_path)
    with atomic.replace_folder(dest) as staged:
        (staged.path / "a.txt").write_text("new a")
    assert _files(dest) == {"a.txt": "new a"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]


@pytest.mark.parametrize("after_install", [False, True])
def test_a_failure_leaves_the_old_folder_as_it_was(tmp_path: Path, after_install: bool) -> None:
    dest = _old_set(tmp_path)
    with pytest.raises(Boom), atomic.replace_folder(dest) as staged:
        (staged.path / "a.txt").write_text("new a")
        if after_install:
            staged.install()  # as a batch does before committing the register
            assert _files(dest) == {"a.txt": "new a"}
        raise Boom
    assert _files(dest) == {"a.txt": "old a", "gone.txt": "only in the old set"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]


def test_a_failure_making_a_new_folder_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "new"
    with pytest.raises(Boom), atomic.replace_folder(dest) as staged:
        (staged.path / "a.txt").write_text("a")
        raise Boom
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fail", [False, True])
def test_an_empty_folder_is_filled_in_place(tmp_path: Path, monkeypatch, fail: bool) -> None:
    """Given as ".", the folder the process is in: it stays the same folder, filled whole
    or left empty."""
    dest = tmp_path / "here"
    dest.mkdir()
    inode = dest.stat().st_ino
    monkeypatch.chdir(dest)
    expect = pytest.raises(Boom) if fail else contextlib.nullcontext()
    with expect, atomic.replace_folder(Path(".")) as staged:
        (staged.path / "a.txt").write_text("a")
        (staged.path / "sub").mkdir()
        (staged.path / "sub" / "b.txt").write_text("b")
        if fail:
            staged.install()
            raise Boom
    assert dest.stat().st_ino == inode
    assert _files(dest) == ({} if fail else {"a.txt": "a", "sub/b.txt": "b"})
    assert [p.name for p in tmp_path.iterdir()] == ["here"]


def test_a_rename_that_fails_leaves_nothing_staged(tmp_path: Path, monkeypatch) -> None:
    """The old folder cannot be set aside (busy, say): the staging folder goes too."""
    dest = _old_set(tmp_path)
    real = Path.rename

    def refuse(self: Path, target):  # type: ignore[no-untyped-def]
        if self == dest:
            raise OSError(16, "Device or resource busy")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    with pytest.raises(OSError), atomic.replace_folder(dest) as staged:
        (staged.path / "a.txt").write_text("new a")
    assert _files(dest) == {"a.txt": "old a", "gone.txt": "only in the old set"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]


def test_what_a_killed_process_left_is_tidied_and_the_old_set_put_back(tmp_path: Path) -> None:
    dest = _old_set(tmp_path)
    aside = tmp_path / ".set.old-dead"
    dest.rename(aside)  # killed between the two renames
    (tmp_path / ".set.staging-dead").mkdir()
    atomic.recover_folder(dest)
    assert _files(dest) == {"a.txt": "old a", "gone.txt": "only in the old set"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]


@settings(max_examples=25, deadline=None)
@given(
    names=st.lists(
        st.text(st.sampled_from("abcxyz-_.é"), min_size=1, max_size=8).filter(
            lambda n: n not in (".", "..")
        ),
        min_size=0,
        max_size=4,
        unique=True,
    ),
    fail=st.booleans(),
)
def test_either_every_new_file_or_the_old_set(tmp_path_factory, names, fail) -> None:
    tmp = tmp_path_factory.mktemp("r")
    dest = _old_set(tmp)
    before = _files(dest)
    try:
        with atomic.replace_folder(dest) as staged:
            for n in names:
                (staged.path / n).write_text(n)
            if fail:
                raise Boom
    except Boom:
        pass
    assert _files(dest) == (before if fail else {n: n for n in names})
    assert [p.name for p in tmp.iterdir()] == ["set"]


def test_an_old_set_of_many_files_is_removed_whole(tmp_path: Path) -> None:
    """`remove_tree` (what `finish` drops the old set with): files, folders, dot files, all."""
    old = tmp_path / "old"
    (old / "sub" / "deeper").mkdir(parents=True)
    for n in range(40):
        (old / f"copy-{n:02d}.pdf").write_bytes(b"%PDF" * n)
    (old / ".hidden").write_text("x")
    (old / "sub" / "deeper" / "f").write_text("y")
    atomic.remove_tree(old)
    assert not old.exists()
    atomic.remove_tree(old)  # gone already: nothing to do, no error


def test_removing_a_link_to_a_folder_leaves_the_folder_alone(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    for n in range(3):
        (kept / f"{n}.txt").write_text("mine")
    (kept / "inner").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.txt").write_text("not in the set")
    link = tmp_path / "link"
    link.symlink_to(kept, target_is_directory=True)
    atomic.remove_tree(link)
    assert sorted(p.name for p in kept.iterdir()) == ["0.txt", "1.txt", "2.txt", "inner"]
    atomic.remove_tree(kept)  # a link inside is unlinked, never followed
    assert not kept.exists() and (tmp_path / "elsewhere" / "e.txt").read_text() == "not in the set"
