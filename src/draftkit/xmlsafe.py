"""Parsing XML from outside safely: no entity bombs, no external entities, no network.

Real ParlParse files declare an internal DTD of HTML character entities (`&mdash;`
and the like), so refusing every DTD (defusedxml's `forbid_dtd`) would refuse real
data. Instead the document is first parsed with entities left unexpanded and every
declaration is inspected: only short internal entities whose text holds no further
entity reference are allowed (that is all a character-entity DTD needs). Anything
else (an external DTD or entity, an entity built from entities) is refused before
anything is expanded; libxml2's own amplification limit stops a bomb hidden in an
attribute during that first pass.
"""

from __future__ import annotations

import re

from lxml import etree

from .errors import InputError, Problem, Where

#: The longest replacement text an allowed entity may have (an HTML entity is one character).
MAX_ENTITY_TEXT = 16

_ENTITY_REF = re.compile(r"&[^#]")


def _parser(*, resolve: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=resolve,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, file: Where) -> etree._Element:
    """Parse untrusted XML bytes into an element tree, or raise `InputError` saying why not."""
    if not data.strip():
        raise InputError([Problem(file, None, "", "the file is empty")])
    try:
        tree = etree.fromstring(data, _parser(resolve=False)).getroottree()
    except etree.XMLSyntaxError as exc:
        raise InputError([_syntax_problem(exc, file)]) from None
    refused = list(_refusals(tree, file))
    if refused:
        raise InputError(refused)
    try:
        return etree.fromstring(data, _parser(resolve=True))
    except etree.XMLSyntaxError as exc:  # pragma: no cover - the first pass already parsed it
        raise InputError([_syntax_problem(exc, file)]) from None


def _refusals(tree: etree._ElementTree, file: Where) -> list[Problem]:
    info = tree.docinfo
    problems: list[Problem] = []
    if info.system_url or info.public_id:
        problems.append(
            Problem(
                file,
                1,
                "",
                f"refused: the document type points outside the file "
                f"({info.system_url or info.public_id}); only an internal DTD is accepted",
            )
        )
    dtd = info.internalDTD
    for entity in dtd.iterentities() if dtd is not None else ():
        if entity.system_url:
            problems.append(
                Problem(
                    file,
                    None,
                    "",
                    f"refused: entity `{entity.name}` is external ({entity.system_url}); "
                    "external entities are never loaded",
                )
            )
        elif _ENTITY_REF.search(entity.orig or ""):
            problems.append(
                Problem(
                    file,
                    None,
                    "",
                    f"refused: entity `{entity.name}` is built from other entities "
                    "(an entity expansion bomb)",
                )
            )
        elif len(entity.content or "") > MAX_ENTITY_TEXT:
            problems.append(
                Problem(
                    file,
                    None,
                    "",
                    f"refused: entity `{entity.name}` expands to {len(entity.content)} "
                    f"characters; only character entities (up to {MAX_ENTITY_TEXT}) are accepted",
                )
            )
    return problems


def _syntax_problem(exc: etree.XMLSyntaxError, file: Where) -> Problem:
    message = str(exc.msg or exc).split(", line ")[0]
    if "amplification" in message or "entity reference loop" in message.lower():
        return Problem(file, exc.lineno, "", "refused: entity expansion bomb (" + message + ")")
    if "external entity" in message:
        return Problem(
            file, exc.lineno, "", f"refused: {message}; external entities are never loaded"
        )
    if "not proper UTF-8" in message or "encoding" in message.lower():
        return Problem(
            file,
            exc.lineno,
            "",
            f"the text is not in the encoding the file declares ({message}); "
            "save it with its real encoding in the <?xml ... encoding=...?> line",
        )
    if "Premature end" in message or "EndTag" in message or "not closed" in message:
        return Problem(file, exc.lineno, "", f"the file is cut short or broken ({message})")
    return Problem(file, exc.lineno, "", f"not well-formed XML: {message}")
