"""A big members directory: what is derived per member is derived lazily, or once, and the same.

A workspace that imported every Peer holds some 1,200 members (2,400 with the Commons).
Placeholders see every member's forms, but `compose.MemberForms` derives a member's only
when a placeholder looks them up; the names and spelling checks read the directory in one
cheap pass. Each shortcut is held here to what it replaced: the eager dict `context()`
built (`eager_members`), and the rules as first written (`reference_*`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from checks_util import edit_yaml, findings
from conftest import EXAMPLES
from draftkit import compose as compose_module
from draftkit import workspace as workspace_module
from draftkit.address import FORM_WORDS, address_block, forms
from draftkit.checks import commons as commons_module
from draftkit.checks import names as names_module
from draftkit.checks.context import Context, TextUnit
from draftkit.checks.names import _inside_exact, _own_tokens, bare_words, tokens
from draftkit.compose import MemberForms, compose, context, recipient
from draftkit.distribution import copy_recipients
from draftkit.errors import InputError
from draftkit.glossary import Glossary
from draftkit.loading import validate
from draftkit.models import Debate, Letter, Member, Minister, MpSalutation, Rank
from draftkit.snippets import FillError, fill
from draftkit.spelling import _MEMBER_WORDS, _WORD, case_words, known_words
from draftkit.workspace import Settings, load_case, load_workspace
from draftkit.yamlio import item_lines, line_of, load_yaml, load_yaml_fast


def eager_members(
    members: dict[str, Member], mp_salutation: MpSalutation
) -> dict[str, dict[str, str]]:
    """The members mapping as `context()` first built it: every member's forms, up front."""
    return {
        mid: {"id": mid, **dataclasses.asdict(forms(m, mp_salutation))}
        for mid, m in members.items()
    }


#: Title names, given names and surnames of the shapes the directory holds (sampled: fast).
_NAME = st.sampled_from(["Rosser", "Ahmad", "Rees-Mogg", "O'Neill", "Darcy de Knayth", "Li"])
_PLACE = st.sampled_from(["Arran", "Kings Heath", "Brougham and Vaux", "Bermondsey"])


@st.composite
def directories(draw: st.DrawFn) -> dict[str, Member]:
    """Up to a dozen members of any rank; drafts the models refuse are left out."""
    out: dict[str, Member] = {}
    for i in range(draw(st.integers(1, 12))):
        rank = draw(st.sampled_from(list(Rank)))
        data: dict[str, Any] = {"id": f"member-{i}", "rank": rank.value}
        if rank is Rank.MP:
            data.update(
                given_name=draw(_NAME.filter(lambda n: " " not in n)),
                surname=draw(_NAME.filter(lambda n: " " not in n)),
                honorific=draw(st.sampled_from(["Mr", "Mrs", "Dr", "Sir", "Dame", None])),
                constituency=draw(st.none() | _PLACE),
                sitting=draw(st.booleans()),
            )
        else:
            data.update(name=draw(st.just("") | _NAME), of=draw(st.none() | _PLACE))
        data["privy_counsellor"] = draw(st.booleans())
        try:
            out[data["id"]] = Member(**data)
        except ValidationError:
            continue
    return out


@settings(max_examples=60)
@given(
    members=directories(),
    style=st.sampled_from(["formal", "first_name"]),
    data=st.data(),
)
def test_lazy_member_forms_are_the_eager_ones(
    members: dict[str, Member], style: MpSalutation, data: st.DataObject
) -> None:
    lazy = MemberForms(members, style)
    eager = eager_members(members, style)
    assert list(lazy) == list(eager) and len(lazy) == len(eager)
    for mid in data.draw(st.permutations(list(members))):  # looked up in any order
        assert mid in lazy
        assert lazy[mid] == eager[mid]
        assert lazy[mid] is lazy[mid]  # derived once, one object
    assert dict(lazy.items()) == eager and lazy == eager
    assert repr(lazy) == repr(eager)
    assert "nobody" not in lazy and lazy.get("nobody") is None
    with pytest.raises(KeyError):
        lazy["nobody"]


_MEMBERS = {
    "lord-rosser": Member(id="lord-rosser", rank="Lord", name="Rosser", privy_counsellor=True),
    "earl-of-arran": Member(id="earl-of-arran", rank="Earl", of="Arran"),
    "bishop": Member(id="bishop", rank="Bishop", of="Blackburn"),
    "coyle": Member(
        id="coyle", rank="MP", given_name="Neil", surname="Coyle", honorific="Mr", constituency="X"
    ),
}


