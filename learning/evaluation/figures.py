"""The shape every evaluation figure takes, so one chart and one table can show any of them.

A figure answers one of outcomes-based accountability's three questions for a period, with the
period before it beside each row for comparison. A row's value is a count, a percentage or a
number of working days (the figure's `unit` says which); `None` means there is nothing to
measure, and `suppressed` means a count too small to show without identifying someone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Question(StrEnum):
    HOW_MUCH = "how_much"
    HOW_WELL = "how_well"
    BETTER_OFF = "better_off"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date


@dataclass(frozen=True)
class Row:
    label: str
    value: float | None
    previous: float | None
    # A percentage's "of how many" (the count it is a share of), this period and the last.
    out_of: int | None = None
    previous_out_of: int | None = None
    suppressed: bool = False
    previous_suppressed: bool = False
    # Suppressed though not small itself: hidden beside a small count of the same figure, so
    # that one cannot be worked out from a total shown elsewhere.
    withheld: bool = False
    previous_withheld: bool = False


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    question: Question
    unit: Unit
    rows: tuple[Row, ...]
    # How it is counted, in a sentence a Board member can read.
    note: str = ""
    # "bars" (one bar per row, the period before beside it) or "months" (rows are months).
    chart: str = "bars"
    # What each row's `previous` is: the period before, unless the figure compares something
    # else (a theme's report rate compares the months before its learning went out).
    compared_with: str = "the period before"


@dataclass(frozen=True)
class AgencyTraining:
    """One agency over every course: each person × course counted once; a count too small to
    show is None, with `suppressed` set."""

    agency: str
    completed: int | None
    due: int | None
    overdue: int | None
    no_record: int | None
    # Still valid (completed and in date, or due soon) of everyone × every course.
    percentage: float | None
    out_of: int | None
    suppressed: bool = False


@dataclass(frozen=True)
class ReportCard:
    period: Period
    previous: Period
    # The agency the card is for; None for the whole partnership.
    agency: str | None
    figures: tuple[Figure, ...]
    # Counts under this are not shown (0 when the partnership turned suppression off).
    smallest_shown: int
    # Training compliance per agency, as at the end of the period (counts suppressed as None).
    training: tuple[AgencyTraining, ...] = ()

    def answering(self, question: Question) -> tuple[Figure, ...]:
        return tuple(figure for figure in self.figures if figure.question is question)
