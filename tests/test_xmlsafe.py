"""Hostile XML is refused before anything is expanded or fetched, with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.cli import app
from draftkit.errors import InputError
from draftkit.xmlsafe import parse_xml
from hansard_support import MIGRANT_XML, lords_2009_workspace

LAUGHS = "\n".join(
    f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else ' <!ENTITY lol0 "lol">'
    for i in range(10)
)
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE publicwhip [
{LAUGHS}
]>
<publicwhip><major-heading id="uk.org.publicwhip/lords/2009-10-27a.1.0">&lol9;</major-heading>
</publicwhip>
"""
ATTRIBUTE_LAUGHS = BILLION_LAUGHS.replace("<publicwhip>", '<publicwhip a="&lol9;">')
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE publicwhip [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<publicwhip><major-heading id="uk.org.publicwhip/lords/2009-10-27a.1.0">&secret;</major-heading>
</publicwhip>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE publicwhip SYSTEM "http://127.0.0.1:9/evil.dtd">
<publicwhip/>
"""


def _refusal(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        parse_xml(data, "hostile.xml")
    return str(caught.value)


def test_billion_laughs_is_refused() -> None:
    assert "entity expansion bomb" in _refusal(BILLION_LAUGHS)


def test_billion_laughs_in_an_attribute_is_refused() -> None:
    assert "entity expansion bomb" in _refusal(ATTRIBUTE_LAUGHS)


def test_external_entity_is_refused_and_never_read() -> None:
    message = _refusal(EXTERNAL_ENTITY)
    assert "entity `secret` is external" in message
    assert "root:" not in message


def test_external_dtd_is_refused() -> None:
    assert "points outside the file" in _refusal(EXTERNAL_DTD)


def test_real_parlparse_dtd_of_character_entities_is_accepted() -> None:
    root = parse_xml(MIGRANT_XML.read_bytes(), "migrant.xml")
    heading = root.find("major-heading")
    assert heading is not None
    assert "\u2014" in "".join(heading.itertext())  # &mdash; resolved from the internal DTD


def test_wrong_encoding_is_named() -> None:
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip>\xa325</publicwhip>'
    message = _refusal(data)
    assert "hostile.xml:2" in message and "encoding" in message


def test_truncated_file_says_so_with_its_line() -> None:
    data = MIGRANT_XML.read_bytes()[:30000]
    message = _refusal(data)
    assert "cut short" in message and "hostile.xml:" in message


def test_empty_file() -> None:
    assert "empty" in _refusal(b"  \n")


@pytest.mark.parametrize(
    "text",
    [BILLION_LAUGHS, ATTRIBUTE_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD],
    ids=["laughs", "attribute-laughs", "external-entity", "external-dtd"],
)
def test_cli_writes_nothing_for_hostile_files(tmp_path: Path, text: str) -> None:
    ws = lords_2009_workspace(tmp_path / "ws")
    source = tmp_path / "hostile.xml"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["debate", "import", str(source), "--case", str(ws / "case")])
    assert result.exit_code == 1
    assert "refused" in result.output
    assert not (ws / "case").exists()
    assert sorted(p.name for p in ws.iterdir()) == ["draftkit.toml", "members"]
