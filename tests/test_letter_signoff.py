"""The foot of a letter: valediction, section headings, the printed copy list, and a sign-off
that is never stranded on a page of its own."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from lxml import html as lxml_html
from msgspec.structs import replace
from pypdf import PdfReader

from draftkit.document import DocSection, Document, Paragraph, Span
from draftkit.render import write_outputs
from draftkit.render.docx import to_docx_bytes
from draftkit.render.html import to_html
from draftkit.render.pdf import to_pdf_bytes
from draftkit.render.text import to_text
from render_support import document_of, normalise, pdf_pages, use_letterhead
from test_render_pdf import structure_types


def set_keys(case: Path, **keys: str) -> None:
    """Add top-level keys to letter.yaml (before `closing:`)."""
    letter = case / "letter.yaml"
    lines = "".join(f"{k}: {v}\n" for k, v in keys.items())
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("closing:", lines + "closing:", 1), "utf-8"
    )


def foot(text: str) -> str:
    return text[text.index("I hope you find this letter helpful.") :]


def test_the_seed_prints_no_valediction_heading_or_copy_list(case: Path) -> None:
    doc = document_of(case)
    assert (doc.valediction, doc.copies_to) == ("", ())
    assert foot(to_text(doc)).endswith("House Library.\n\nBaroness Williams of Trafford\n")


def test_a_letters_valediction_in_every_format(case: Path, tmp_path: Path) -> None:
    set_keys(case, valediction="Yours ever")
    doc = document_of(case)
    assert "House Library.\n\nYours ever\n\nBaroness Williams of Trafford\n" in to_text(doc)
    page = lxml_html.document_fromstring(to_html(doc))
    assert page.xpath("//div[@class='sign-off']/p[@class='valediction']/text()") == ["Yours ever"]
    write_outputs(doc, ["pdf", "docx"], tmp_path)
    pdf = normalise(pdf_pages(tmp_path / f"{doc.reference}.pdf")[-1])
    assert re.search(r"House Library\. Yours ever Baroness Williams of Trafford", pdf)
    word = docx.Document(str(tmp_path / f"{doc.reference}.docx"))
    tail = [(p.style.name, p.text) for p in word.paragraphs][-4:]
    assert tail[1:] == [
        ("Valediction", "Yours ever"),
        ("Signature", ""),
        ("Signature", doc.signature.name),
    ]
    # Closing, valediction and the space to sign each keep with what follows.
    assert all(keeps_with_next(p) for p in word.paragraphs[-4:-1])


def keeps_with_next(paragraph: docx.text.paragraph.Paragraph) -> bool:
    """Keep-with-next set on the paragraph itself or by its style."""
    return bool(
        paragraph.paragraph_format.keep_with_next or paragraph.style.paragraph_format.keep_with_next
    )


def test_the_letterheads_valediction_is_the_default_and_empty_means_none(case: Path) -> None:
    use_letterhead(case, "generic")
    assert document_of(case).valediction == "Yours sincerely"
    set_keys(case, valediction='""')
    assert document_of(case).valediction == ""


def test_headings_print_section_titles_as_real_headings(case: Path) -> None:
    set_keys(case, headings="true")
    doc = document_of(case)
    titles = [s.title for s in doc.sections]
    page = lxml_html.document_fromstring(to_html(doc))
    assert page.xpath("//main/h2/text()") == titles
    text = to_text(doc)
    assert text.index(titles[0]) < text.index("During a debate") < text.index(titles[1])
    types = structure_types(
        PdfReader(io.BytesIO(to_pdf_bytes(doc))).trailer["/Root"]["/StructTreeRoot"]["/K"]
    )
    assert types.count("/H2") == 2
    word = docx.Document(io.BytesIO(to_docx_bytes(doc)))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"] == titles
    assert not any(s.title in to_text(document_of_without_headings(doc)) for s in doc.sections)


def document_of_without_headings(doc: Document) -> Document:
    """The same letter with the title headings taken out again (what `headings: false` gives)."""
    return replace(doc, sections=tuple(replace(s, blocks=s.blocks[1:]) for s in doc.sections))


def test_cc_prints_the_copy_list_after_the_signature(case: Path, tmp_path: Path) -> None:
    set_keys(case, cc="true")
    doc = document_of(case)
    names = [
        "Baroness Cox",
        "Viscount Falkland",
        "Lord Pickles",
        "Lord Blunkett",
        "House of Lords Library",
    ]
    assert list(doc.copies_to) == names
    assert to_text(doc).endswith(
        "Baroness Williams of Trafford\n\nCopies to:\n" + "\n".join(names) + "\n"
    )
    page = lxml_html.document_fromstring(to_html(doc))
    [section] = page.xpath("//section[@class='copies-to']")
    assert normalise(" ".join(section.itertext())) == "Copies to: " + " ".join(names)
    write_outputs(doc, ["pdf", "docx"], tmp_path)
    last = normalise(pdf_pages(tmp_path / f"{doc.reference}.pdf")[-1])
    assert "Baroness Williams of Trafford Copies to: " + " ".join(names) in last
    word = docx.Document(str(tmp_path / f"{doc.reference}.docx"))
    assert [p.text for p in word.paragraphs][-6:] == ["Copies to:", *names]


def short_letter(doc: Document, paragraphs: int) -> Document:
    """The seed letter cut to `paragraphs` one-line paragraphs and a last longer one."""
    body = [
        Paragraph((Span(f"Paragraph {n} of the reply, on one line."),)) for n in range(paragraphs)
    ]
    body.append(Paragraph((Span("The last paragraph of the body. " * 6),)))
    return replace(doc, sections=(DocSection(None, (), tuple(body)),))


def test_the_sign_off_is_never_stranded_on_a_page_of_its_own(case: Path) -> None:
    """At the length where the letter first runs to two pages, what goes over is the last
    body paragraph with the closing and signature, never the sign-off alone."""
    doc = document_of(case)

    def pages(n: int) -> list[str]:
        return [normalise(p) for p in pdf_pages(to_pdf_bytes(short_letter(doc, n)))]

    low, high = 1, 24  # one page at 1 paragraph, two at 24
    assert len(pages(low)) == 1 and len(pages(high)) >= 2
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if len(pages(mid)) == 1 else (low, mid)
    first, second = pages(high)[:2]
    assert "The last paragraph of the body." in second
    assert "The last paragraph of the body." not in first
    assert "I hope you find this letter helpful." in second and doc.signature.name in second


def test_docx_keeps_the_last_paragraph_with_the_sign_off(case: Path) -> None:
    word = docx.Document(io.BytesIO(to_docx_bytes(short_letter(document_of(case), 3))))
    last = next(p for p in word.paragraphs if p.text.startswith("The last paragraph"))
    assert last.paragraph_format.keep_with_next and last.paragraph_format.keep_together
    earlier = next(p for p in word.paragraphs if p.text.startswith("Paragraph 1 "))
    assert not earlier.paragraph_format.keep_with_next
    closing = next(p for p in word.paragraphs if p.style.name == "Closing")
    assert keeps_with_next(closing)
