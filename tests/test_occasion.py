"""The kind of proceeding, where it sat, and how it reads in a sentence (`debate.occasion`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from draftkit.errors import InputError
from draftkit.hansard.importer import debate_kind
from draftkit.models import Debate
from draftkit.occasion import occasion, subject
from draftkit.render.text import to_text
from draftkit.workspace import load_case
from render_support import document_of


def debate(**fields: Any) -> Debate:
    base = {"id": "d", "house": "lords", "date": dt.date(2019, 5, 14), "minister": "m"}
    return Debate.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": "Grooming Gangs", "location": "Grand Committee"},
         "the debate on Grooming Gangs in Grand Committee"),
        ({"title": "Government: Debts", "kind": "oral_question"},
         "the Oral Question on Government: Debts"),
        ({"title": "Bishops in the House of Lords", "venue": "westminster_hall",
          "house": "commons"},
         "the Westminster Hall debate on Bishops in the House of Lords"),
        ({"title": "Immigration: Migrant Workers", "kind": "short_debate"},
         "the Question for Short Debate on Immigration: Migrant Workers"),
        ({"title": "Prisons: Safety", "kind": "urgent_question", "house": "commons",
          "venue": "westminster_hall"},
         "the Urgent Question on Prisons: Safety in Westminster Hall"),
        ({"title": "Licensing Act 2003 (Mandatory Licensing Conditions) Order 2010"},
         "the debate on the Licensing Act 2003 (Mandatory Licensing Conditions) Order 2010"),
        ({"title": "Children and Social Work Bill [HL]", "kind": "bill"},
         "the debate on the Children and Social Work Bill [HL]"),
        ({"title": "Law and Order in Rural Areas"},
         "the debate on Law and Order in Rural Areas"),
        ({"title": "Knife Crime", "kind": "statement",
          "subject": "the Government's strategy on knife crime"},
         "the Statement on the Government's strategy on knife crime"),
    ],
)  # fmt: skip
def test_occasion(fields: dict[str, Any], expected: str) -> None:
    assert occasion(debate(**fields)) == expected


def test_subject_defaults_to_the_title_and_legislation_takes_the() -> None:
    assert subject(debate(title="Grooming Gangs")) == "Grooming Gangs"
    regulations = "Health Protection (Coronavirus) Regulations 2020"
    assert subject(debate(title=regulations)) == f"the {regulations}"
    assert subject(debate(title="The Sentencing Act 2020")) == "The Sentencing Act 2020"


def test_the_old_free_text_location_is_still_read_as_the_venue() -> None:
    assert debate(title="t", location="Grand Committee").venue == "grand_committee"
    assert debate(title="t", location="Westminster Hall").venue == "westminster_hall"
    assert debate(title="t", location="Lords Chamber").venue == "chamber"
    assert debate(title="t").venue == "chamber"
    # A venue given wins over the location text.
    assert debate(title="t", location="Grand Committee", venue="chamber").venue == "chamber"


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Question for Short Debate", "short_debate"),
        ("Question", "oral_question"),
        ("Oral Questions", "oral_question"),
        ("Private Notice Question", "urgent_question"),
        ("Statement", "statement"),
        ("Second Reading", "bill"),
        ("Motion to Approve", "debate"),
        (None, "debate"),
    ],
)
def test_a_parlparse_heading_label_names_the_kind(label: str | None, kind: str) -> None:
    assert debate_kind(label) == kind


def test_occasion_placeholder_and_the_slips_sentence(case: Path) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(
        text.replace(
            "During a debate on {{ debate.date | weekday_date }}, you asked",
            "During {{ debate.occasion }} on {{ debate.date | weekday_date }}, you asked",
        ),
        encoding="utf-8",
    )
    doc = document_of(case)
    assert "During the debate on Grooming Gangs in Grand Committee on Tuesday 14 May" in (
        " ".join(to_text(doc).split())
    )
    # The copies' covering slips say why the letter has come from this.
    assert doc.distribution.occasion == (
        "the debate on Grooming Gangs in Grand Committee on Tuesday 14 May 2019"
    )


def test_an_unknown_kind_or_venue_is_an_error_at_its_line(case: Path) -> None:
    path = case / "debate.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title: Grooming Gangs\n", "title: Grooming Gangs\nkind: debat\n"), "utf-8"
    )
    with pytest.raises(InputError) as err:
        load_case(case)
    [problem] = [p for p in err.value.problems if p.field == "kind"]
    assert problem.line == text.splitlines().index("title: Grooming Gangs") + 2
    assert "short_debate" in problem.message
