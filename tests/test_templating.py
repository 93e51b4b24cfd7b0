"""Placeholders: UK date filters, strict filling, and a sandbox snippets cannot escape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from draftkit.snippets import FillError, fill, parse_snippet
from draftkit.templating import long_date, make_env, sentence_start, weekday_date

CONTEXT = {
    "debate": {"date": dt.date(2019, 5, 14)},
    "params": {"callers": "3885"},
    "members": {"lord-rosser": {"display": "Lord Rosser"}},
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2019, 5, 30), "30 May 2019"),
        (dt.date(2019, 6, 1), "1 June 2019"),
        (dt.datetime(2019, 12, 25, 9, 30), "25 December 2019"),
        ("2020-02-29", "29 February 2020"),
    ],
)
def test_long_date(value: object, expected: str) -> None:
    assert long_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2019, 5, 14), "Tuesday 14 May"),
        (dt.date(2019, 6, 2), "Sunday 2 June"),
        ("2019-10-18", "Friday 18 October"),
    ],
)
def test_weekday_date(value: object, expected: str) -> None:
    assert weekday_date(value) == expected


def test_mappings_can_be_looped_and_members_looked_up() -> None:
    text = (
        "{% for k, v in params.items() %}{{ k }}={{ v }}{% endfor %} "
        "{{ members['lord-rosser'].display }}"
    )
    assert fill(text, CONTEXT) == "callers=3885 Lord Rosser"


def test_filters_in_placeholders() -> None:
    text = (
        "On {{ debate.date | weekday_date }} ({{ debate.date | long_date }}): "
        "{{ 'the Earl' | sentence_start }}."
    )
    assert fill(text, CONTEXT) == "On Tuesday 14 May (14 May 2019): The Earl."
    assert sentence_start("") == ""


def test_a_filter_given_a_non_date_fails_cleanly() -> None:
    with pytest.raises(FillError, match="placeholder failed"):
        fill("{{ params.callers | long_date }}", CONTEXT)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "placeholder not allowed: access to attribute '__class__'"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed"),
        ("{{ debate.date.__class__.__init__.__globals__ }}", "not allowed"),
        ("{{ lipsum.__globals__['os'] }}", "not allowed"),
        ("{{ cycler.__init__.__globals__.os.system('id') }}", "not allowed"),
        ("{{ self.__init__ }}", "not allowed"),
        ("{{ params.update({'x': 1}) }}", "not allowed"),
        ("{% include '/etc/passwd' %}", "`{% include %}` is not allowed"),
        ("{% import 'os' as os %}", "`{% import %}` is not allowed"),
        ("{% from 'x.j2' import y %}", "`{% from ... import %}` is not allowed"),
        ("{% extends '/etc/passwd' %}", "`{% extends %}` is not allowed"),
        ("{{ config }}", "placeholder not filled: config"),
        ("{{ request.environ }}", "placeholder not filled: request"),
        ("{{ debat.date }} and {{ speker }}", "placeholders not filled: debat, speker"),
        ("{{ params.caller }}", "placeholder not filled: params.caller"),
        ("{{ debate.dat }}", "placeholder not filled: debate.dat"),
        ("{{ members['lord-x'].display }}", "placeholder not filled: members['lord-x']"),
        ("{{ params['x'] }} {{ debate.date.year }}", "placeholder not filled: params.x"),
        ("{{ debate.date", "placeholder syntax"),
    ],
)
def test_the_sandbox_refuses_escapes_files_and_unknowns(source: str, message: str) -> None:
    with pytest.raises(FillError) as caught:
        fill(source, CONTEXT)
    assert message in caught.value.message


def test_the_environment_is_sandboxed_and_strict() -> None:
    env = make_env()
    assert env.undefined.__name__ == "StrictUndefined"
    assert env.loader is None
    assert not env.autoescape


SNIPPET = "---\nid: evil\ntitle: Evil\nstatus: draft\nowner: Me\nversion: 1\n---\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Fine.\n\n{% include '/etc/passwd' %}", 10, "`{% include %}` is not allowed in a snippet"),
        ("{% import 'os' as os %}", 8, "`{% import %}` is not allowed in a snippet"),
        ("One\n{{ params.x ", 9, "placeholder syntax"),
    ],
)
def test_snippet_file_tags_fail_at_load_with_their_line(body: str, line: int, message: str) -> None:
    snippet, problems = parse_snippet(SNIPPET + body, Path("evil.md"))
    assert snippet is None
    assert [(p.line, p.field) for p in problems] == [(line, "body")]
    assert message in problems[0].message


def write_snippet(workspace: Path, sid: str, body: str) -> None:
    folder = workspace / "snippets"
    if not folder.exists():
        import shutil

        from conftest import ROOT

        shutil.copytree(ROOT / "snippets", folder)
    (folder / f"{sid}.md").write_text(SNIPPET.replace("evil", sid) + body + "\n", encoding="utf-8")


def cite(case: Path, block: str) -> None:
    letter = case / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    anchor = "      - snippet: cse-evidence-base@1\n"
    letter.write_text(text.replace(anchor, anchor + block), encoding="utf-8")


def test_sandbox_escapes_through_the_cli_name_snippet_and_place(
    workspace: Path, case: Path, cli: Callable[..., Result]
) -> None:
    write_snippet(workspace, "mro", "{{ ''.__class__.__mro__ }}")
    write_snippet(workspace, "undefined", "Since {{ debate.dat | long_date }}.")
    cite(
        case, "      - snippet: mro\n      - snippet: undefined\n      - text: Hi {{ speaker }}.\n"
    )
    result = cli("check", "grooming-gangs-2019")
    assert result.exit_code == 1
    out = result.output
    assert "letter.yaml:42: sections[0].blocks[6].snippet:" in out
    assert "snippet `mro`: placeholder not allowed: access to attribute '__class__'" in out
    assert "letter.yaml:43: sections[0].blocks[7].snippet:" in out
    assert "snippet `undefined`: placeholder not filled: debate.dat" in out
    assert "letter.yaml:44: sections[0].blocks[8].text:" in out
    assert "placeholder not filled: speaker" in out
    assert "Traceback" not in out


def test_include_in_a_snippet_fails_at_load_and_is_not_also_unknown(
    workspace: Path, case: Path, cli: Callable[..., Result]
) -> None:
    write_snippet(workspace, "passwd", "{% include '/etc/passwd' %}")
    cite(case, "      - snippet: passwd\n")
    result = cli("check", "grooming-gangs-2019")
    assert result.exit_code == 1
    assert (
        "snippets/passwd.md:8: body: `{% include %}` is not allowed in a snippet" in result.output
    )
    assert "unknown snippet" not in result.output
    assert "root:" not in result.output


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_characters="{")))
def test_text_without_a_brace_is_filled_as_jinja_would(text: str) -> None:
    from draftkit.snippets import _env

    assert fill(text, {}) == _env().from_string(text).render()
