"""Report cards built by hand, for testing how figures are drawn: real figures in the shape
`learning.evaluation` returns, with numbers known in advance."""

from __future__ import annotations

from datetime import date

from learning.evaluation.figures import Figure, Period, Question, ReportCard, Row, Unit

THIS_QUARTER = Period(date(2026, 7, 1), date(2026, 9, 30))
QUARTER_BEFORE = Period(date(2026, 4, 1), date(2026, 6, 30))


def by_kind(*, near_misses: float = 12, before: float = 9) -> Figure:
    return Figure(key="reports-by-kind", title="Reports by kind", question=Question.HOW_MUCH,
                  unit=Unit.COUNT, rows=(
                      Row("Near miss", near_misses, before),
                      Row("Good practice", 3, 7, suppressed=True),
                      Row("Concerning incident", None, None)),
                  note="Each report counted once, in the month it was sent.")


def by_month() -> Figure:
    return Figure(key="reports-by-month", title="Reports each month", question=Question.HOW_MUCH,
                  unit=Unit.COUNT, chart="months", rows=(
                      Row("July 2026", 20, 10), Row("August 2026", 2, 14, suppressed=True),
                      Row("September 2026", 8, 6)))


def useful() -> Figure:
    return Figure(key="found-useful", title="Recipients who found learning useful",
                  question=Question.BETTER_OFF, unit=Unit.PERCENT, rows=(
                      Row("Learning nuggets", 75.0, 50.0, out_of=40, previous_out_of=20),
                      Row("Bulletins", 100.0, None, out_of=3, suppressed=True)))


def days_to_close() -> Figure:
    return Figure(key="days-to-close", title="Median working days to close",
                  question=Question.HOW_WELL, unit=Unit.WORKING_DAYS,
                  rows=(Row("All reports", 4.5, 6.0),))


def a_card(*figures: Figure, smallest_shown: int = 5, agency: str | None = None) -> ReportCard:
    return ReportCard(period=THIS_QUARTER, previous=QUARTER_BEFORE, agency=agency,
                      figures=figures or (by_kind(), by_month(), useful(), days_to_close()),
                      smallest_shown=smallest_shown)
