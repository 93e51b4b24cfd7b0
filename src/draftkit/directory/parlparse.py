"""ParlParse/TheyWorkForYou members XML: peers (`<lord>`), MPs (`<member>`), people (`<person>`).

Each ParlParse entry is one continuous membership: a party change or a new Parliament
starts a new entry with a new id. Entries of the same person are joined into one
member whose `parlparse_id` is the latest and `other_parlparse_ids` the earlier ones, so
debates of any year map their speakers. `people.xml` says which ids are one person;
without it, peers' memberships are joined when the title and forenames are the same and
one membership runs straight into the next, MPs' when name and constituency are.

Following the conventions, `lordofname` is the part of the title after "of" (Lord
Alexander *of Weedon*); `lordofname_full` and `county` are the territorial designation,
which is never used in addressing.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from lxml import etree
from pydantic import ValidationError

from ..errors import InputError, Problem, Where
from ..models import Honorific, Member, Rank
from .records import PARTY_NAMES, Batch, Imported

STILL_SITTING = "9999-12-31"
#: A membership that ends at most this many days before the next begins is the same person's.
_JOIN_GAP = dt.timedelta(days=3)
_LORD_ID = re.compile(r"^uk\.org\.publicwhip/lord/\d+$")
_MEMBER_ID = re.compile(r"^uk\.org\.publicwhip/member/\d+$")
_PERSON_ID = re.compile(r"^uk\.org\.publicwhip/person/\d+$")

_LORD_REQUIRED = ("id", "title", "lordname", "lordofname", "fromdate", "todate")
_MP_REQUIRED = ("id", "firstname", "lastname", "constituency", "fromdate", "todate")

_RANKS = {r.value: r for r in Rank if r is not Rank.MP}
_HONORIFICS = frozenset(h.value for h in Honorific)
#: Honorifics a full name leaves out: "Neil Coyle", never "Mr Neil Coyle".
_COURTESY = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx"})


def kind(root: etree._Element) -> str | None:
    """ "lords", "commons" or "people" by the elements the file holds; None if not ParlParse."""
    tags = {child.tag for child in root if isinstance(child.tag, str)}
    for tag, name in (("lord", "lords"), ("member", "commons"), ("person", "people")):
        if tag in tags:
            return name
    return None


def read_people(root: etree._Element, file: Where) -> dict[str, str]:
    """`people.xml`: each office id (lord/N, member/N) → the person id it belongs to."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for person in root.iter("person"):
        pid = person.get("id")
        if not pid or not _PERSON_ID.match(pid):
            problems.append(_missing(file, person, "id", "a person id uk.org.publicwhip/person/N"))
            continue
        for office in person.iter("office"):
            oid = office.get("id")
            if not oid:
                problems.append(_missing(file, office, "id", "an office id"))
                continue
            owner[oid] = pid
    if problems:
        raise InputError(problems)
    return owner


def read_members(
    root: etree._Element,
    file: Where,
    today: dt.date,
    people: Mapping[str, str] | None = None,
    raw: bytes = b"",
) -> Batch:
    """Every `<lord>` (peers) or `<member>` (MPs: one term, one party) entry, joined into
    one member per person; entries that cannot be placed are flagged, not guessed."""
    peers = kind(root) == "lords"
    tag = "lord" if peers else "member"
    entries = _at_start_lines(list(root.iter(tag)), raw, tag)
    batch = Batch(file, "parlparse", entries=len(entries))
    _require(entries, _LORD_REQUIRED if peers else _MP_REQUIRED, file)
    read_term = _lord_term if peers else _mp_term
    terms = [t for el in entries if (t := read_term(el, file, today, batch.flagged))]
    people = people or {}
    # people.xml says which ids are one person. Without it, a peer's memberships must run
    # into each other to be one person's; an MP's are keyed by name and constituency, so
    # a lost and regained seat stays one MP.
    groups = _join(terms, lambda t: people.get(t.id, t.key), strict=peers)
    batch.members = [_person(group, people) for group in groups]
    batch.notes += _commented_out(raw, tag, file)
    return batch