@pytest.mark.parametrize(
    "source",
    [
        "{{ members['lord-rosser'].address_line }}, {{ members['earl-of-arran'].in_text }}",
        "{{ members.bishop.salutation }} / {{ members['coyle']['in_text_short'] }}",
        "{% for id in members %}{{ id }};{% endfor %}",
        "{% for id, f in members.items() %}{{ f.display }};{% endfor %}",
        "{{ members.values() | map(attribute='salutation') | join(', ') }}",
        "{{ members | length }} {{ members | list }} {{ members | dictsort | first }}",
        "{{ members | reverse | list }} {{ 'coyle' in members }} {{ 'x' in members }}",
        "{{ members.get('bishop').id }} {{ members.get('nobody', 'none') }}",
        "{{ members.keys() | sort | join(' ') }}",
        "{{ members }}",
        "{{ members['lord-x'].display }}",
        "{{ members.nobody }}",
        "{{ members['lord-rosser'].nickname }}",
        "{{ members['lord-rosser'] | attr('display') }} {{ members[0] }}",
        "{{ members['bishop'].update({'display': 'x'}) }}",
    ],
)
@pytest.mark.parametrize("style", ["formal", "first_name"])
def test_placeholders_read_the_lazy_members_as_they_read_the_dict(
    source: str, style: MpSalutation
) -> None:
    """Same text, or the same refusal in the same words, strictly and in the sandbox."""

    def outcome(members: object) -> tuple[str, str]:
        try:
            return "text", fill(source, {"members": members, "params": {}})
        except FillError as exc:
            return "error", exc.message

    assert outcome(MemberForms(_MEMBERS, style)) == outcome(eager_members(_MEMBERS, style))


@pytest.mark.parametrize("method", ["update", "pop", "clear", "setdefault"])
def test_the_members_cannot_be_changed_by_a_placeholder(method: str) -> None:
    """Read-only: the sandbox refused the dict's changing methods; the mapping has none."""
    with pytest.raises(FillError, match=f"placeholder not (allowed|filled): .*{method}"):
        fill(f"{{{{ members.{method}('bishop') }}}}", {"members": MemberForms(_MEMBERS, "formal")})


def _big_letter(case: Path, closing: str, prose: str) -> None:
    """The seed letter with its own prose first and its own closing."""

    def change(data: Any) -> None:
        data["sections"][0]["blocks"].insert(0, {"text": prose})
        data["closing"] = closing

    edit_yaml(case / "letter.yaml", change)


def _with_eager_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose_module, "MemberForms", eager_members)


PROSE = (
    "I spoke to {{ members['baroness-falkender'].in_text }} and Baroness Falkendar, to "
    "Lord Alexandr of Weedon and, of {{ members | length }} members, to "
    "{{ members['lord-ahmad-of-wimbledon'].display }}."
)
#: A hand-written promise, so `distribution` reads the context and every member's forms too.
CLOSING = (
    "I hope you find this letter helpful. I am copying this letter to "
    "{{ members['lord-blunkett'].in_text }} and to the Archbishop of Canterbury, and placing "
    "a copy in the House Library."
)


