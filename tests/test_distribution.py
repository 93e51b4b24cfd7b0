"""The distribution list and the promise sentence, in every variant a private office meets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from draftkit.compose import compose
from draftkit.distribution import (
    copy_recipients,
    libraries,
    promise_problems,
    promise_sentence,
)
from draftkit.errors import InputError
from draftkit.letterheads import LetterheadConfig, Wording
from draftkit.models import Debate, Letter, Member, Minister
from draftkit.workspace import load_case

MEMBERS = {
    m.id: m
    for m in [
        Member(id="cox", rank="Baroness", name="Cox"),
        Member(id="falkland", rank="Viscount", name="Falkland"),
        Member(id="pickles", rank="Lord", name="Pickles"),
        Member(id="rosser", rank="Lord", name="Rosser"),
        Member(id="williams", rank="Baroness", name="Williams", of="Trafford"),
        Member(id="arran", rank="Earl", of="Arran"),
        Member(id="blackburn", rank="Bishop", of="Blackburn"),
        Member(id="jones", rank="MP", name="Sarah Jones"),
        Member(id="smith", rank="MP", name="Jane Smith"),
        Member(id="brown", rank="MP", name="Tom Brown"),
        Member(id="minister-mp", rank="MP", name="Victoria Atkins"),
    ]
}
SENDER = Minister(
    id="mos", member="williams", name="Baroness Williams of Trafford", role="MoS", department="HO"
)
MP_SENDER = Minister(
    id="mos-mp", member="minister-mp", name="Victoria Atkins MP", role="MoS", department="HO"
)


def lords_debate(speakers: tuple[str, ...] = ("cox", "falkland", "pickles", "rosser")) -> Debate:
    return Debate(
        id="d",
        house="lords",
        date="2019-05-14",
        title="Grooming Gangs",
        minister="mos",
        speakers=[*speakers, "williams"],
    )


def commons_debate() -> Debate:
    return Debate(
        id="d",
        house="commons",
        date="2019-05-14",
        title="Knife Crime",
        minister="mos-mp",
        speakers=["jones", "smith", "minister-mp"],
    )


def letter(to: str = "rosser", **distribution: Any) -> Letter:
    return Letter.model_validate(
        {
            "reference": "REF-1",
            "debate": "d",
            "from": "mos",
            "to": to,
            "date": "2019-05-30",
            "distribution": distribution,
        }
    )


def sentence(
    lt: Letter, debate: Debate, sender: Minister = SENDER, wording: Wording | None = None
) -> str:
    copies = copy_recipients(lt, debate, sender, MEMBERS)
    return promise_sentence(lt, debate, sender, copies, wording)


def test_speakers_in_order_less_addressee_and_sender() -> None:
    lt = letter(copies="speakers")
    copies = copy_recipients(lt, lords_debate(), SENDER, MEMBERS)
    assert [m.id for m in copies] == ["cox", "falkland", "pickles"]


def test_named_ids_add_after_speakers_and_exclude_removes() -> None:
    lt = letter(copies=["speakers", "arran", "cox"], exclude=["falkland"])
    copies = copy_recipients(lt, lords_debate(), SENDER, MEMBERS)
    assert [m.id for m in copies] == ["cox", "pickles", "arran"]


def test_named_only_never_copies_the_addressee() -> None:
    lt = letter(copies=["rosser", "arran"])
    assert [m.id for m in copy_recipients(lt, lords_debate(), SENDER, MEMBERS)] == ["arran"]


@pytest.mark.parametrize(
    ("library", "houses"),
    [
        ("lords", ("lords",)),
        ("commons", ("commons",)),
        ("both", ("lords", "commons")),
        ("none", ()),
    ],
)
def test_libraries(library: str, houses: tuple[str, ...]) -> None:
    assert libraries(letter(library=library)) == houses


def test_seed_wording() -> None:
    assert sentence(letter(copies="speakers", library="lords"), lords_debate()) == (
        "I will also send a copy to all Peers who spoke at the debate and place a copy "
        "in the House Library."
    )


def test_commons_says_members_and_its_own_library() -> None:
    lt = letter(to="brown", copies="speakers", library="commons")
    assert sentence(lt, commons_debate(), MP_SENDER) == (
        "I will also send a copy to all Members who spoke at the debate and place a copy "
        "in the House Library."
    )


def test_both_libraries() -> None:
    lt = letter(copies="speakers", library="both")
    assert sentence(lt, lords_debate()).endswith("place a copy in the Libraries of both Houses.")


def test_the_other_houses_library_is_named() -> None:
    lt = letter(copies="speakers", library="commons")
    assert sentence(lt, lords_debate()).endswith("place a copy in the House of Commons Library.")


def test_extra_members_are_named_after_the_speakers() -> None:
    lt = letter(copies=["speakers", "arran", "blackburn"], library="lords")
    assert sentence(lt, lords_debate()) == (
        "I will also send a copy to all Peers who spoke at the debate, and to the Earl of "
        "Arran and the Bishop of Blackburn and place a copy in the House Library."
    )


def test_an_excluded_speaker_means_naming_each_recipient() -> None:
    lt = letter(copies="speakers", exclude=["falkland"])
    assert sentence(lt, lords_debate()) == (
        "I will also send a copy to Baroness Cox and Lord Pickles."
    )


def test_library_only_and_nothing() -> None:
    assert sentence(letter(library="lords"), lords_debate()) == (
        "I will also place a copy of this letter in the House Library."
    )
    assert sentence(letter(), lords_debate()) == ""


def test_copies_to_speakers_when_only_the_addressee_spoke() -> None:
    lt = letter(copies="speakers", library="lords")
    assert sentence(lt, lords_debate(speakers=("rosser",))) == (
        "I will also place a copy of this letter in the House Library."
    )


def test_department_wording_from_letterhead_config() -> None:
    wording = Wording.model_validate(
        {
            "sentence": "{{ actions | sentence_start }}.",
            "copy": "I am copying this letter to {{ recipients }}",
            "deposit": "placing a copy in {{ library }}",
            "deposit_only": "I am placing a copy of this letter in {{ library }}",
            "speakers": "all {{ members }} who spoke in the debate",
            "members": {"lords": "noble Lords"},
            "library": {"own": "the Library of the House"},
        }
    )
    assert sentence(
        letter(copies="speakers", library="lords"), lords_debate(), wording=wording
    ) == (
        "I am copying this letter to all noble Lords who spoke in the debate and placing a "
        "copy in the Library of the House."
    )
    assert sentence(letter(library="both"), lords_debate(), wording=wording) == (
        "I am placing a copy of this letter in the Libraries of both Houses."
    )
    # Commons wording keeps its default where the department gave none.
    lt = letter(to="brown", copies="speakers", library="commons")
    assert "all Members who spoke in the debate" in sentence(
        lt, commons_debate(), MP_SENDER, wording
    )


def test_bad_wording_template_is_refused_naming_the_template() -> None:
    with pytest.raises(ValueError, match="`copy`"):
        Wording.model_validate({"copy": "send a copy to {{ who }}"})


def test_a_letterheads_default_wording_is_the_validated_seed_wording() -> None:
    """The default is built unvalidated (no templates compiled at import): it must be what
    validating the seed's wording gives, every template of it filling in."""
    default = LetterheadConfig(department="Home Office").wording
    assert default == Wording.model_validate({}) == Wording()
    assert default.model_fields_set == Wording().model_fields_set == set()


