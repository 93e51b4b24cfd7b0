"""UK Parliament Members API JSON: a search result page (`items[].value`) or one member.

Maps `nameDisplayAs` to rank, name and "of" place (Lords) or the MP's name,
`latestHouseMembership` to house, constituency and whether the member still sits,
`latestParty` to party, and "Rt Hon" in `nameFullTitle` to Privy Counsellor. Where
Parliament gives its own forms (`nameDisplayAs`, `nameFullTitle`, `nameAddressAs`), the
forms draftkit derives are checked against them and any disagreement is reported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from pydantic import ValidationError

from ..address import forms, full_name
from ..errors import InputError, Problem, Where
from ..models import Honorific, Member, Rank
from .records import Batch, Imported

COMMONS, LORDS = 1, 2

#: "Ms Diane Abbott": a courtesy prefix our forms leave out ("Diane Abbott MP"); "Sir" stays.
_COURTESY = re.compile(r"^(?:mr|mrs|ms|miss|mx)\.?\s+", re.IGNORECASE)

_HONORIFICS = frozenset(h.value for h in Honorific)

_RANK_WORDS = sorted((r.value for r in Rank if r is not Rank.MP), key=len, reverse=True)
_LORDS_NAME = re.compile(
    r"^(?:the\s+)?(?:lord\s+(?=(?:arch)?bishop\b))?"
    r"(?P<rank>" + "|".join(_RANK_WORDS) + r")\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def read_members_api(text: str, file: Where) -> Batch:
    """Members from Members API JSON text; a missing field is an error at its line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(file, exc.lineno, "", f"not valid JSON: {exc.msg}")]) from None
    values = _values(data, file)
    batch = Batch(file, "members-api", entries=len(values))
    problems: list[Problem] = []
    cursor = 0
    for path, value in values:
        line, cursor = _line_of_member(text, value, cursor)
        found = _member(value, path, file, line, batch)
        if isinstance(found, Problem):
            problems.append(found)
        elif found is not None:
            batch.members.append(found)
    if problems:
        raise InputError(problems)
    return batch


