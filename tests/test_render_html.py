"""The HTML output is the page WeasyPrint lays out, and carries everything inside itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from draftkit.errors import InputError
from draftkit.render.html import to_html
from render_support import add_letterhead, document_of, use_letterhead


def test_self_contained(case: Path) -> None:
    page = lxml_html.document_fromstring(to_html(document_of(case)))
    assert not page.xpath("//link | //script | //iframe")
    assert all(img.get("src", "").startswith("data:") for img in page.iter("img"))
    styles = " ".join(s.text_content() for s in page.iter("style"))
    assert "@page" in styles and "size: A4" in styles
    urls = [s for s in page.xpath("//@style") if "url(" in s]
    assert urls and all(s.startswith("background-image: url('data:image/svg+xml;") for s in urls)


def test_metadata_and_language(case: Path) -> None:
    page = lxml_html.document_fromstring(to_html(document_of(case)))
    assert page.get("lang") == "en-GB"
    assert page.findtext(".//title") == "Grooming Gangs: letter to Lord Rosser, 30 May 2019"
    assert page.xpath("//meta[@name='author']/@content") == ["Baroness Williams of Trafford"]


def test_reading_order(case: Path) -> None:
    page = lxml_html.document_fromstring(to_html(document_of(case)))
    texts = [" ".join(" ".join(p.itertext()).split()) for p in page.iter("p")]
    assert texts[:3] == [
        "Home Office",
        "Baroness Williams of Trafford Minister of State",
        "2 Marsham Street London SW1P 4DF www.gov.uk/home-office",
    ]
    assert texts[3:6] == [
        "The Lord Rosser The House of Lords Westminster SW1A 0PW",
        "30 May 2019",
        "Dear Lord Rosser",
    ]
    assert texts[-1] == "Baroness Williams of Trafford"


def test_a_broken_letterhead_template_is_an_input_error_at_its_line(case: Path) -> None:
    folder = add_letterhead(case.parent, "broken")
    (folder / "letter.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block letterhead %}\n{{ letterhead.department \n'
        "{% endblock %}\n"
    )
    use_letterhead(case, "broken")
    with pytest.raises(InputError) as err:
        to_html(document_of(case))
    [problem] = err.value.problems
    assert Path(problem.file).parts[-2:] == ("broken", "letter.html.j2")
    # Jinja names the line where the unclosed `{{` met the next tag.
    assert problem.line == 4
    assert "print statement" in problem.message


def test_a_template_naming_what_the_context_lacks_is_an_input_error(case: Path) -> None:
    folder = add_letterhead(case.parent, "unknown")
    (folder / "letter.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block letterhead %}{{ letterhead.crest }}{% endblock %}\n'
    )
    use_letterhead(case, "unknown")
    with pytest.raises(InputError, match="crest"):
        to_html(document_of(case))