def test_a_letter_to_every_peer_is_checked_as_with_the_eager_members(
    to_every_peer: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every finding (code, file, line, field, message) and the composed letter are the same."""
    _big_letter(to_every_peer, CLOSING, PROSE)
    case = load_case(to_every_peer)
    lazy = [f.as_dict() for f in findings(to_every_peer)]
    lazy_document = compose(case)
    assert (
        lazy_document.sections[0]
        .blocks[0]
        .text.startswith(  # type: ignore[union-attr]
            "I spoke to Baroness Falkender and Baroness Falkendar"
        )
    )
    with monkeypatch.context() as patch:
        _with_eager_members(patch)
        assert lazy == [f.as_dict() for f in findings(to_every_peer)]
        assert lazy_document == compose(case)
    for code, start in [
        (
            "names.near_miss",
            "“Baroness Falkendar” looks like a misspelling of “Baroness Falkender”",
        ),
        (
            "names.near_miss",
            "“Lord Alexandr of Weedon” looks like a misspelling of “Lord Alexander",
        ),
        ("spelling.unknown", "“Falkendar” is not in the UK English dictionary"),
        ("distribution.closing", "the closing names the Archbishop of Canterbury, who is not on"),
        ("distribution.closing", "the closing does not name Baroness Cox, Viscount Falkland, Lord"),
    ]:
        assert any(f["code"] == code and f["message"].startswith(start) for f in lazy), start


def test_an_unknown_member_still_fails_at_its_file_line_and_field(
    to_every_peer: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _big_letter(to_every_peer, "{{ members['lord-nobody'].in_text }} helps.", PROSE)
    prose = PROSE.replace("baroness-falkender", "baroness-nobody")
    edit_yaml(
        to_every_peer / "letter.yaml", lambda d: d["sections"][0]["blocks"][0].update(text=prose)
    )
    case = load_case(to_every_peer)
    with pytest.raises(InputError) as lazy:
        compose(case)
    with monkeypatch.context() as patch:
        _with_eager_members(patch)
        with pytest.raises(InputError) as eager:
            compose(case)
    where = [(p.file, p.line, p.field, p.message) for p in lazy.value.problems]
    assert where == [(p.file, p.line, p.field, p.message) for p in eager.value.problems]
    letter = to_every_peer / "letter.yaml"
    assert [(f, field, message) for f, _, field, message in where] == [
        (
            letter,
            "sections[0].blocks[0].text",
            "placeholder not filled: members['baroness-nobody']",
        ),
        (letter, "closing", "placeholder not filled: members['lord-nobody']"),
    ]
    assert all(line for _, line, _, _ in where)


def test_context_derives_only_the_members_it_names(
    to_every_peer: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Up front only the addressee and the members who asked questions; others when looked up."""
    case = load_case(to_every_peer)
    derived: list[str] = []

    def counted(member: Member, mp_salutation: MpSalutation = "formal") -> Any:
        derived.append(member.id)
        return forms(member, mp_salutation)

    monkeypatch.setattr(compose_module, "forms", counted)
    members = context(case)["members"]
    assert len(members) > 1000
    assert sorted(set(derived)) == sorted(
        {case.letter.to, *(q.asked_by for q in case.debate.questions)}
    )
    assert "lord-alexander-of-weedon" not in derived
    for field in ("in_text", "display"):
        text = fill(f"{{{{ members['lord-alexander-of-weedon'].{field} }}}}", {"members": members})
        assert text == "Lord Alexander of Weedon"
    assert derived.count("lord-alexander-of-weedon") == 1


def reference_known_words(texts: list[str]) -> frozenset[str]:
    """`known_words` as first written: each text's words, each word folded where found."""
    out: set[str] = set()
    for text in texts:
        out.update(w.replace("\u2019", "'").lower().removesuffix("'s") for w in _WORD.findall(text))
    return frozenset(out)


_TEXT = st.text(st.sampled_from("aZq's\u2019 -/@1\n.é"), max_size=30)


@settings(max_examples=200)
@given(st.lists(_TEXT, max_size=8))
def test_known_words_in_one_pass_are_the_words_of_each_text(texts: list[str]) -> None:
    assert known_words(texts) == reference_known_words(texts)


def test_the_directory_s_words_are_known_words(lords: Path) -> None:
    """The vocabulary of a whole directory, read in one pass, is what each form gives."""
    case = load_case(lords / "grooming-gangs-2019")
    known = case_words(case)
    for member in list(case.workspace.members.values())[::50]:
        f = forms(member)
        texts = [member.name, member.of or "", f.display, f.address_line, f.salutation]
        assert reference_known_words(texts) <= known


def reference_case_words(case: Any) -> frozenset[str]:
    """`case_words` as first written: every member's forms derived and read up front."""
    ws, debate = case.workspace, case.debate
    texts: list[str] = [debate.title, debate.hansard or "", debate.location or ""]
    texts += [q.excerpt for q in debate.questions if q.excerpt]
    texts += [u.excerpt for u in debate.undertakings]
    for member in ws.members.values():
        f = forms(member)
        texts += [member.name, member.of or "", f.display, f.address_line, f.salutation]
        texts += [str(v) for v in (getattr(member, k, None) for k in _MEMBER_WORDS) if v]
    for minister in ws.ministers.values():
        texts += [minister.name, minister.role, minister.department]
    for term in (*ws.glossary.organisations, *ws.glossary.programmes, *ws.glossary.people):
        texts += term.forms
    texts += [s.body for s in ws.snippets.values() if s.meta.status == "approved"]
    texts += [s.meta.title for s in ws.snippets.values() if s.meta.status == "approved"]
    if ws.settings.department:
        texts.append(ws.settings.department)
    return known_words(texts)


def _own_words(member: Member) -> frozenset[str]:
    """The words of a member's own fields (the names, seat and party: no form)."""
    own = [member.name, member.of or "", member.given_name or "", member.surname or ""]
    return reference_known_words([*own, member.constituency or "", member.party or ""])


#: Words to ask a vocabulary besides the case's own: ones no form or field holds.
_STRANGERS = ["falkendar", "dear's", "o'neill", "", "zzz", "Lord"]


def assert_same_vocabulary(case: Any) -> None:
    """The eager set's answers: each word only a form holds asked first of a vocabulary that
    has read nothing yet, then every word in turn of one, then the whole set."""
    eager = reference_case_words(case)
    members = case.workspace.members.values()
    of_forms = reference_known_words(
        [t for m in members for t in dataclasses.astuple(forms(m))[:3]]
    )
    for word in sorted(of_forms - set().union(*map(_own_words, members))):
        assert word in case_words(case), word
    lazy = case_words(case)
    for word in [*_STRANGERS, *sorted(eager)]:
        assert (word in lazy) == (word in eager), word
    assert lazy == eager and len(lazy) == len(eager) and set(case_words(case)) == eager


def test_the_directory_s_vocabulary_is_the_one_every_form_gave(lords: Path) -> None:
    case = load_case(lords / "grooming-gangs-2019")
    assert_same_vocabulary(case)
    lazy = case_words(case)
    assert "baroness" in lazy and "zzz" not in lazy  # a form's word, read on demand


def _bare_case(members: dict[str, Member]) -> Any:
    """A case holding `members` and nothing else that has words."""
    workspace = SimpleNamespace(
        members=members, ministers={}, glossary=Glossary(), snippets={}, settings=Settings()
    )
    debate = SimpleNamespace(title="", hansard=None, location=None, questions=[], undertakings=[])
    return SimpleNamespace(workspace=workspace, debate=debate)


@settings(max_examples=60)
@given(members=directories())
def test_a_generated_directory_s_vocabulary_is_the_one_every_form_gave(
    members: dict[str, Member],
) -> None:
    assert_same_vocabulary(_bare_case(members))


@settings(max_examples=60)
@given(members=directories(), style=st.sampled_from(["formal", "first_name"]))
def test_a_form_adds_only_form_words_to_the_member_s_own(
    members: dict[str, Member], style: MpSalutation
) -> None:
    """What lets the vocabulary read fields only: any other word of a form is a FORM_WORD."""
    for member in members.values():
        allowed = _own_words(member) | known_words(FORM_WORDS)
        assert reference_known_words(list(forms(member, style).as_dict().values())) <= allowed


_POSSESSIVE = re.compile(r"['\u2019]s$")


@settings(max_examples=200)
@given(st.text(st.sampled_from("Ab's\u2019-! 1"), max_size=24))
def test_a_word_s_bare_form_drops_only_a_possessive(text: str) -> None:
    assert [t.bare for t in tokens(text)] == [_POSSESSIVE.sub("", t.text) for t in tokens(text)]
    for pattern in (names_module._TOKEN, commons_module._WORD):
        found = pattern.findall(text)
        assert bare_words(pattern, text) == [_POSSESSIVE.sub("", w) for w in found]


def _ctx(sentence: str) -> Any:
    return SimpleNamespace(
        document=SimpleNamespace(distribution=SimpleNamespace(sentence=sentence))
    )


@settings(max_examples=200)
@given(
    head=st.text(st.sampled_from("Ab 's-"), max_size=12),
    gap=st.sampled_from(["", " ", "\n", "b", "'"]),
    sentence=st.text(st.sampled_from("Ab 's-"), min_size=1, max_size=12),
    field=st.sampled_from(["closing", "sections[0].blocks[0].text"]),
)
def test_the_promise_sentence_s_words_are_left_out_as_before(
    head: str, gap: str, sentence: str, field: str
) -> None:
    """Only the words wholly before the generated sentence, however it is joined on."""
    text = head + gap + sentence
    unit = TextUnit(text, None, "closing", None, field)
    cut = len(text) - len(sentence)
    expected = tokens(text) if field != "closing" else [t for t in tokens(text) if t.end <= cut]
    assert _own_tokens(_ctx(sentence), unit) == expected


def reference_inside_exact(bares: list[str], exact: set[str], word_counts: list[int]) -> list[int]:
    """`_inside_exact` as first written: every window of every word tried."""
    reach, furthest = [0] * len(bares), 0
    for i in range(len(bares)):
        for k in word_counts:
            if i + k <= len(bares) and " ".join(bares[i : i + k]) in exact:
                furthest = max(furthest, i + k)
        reach[i] = furthest
    return reach


_BARE = st.sampled_from(["Lord", "Ahmad", "of", "Wimbledon", "Rosser", "the", "Earl"])


@settings(max_examples=200)
@given(
    bares=st.lists(_BARE, max_size=12),
    names=st.lists(st.lists(_BARE, min_size=1, max_size=4), max_size=6),
)
def test_exact_names_are_found_from_their_first_words_as_by_every_window(
    bares: list[str], names: list[list[str]]
) -> None:
    exact = {" ".join(n) for n in names}
    counts = sorted({len(n) for n in names})
    starts = {name.split(" ", 1)[0] for name in exact}
    assert _inside_exact(bares, exact, starts, counts) == reference_inside_exact(
        bares, exact, counts
    )


def reference_copy_recipients(
    letter: Letter, debate: Debate, sender: Minister, members: dict[str, Member]
) -> list[Member]:
    """`copy_recipients` as first written: the list so far searched for each id."""
    skip = {letter.to, sender.member, *letter.distribution.exclude}
    order = [*(debate.speakers if letter.distribution.speakers else []), *letter.distribution.named]
    out: list[str] = []
    for mid in order:
        if mid not in skip and mid not in out and mid in members:
            out.append(mid)
    return [members[m] for m in out]


_IDS = st.sampled_from([*_MEMBERS, "lord-x", "speakers"])


@settings(max_examples=150)
@given(
    speakers=st.lists(_IDS.filter(lambda i: i != "speakers"), max_size=8),
    copies=st.lists(_IDS, max_size=8),
    exclude=st.lists(_IDS.filter(lambda i: i != "speakers"), max_size=3),
    to=st.sampled_from(list(_MEMBERS)),
)
def test_copies_are_listed_once_in_first_seen_order_as_before(
    speakers: list[str], copies: list[str], exclude: list[str], to: str
) -> None:
    debate = Debate(
        id="d", house="lords", date="2019-05-14", title="T", minister="m", speakers=speakers
    )
    letter = Letter.model_validate(
        {
            "reference": "R",
            "debate": "d",
            "from": "m",
            "to": to,
            "date": "2019-05-30",
            "distribution": {"copies": copies, "exclude": exclude},
        }
    )
    sender = Minister(id="m", member="bishop", name="N", role="R", department="D")
    assert copy_recipients(letter, debate, sender, _MEMBERS) == reference_copy_recipients(
        letter, debate, sender, _MEMBERS
    )


@settings(max_examples=60)
@given(members=directories(), style=st.sampled_from(["formal", "first_name"]))
def test_a_recipient_is_addressed_as_its_address_block_says(
    members: dict[str, Member], style: MpSalutation
) -> None:
    for member in members.values():
        to = recipient(member, style)
        assert [to.address_line, *to.address] == address_block(member)
        f = forms(member, style)
        assert (to.display, to.salutation, to.in_text) == (f.display, f.salutation, f.in_text)


def test_copies_to_names_every_copy_as_the_distribution_does(to_every_peer: Path) -> None:
    edit_yaml(to_every_peer / "letter.yaml", lambda d: d.update(cc=True))
    case = load_case(to_every_peer)
    document = compose(case)
    copies = document.distribution.copies
    assert len(copies) > 700
    members = case.workspace.members
    assert document.copies_to == (
        *(forms(members[r.id]).display for r in copies),
        "House of Lords Library",
    )


def test_former_members_on_the_copy_list_are_placed_at_their_first_entry(
    lords: Path, tmp_path: Path
) -> None:
    """Each finding names the entry of `distribution.copies` that first lists the member."""
    shutil.copytree(lords, tmp_path / "ws")
    case = tmp_path / "ws" / "grooming-gangs-2019"
    members = load_case(case).workspace.members
    former = [m.id for m in members.values() if not m.sitting][:40]
    copies = ["speakers", *former[::2], *former, former[5]]
    edit_yaml(case / "letter.yaml", lambda d: d["distribution"].update(copies=copies))
    placed = [f.field for f in findings(case) if f.code == "distribution.not_sitting"]
    assert placed == [f"distribution.copies[{copies.index(m)}]" for m in dict.fromkeys(copies[1:])]


def commons_directory(count: int) -> str:
    """`count` MPs as members YAML: names, honorifics (some unknown) and seats repeating."""
    given = ["Neil", "Sarah", "Tom", "Jane", "Iain", "Jacob", "Philippa", "Edward"]
    surnames = ["Coyle", "Jones", "Duffield", "Duncan Smith", "Rees-Mogg", "O'Neill", "Leigh"]
    honorifics = ["Mr", "Mrs", "Dr", "Sir", "Dame", None]
    seats = ["Glasgow North", "Bermondsey and Old Southwark", "Leeds West", "York Central"]
    entries = []
    for i in range(count):
        lines = [
            f"- id: mp-{i}",
            "  rank: MP",
            f"  given_name: {given[i % len(given)]}",
            f'  surname: "{surnames[i % len(surnames)]}"',
            f"  constituency: {seats[i % len(seats)]} {i}",
            f"  privy_counsellor: {'true' if i % 5 == 0 else 'false'}",
        ]
        if honorifics[i % len(honorifics)]:
            lines.append(f"  honorific: {honorifics[i % len(honorifics)]}")
        entries.append("\n".join(lines))
    return "\n".join(entries) + "\n"


COMMONS_PROSE = (
    "I met Neil Coyle and Dr Duffield MP, spoke with the Member for Glasgow North 0, "
    "the hon. Member for Leeds West 2 and the right hon. Member for York Central 3 "
    "(Jane Duncan Smith). Mr Coyle's view, O'Neill's and Jacob Rees-Mogg\u2019s were "
    "noted; {{ members['mp-1'].in_text }} agreed."
)


def test_mps_in_a_big_commons_directory_are_named_as_before(tmp_path: Path) -> None:
    """600 MPs beside the Lords example: the commons findings the rules as first written gave."""
    shutil.copytree(EXAMPLES, tmp_path / "ws", ignore=shutil.ignore_patterns("*.db"))
    (tmp_path / "ws" / "members").mkdir(exist_ok=True)
    (tmp_path / "ws" / "members" / "commons.yaml").write_text(commons_directory(600))
    case = tmp_path / "ws" / "grooming-gangs-2019"
    edit_yaml(
        case / "letter.yaml",
        lambda d: d["sections"][0]["blocks"].insert(0, {"text": COMMONS_PROSE}),
    )
    found = [f.message for f in findings(case) if f.code.startswith("commons.")]
    assert found == [
        "“Dr Duffield MP” is not a form for an MP",
        "“Jacob Rees-Mogg” is a bare name: the Commons names an MP by constituency",
        "“Neil Coyle” is a bare name: the Commons names an MP by constituency",
        "“the Member for Glasgow North 0” should read "
        "“the right hon. Member for Glasgow North 0 (Neil Coyle)”",
        "“the right hon. Member for York Central 3” should read "
        "“the hon. Member for York Central 3”",
    ]


def reference_forms(member: Member) -> tuple[str, ...]:
    """A peer's forms as `address.forms` first derived them (an MP's are unchanged)."""
    rank = member.rank
    if rank in (Rank.BISHOP, Rank.ARCHBISHOP):
        title = f"Lord {rank.value} of {member.of}"
        style = {Rank.BISHOP: "The Rt Revd the", Rank.ARCHBISHOP: "The Most Revd and Rt Hon. the"}
        in_text = f"the {rank.value} of {member.of}"
        return (f"The {title}", f"{style[rank]} {title}", f"Dear {rank.value}", in_text, in_text)
    parts = [rank.value]
    if member.name:
        parts.append(member.name)
    if member.of:
        parts.append(f"of {member.of}")
    title = " ".join(parts)
    territorial = not member.name
    display = f"The {title}" if territorial else title
    in_text = f"the {title}" if territorial else title
    styles = {
        Rank.MARQUESS: "The Most Hon. the",
        Rank.MARCHIONESS: "The Most Hon. the",
        Rank.DUKE: "His Grace the",
        Rank.DUCHESS: "Her Grace the",
    }
    rt_hon = {"Lord", "Baroness", "Lady", "Viscount", "Viscountess", "Earl", "Countess"}
    if rank in styles:
        address_line = f"{styles[rank]} {title}"
    elif member.privy_counsellor and rank.value in rt_hon:
        address_line = f"The Rt Hon. the {title}"
    else:
        address_line = f"The {title}"
    if rank in (Rank.DUKE, Rank.DUCHESS):
        salutation = f"Dear {rank.value}"
    else:
        word = {"Viscount": "Lord", "Earl": "Lord", "Marquess": "Lord"}.get(rank.value, rank.value)
        if rank.value in ("Viscountess", "Countess", "Marchioness"):
            word = "Lady"
        salutation = f"Dear {word} {member.name or member.of}"
    return (display, address_line, salutation, in_text, in_text)


@settings(max_examples=100)
@given(members=directories())
def test_a_peer_s_forms_are_derived_as_before(members: dict[str, Member]) -> None:
    for member in members.values():
        if member.rank is not Rank.MP:
            assert dataclasses.astuple(forms(member)) == reference_forms(member)


def test_every_peer_s_forms_are_derived_as_before(lords: Path) -> None:
    members = load_case(lords / "grooming-gangs-2019").workspace.members.values()
    peers = [m for m in members if m.rank is not Rank.MP]
    assert len(peers) > 1000
    for member in peers:
        assert dataclasses.astuple(forms(member)) == reference_forms(member)


_LORDS_CASE: dict[Path, Any] = {}


def _lords_context(lords: Path, text: str) -> Any:
    """The Lords workspace's case, checked as a letter of one paragraph: `text`."""
    if lords not in _LORDS_CASE:
        _LORDS_CASE[lords] = load_case(lords / "grooming-gangs-2019")
    ctx = Context(_LORDS_CASE[lords], None, dt.date(2019, 5, 30))
    ctx.__dict__["units"] = [TextUnit(text, None, "body", None, "")]
    return ctx


def _misspelt(word: str, at: int, how: int) -> str:
    """`word` as written, or with a letter dropped, doubled or changed (a near miss)."""
    at %= max(len(word), 1)
    if how == 1:
        return word[:at] + word[at + 1 :]
    if how == 2:
        return word[:at] + word[at : at + 1] + word[at:]
    if how == 3:
        return word[:at] + "x" + word[at + 1 :]
    return word


#: Words around the names in a generated paragraph, and what joins them.
_OTHER_WORDS = ["Home", "Office", "the", "Lucy", "I", "wrote", "Lord", "Baroness"]
_JOINING = ["and", "of", ",", "'s", "."]


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_windows_no_name_begins_like_are_skipped_with_the_same_findings(
    lords: Path, data: st.DataObject
) -> None:
    """Names of the directory, some misspelt, among other words: the findings of every window."""
    ctx = _lords_context(lords, "")
    members = list(ctx.case.workspace.members.values())
    pieces = []
    for _ in range(data.draw(st.integers(1, 12))):
        kind = data.draw(st.sampled_from(["member", "word", "joiner"]))
        if kind == "member":
            member = data.draw(st.sampled_from(members))
            form = data.draw(st.sampled_from(dataclasses.astuple(forms(member))[:4]))
            words = form.split()
            at = data.draw(st.integers(0, len(words) - 1))
            how = data.draw(st.integers(0, 3))
            words[at] = _misspelt(words[at], data.draw(st.integers(0, 20)), how)
            pieces.append(" ".join(words))
        elif kind == "word":
            pieces.append(data.draw(st.sampled_from(_OTHER_WORDS)))
        else:
            pieces.append(data.draw(st.sampled_from(_JOINING)))
    text = " ".join(pieces)
    ctx = _lords_context(lords, text)
    found = [f.as_dict() for f in names_module.check(ctx)]
    assert found == [f.as_dict() for f in reference_names_check(ctx)]


def test_a_letter_to_every_peer_has_the_names_findings_every_window_gives(
    to_every_peer: Path,
) -> None:
    _big_letter(to_every_peer, CLOSING, PROSE)
    case = load_case(to_every_peer)
    ctx = Context(case, compose(case), dt.date(2019, 5, 30))
    found = [f.as_dict() for f in names_module.check(ctx)]
    assert [f["code"] for f in found].count("names.near_miss") >= 3
    assert found == [f.as_dict() for f in reference_names_check(ctx)]


def reference_validate_items(model: Any, data: list[Any], path: Path) -> list[Any]:
    """`workspace._validate_items` as first written: each item validated and placed."""
    return [validate(model, item, path, root=data, prefix=(i,)) for i, item in enumerate(data)]


def _loaded(root: Path) -> tuple[Any, ...]:
    """What reading a workspace's members gives: members, places, broken ids, problems."""
    ws, problems = load_workspace(root)
    where = [(p.file, p.line, p.field, p.message) for p in problems]
    return ws.members, ws.places, ws.broken, where


def _loaded_as_before(root: Path) -> tuple[Any, ...]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workspace_module, "_validate_items", reference_validate_items)
        patch.setattr(
            workspace_module, "item_lines", lambda d: [line_of(d, (i,)) for i in range(len(d))]
        )
        return _loaded(root)


