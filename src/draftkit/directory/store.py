"""Merging imported members into the workspace's `members/lords.yaml` and `members/commons.yaml`.

Those two files belong to the importer; `members.yaml` and any other file are kept by
hand and never written. A member is matched by external id (ParlParse or Parliament's),
so importing a file twice changes nothing and a newer file updates members in place;
fields the source does not carry (an address, an email, a Privy Counsellor flag the
source cannot know) are kept. An imported member whose id a hand-kept entry already
uses, without the same external id, is reported and not written: only a person can
tell whether they are the same member.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import atomic
from ..errors import Problem
from ..models import Member, Rank
from ..slugs import slug_id
from ..workspace import Workspace
from ..yamlio import dump_yaml_fast, load_yaml_fast
from .records import Batch, Imported, base_id

#: The file each House's imported members go to, relative to the workspace.
IMPORT_FILES = {
    "lords": Path("members") / "lords.yaml",
    "commons": Path("members") / "commons.yaml",
}

#: Fields an import sets, in the order they are written; other keys are the official's own.
IMPORTED_FIELDS = (
    "id",
    "rank",
    "name",
    "of",
    "given_name",
    "surname",
    "honorific",
    "privy_counsellor",
    "party",
    "constituency",
    "parlparse_id",
    "other_parlparse_ids",
    "parliament_id",
    "sitting",
    "left_on",
    "left_reason",
)

HEADER = (
    "# Members imported by `draftkit members import`; re-importing updates them in place.\n"
    "# You may add `address`, `email`, `privy_counsellor` or an MP's `honorific` to an entry:\n"
    "# imports keep them.\n"
    "# Keep other members in members.yaml.\n"
)


@dataclass
class FileChange:
    """What an import does to one directory file."""

    path: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    text: str | None = None  # the new content; None when the file stays as it is


@dataclass
class Plan:
    """An import worked out in full before anything is written."""

    changes: list[FileChange] = field(default_factory=list)
    kept_by_hand: list[Problem] = field(default_factory=list)
    clashes: list[Problem] = field(default_factory=list)


def plan_import(
    root: Path,
    batches: Iterable[Batch],
    members: Mapping[str, Member],
    places: Mapping[tuple[str, str], tuple[Path, int | None]],
    owned_records: Mapping[str, list[dict[str, Any]]],
) -> Plan:
    """Work out the new content of each House's file from the workspace and the batches.

    `members`/`places` are the loaded workspace; `owned_records` the raw entries now in
    each House's import file (keyed "lords"/"commons").
    """
    plan = Plan()
    incoming: dict[str, list[Imported]] = {"lords": [], "commons": []}
    for batch in batches:
        for record in batch.members:
            incoming[record.member.house].append(record)
    for house, records in incoming.items():
        path = root / IMPORT_FILES[house]
        existing = [dict(r) for r in owned_records.get(house, [])]
        if not records and not existing:
            continue
        target = path.resolve()
        hand = {mid: m for mid, m in members.items() if _file_of(places, mid) != target}
        change = _merge(path, existing, records, hand, places, plan)
        plan.changes.append(change)
    return plan


def plan_for_workspace(ws: Workspace, batches: Iterable[Batch]) -> Plan:
    """`plan_import` on a loaded workspace, reading the House files it already holds."""
    owned: dict[str, list[dict[str, Any]]] = {}
    for house, rel in IMPORT_FILES.items():
        path = ws.root / rel
        data = load_yaml_fast(path) if path.is_file() else None
        owned[house] = [dict(r) for r in data or [] if isinstance(r, Mapping)]
    return plan_import(ws.root, batches, ws.members, ws.places, owned)


def apply(plan: Plan) -> None:
    """Write each changed file atomically (all content was worked out and checked first)."""
    for change in plan.changes:
        if change.text is not None:
            atomic.write_text(change.path, change.text)


class _Index:
    """Records by every external id they carry."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, object], Any] = {}

    def add(self, value: object, parlparse: Iterable[str], parliament: int | None) -> None:
        for pid in parlparse:
            self.by_key.setdefault(("pp", pid), value)
        if parliament is not None:
            self.by_key.setdefault(("parl", parliament), value)

    def find(self, member: Member) -> Any:
        for pid in member.parlparse_ids:
            if ("pp", pid) in self.by_key:
                return self.by_key[("pp", pid)]
        if member.parliament_id is not None:
            return self.by_key.get(("parl", member.parliament_id))
        return None