def _values(data: Any, file: Where) -> list[tuple[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        out = []
        for i, item in enumerate(data["items"]):
            if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
                raise InputError(
                    [Problem(file, None, f"items[{i}]", "expected an object with `value`")]
                )
            out.append((f"items[{i}].value", item["value"]))
        return out
    if isinstance(data, dict) and isinstance(data.get("value"), dict):
        return [("value", data["value"])]
    raise InputError(
        [
            Problem(
                file,
                1,
                "",
                "not a Members API result: expected `items` (a search page) or `value` "
                "(one member)",
            )
        ]
    )


def _line_of_member(text: str, value: dict[str, Any], cursor: int) -> tuple[int | None, int]:
    """The line where this member's `"id": N` stands (searching on from the previous one)."""
    mid = value.get("id")
    if not isinstance(mid, int):
        return None, cursor
    m = re.compile(r'"id"\s*:\s*' + str(mid) + r"\b").search(text, cursor)
    if m is None:
        return None, cursor
    return text.count("\n", 0, m.start()) + 1, m.end()


def _member(
    value: dict[str, Any], path: str, file: Where, line: int | None, batch: Batch
) -> Imported | Problem | None:
    for key, kind in (("id", int), ("nameDisplayAs", str), ("latestHouseMembership", dict)):
        if not isinstance(value.get(key), kind):
            what = {int: "a whole number", str: "text", dict: "an object"}[kind]
            missing = key not in value or value[key] is None
            message = "required field is missing" if missing else f"expected {what}"
            return Problem(file, line, f"{path}.{key}", message)
    membership = value["latestHouseMembership"]
    house = membership.get("house")
    if house not in (COMMONS, LORDS):
        return Problem(
            file, line, f"{path}.latestHouseMembership.house", f"expected 1 or 2, got {house!r}"
        )
    display = " ".join(value["nameDisplayAs"].split())
    full_title = " ".join((value.get("nameFullTitle") or "").split())
    privy = bool(re.search(r"\bRt\.?\s+Hon\b", full_title, re.IGNORECASE))
    party = (value.get("latestParty") or {}).get("name")
    ended = _date(membership.get("membershipEndDate"))
    common: dict[str, Any] = {
        "id": "imported",
        "privy_counsellor": privy,
        "party": party or None,
        "parliament_id": value["id"],
        "sitting": ended is None,
        "left_on": ended,
        "left_reason": (membership.get("membershipEndReason") or None) if ended else None,
    }
    if house == COMMONS:
        fields = {
            "rank": Rank.MP,
            "name": _COURTESY.sub("", display),
            "constituency": membership.get("membershipFrom") or None,
            **mp_names(value),
        }
    else:
        parsed = _lords_title(display)
        if parsed is None:
            batch.flagged.append(
                Problem(
                    file,
                    line,
                    f"{path}.nameDisplayAs",
                    f"cannot tell the rank and title of {display!r}; not imported",
                )
            )
            return None
        fields = parsed
    try:
        member = Member(**common, **fields)
    except ValidationError as exc:
        reason = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        batch.flagged.append(Problem(file, line, path, f"{display!r}: cannot place: {reason}"))
        return None
    batch.notes += _disagreements(member, value, path, file, line)
    since = str(membership.get("membershipStartDate") or "")[:10]
    return Imported(member, line, since=since)


def mp_names(value: dict[str, Any]) -> dict[str, Any]:
    """An MP's given name, surname and honorific, as Parliament records them.

    `nameListAs` ("Starmer, Sir Keir", "Skinner, Mr Dennis") gives the surname and the
    given name; the honorific is the one Parliament writes in `nameListAs`,
    `nameAddressAs` ("Mr Skinner"), `nameDisplayAs` or `nameFullTitle`. `gender` is never
    read: an honorific Parliament does not record stays unknown.
    """
    out: dict[str, Any] = {}
    listed = " ".join(str(value.get("nameListAs") or "").split())
    surname, comma, rest = listed.partition(",")
    words = rest.split()
    if words and words[0].rstrip(".") in _HONORIFICS:
        words = words[1:]
    if comma and surname.strip() and words:
        out["surname"], out["given_name"] = surname.strip(), " ".join(words)
    for key in ("nameListAs", "nameAddressAs", "nameDisplayAs", "nameFullTitle"):
        text = str(value.get(key) or "")
        if key == "nameListAs":
            text = text.partition(",")[2]
        text = re.sub(r"^\s*(?:the\s+)?Rt\.?\s+Hon\.?\s+", "", text, flags=re.IGNORECASE)
        first = (text.split() or [""])[0].rstrip(".")
        if first in _HONORIFICS:
            out["honorific"] = first
            break
    return out


def _lords_title(display: str) -> dict[str, Any] | None:
    """ "Lord Alexander of Weedon" → Lord, Alexander, Weedon; "The Lord Bishop of X" → Bishop."""
    m = _LORDS_NAME.match(display)
    if m is None:
        return None
    rank = Rank(next(r for r in _RANK_WORDS if r.lower() == m["rank"].lower()))
    rest = m["rest"].strip()
    if rest.lower().startswith("of "):
        name, of = "", rest[3:]
    else:
        name, _, of = rest.partition(" of ")
    return {"rank": rank, "name": name.strip(), "of": of.strip() or None}


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _plain(text: str) -> str:
    """Forms compared without case, full stops, a leading "The" or "Mr"/"Ms"."""
    text = re.sub(r"[.,]", "", text.lower())
    return _COURTESY.sub("", re.sub(r"^the\s+", "", " ".join(text.split())))


def _disagreements(
    member: Member, value: dict[str, Any], path: str, file: Where, line: int | None
) -> list[Problem]:
    """Where Parliament's own forms differ from ours: said, so a person can judge."""
    ours = forms(member)
    # Parliament displays an MP without "MP" ("Sir Keir Starmer"): our full name.
    shown = full_name(member) if member.rank is Rank.MP else ours.display
    pairs = [("nameDisplayAs", shown), ("nameFullTitle", ours.address_line)]
    # nameAddressAs is the formal salutation's name: "Mr Skinner", "Lord Alexander".
    pairs.append(("nameAddressAs", ours.salutation.removeprefix("Dear ")))
    notes = []
    for key, derived in pairs:
        given = value.get(key)
        if isinstance(given, str) and given.strip() and _plain(given) != _plain(derived):
            notes.append(
                Problem(
                    file,
                    line,
                    f"{path}.{key}",
                    f"Parliament gives {given.strip()!r}; draftkit derives {derived!r}",
                )
            )
    return notes
