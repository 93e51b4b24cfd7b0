"""A letter loads nothing but its own letterhead: the URL fetcher refuses the rest, and
text from snippets is printed, never interpreted as markup, in every format."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html
from msgspec.structs import replace

from draftkit.document import Paragraph as DocParagraph
from draftkit.document import Span
from draftkit.errors import InputError
from draftkit.render.docx import to_docx_bytes
from draftkit.render.html import to_html
from draftkit.render.pdf import LetterheadFetcher, RefusedResource, to_pdf_bytes
from draftkit.resources import bundled_dir
from render_support import add_letterhead, document_of, normalise, pdf_pages, use_letterhead

INJECTED = '<img src="file:///etc/passwd">'


@pytest.fixture
def fetcher(case: Path) -> LetterheadFetcher:
    document = document_of(case)
    return LetterheadFetcher(document, to_html(document))


def test_fetcher_refuses_a_file_outside_the_letterhead(fetcher: LetterheadFetcher) -> None:
    with pytest.raises(RefusedResource):
        fetcher.fetch("file:///etc/passwd")


def test_fetcher_refuses_http(fetcher: LetterheadFetcher) -> None:
    for url in ("http://example.com/logo.png", "https://example.com/x.css"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)


def test_fetcher_refuses_climbing_out_of_the_folder(fetcher: LetterheadFetcher) -> None:
    folder = fetcher.document.letterhead.folder
    with pytest.raises(RefusedResource):
        fetcher.fetch((folder / "letterhead.toml").as_uri().replace("letterhead.toml", "../"))
    with pytest.raises(RefusedResource):
        fetcher.fetch(folder.as_uri() + "/../../../README.md")


def test_fetcher_refuses_data_it_did_not_make(fetcher: LetterheadFetcher) -> None:
    with pytest.raises(RefusedResource):
        fetcher.fetch("data:text/css,body{background:red}")


def test_fetcher_serves_the_letterhead_folder(fetcher: LetterheadFetcher) -> None:
    mark = fetcher.document.letterhead.folder / "mark.svg"
    assert fetcher.fetch(mark.resolve().as_uri()).read() == mark.read_bytes()
    with pytest.raises(FileNotFoundError):
        fetcher.fetch(mark.resolve().with_name("missing.svg").as_uri())


@pytest.mark.parametrize(
    "css",
    [
        '.department { background: url("http://example.com/evil.png"); }',
        '.department { background: url("file:///etc/passwd"); }',
    ],
)
def test_a_letterhead_reaching_outside_stops_the_render(case: Path, css: str) -> None:
    folder = add_letterhead(case.parent, "outside")
    (folder / "letter.css").write_text(css + "\n" + (folder / "letter.css").read_text())
    use_letterhead(case, "outside")
    with pytest.raises(InputError) as err:
        to_pdf_bytes(document_of(case))
    message = str(err.value)
    assert "letterhead `outside`" in message
    assert "refused" in message


@pytest.fixture
def injected_case(case: Path) -> Path:
    """The seed case with one snippet whose text is markup."""
    library = case.parent / "snippets"
    shutil.copytree(bundled_dir("snippets"), library)
    (library / "injected.md").write_text(
        "---\nid: injected\ntitle: Injected\ntopics: [test]\nstatus: approved\n"
        "owner: Test\napproved_by: Test\napproved_on: 2019-05-01\nreview_by: 2030-01-01\n"
        f"version: 1\n---\nBefore {INJECTED} after.\n",
        encoding="utf-8",
    )
    letter = case / "letter.yaml"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            "      - snippet: taxi-cross-border-tfg@2\n",
            "      - snippet: taxi-cross-border-tfg@2\n      - snippet: injected\n",
        ),
        encoding="utf-8",
    )
    return case


def test_injected_html_prints_literally_in_the_pdf(injected_case: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(to_pdf_bytes(document_of(injected_case)))
    text = normalise(" ".join(pdf_pages(pdf)))
    assert f"Before {INJECTED} after." in text


def test_injected_html_prints_literally_in_the_docx(injected_case: Path) -> None:
    word = docx.Document(io.BytesIO(to_docx_bytes(document_of(injected_case))))
    assert f"Before {INJECTED} after." in [p.text for p in word.paragraphs]


def test_injected_html_is_text_in_the_html(injected_case: Path) -> None:
    page = lxml_html.document_fromstring(to_html(document_of(injected_case)))
    assert not [img for img in page.iter("img") if "passwd" in (img.get("src") or "")]
    assert any(INJECTED in p.text_content() for p in page.iter("p"))


def test_only_web_and_mail_links_are_links(case: Path) -> None:
    """Whatever a Document carries, javascript:/file: targets never become links."""
    document = document_of(case)
    links = (
        Span("bad", href="javascript:alert(1)"),
        Span(" file", href="file:///etc/passwd"),
        Span(" GOV.UK", href="https://www.gov.uk"),
    )
    first = document.sections[0]
    document = replace(
        document,
        sections=(
            replace(first, blocks=(DocParagraph(links), *first.blocks)),
            *document.sections[1:],
        ),
    )
    page = lxml_html.document_fromstring(to_html(document))
    hrefs = [a.get("href") for a in page.iter("a")]
    assert hrefs == ["https://www.gov.uk/home-office", "https://www.gov.uk"]
    assert "bad file GOV.UK (https://www.gov.uk)" in page.text_content()
    word = docx.Document(io.BytesIO(to_docx_bytes(document)))
    targets = [r.target_ref for r in word.part.rels.values() if r.is_external]
    assert targets == ["https://www.gov.uk"]
    assert "bad file GOV.UK (https://www.gov.uk)" in [p.text for p in word.paragraphs]
