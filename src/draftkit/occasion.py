"""How a proceeding reads in a sentence: "the debate on Grooming Gangs in Grand Committee".

Pure: from the debate's kind, venue, title and subject. Used by the `{{ debate.occasion }}`
placeholder and by the covering slips of copies (`Distribution.occasion`).
"""

from __future__ import annotations

import re

from .models import Debate

#: A title naming legislation takes "the": "the Licensing Act 2003 (...) Order 2010".
_LEGISLATION = re.compile(
    r"\b(?:Act|Order|Regulations|Rules)\s+\d{4}\b"
    r"|\b(?:Bill|Act|Regulations)\s*(?:\[HL\])?\s*(?:\(.*\))?\s*$"
)

#: What each kind of proceeding is called, before "on <subject>".
NAMES = {
    "debate": "debate",
    "short_debate": "Question for Short Debate",
    "oral_question": "Oral Question",
    "urgent_question": "Urgent Question",
    "statement": "Statement",
    "bill": "debate",
}

#: Where the proceeding was, after the subject; the Chamber goes unsaid.
PLACES = {"chamber": "", "grand_committee": " in Grand Committee", "westminster_hall": ""}


def subject(debate: Debate) -> str:
    """The title as it reads after "on": given, else the title, with "the" for legislation."""
    if debate.subject:
        return debate.subject.strip()
    title = " ".join(debate.title.split())
    if _LEGISLATION.search(title) and not title.lower().startswith("the "):
        return f"the {title}"
    return title


def occasion(debate: Debate) -> str:
    """ "the debate on X in Grand Committee", "the Oral Question on X", "the Westminster Hall
    debate on X" (other kinds in Westminster Hall: "... on X in Westminster Hall")."""
    name = NAMES[debate.kind]
    place = PLACES[debate.venue]
    if debate.venue == "westminster_hall":
        if name == "debate":
            name = "Westminster Hall debate"
        else:
            place = " in Westminster Hall"
    return f"the {name} on {subject(debate)}{place}"
