"""Reports made by day, kind, channel and agency: what the report card's "how much" reads.

Kept in the same unit of work as the report by its writers: intake counts it in
(`count_report`), classifying moves it when its kind or agencies change (`move_report`).
Each report counts under scope 0 (everyone) and under each agency it involves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from learning.evaluation.kept_counts import add_counts, insert_rows
from storage.models import Report, report_agencies
from storage.models.evaluation import ReportCount

EVERYONE = 0
Key = tuple  # (day, scope_agency_id, kind, channel)


def count_report(session: Session, *, day: date, kind: str, channel: str,
                 agency_ids: Iterable[int]) -> None:
    """A newly made report counted in, by the day, kind, channel and agencies it was made with."""
    _move(session, Counter(_day_keys(day, kind, channel, agency_ids)))


def move_report(session: Session, report: Report, *, kind_before: str,
                agency_ids_before: Iterable[int]) -> None:
    """The report's count moved from the kind and agencies it had to those it has now."""
    after = Counter(_keys(report, report.kind, [a.id for a in report.agencies]))
    after.subtract(_keys(report, kind_before, agency_ids_before))
    _move(session, after)


def recount_every_report(session: Session) -> int:
    """Every count rebuilt from the reports (for reports stored without intake, such as a
    bench's seed); how many counts there are."""
    session.execute(delete(ReportCount))
    involved: dict[int, list[int]] = {}
    for report_id, agency_id in session.execute(select(report_agencies)):
        involved.setdefault(report_id, []).append(agency_id)
    counts: Counter = Counter()
    for row in session.execute(select(Report.id, Report.submitted_on, Report.kind,
                                      Report.channel)):
        counts.update(_day_keys(row.submitted_on, row.kind, row.channel,
                                involved.get(row.id, [])))
    insert_rows(session, ReportCount, [
        {"day": d, "scope_agency_id": s, "kind": k, "channel": c, "reports": n}
        for (d, s, k, c), n in counts.items()])
    return len(counts)


def _keys(report: Report, kind: str, agency_ids: Iterable[int]) -> Iterator[Key]:
    return _day_keys(report.submitted_on, kind, report.channel, agency_ids)


def _day_keys(day: date | None, kind: str, channel: str,
              agency_ids: Iterable[int]) -> Iterator[Key]:
    if day is None:
        # Not sent through intake, so on no day; there is nothing to count it in.
        return
    for scope in (EVERYONE, *sorted(set(agency_ids))):
        yield day, scope, str(kind), str(channel)


def _move(session: Session, changes: Counter) -> None:
    # In key order, so two writers never wait on each other's rows in opposite orders.
    for (day, scope, kind, channel), n in sorted(changes.items()):
        if n:
            add_counts(session, ReportCount, {"day": day, "scope_agency_id": scope,
                                              "kind": kind, "channel": channel}, reports=n)