class _Term:
    """One ParlParse entry, checked, before joining a person's entries."""

    __slots__ = ("died", "end", "forenames", "id", "key", "line", "member", "since", "start")

    def __init__(
        self,
        el: etree._Element,
        member: Member,
        key: tuple[str, ...],
        start: dt.date,
        end: dt.date,
        forenames: str,
    ) -> None:
        self.id = el.get("id", "")
        self.line = el.sourceline
        self.member = member
        self.key = key
        self.start = start
        self.end = end
        self.since = el.get("fromdate", "")
        self.forenames = forenames
        self.died = el.get("towhy") == "died"


def _lord_term(
    el: etree._Element, file: Where, today: dt.date, flagged: list[Problem]
) -> _Term | None:
    a = el.attrib
    pid, title = a["id"].strip(), a["title"].strip()
    name, of = _clean(a["lordname"]), _clean(a["lordofname"])
    where = f"<lord id={pid!r}>"
    if not _LORD_ID.match(pid):
        flagged.append(Problem(file, el.sourceline, "id", f"{where}: not a ParlParse lord id"))
        return None
    rank = _RANKS.get(title)
    if rank is None:
        flagged.append(
            Problem(file, el.sourceline, "title", f"{where}: unknown rank {title!r}; not imported")
        )
        return None
    if rank in (Rank.BISHOP, Rank.ARCHBISHOP) and name:
        flagged.append(
            Problem(
                file,
                el.sourceline,
                "lordname",
                f"{where}: a {rank.value} with a title name {name!r}; cannot tell the see",
            )
        )
        return None
    return _term(el, file, today, flagged, rank, name, of, a.get("forenames", ""), where)


def _mp_term(
    el: etree._Element, file: Where, today: dt.date, flagged: list[Problem]
) -> _Term | None:
    a = el.attrib
    pid = a["id"].strip()
    where = f"<member id={pid!r}>"
    if not _MEMBER_ID.match(pid):
        flagged.append(Problem(file, el.sourceline, "id", f"{where}: not a ParlParse member id"))
        return None
    if a.get("house", "commons") != "commons":
        flagged.append(
            Problem(file, el.sourceline, "house", f"{where}: not a House of Commons entry")
        )
        return None
    honours = _clean(a.get("title", ""))
    privy = bool(re.search(r"\bRt\.?\s+Hon\b", honours, re.IGNORECASE))
    styled = re.sub(r"\bRt\.?\s+Hon\.?\s*", "", honours, flags=re.IGNORECASE).strip()
    # `title` is the honorific when it is one ("Sir", "Dr", "Mrs"); "Mr" and the like are
    # not printed in the full name, "Sir", "Dame" and "Dr" are ("Sir Paul Beresford").
    honorific = next((w for w in styled.replace(".", "").split() if w in _HONORIFICS), None)
    shown = " ".join(w for w in styled.split() if w.rstrip(".") not in _COURTESY)
    first, last = _clean(a["firstname"]), _clean(a["lastname"])
    if not last:
        flagged.append(Problem(file, el.sourceline, "lastname", f"{where}: no surname"))
        return None
    full = " ".join(p for p in (shown, first, last) if p)
    term = _term(el, file, today, flagged, Rank.MP, full, None, first, where)
    if term is not None:
        constituency = _clean(a["constituency"])
        names = {
            "given_name": first or None,
            "surname": last,
            "honorific": Honorific(honorific) if honorific else None,
        }
        term.member = term.member.model_copy(
            update={"privy_counsellor": privy, "constituency": constituency or None, **names}
        )
        term.key = (first, last, constituency)
    return term


