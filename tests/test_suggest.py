"""Snippet suggestions for a debate question: the right lines rank first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEED_CASE
from draftkit.cli import app
from draftkit.models import Question
from draftkit.snippets import Snippet, parse_snippet
from draftkit.suggest import suggest, terms
from draftkit.workspace import load_case

CSE_SNIPPETS = {
    "cse-academic-links",
    "cse-evidence-base",
    "cse-investigator-interviews",
    "iicsa-organised-networks",
    "offender-prevention-partners",
    "online-advertising-working-group",
}


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return load_case(SEED_CASE)


def question(seed, qid: str) -> Question:  # type: ignore[no-untyped-def]
    return next(q for q in seed.debate.questions if q.id == qid)


def snippet(
    sid: str, title: str, topics: list[str], body: str, status: str = "approved"
) -> Snippet:
    approval = "approved_by: Head of Policy\napproved_on: 2019-05-01\n"
    text = (
        f"---\nid: {sid}\ntitle: {title}\ntopics: {json.dumps(topics)}\nstatus: {status}\n"
        f"owner: Policy\n{approval}version: 1\n---\n{body}\n"
    )
    parsed, problems = parse_snippet(text, Path(f"{sid}.md"))
    assert parsed is not None, problems
    return parsed


def test_taxi_question_puts_the_taxi_line_first_by_far(seed) -> None:  # type: ignore[no-untyped-def]
    ranked = suggest(seed.workspace.snippets, question(seed, "taxi-cross-border"))
    assert ranked[0][0].id == "taxi-cross-border-tfg"
    assert all(score < ranked[0][1] / 10 for _, score in ranked[1:])


def test_cse_question_ranks_every_cse_line_above_the_taxi_line(seed) -> None:  # type: ignore[no-untyped-def]
    ranked = suggest(seed.workspace.snippets, question(seed, "cse-working-group"))
    ids = [s.id for s, _ in ranked]
    assert set(ids[:6]) == CSE_SNIPPETS
    assert ids[6:] in ([], ["taxi-cross-border-tfg"])
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)


def test_the_letter_uses_the_top_suggestions_for_each_section(seed) -> None:  # type: ignore[no-untyped-def]
    """What the official actually chose for each question is what suggest offers first."""
    for section in seed.letter.sections:
        chosen = {b.snippet_id for b in section.blocks if b.snippet_id}
        for qid in section.answers:
            ranked = [s.id for s, _ in suggest(seed.workspace.snippets, question(seed, qid))]
            assert set(ranked[: len(chosen)]) == chosen, (qid, ranked)


def test_withdrawn_snippets_are_never_suggested() -> None:
    library = {
        s.id: s
        for s in (
            snippet(
                "taxi-old", "Taxi licensing", ["taxis", "licensing"], "Taxi licensing.", "withdrawn"
            ),
            snippet("taxi-new", "Taxi licensing", ["taxis"], "Taxis and licensing.", "draft"),
        )
    }
    q = Question(id="q", asked_by="m", text="Taxi licensing?", topics=["taxis"])
    assert [s.id for s, _ in suggest(library, q)] == ["taxi-new"]


def test_topics_count_for_more_than_a_passing_mention() -> None:
    library = {
        s.id: s
        for s in (
            snippet("about-knives", "Knife crime", ["knife crime"], "Serious violence falls."),
            snippet(
                "mentions-knives", "Police funding", ["police"], "Funding helps with knife crime."
            ),
            snippet("unrelated", "Fisheries", ["fish"], "Quotas for cod."),
        )
    }
    q = Question(id="q", asked_by="m", text="What is being done about knife crime?")
    ranked = [s.id for s, _ in suggest(library, q)]
    assert ranked == ["about-knives", "mentions-knives"]


def test_limit_and_nothing_to_match() -> None:
    library = {
        f"s{i}": snippet(f"s{i}", f"Prisons {i}", ["prisons"], "Prison places.") for i in range(5)
    }
    q = Question(id="q", asked_by="m", text="What about prisons?")
    assert len(suggest(library, q, limit=3)) == 3
    assert [s.id for s, _ in suggest(library, q)] == [f"s{i}" for i in range(5)]  # ties by id
    assert suggest(library, Question(id="q", asked_by="m", text="What will they do?")) == []
    assert suggest({}, q) == []


def test_terms_drop_stop_words_and_stem() -> None:
    assert terms("The offenders' groups, and offending") == ["offend", "group", "offend"]
    assert terms("What will the noble Lord do?") == []


def test_cli_suggest(case: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["snippets", "suggest", str(case), "taxi-cross-border", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "taxi-cross-border-tfg" and rows[0]["score"] > 0
    result = runner.invoke(app, ["snippets", "suggest", str(case), "cse-working-group", "-n", "2"])
    assert result.exit_code == 0
    assert "cse-investigator-interviews" in result.stdout
    assert "taxi-cross-border-tfg" not in result.stdout
    result = runner.invoke(app, ["snippets", "suggest", str(case), "taxi"])
    assert result.exit_code == 2
    assert "taxi-cross-border" in result.stderr