def test_wording_comes_from_the_letterheads_toml(case: Path) -> None:
    toml = case.parent / "templates" / "letterhead" / "home-office" / "letterhead.toml"
    toml.parent.mkdir(parents=True)
    toml.write_text(
        'department = "Home Office"\n'
        '[wording]\ncopy = "copy this letter to {{ recipients }}"\n'
        'speakers = "every noble Lord who took part"\n',
        encoding="utf-8",
    )
    doc = compose(load_case(case))
    assert doc.distribution.sentence == (
        "I will also copy this letter to every noble Lord who took part and place a copy in "
        "the House Library."
    )
    assert doc.closing[0].inlines[0].text.endswith(doc.distribution.sentence)


def test_bad_wording_in_letterhead_is_an_input_error(case: Path) -> None:
    toml = case.parent / "templates" / "letterhead" / "home-office" / "letterhead.toml"
    toml.parent.mkdir(parents=True)
    toml.write_text('department = "HO"\n[wording]\nsentence = "{{ nope }}"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"letterhead\.toml.*wording"):
        compose(load_case(case))


def test_seed_document_distribution(case: Path) -> None:
    doc = compose(load_case(case))
    assert [r.display for r in doc.distribution.copies] == [
        "Baroness Cox",
        "Viscount Falkland",
        "Lord Pickles",
        "Lord Blunkett",
    ]
    assert [r.address_line for r in doc.distribution.copies][1:3] == [
        "The Viscount Falkland",
        "The Rt Hon. the Lord Pickles",
    ]
    assert doc.distribution.library == ("lords",)


# --- a closing that states its own promise must agree with the list ------------------------


def problems(closing: str, lt: Letter, debate: Debate | None = None) -> list[str]:
    debate = debate or lords_debate()
    copies = copy_recipients(lt, debate, SENDER, MEMBERS)
    return promise_problems(closing, lt, debate, SENDER, copies)


SEED_CLOSING = (
    "I will also send a copy to all Peers who spoke at the debate and place a copy in the "
    "House Library."
)


def test_generated_sentences_never_disagree_with_their_list() -> None:
    for dist in (
        {"copies": "speakers", "library": "lords"},
        {"copies": "speakers", "library": "both"},
        {"copies": ["speakers", "arran"], "library": "commons"},
        {"copies": "speakers", "exclude": ["cox"]},
        {"copies": ["arran"]},
        {"library": "lords"},
    ):
        lt = letter(**dist)
        assert problems(sentence(lt, lords_debate()), lt) == [], dist


def test_closing_promising_a_library_the_list_lacks() -> None:
    assert problems(SEED_CLOSING, letter(copies="speakers")) == [
        "the closing promises a Library copy but `distribution.library` is none"
    ]


def test_closing_silent_on_the_library_deposit() -> None:
    closing = "I will also send a copy to all Peers who spoke at the debate."
    assert problems(closing, letter(copies="speakers", library="lords")) == [
        "the list deposits a copy in the House of Lords Library but the closing does not say so"
    ]


def test_closing_promising_all_speakers_when_one_is_excluded() -> None:
    found = problems(SEED_CLOSING, letter(copies="speakers", exclude=["falkland"], library="lords"))
    assert found == [
        "the closing promises a copy to all who spoke but the list leaves out `falkland`"
    ]


def test_closing_promising_copies_the_list_does_not_send() -> None:
    assert problems(SEED_CLOSING, letter(library="lords")) == [
        "the closing promises copies but the distribution list sends none"
    ]


def test_closing_silent_on_copies_and_an_unnamed_extra() -> None:
    lt = letter(copies=["speakers", "arran"], library="lords")
    assert problems(SEED_CLOSING, lt) == [
        "the closing does not name the Earl of Arran, who gets a copy"
    ]
    assert problems("I will place a copy in the House Library.", lt) == [
        "the list sends 4 copies but the closing does not say so"
    ]


def test_both_houses_mismatch() -> None:
    closing = (
        "I will also send a copy to all Peers who spoke at the debate and place a copy in "
        "the Libraries of both Houses."
    )
    assert problems(closing, letter(copies="speakers", library="lords")) == [
        "the closing speaks of both Houses but `distribution.library` is not both"
    ]
    assert problems(SEED_CLOSING, letter(copies="speakers", library="both")) == [
        "the list deposits a copy in both Libraries but the closing names one"
    ]