def _raw_ids(rec: dict[str, Any]) -> tuple[list[str], int | None]:
    pp = [rec["parlparse_id"]] if rec.get("parlparse_id") else []
    pp += list(rec.get("other_parlparse_ids") or [])
    return pp, rec.get("parliament_id")


def _file_of(places: Mapping[tuple[str, str], tuple[Path, int | None]], mid: str) -> Path | None:
    """The resolved file a loaded member came from (None for one not loaded)."""
    place = places.get(("member", mid))
    return place[0].resolve() if place else None


def _merge(
    path: Path,
    existing: list[dict[str, Any]],
    records: list[Imported],
    hand: Mapping[str, Member],
    places: Mapping[tuple[str, str], tuple[Path, int | None]],
    plan: Plan,
) -> FileChange:
    change = FileChange(path)
    owned = _Index()
    for i, rec in enumerate(existing):
        owned.add(i, *_raw_ids(rec))
    hand_index = _Index()
    for mid, m in hand.items():
        hand_index.add(mid, m.parlparse_ids, m.parliament_id)
    taken = {str(r.get("id")) for r in existing} | set(hand)
    before = [_canonical(r) for r in existing]
    # Sitting members first, newest first: when two share a title, they get the plain id.
    ordered = sorted(records, key=lambda r: r.since, reverse=True)
    ordered.sort(key=lambda r: not r.member.sitting)
    for record in ordered:
        m = record.member
        index = owned.find(m)
        if index is None:
            index = _same_title(existing, m)
        if index is not None:
            existing[index] = _updated(existing[index], record)
            owned.add(index, m.parlparse_ids, m.parliament_id)
            continue
        kept = hand_index.find(m)
        if kept is not None:
            file, line = places[("member", kept)]
            plan.kept_by_hand.append(
                Problem(file, line, "", f"`{kept}` is kept by hand; the import leaves it alone")
            )
            continue
        wanted = base_id(m)
        if wanted in hand:
            file, line = places[("member", wanted)]
            plan.clashes.append(
                Problem(
                    file,
                    line,
                    "id",
                    f"`{wanted}` is kept by hand here without the imported member's external "
                    f"id ({_external(m)}, {_where(record)}); not imported. If it is the "
                    f"same member, add `{_id_field(m)}` to this entry and import again",
                )
            )
            continue
        new_id = _free_id(wanted, record, taken)
        taken.add(new_id)
        existing.append(_updated({"id": new_id}, record))
        owned.add(len(existing) - 1, m.parlparse_ids, m.parliament_id)
        change.added.append(new_id)
    after = [_canonical(r) for r in existing]
    for rec in after:
        Member.model_validate(rec)  # the importer's own mistake if this fails: never write it
    for old, new in zip(before, after, strict=False):
        if old == new:
            change.unchanged += 1
        else:
            change.updated.append(str(new["id"]))
    text = HEADER + dump_yaml_fast(sorted(after, key=lambda r: str(r["id"])))
    old_text = path.read_text(encoding="utf-8") if path.is_file() else None
    change.text = None if text == old_text else text
    return change


def _where(record: Imported) -> str:
    return f"line {record.line}" if record.line else "in the import"


def _external(m: Member) -> str:
    return (
        f"parlparse_id {m.parlparse_id}" if m.parlparse_id else f"parliament_id {m.parliament_id}"
    )