def test_the_lords_directory_is_read_as_item_by_item(lords: Path) -> None:
    members, places, broken, problems = _loaded(lords)
    assert len(members) > 1000 and not broken and not problems
    assert (members, places, broken, problems) == _loaded_as_before(lords)
    assert all(line for _, line in places.values())


#: Entries of a members file, good and bad: each a line of YAML text (or several).
_ENTRIES = st.sampled_from(
    [
        "- {id: lord-a, rank: Lord, name: Rosser}",
        "- id: lord-b\n  rank: Baroness\n  name: '  Hunt  of  '\n  of: Kings Heath",
        "- {id: earl-c, rank: Earl, of: Arran, other_parlparse_ids: [x, y]}",
        "- {id: mp-d, rank: MP, given_name: Neil, surname: Coyle, honorific: Sir}",
        "- {id: lord-a, rank: Lord, name: Twice}",
        "- {id: lord-e, rank: Lard, name: Typo}",
        "- {id: duke-f, rank: Duke}",
        "- {id: Bad_Id, rank: Lord, name: X}",
        "- {id: lord-g, rank: Lord, name: Y, nickname: Z}",
        "- {id: mp-h, rank: MP, honorific: Mr}",
        "- just words",
        "- [a, list]",
        "- {rank: Lord, name: Nobody}",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_ENTRIES, max_size=8))
