"""Emerging clusters: a theme or contributing factor above its usual rate, or one theme
reported by several agencies at once. The clock looks daily; the learning group decides.

The tests, stated:

- **Rising** (a theme, or a contributing factor): the reports of the last 30 days that carry
  it, against the mean of the twelve 30-day windows before them (the trailing year). Under
  "nothing has changed" the count is Poisson with that mean; a signal is raised when the
  one-sided tail P(X >= count) is below 0.01 *and* at least 5 reports carry it. The mean is
  floored at half a report a window, so a theme never seen before still needs 5 reports.
- **Across agencies**: one theme on reports involving at least 3 different agencies within
  the last 30 days.

Good-practice reports are not counted: a rise in good practice is not an emerging threat.
A cluster is raised once: not again for the same kind and subject while an earlier signal's
window overlaps this one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from learning.reports.labels import label
from storage.models import Report, report_agencies
from storage.models.themes import Signal, SignalKind
from storage.vocabulary import ContributingFactor, ReportKind

WINDOW_DAYS = 30
TRAILING_WINDOWS = 12
SIGNIFICANCE = 0.01
FEWEST_REPORTS = 5
FLOOR_PER_WINDOW = 0.5
AGENCIES_NEEDED = 3


@dataclass(frozen=True)
class Counted:
    """What the detector needs of one report: never its text or who sent it."""

    report_id: int
    submitted_on: date
    themes: tuple[str, ...]
    factors: tuple[str, ...]
    agency_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Cluster:
    kind: SignalKind
    subject: str
    window_start: date
    window_end: date
    report_ids: tuple[int, ...]
    agency_ids: tuple[int, ...]
    observed: int
    expected: float | None
    p_value: float | None
    statistic: str


def poisson_at_least(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean). Above the mean the tail is summed upward from
    `count`, so a tiny p keeps its precision (1 minus the lower sum would round it to 0)."""
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if count <= mean:
        below = sum(math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1))
                    for i in range(count))
        return max(0.0, 1.0 - below)
    term = math.exp(-mean + count * math.log(mean) - math.lgamma(count + 1))
    total, k = 0.0, count
    while term > 1e-17 * total or total == 0.0:
        total += term
        k += 1
        term *= mean / k
        if term == 0.0:
            break
    return min(total, 1.0)


def find_clusters(reports: Iterable[Counted], *, today: date) -> list[Cluster]:
    """Every cluster in these reports as of `today` (a pure function: the tests' way in)."""
    start = today - timedelta(days=WINDOW_DAYS - 1)
    trailing_start = start - timedelta(days=WINDOW_DAYS * TRAILING_WINDOWS)
    recent = [r for r in reports if start <= r.submitted_on <= today]
    earlier = [r for r in reports if trailing_start <= r.submitted_on < start]
    found = _rising(SignalKind.RISING_THEME, recent, earlier, lambda r: r.themes, start, today)
    found += _rising(SignalKind.RISING_FACTOR, recent, earlier, lambda r: r.factors, start, today)
    return found + _across_agencies(recent, start, today)


def _rising(kind: SignalKind, recent: Sequence[Counted], earlier: Sequence[Counted],
            subjects, start: date, today: date) -> list[Cluster]:
    now_with: dict[str, list[Counted]] = defaultdict(list)
    for report in recent:
        for subject in set(subjects(report)):
            now_with[subject].append(report)
    before = defaultdict(int)
    for report in earlier:
        for subject in set(subjects(report)):
            before[subject] += 1
    found = []
    for subject, reports in sorted(now_with.items()):
        mean = before[subject] / TRAILING_WINDOWS
        p = poisson_at_least(len(reports), max(mean, FLOOR_PER_WINDOW))
        if len(reports) >= FEWEST_REPORTS and p < SIGNIFICANCE:
            found.append(Cluster(
                kind=kind, subject=subject, window_start=start, window_end=today,
                report_ids=tuple(sorted(r.report_id for r in reports)),
                agency_ids=tuple(sorted({a for r in reports for a in r.agency_ids})),
                observed=len(reports), expected=round(mean, 2), p_value=p,
                statistic=(f"{len(reports)} reports in 30 days against a usual {mean:.1f} "
                           f"(one-sided Poisson test, {_p(p)})")))
    return found


def _across_agencies(recent: Sequence[Counted], start: date, today: date) -> list[Cluster]:
    with_theme: dict[str, list[Counted]] = defaultdict(list)
    for report in recent:
        for theme in set(report.themes):
            with_theme[theme].append(report)
    found = []
    for theme, reports in sorted(with_theme.items()):
        agencies = sorted({a for r in reports for a in r.agency_ids})
        if len(agencies) >= AGENCIES_NEEDED:
            found.append(Cluster(
                kind=SignalKind.ACROSS_AGENCIES, subject=theme, window_start=start,
                window_end=today, report_ids=tuple(sorted(r.report_id for r in reports)),
                agency_ids=tuple(agencies), observed=len(reports), expected=None, p_value=None,
                statistic=f"{len(agencies)} agencies reported it in 30 days "
                          f"({len(reports)} reports)"))
    return found


def _p(p: float) -> str:
    return "p < 0.0001" if p < 0.0001 else f"p = {p:.4f}"


def counted_reports(session: Session, *, today: date, timezone: ZoneInfo) -> list[Counted]:
    """The reports the detector looks at: the trailing year and the window, good practice
    left out; days are the partnership's."""
    first = today - timedelta(days=WINDOW_DAYS * (TRAILING_WINDOWS + 1))
    since = datetime.combine(first, time.min, tzinfo=timezone)
    rows = session.execute(
        select(Report.id, Report.submitted_at, Report.themes, Report.contributing_factors)
        .where(Report.submitted_at >= since, Report.kind != ReportKind.GOOD_PRACTICE)).all()
    agencies: dict[int, list[int]] = defaultdict(list)
    day = {row.id: row.submitted_at.astimezone(timezone).date() for row in rows}
    recent = [row.id for row in rows if day[row.id] >= today - timedelta(days=WINDOW_DAYS)]
    for first in range(0, len(recent), 1000):
        for report_id, agency_id in session.execute(
                select(report_agencies.c.report_id, report_agencies.c.agency_id)
                .where(report_agencies.c.report_id.in_(recent[first:first + 1000]))):
            agencies[report_id].append(agency_id)
    return [Counted(report_id=row.id, submitted_on=day[row.id],
                    themes=tuple(row.themes or ()), factors=tuple(row.contributing_factors or ()),
                    agency_ids=tuple(agencies.get(row.id, ()))) for row in rows]


def already_raised(session: Session, cluster: Cluster) -> bool:
    return session.scalar(select(Signal.id).where(
        Signal.kind == cluster.kind, Signal.subject == cluster.subject,
        Signal.window_end >= cluster.window_start)) is not None


def subject_label(signal: Signal | Cluster | Row) -> str:
    """A theme as named; a contributing factor in words."""
    if signal.kind is SignalKind.RISING_FACTOR and signal.subject in set(ContributingFactor):
        return label(ContributingFactor(signal.subject))
    return signal.subject
