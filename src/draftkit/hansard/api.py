"""Reading (and fetching) a debate from the UK Parliament Hansard API's JSON.

The API's debate document has an `Overview` (title, date, House, location, ExtId),
`Items` (contributions with `MemberId`, `AttributedTo`, HTML `Value`) and nested
`ChildDebates` of the same shape. Speakers come from `MemberId` only: the printed
`AttributedTo` is kept for messages, never parsed for identity.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from ..errors import InputError, Problem, Where
from .transcript import Paragraph, SpeakerRef, Speech, Transcript

#: The public API; tests and other deployments point elsewhere with this variable.
BASE_URL_ENV = "DRAFTKIT_HANSARD_API"
DEFAULT_BASE_URL = "https://hansard-api.parliament.uk"
TIMEOUT_SECONDS = 15.0


def base_url() -> str:
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/")


def fetch(ext_id: str) -> tuple[bytes, str]:
    """Download one debate's JSON by its ExtId; a clear `InputError` when it cannot."""
    import httpx  # on use: its import (rich.progress and all) would slow every command

    url = f"{base_url()}/debates/debate/{ext_id}.json"
    try:
        response = httpx.get(url, timeout=TIMEOUT_SECONDS, follow_redirects=True)
    except httpx.TimeoutException:
        raise InputError(
            [Problem(url, None, "", f"the Hansard API did not answer in {TIMEOUT_SECONDS:.0f}s")]
        ) from None
    except httpx.HTTPError as exc:
        raise InputError(
            [
                Problem(
                    url,
                    None,
                    "",
                    f"cannot reach the Hansard API ({exc.__class__.__name__}: {exc}); are you "
                    "offline? Save the debate's JSON from the Hansard website and import the file",
                )
            ]
        ) from None
    if response.status_code == 404:
        raise InputError([Problem(url, None, "", f"the Hansard API has no debate `{ext_id}`")])
    if response.status_code != 200:
        raise InputError(
            [Problem(url, None, "", f"the Hansard API answered HTTP {response.status_code}")]
        )
    return response.content, url


def read_debates(data: bytes, file: Where) -> list[Transcript]:
    """The debate and its child debates, in order; `InputError` if it is not one."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError([Problem(file, None, "", f"not UTF-8 text ({exc.reason})")]) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(file, exc.lineno, "", f"not valid JSON: {exc.msg} (column {exc.colno})")]
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("Overview"), dict):
        raise InputError(
            [Problem(file, 1, "Overview", "not a Hansard API debate (no `Overview` object)")]
        )
    out: list[Transcript] = []
    _collect(doc, file, "", out)
    return out


def _collect(doc: dict[str, Any], file: Where, where: str, out: list[Transcript]) -> None:
    overview = doc.get("Overview") or {}
    items = doc.get("Items") or []
    if items:
        transcript = _overview(overview, file, where)
        for i, item in enumerate(items):
            if isinstance(item, dict) and item.get("ItemType") == "Contribution":
                transcript.speeches.append(_speech(item, file, f"{where}Items[{i}]"))
        out.append(transcript)
    for i, child in enumerate(doc.get("ChildDebates") or []):
        if isinstance(child, dict):
            _collect(child, file, f"{where}ChildDebates[{i}].", out)


def _overview(overview: dict[str, Any], file: Where, where: str) -> Transcript:
    title = overview.get("Title")
    house = str(overview.get("House") or "").lower()
    if not isinstance(title, str) or not title.strip():
        raise InputError([Problem(file, None, f"{where}Overview.Title", "missing debate title")])
    if house not in ("lords", "commons"):
        raise InputError(
            [
                Problem(
                    file,
                    None,
                    f"{where}Overview.House",
                    f"expected Lords or Commons, got {house!r}",
                )
            ]
        )
    try:
        date = dt.date.fromisoformat(str(overview.get("Date", ""))[:10])
    except ValueError:
        raise InputError(
            [Problem(file, None, f"{where}Overview.Date", "expected a date (YYYY-MM-DD...)")]
        ) from None
    volume = overview.get("VolumeNo")
    return Transcript(
        title=" ".join(title.split()),
        house=house,  # type: ignore[arg-type]  # checked above to be "lords" or "commons"
        date=date,
        location=overview.get("Location") or None,
        source=overview.get("ExtId") or None,
        volume=volume if isinstance(volume, int) and volume > 0 else None,
    )


def _speech(item: dict[str, Any], file: Where, where: str) -> Speech:
    member_id = item.get("MemberId")
    name = " ".join(str(item.get("AttributedTo") or "").split())
    speaker = (
        SpeakerRef("parliament", str(member_id), name)
        if isinstance(member_id, int) and member_id > 0
        else (SpeakerRef("parliament", "", name) if name else None)
    )
    ext = str(item.get("ExternalId") or item.get("ItemId") or where)
    column = item.get("ColumnNumber") or item.get("Column")
    column = str(column) if column else None
    paragraphs = [
        Paragraph(f"{ext}/{n}", text, column) for n, text in enumerate(_paragraphs(item), 1)
    ]
    return Speech(speaker, paragraphs, column, item.get("Timecode"))


def _paragraphs(item: dict[str, Any]) -> list[str]:
    """The text of each paragraph of an item's HTML `Value` (HTML is never executed)."""
    value = item.get("Value") or ""
    if not isinstance(value, str) or not value.strip():
        return []
    import lxml.html  # on use, like httpx: `draftkit check` never needs it

    root = lxml.html.fragment_fromstring(value, create_parent="div")
    blocks = root.findall(".//p") or [root]
    texts = [" ".join(b.text_content().split()) for b in blocks]
    return [t for t in texts if t]