def test_a_members_file_is_read_as_item_by_item(entries: list[str]) -> None:
    """Members, their places, broken ids and every problem at its line: as before."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "members.yaml").write_text("\n".join(entries) + "\n" if entries else "[]\n")
        assert _loaded(root) == _loaded_as_before(root)


@pytest.mark.parametrize("read", [load_yaml, load_yaml_fast, lambda p: list(load_yaml(p))])
def test_item_lines_are_each_item_s_line(tmp_path: Path, read: Any) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("# members\n- {id: a}\n\n- id: b\n  rank: Lord\n- [c]\n- d\n")
    data = read(path)
    assert item_lines(data) == [line_of(data, (i,)) for i in range(len(data))]


def reference_names_check(ctx: Any) -> Iterator[Any]:
    """`names.check` as first written: every window of every word count searched."""
    names = names_module.known_names(ctx)
    index = names_module._Index(names)
    exact = set(names)
    starts = {name.split(" ", 1)[0] for name in exact}
    reported: set[str] = set()
    own = [(unit, _own_tokens(ctx, unit)) for unit in ctx.units]
    for unit, toks in own:
        bares = [t.bare for t in toks]
        inside = _inside_exact(bares, exact, starts, index.word_counts)
        for k in index.word_counts:
            for i in range(len(toks) - k + 1):
                if not bares[i][:1].isupper() or inside[i] >= i + k:
                    continue
                window = toks[i : i + k]
                seen = " ".join(bares[i : i + k])
                if seen in exact:
                    continue
                name = index.near(seen, k)
                if name is None:
                    continue
                reported.add(seen)
                written = unit.text[window[0].start : window[-1].end]
                yield ctx.in_text(
                    "names.near_miss",
                    "warning",
                    unit,
                    f"“{written}” looks like a misspelling of “{names[name]}”",
                    f"write “{names[name]}”",
                    excerpt=written,
                )
    yield from names_module._inconsistent(ctx, own, exact | reported)