def _id_field(m: Member) -> str:
    return (
        f"parlparse_id: {m.parlparse_id}" if m.parlparse_id else f"parliament_id: {m.parliament_id}"
    )


def _same_title(existing: list[dict[str, Any]], m: Member) -> int | None:
    """An entry from the other source for the same title (no external id of this kind yet)."""
    want = base_id(m)
    for i, rec in enumerate(existing):
        if rec.get("id") != want or rec.get("rank") != m.rank.value:
            continue
        if rec.get("sitting", True) != m.sitting:
            continue  # a former holder of the title is not the sitting one
        if m.constituency and rec.get("constituency") not in (None, m.constituency):
            continue
        if m.parliament_id is not None and rec.get("parliament_id") is None:
            return i
        if m.parlparse_id and not rec.get("parlparse_id"):
            return i
    return None


def _free_id(wanted: str, record: Imported, taken: set[str]) -> str:
    """The plain id if free, else told apart by forename (an MP's by constituency), then year."""
    if wanted not in taken:
        return wanted
    words = record.forenames.split()
    m = record.member
    if m.rank is Rank.MP:
        first = slug_id(m.constituency or "")  # two MPs of one name: "-sheffield-brightside"
    elif m.rank in (Rank.BISHOP, Rank.ARCHBISHOP):
        first = slug_id(" ".join(words[:1] + words[1:][-1:]))  # forename and surname are given
    else:
        first = slug_id(" ".join(words[:1]))
    year = record.since[:4]
    for candidate in (f"{wanted}-{first}" if first else "", f"{wanted}-{first or 'from'}-{year}"):
        if candidate and candidate not in taken:
            return candidate
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _updated(raw: dict[str, Any], record: Imported) -> dict[str, Any]:
    """The entry with the imported facts laid over it; what the source lacks is kept."""
    m = record.member
    out = dict(raw)
    facts: dict[str, Any] = {
        "rank": m.rank.value,
        "name": m.name,
        "of": m.of,
        "sitting": m.sitting,
        "left_on": m.left_on,
        "left_reason": m.left_reason,
    }
    if m.party:
        facts["party"] = m.party
    if m.constituency:
        facts["constituency"] = m.constituency
    # An MP's names and honorific as Parliament records them; one the official added by
    # hand where Parliament records none is kept.
    for key in ("given_name", "surname", "honorific"):
        value = getattr(m, key)
        if value is not None:
            facts[key] = str(value)
    if record.knows_privy_counsellor:
        facts["privy_counsellor"] = m.privy_counsellor
    if m.parlparse_id:
        earlier, _ = _raw_ids(raw)
        facts["parlparse_id"] = m.parlparse_id
        facts["other_parlparse_ids"] = _unique(
            [*m.other_parlparse_ids, *earlier], drop=m.parlparse_id
        )
    if m.parliament_id is not None:
        facts["parliament_id"] = m.parliament_id
    out.update(facts)
    return out


def _unique(items: Iterable[str], drop: str) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item != drop and item not in seen:
            seen.append(item)
    return seen


_DEFAULTS: dict[str, Any] = {
    "name": "",
    "of": None,
    "privy_counsellor": False,
    "party": None,
    "constituency": None,
    "given_name": None,
    "surname": None,
    "honorific": None,
    "parlparse_id": None,
    "other_parlparse_ids": [],
    "parliament_id": None,
    "sitting": True,
    "left_on": None,
    "left_reason": None,
}


def _canonical(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Imported fields in a fixed order without defaults, then the official's own keys."""
    out: dict[str, Any] = {}
    for key in IMPORTED_FIELDS:
        if key in raw and not (key in _DEFAULTS and raw[key] == _DEFAULTS[key]):
            out[key] = raw[key]
    for key, value in raw.items():
        if key not in out and key not in IMPORTED_FIELDS:
            out[key] = value
    return out
