"""The register's tables (SQLAlchemy 2.0 ORM): letters, their batches, what each dispatched.

A letter is one row per reference; every batch run adds a `Batch` with the snippet
versions that went out, one `Dispatch` per file and a `Discharge` per undertaking the
letter fulfils; the Library's deposited-paper reference is a `Deposit`.
`Journal` is a batch in flight: recorded as pending, with every file's name and hash,
before any file is installed, and marked complete in the transaction that adds its
`Batch`. `SchemaVersion` holds the number `migrations.py` reads. Every foreign key is
indexed, and so is the order `record list` reads letters in.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)


class LetterRow(Base):
    """A letter by its reference: who sent it to whom, on what date, from which case."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), unique=True)
    case_path: Mapped[str] = mapped_column(String(1000))
    debate: Mapped[str] = mapped_column(String(120))
    sender_id: Mapped[str] = mapped_column(String(120))
    sender_name: Mapped[str] = mapped_column(String(300))
    addressee_id: Mapped[str] = mapped_column(String(120))
    addressee_name: Mapped[str] = mapped_column(String(300))
    date: Mapped[dt.date]
    batches: Mapped[list[BatchRow]] = relationship(
        back_populates="letter", order_by="BatchRow.id", cascade="all, delete-orphan"
    )
    deposits: Mapped[list[DepositRow]] = relationship(
        back_populates="letter", order_by="DepositRow.id", cascade="all, delete-orphan"
    )


#: `record list` pages newest first (date descending, then reference): read off this index
#: rather than sorting every letter of the register.
NEWEST_LETTERS = Index("ix_letters_newest", LetterRow.date.desc(), LetterRow.reference)


class BatchRow(Base):
    """One run of `draftkit batch`: when, where, and the snippet versions it carried."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    rendered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    folder: Mapped[str] = mapped_column(String(1000))
    letter: Mapped[LetterRow] = relationship(back_populates="batches")
    snippets: Mapped[list[SnippetUseRow]] = relationship(
        back_populates="batch", order_by="SnippetUseRow.id", cascade="all, delete-orphan"
    )
    dispatches: Mapped[list[DispatchRow]] = relationship(
        back_populates="batch", order_by="DispatchRow.id", cascade="all, delete-orphan"
    )
    discharges: Mapped[list[DischargeRow]] = relationship(
        back_populates="batch", order_by="DischargeRow.id", cascade="all, delete-orphan"
    )


class SnippetUseRow(Base):
    __tablename__ = "snippet_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    snippet: Mapped[str] = mapped_column(String(120))
    version: Mapped[int]
    batch: Mapped[BatchRow] = relationship(back_populates="snippets")


class DispatchRow(Base):
    """One file that went out: to whom, in what role, and its hash."""

    __tablename__ = "dispatches"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    recipient_id: Mapped[str] = mapped_column(String(120))
    recipient_name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int]
    dispatched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    batch: Mapped[BatchRow] = relationship(back_populates="dispatches")


class DischargeRow(Base):
    """An undertaking (a promise to write, made in a debate) that a batch's letter fulfils."""

    __tablename__ = "discharges"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    undertaking: Mapped[str] = mapped_column(String(120), index=True)
    batch: Mapped[BatchRow] = relationship(back_populates="discharges")


class DepositRow(Base):
    """The Library's deposited-paper reference for a letter (e.g. DEP2019-0456)."""

    __tablename__ = "deposits"
    __table_args__ = (UniqueConstraint("letter_id", "house"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    house: Mapped[str] = mapped_column(String(20))
    deposit_ref: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    letter: Mapped[LetterRow] = relationship(back_populates="deposits")


class JournalRow(Base):
    """A batch in flight: pending until its files are installed and its `Batch` recorded.

    `folder` is the set's folder (`OUT/<reference>`, absolute) and `token` names its hidden
    staging and old-set folders beside it; `payload` holds what the `Batch` rows will say
    (JSON), so that recovery can complete a batch whose files are all in place.
    """

    __tablename__ = "journal"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), index=True)
    folder: Mapped[str] = mapped_column(String(1000))
    token: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), index=True)
    holder: Mapped[str] = mapped_column(String(300))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    files: Mapped[list[JournalFileRow]] = relationship(
        back_populates="journal", order_by="JournalFileRow.id", cascade="all, delete-orphan"
    )


class JournalFileRow(Base):
    """One file a journalled batch installs: its name in the set, hash and size."""

    __tablename__ = "journal_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journal.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int]
    journal: Mapped[JournalRow] = relationship(back_populates="files")


# -- clearance and sign-off (the workflow) ----------------------------------------------
# Keyed by the letter's reference, not a `letters` row: a letter is in clearance long
# before its first batch creates that row.


class WorkflowEventRow(Base):
    """A step in a letter's life: drafted, in_clearance, cleared, signed, with who and when."""

    __tablename__ = "workflow_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), index=True)
    state: Mapped[str] = mapped_column(String(20))
    by: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(300))
    round: Mapped[int | None]
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    #: At signing: the hash of the case's inputs, so a later change is noticed.
    inputs_sha256: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(1000))


class ClearanceRoundRow(Base):
    """Round N of clearance: the DOCX sent, to whom, when, and a copy of its bytes."""

    __tablename__ = "clearance_rounds"
    __table_args__ = (UniqueConstraint("reference", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), index=True)
    round: Mapped[int]
    sent_to: Mapped[str] = mapped_column(String(300))
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    file: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    returns: Mapped[list[ClearanceReturnRow]] = relationship(
        back_populates="round_row", order_by="ClearanceReturnRow.id", cascade="all, delete-orphan"
    )


class ClearanceReturnRow(Base):
    """A returned DOCX absorbed into the letter: which file, when, whose."""

    __tablename__ = "clearance_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("clearance_rounds.id"), index=True)
    file: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    author: Mapped[str | None] = mapped_column(String(300))
    absorbed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    round_row: Mapped[ClearanceRoundRow] = relationship(back_populates="returns")
    comments: Mapped[list[ClearanceCommentRow]] = relationship(
        back_populates="returned", order_by="ClearanceCommentRow.id", cascade="all, delete-orphan"
    )
    decisions: Mapped[list[ClearanceDecisionRow]] = relationship(
        back_populates="returned", order_by="ClearanceDecisionRow.id", cascade="all, delete-orphan"
    )


class ClearanceCommentRow(Base):
    """A reviewer's comment, the text it marks, its block, and whether it is resolved."""

    __tablename__ = "clearance_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("clearance_returns.id"), index=True)
    author: Mapped[str] = mapped_column(String(300))
    date: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    quoted: Mapped[str] = mapped_column(Text)
    section: Mapped[int | None]
    block: Mapped[int | None]
    resolved_by: Mapped[str | None] = mapped_column(String(300))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    returned: Mapped[ClearanceReturnRow] = relationship(back_populates="comments")


class ClearanceDecisionRow(Base):
    """An edit inside an approved snippet, waiting for the official: keep the line or depart."""

    __tablename__ = "clearance_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("clearance_returns.id"), index=True)
    section: Mapped[int]
    block: Mapped[int]
    snippet: Mapped[str] = mapped_column(String(140))
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    returned: Mapped[ClearanceReturnRow] = relationship(back_populates="decisions")
