"""What a batch sends: one file per recipient, each copy led by a compliments slip.

Why a slip and not a copy mark: a private office sends copies of the signed letter
exactly as the addressee received it, with a "with the compliments of" slip on top
addressed to the member. The slip carries the member's correct form of address for
the envelope window and says why the letter has come (it is addressed to someone
else); the letter pages stay byte-for-byte the signed original, which is also what
lets a batch lay the letter out once and share its pages between every copy. A copy
mark would alter the signed letter and still leave the member's name off it.
The Library copy gets the same treatment: a deposit slip to the Library's
Deposited Papers desk, naming the letter, the debate and the Hansard reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..document import LIBRARY_NAMES, Document, Recipient, Role
from ..slugs import slugify

Kind = Literal["pdf", "docx", "slipped"]

#: Each Library's postcode (its name is `document.LIBRARY_NAMES`).
POSTCODES = {"lords": "London SW1A 0PW", "commons": "London SW1A 0AA"}


@dataclass(frozen=True)
class Slip:
    """The covering slip on page 1 of a copy: for whom, from whom, and why."""

    heading: str
    sender_name: str
    sender_role: str
    department: str
    to: tuple[str, ...]
    note: str
    reference: str


@dataclass(frozen=True)
class BatchFile:
    """One file of a batch: its name, whom it is for, and how it is made."""

    name: str
    role: Role
    recipient_id: str
    recipient_name: str
    kind: Kind
    slip: Slip | None = None


def library_recipient(house: str) -> Recipient:
    """The Library as a recipient: its Deposited Papers desk."""
    name, postcode = LIBRARY_NAMES[house], POSTCODES[house]
    return Recipient(f"library-{house}", name, "Deposited Papers", "", (name, postcode), name)


def _about(document: Document) -> str:
    dist = document.distribution
    about = f", following {dist.occasion}" if dist.occasion else ""
    return about + (f" ({dist.hansard})" if dist.hansard else "")


def copy_slip(document: Document, recipient: Recipient) -> Slip:
    """ "With the compliments of" the minister, addressed to a member who gets a copy."""
    head = document.letterhead
    to = document.addressee.in_text or document.addressee.display
    return Slip(
        heading="With the compliments of",
        sender_name=head.minister_name,
        sender_role=head.minister_role,
        department=head.department,
        to=(recipient.address_line, *recipient.address),
        note=f"A copy of my letter of {document.date_text} to {to}{_about(document)}.",
        reference=document.reference,
    )


def library_slip(document: Document, house: str) -> Slip:
    """The deposit slip: which letter, for which Library, from whom."""
    head = document.letterhead
    library = library_recipient(house)
    to = document.addressee.in_text or document.addressee.display
    return Slip(
        heading=f"For deposit in the {library.display}",
        sender_name=head.minister_name,
        sender_role=head.minister_role,
        department=head.department,
        to=(library.address_line, *library.address),
        note=(
            f"The letter of {document.date_text} from {head.minister_name}, "
            f"{head.minister_role}, to {to}{_about(document)}, which undertakes to place "
            "a copy in the Library."
        ),
        reference=document.reference,
    )


def copy_name(number: int, total: int, recipient: Recipient) -> str:
    """`copy-NN-<slug>.pdf`, numbered in distribution order (wider past 99 copies)."""
    width = max(2, len(str(total)))
    return f"copy-{number:0{width}d}-{slugify(recipient.display)}.pdf"


def plan(document: Document) -> list[BatchFile]:
    """Every file of the batch in order: the letter (PDF, DOCX), each copy, each Library."""
    to = document.addressee
    files = [
        BatchFile("letter.pdf", "addressee", to.id, to.display, "pdf"),
        BatchFile("letter.docx", "addressee", to.id, to.display, "docx"),
    ]
    copies = document.distribution.copies
    files += [
        BatchFile(
            copy_name(n, len(copies), r), "copy", r.id, r.display, "slipped", copy_slip(document, r)
        )
        for n, r in enumerate(copies, start=1)
    ]
    for house in document.distribution.library:
        lib = library_recipient(house)
        files.append(
            BatchFile(
                f"library-{house}.pdf",
                "library",
                lib.id,
                lib.display,
                "slipped",
                library_slip(document, house),
            )
        )
    return files