def _term(
    el: etree._Element,
    file: Where,
    today: dt.date,
    flagged: list[Problem],
    rank: Rank,
    name: str,
    of: str | None,
    forenames: str,
    where: str,
) -> _Term | None:
    a = el.attrib
    start, end = _date(a["fromdate"]), _date(a["todate"])
    if start is None or end is None:
        bad = "fromdate" if start is None else "todate"
        flagged.append(
            Problem(file, el.sourceline, bad, f"{where}: {bad} {a[bad]!r} is not a date")
        )
        return None
    sitting = end >= today
    party = a.get("affiliation", a.get("party", "")).strip()
    try:
        member = Member(
            id="imported",
            rank=rank,
            name=name,
            of=of or None,
            party=PARTY_NAMES.get(party, party) or None,
            parlparse_id=a["id"].strip(),
            sitting=sitting,
            left_on=None if sitting else end,
            left_reason=None if sitting else (a.get("towhy") or None),
        )
    except ValidationError as exc:
        reason = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        flagged.append(Problem(file, el.sourceline, "", f"{where}: cannot place: {reason}"))
        return None
    key = (rank.value, name, of or "", _clean(forenames))
    return _Term(el, member, key, start, end, _clean(forenames))


def _join(
    terms: Iterable[_Term], key: Callable[[_Term], object], *, strict: bool
) -> list[list[_Term]]:
    """Group a person's memberships. Unless the key is a person id, `strict` also needs
    each membership to run straight into the next (a title passes from father to son)."""
    by_key: dict[object, list[_Term]] = defaultdict(list)
    for t in terms:
        by_key[key(t)].append(t)
    groups: list[list[_Term]] = []
    for same in by_key.values():
        same.sort(key=lambda t: (t.start, t.id))
        current = [same[0]]
        for t in same[1:]:
            prev = current[-1]
            follows = not prev.died and t.start - prev.end <= _JOIN_GAP
            if strict and not isinstance(key(t), str) and not follows:
                groups.append(current)
                current = [t]
            else:
                current.append(t)
        groups.append(current)
    groups.sort(key=lambda g: g[-1].line or 0)
    return groups


def _person(group: list[_Term], people: Mapping[str, str]) -> Imported:
    """One member from a person's memberships: the latest one's facts, every id kept."""
    latest = group[-1]
    others = [t.id for t in reversed(group[:-1])]
    person = people.get(latest.id)
    if person:
        others.append(person)
    member = latest.member.model_copy(update={"other_parlparse_ids": others})
    return Imported(
        member,
        latest.line,
        forenames=latest.forenames,
        since=latest.since,
        knows_privy_counsellor=member.rank is Rank.MP,
    )


def _at_start_lines(entries: list[etree._Element], raw: bytes, tag: str) -> list[etree._Element]:
    """Give each entry the line its tag starts on (libxml2 gives the line where it ends)."""
    starts, line, pos = [], 1, 0
    for m in re.finditer(rb"<" + tag.encode() + rb"\b", raw):
        line += raw.count(b"\n", pos, m.start())
        pos = m.start()
        starts.append(line)
    for el in entries:
        i = bisect.bisect_right(starts, el.sourceline or 0)
        if i:
            el.sourceline = starts[i - 1]
    return entries


def _require(entries: list[etree._Element], names: tuple[str, ...], file: Where) -> None:
    problems = [
        _missing(file, el, attr, "") for el in entries for attr in names if el.get(attr) is None
    ]
    if problems:
        raise InputError(problems)


def _missing(file: Where, el: etree._Element, attr: str, expected: str) -> Problem:
    what = f" ({expected})" if expected else ""
    ident = el.get("id")
    where = f"<{el.tag} id={ident!r}>" if ident else f"<{el.tag}>"
    return Problem(file, el.sourceline, attr, f"{where}: required attribute is missing{what}")


def _clean(text: str) -> str:
    return " ".join(text.split())


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if text == STILL_SITTING:
        return dt.date.max
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _commented_out(raw: bytes, tag: str, file: Where) -> list[Problem]:
    """Entries inside XML comments: ParlParse keeps placeholders there; say they were skipped."""
    notes = []
    for m in re.finditer(rb"<!--(.*?)-->", raw, re.DOTALL):
        for inner in re.finditer(rb"<" + tag.encode() + rb"\b", m.group(1)):
            line = raw.count(b"\n", 0, m.start(1) + inner.start()) + 1
            notes.append(
                Problem(file, line, "", f"a <{tag}> entry inside a comment is not imported")
            )
    return notes
