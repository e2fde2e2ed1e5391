"""The partnership's theme vocabulary, and the emerging clusters (signals) found in it.

Reports, routing rules and nuggets keep theme *names* (canonical, lower case) in their own
`themes` lists, so a theme renamed or merged is rewritten where it is stored
(`learning.improvement.themes.rename_theme_everywhere`), never looked up by id.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow


class ThemeState(StrEnum):
    # Typed by a lead while classifying; an admin accepts it or folds it into another theme.
    PROPOSED = "proposed"
    ACTIVE = "active"
    # Kept on the reports that have it, no longer offered when classifying.
    RETIRED = "retired"
    # Folded into `merged_into`: its name lives on there as a synonym.
    MERGED = "merged"


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    # Other ways people write it ("dv" for "domestic abuse"), normalised like the name.
    synonyms: Mapped[list[str]] = mapped_column(default=list)
    state: Mapped[ThemeState] = mapped_column(_enum(ThemeState), default=ThemeState.ACTIVE)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignalKind(StrEnum):
    RISING_THEME = "rising_theme"
    RISING_FACTOR = "rising_factor"
    ACROSS_AGENCIES = "across_agencies"


class SignalState(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class Signal(Base):
    """An emerging cluster the clock found, the reports behind it, and what the group decided."""

    __tablename__ = "signals"
    # The detector runs daily; one signal per kind, subject and window however often it runs.
    __table_args__ = (UniqueConstraint("kind", "subject", "window_end",
                                       name="uq_signals_kind_subject_window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SignalKind] = mapped_column(_enum(SignalKind))
    # A theme's name, or a contributing factor's value.
    subject: Mapped[str] = mapped_column(String(80))
    window_start: Mapped[date]
    window_end: Mapped[date]
    report_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    agency_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    observed: Mapped[int]
    # The trailing monthly mean the count was tested against; None for the agencies check.
    expected: Mapped[float | None] = mapped_column(Float)
    p_value: Mapped[float | None] = mapped_column(Float)
    # The test and its figures in words, as the learning group reads them.
    statistic: Mapped[str] = mapped_column(String(300))
    state: Mapped[SignalState] = mapped_column(_enum(SignalState), default=SignalState.NEW)
    # What accepting it opened (a learning item, a review): free text until the learning log
    # lands; `learning_item_id` gets its foreign key then.
    accepted_as: Mapped[str | None] = mapped_column(Text)
    learning_item_id: Mapped[int | None]
    dismissed_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    decided_at: Mapped[datetime | None]
    found_at: Mapped[datetime] = mapped_column(default=utcnow)


class TagCount(Base):
    """How many reports carry a theme or contributing factor, by month and agency.

    The themes page reads these instead of unpacking every report's lists (100,000 reports
    hold some 280,000 tags). `learning.reports.tags.tag_report` keeps them true: it is the
    only writer of a report's themes, factors and agencies. Each report is counted under
    `scope_agency_id` 0 (everyone's view) and under each agency it involves (that agency's
    lead's view, or the page filtered to it); within a scope, `agency_id` 0 counts the report
    once and each involved agency counts it again for the by-agency table.
    """

    __tablename__ = "tag_counts"
    __table_args__ = (Index("ix_tag_counts_scope_month", "scope_agency_id", "month"),)

    # "theme" or "factor".
    dimension: Mapped[str] = mapped_column(String(6), primary_key=True)
    value: Mapped[str] = mapped_column(String(80), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    # 0: no agency (not a foreign key, so the sentinel needs no row).
    scope_agency_id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(primary_key=True)
    reports: Mapped[int]
