# ruff: noqa: E501  (the table of mistakes reads best one expectation per line)
"""Every mistake an official can make in the files gets `file:line: field: message` and exit 1.

Each case edits a private copy of the example workspace, runs `draftkit check` through
typer's CliRunner, and asserts the exact place (file, line, field) and the gist of the
message. Lines are found from the edited text itself, so that a comment added to the
example does not break the suite, while a message pointing at the wrong line does.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import ROOT

CASE = "grooming-gangs-2019"
LETTER = f"{CASE}/letter.yaml"
DEBATE = f"{CASE}/debate.yaml"

SNIPPET_HEAD = "---\nid: {id}\ntitle: A line\nstatus: draft\nowner: Policy\nversion: 1\n---\n"


@dataclass(frozen=True)
class Edit:
    """Replace `old` (which must be there) by `new` in `file`; `old=None` writes the file."""

    file: str
    old: str | None
    new: str


@dataclass(frozen=True)
class Expect:
    """One message: in `file`, at the line holding `at` (after the edit), about `field`."""

    file: str
    at: str | int | tuple[str, int]  # text on the line, a line number, or (text, offset)
    field: str
    message: str


@dataclass(frozen=True)
class Mistake:
    name: str
    edits: list[Edit]
    expect: list[Expect]
    own_snippets: bool = False
    notes: list[str] = field(default_factory=list)


def snippet_file(sid: str, extra: str = "", body: str = "Text.") -> str:
    return SNIPPET_HEAD.format(id=sid).replace("version: 1\n", f"version: 1\n{extra}") + body + "\n"


MISTAKES = [
    Mistake(
        "yaml-syntax",
        [Edit(LETTER, "to: lord-rosser", "to: [lord-rosser")],
        [Expect(LETTER, "to: [lord-rosser", "", "YAML syntax")],
    ),
    Mistake(
        "missing-field",
        [Edit(LETTER, "to: lord-rosser\n", "")],
        [Expect(LETTER, "reference:", "to", "required field is missing")],
    ),
    Mistake(
        "unknown-field",
        [Edit(LETTER, "closing:", "closng:")],
        [Expect(LETTER, "closng:", "closng", "unknown field (did you mean `closing`?)")],
    ),
    Mistake(
        "wrong-type-list",
        [Edit(DEBATE, "speakers:\n  - baroness-cox\n", "speakers: baroness-cox\nwas:\n  - x\n")],
        [
            Expect(DEBATE, "speakers: baroness-cox", "speakers", "expected a list"),
            Expect(DEBATE, "was:", "was", "unknown field"),
        ],
    ),
    Mistake(
        "wrong-type-bool",
        [Edit("members.yaml", "name: Pickles\n  privy_counsellor: true", "name: Pickles\n  privy_counsellor: perhaps")],
        [Expect("members.yaml", "privy_counsellor: perhaps", "[2].privy_counsellor", "true or false")],
    ),
    Mistake(
        "impossible-date",
        [Edit(LETTER, "date: 2019-05-30", "date: 2019-05-32")],
        [Expect(LETTER, "date: 2019-05-32", "date", "expected a date as YYYY-MM-DD, got '2019-05-32'")],
    ),
    Mistake(
        "impossible-date-in-members-folder",
        [Edit("members/extra.yaml", None, "- id: lord-x\n  rank: Lord\n  name: X\n  sitting: false\n  left_on: 2019-02-30\n")],
        [Expect("members/extra.yaml", "left_on: 2019-02-30", "[0].left_on", "expected a date as YYYY-MM-DD, got '2019-02-30'")],
    ),
    Mistake(
        "date-in-words",
        [Edit(DEBATE, "date: 2019-05-14", "date: 14 May 2019")],
        [Expect(DEBATE, "date: 14 May 2019", "date", "expected a date as YYYY-MM-DD")],
    ),
    Mistake(
        "bad-choice",
        [Edit(DEBATE, "house: lords", "house: Lords")],
        [Expect(DEBATE, "house: Lords", "house", "expected one of 'lords' or 'commons'")],
    ),
    Mistake(
        "unknown-rank",
        [Edit("members.yaml", "rank: Viscount", "rank: Baron")],
        [Expect("members.yaml", "rank: Baron", "[1].rank", "got 'Baron'")],
    ),
    Mistake(
        "title-incomplete",
        [Edit("members.yaml", "  rank: Viscount\n  name: Falkland\n", "  rank: Earl\n")],
        [Expect("members.yaml", "- id: viscount-falkland", "[1]", "an Earl needs `name` or `of`")],
    ),
    Mistake(
        "bad-id",
        [Edit("members.yaml", "- id: baroness-cox", "- id: Baroness Cox")],
        [Expect("members.yaml", "- id: Baroness Cox", "[0].id", "is not a valid id")],
    ),
    Mistake(
        "unknown-speaker",
        [Edit(DEBATE, "  - lord-pickles\n", "  - lord-pickle\n")],
        [Expect(DEBATE, "  - lord-pickle", "speakers[2]", "unknown member `lord-pickle` (did you mean `lord-pickles`?)")],
    ),
    Mistake(
        "unknown-asked-by",
        [Edit(DEBATE, "asked_by: lord-blunkett", "asked_by: lord-blunket")],
        [Expect(DEBATE, "asked_by: lord-blunket", "questions[1].asked_by", "unknown member `lord-blunket` (did you mean `lord-blunkett`?)")],
    ),
    Mistake(
        "unknown-addressee",
        [Edit(LETTER, "to: lord-rosser", "to: lord-roser")],
        [Expect(LETTER, "to: lord-roser", "to", "unknown member `lord-roser` (did you mean `lord-rosser`?)")],
    ),
    Mistake(
        "unknown-sender",
        [Edit(LETTER, "from: home-office-mos-lords", "from: home-office-mos")],
        [Expect(LETTER, "from: home-office-mos", "from", "unknown minister `home-office-mos` (did you mean `home-office-mos-lords`?)")],
    ),
    Mistake(
        "unknown-copy-recipient",
        [Edit(LETTER, "copies: speakers", "copies: [speakers, lord-nobody]")],
        [Expect(LETTER, "copies: [speakers, lord-nobody]", "distribution.copies[1]", "unknown member `lord-nobody`")],
    ),
    Mistake(
        "unknown-snippet",
        [Edit(LETTER, "snippet: cse-evidence-base@1", "snippet: cse-evidence-bases")],
        [Expect(LETTER, "snippet: cse-evidence-bases", "sections[0].blocks[5].snippet", "unknown snippet `cse-evidence-bases` (did you mean `cse-evidence-base`?)")],
    ),
    Mistake(
        "pinned-version-missing",
        [Edit(LETTER, "snippet: cse-evidence-base@1", "snippet: cse-evidence-base@4")],
        [Expect(LETTER, "snippet: cse-evidence-base@4", "sections[0].blocks[5].snippet", "version 4 does not exist")],
    ),
    Mistake(
        "question-not-in-debate",
        [Edit(LETTER, "answers: [taxi-cross-border]", "answers: [taxi-crossborder]")],
        [Expect(LETTER, "answers: [taxi-crossborder]", "sections[1].answers[0]", "the debate has no question `taxi-crossborder` (did you mean `taxi-cross-border`?)")],
    ),
    Mistake(
        "block-both-kinds",
        [Edit(LETTER, "      - snippet: cse-academic-links@1\n", "      - snippet: cse-academic-links@1\n        text: And more.\n")],
        [Expect(LETTER, "      - snippet: cse-academic-links@1", "sections[0].blocks[7]", "either `snippet: ID` or `text: ...`")],
    ),
    Mistake(
        "snippet-param-misspelt",
        [Edit(LETTER, 'callers: "3885"', 'caller: "3885"')],
        [
            Expect(LETTER, "params:", "sections[0].blocks[3].params", "not filled: params.callers"),
            Expect(LETTER, "params:", "sections[0].blocks[3].params", "takes no placeholder(s) caller"),
        ],
    ),
    Mistake(
        "undefined-placeholder-in-prose",
        [Edit(LETTER, "{{ debate.date | weekday_date }}", "{{ debate_date | weekday_date }}")],
        [Expect(LETTER, ("During a debate on", -1), "sections[0].blocks[0].text", "placeholder not filled: debate_date")],
    ),
    Mistake(
        "duplicate-member-across-files",
        [Edit(f"{CASE}/members.yaml", None, "# A second definition.\n- id: lord-rosser\n  rank: Lord\n  name: Rosser\n")],
        [Expect(f"{CASE}/members.yaml", "- id: lord-rosser", "[0].id", "member id `lord-rosser` is already defined at members.yaml:")],
    ),
    Mistake(
        "duplicate-question-id",
        [Edit(DEBATE, "  - id: taxi-cross-border", "  - id: cse-working-group")],
        [Expect(DEBATE, 24, "questions[1].id", "question id `cse-working-group` is already used at line")],
    ),
    Mistake(
        "duplicate-snippet-id",
        [Edit("snippets/copy.md", None, snippet_file("cse-evidence-base"))],
        [Expect("snippets/home-office/child-exploitation/cse-evidence-base.md", "id: cse-evidence-base", "id", "already defined at snippets/copy.md:2")],
        own_snippets=True,
    ),
    Mistake(
        "snippet-front-matter",
        [Edit("snippets/home-office/taxis/taxi-cross-border-tfg.md", "status: approved", "status: aproved")],
        [Expect("snippets/home-office/taxis/taxi-cross-border-tfg.md", "status: aproved", "status", "got 'aproved'")],
        own_snippets=True,
    ),
    Mistake(
        "snippet-front-matter-syntax",
        [Edit("snippets/home-office/taxis/taxi-cross-border-tfg.md", "topics: [taxis,", "topics: [taxis,,")],
        [Expect("snippets/home-office/taxis/taxi-cross-border-tfg.md", "topics: [taxis,,", "", "YAML syntax")],
        own_snippets=True,
    ),
    Mistake(
        "snippet-approved-without-approver",
        [Edit("snippets/home-office/taxis/taxi-cross-border-tfg.md", "approved_by: Head of Taxi and PHV Policy\n", "")],
        [Expect("snippets/home-office/taxis/taxi-cross-border-tfg.md", "id: taxi-cross-border-tfg", "", "an approved snippet needs `approved_by`")],
        own_snippets=True,
    ),
    Mistake(
        "snippet-undeclared-param",
        [Edit("snippets/extra.md", None, snippet_file("extra", body="Since {{ params.since }}."))],
        [Expect("snippets/extra.md", "Since {{", "params", "not declared in `params`: since")],
        own_snippets=True,
    ),
    Mistake(
        "snippet-includes-a-file",
        [Edit("snippets/extra.md", None, snippet_file("extra", body="One.\n\n{% include '/etc/passwd' %}"))],
        [Expect("snippets/extra.md", "{% include", "body", "`{% include %}` is not allowed")],
        own_snippets=True,
    ),
    Mistake(
        "snippet-without-front-matter",
        [Edit("snippets/extra.md", None, "Just text.\n")],
        [Expect("snippets/extra.md", 1, "", "a snippet starts with `---`")],
        own_snippets=True,
    ),
    Mistake(
        "letterhead-missing",
        [Edit(LETTER, "letterhead: home-office", "letterhead: home-offfice")],
        [Expect(LETTER, "letterhead: home-offfice", "letterhead", "no letterhead `home-offfice` (available: generic, home-office")],
    ),
    Mistake(
        "settings-syntax",
        [Edit("draftkit.toml", 'letterhead = "home-office"', 'letterhead = "home-office')],
        [Expect("draftkit.toml", 'letterhead = "home-office', "", "TOML syntax")],
    ),
    Mistake(
        "settings-wrong-type",
        [Edit("draftkit.toml", "due_working_days = 10", 'due_working_days = "ten"')],
        [Expect("draftkit.toml", 'due_working_days = "ten"', "undertakings.due_working_days", "expected a whole number")],
    ),
    Mistake(
        "letter-not-a-mapping",
        [Edit(LETTER, None, "- to: lord-rosser\n")],
        [Expect(LETTER, 1, "", "expected a mapping of fields, got a list")],
    ),
    Mistake(
        "letter-wrong-debate",
        [Edit(LETTER, "debate: grooming-gangs-2019-05-14", "debate: grooming-gangs-2019-05-15")],
        [Expect(LETTER, "debate: grooming-gangs-2019-05-15", "debate", "this case's debate is `grooming-gangs-2019-05-14`")],
    ),
]  # fmt: skip


def apply(workspace: Path, mistake: Mistake) -> None:
    if mistake.own_snippets:
        shutil.copytree(ROOT / "snippets", workspace / "snippets")
    for edit in mistake.edits:
        path = workspace / edit.file
        if edit.old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit.new, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        assert text.count(edit.old) == 1, f"{edit.old!r} must occur once in {edit.file}"
        path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")


def line_of(workspace: Path, file: str, at: str | int | tuple[str, int]) -> int:
    """The line holding `at`: the line whose text is it, else the one line containing it."""
    if isinstance(at, int):
        return at
    text, offset = at if isinstance(at, tuple) else (at, 0)
    lines = (workspace / file).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if line.strip() == text.strip()]
    found = found or [n for n, line in enumerate(lines, start=1) if text in line]
    assert len(found) == 1, f"{text!r} must be on exactly one line of {file}"
    return found[0] + offset


def assert_reported(result: Result, workspace: Path, expect: Expect) -> None:
    line = line_of(workspace, expect.file, expect.at)
    place = f"{expect.file}:{line}: " + (f"{expect.field}: " if expect.field else "")
    hits = [ln for ln in result.output.splitlines() if place in ln and expect.message in ln]
    assert hits, f"expected `{place}... {expect.message}` in:\n{result.output}"


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_each_mistake_is_placed_and_exits_1(
    mistake: Mistake, workspace: Path, cli: Callable[..., Result]
) -> None:
    apply(workspace, mistake)
    result = cli("check", CASE)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash
    assert "Traceback" not in result.output
    for expect in mistake.expect:
        assert_reported(result, workspace, expect)


def test_the_suite_covers_at_least_fifteen_distinct_mistakes() -> None:
    assert len({m.name for m in MISTAKES}) == len(MISTAKES) >= 15


def test_every_mistake_at_once(workspace: Path, cli: Callable[..., Result]) -> None:
    """Mistakes in four files are all reported in one run, none hiding another."""
    chosen = [
        "impossible-date",
        "unknown-snippet",
        "question-not-in-debate",
        "unknown-speaker",
        "unknown-asked-by",
        "unknown-rank",
        "snippet-includes-a-file",
    ]
    mistakes = [m for m in MISTAKES if m.name in chosen]
    shutil.copytree(ROOT / "snippets", workspace / "snippets")
    for m in mistakes:
        apply(workspace, Mistake(m.name, m.edits, m.expect))
    result = cli("check", CASE)
    assert result.exit_code == 1
    for m in mistakes:
        for expect in m.expect:
            assert_reported(result, workspace, expect)
    count = re.search(r"(\d+) errors", result.output)
    assert count and int(count[1]) == len(mistakes), result.output


def test_json_findings_carry_file_line_and_field(
    workspace: Path, cli: Callable[..., Result]
) -> None:
    import json

    apply(workspace, next(m for m in MISTAKES if m.name == "unknown-addressee"))
    result = cli("check", CASE, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    [finding] = [f for f in data["findings"] if f["severity"] == "error"]
    assert (finding["file"], finding["line"], finding["field"]) == (LETTER, 6, "to")
    assert "did you mean `lord-rosser`" in finding["message"]


def test_a_render_with_errors_writes_nothing(workspace: Path, cli: Callable[..., Result]) -> None:
    apply(workspace, next(m for m in MISTAKES if m.name == "undefined-placeholder-in-prose"))
    result = cli("render", CASE, "-o", "out", "--format", "txt")
    assert result.exit_code == 1
    assert "placeholder not filled: debate_date" in result.output
    assert not (workspace / "out").exists() or not any((workspace / "out").iterdir())


def test_a_broken_block_does_not_hide_its_neighbours(
    workspace: Path, cli: Callable[..., Result]
) -> None:
    """Field errors inside one block or section leave the other blocks checked."""
    chosen = ["block-both-kinds", "unknown-snippet", "unknown-copy-recipient"]
    mistakes = [m for m in MISTAKES if m.name in chosen]
    extra = Mistake(
        "typo-in-a-section",
        [Edit(LETTER, "answers: [taxi-cross-border]", "answer: [taxi-cross-border]")],
        [
            Expect(
                LETTER,
                "answer: [taxi-cross-border]",
                "sections[1].answer",
                "unknown field (did you mean `answers`?)",
            )
        ],
    )
    for m in [*mistakes, extra]:
        apply(workspace, m)
    result = cli("check", CASE)
    assert result.exit_code == 1
    for m in [*mistakes, extra]:
        for expect in m.expect:
            assert_reported(result, workspace, expect)
    count = re.search(r"(\d+) errors", result.output)
    assert count and int(count[1]) == 4, result.output
