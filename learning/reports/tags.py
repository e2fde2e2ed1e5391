"""A report's themes, contributing factors and agencies, and the counts the themes page reads.

`tag_report` is the one writer of those three: it moves the report's share of `tag_counts`
from what it carried to what it carries now, in the caller's unit of work, so the page's
numbers are always those of the reports behind them (and of the queue each number opens).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from learning.evaluation.report_counts import move_report
from storage.models import Agency, Report, report_agencies
from storage.vocabulary import ReportKind
from storage.models.themes import TagCount

THEME, FACTOR = "theme", "factor"
# The scope of everyone who sees every report, and the agency column of "each report once".
EVERYONE = 0
Key = tuple[str, str, date, int, int]
BATCH = 5000


def tag_report(session: Session, report: Report, *, themes: Sequence[str],
               factors: Sequence[str], agencies: Sequence[Agency],
               kind: ReportKind | None = None) -> None:
    """Give the report these tags and agencies (and kind, if given), and move its counts
    with them: the themes page's and the report card's (learning.evaluation.report_counts)."""
    if inspect(report).persistent:
        # Two leads classifying one report at once: the second waits and moves the counts
        # from what the first wrote, not from what both read.
        session.refresh(report, with_for_update=True)
    agencies_before = [a.id for a in report.agencies]
    kind_before = report.kind
    before = Counter(_keys(report.submitted_month, report.themes, report.contributing_factors,
                           agencies_before))
    report.themes = list(themes)
    report.contributing_factors = list(factors)
    report.agencies = list(agencies)
    if kind is not None:
        report.kind = kind
    move_report(session, report, kind_before=kind_before, agency_ids_before=agencies_before)
    after = Counter(_keys(report.submitted_month, report.themes, report.contributing_factors,
                          [a.id for a in agencies]))
    after.subtract(before)
    _add(session, {key: change for key, change in after.items() if change})


def recount_every_report(session: Session) -> int:
    """Every count rebuilt from the reports themselves (for data stored without
    `tag_report`, such as a bench's seed); how many counts there are."""
    session.execute(delete(TagCount))
    counts: Counter[Key] = Counter()
    last = 0
    while True:
        rows = session.execute(
            select(Report.id, Report.submitted_month, Report.themes,
                   Report.contributing_factors).where(Report.id > last)
            .order_by(Report.id).limit(BATCH)).all()
        if not rows:
            break
        last = rows[-1].id
        involved: dict[int, list[int]] = {}
        for report_id, agency_id in session.execute(
                select(report_agencies.c.report_id, report_agencies.c.agency_id)
                .where(report_agencies.c.report_id.between(rows[0].id, last))):
            involved.setdefault(report_id, []).append(agency_id)
        for row in rows:
            counts.update(_keys(row.submitted_month, row.themes, row.contributing_factors,
                                involved.get(row.id, [])))
    for chunk in _chunks(list(counts.items())):
        session.execute(insert(TagCount), [_row(key, n) for key, n in chunk])
    return len(counts)


def _keys(month: date | None, themes: Iterable[str] | None, factors: Iterable[str] | None,
          agency_ids: Iterable[int]) -> Iterator[Key]:
    """Where one report is counted: each tag, in its month, once per scope and agency."""
    if month is None:
        # Not sent through intake, so in no month; there is nothing to count it in.
        return
    agencies = sorted(set(agency_ids))
    tags = [(THEME, t) for t in set(themes or ())] + [(FACTOR, f) for f in set(factors or ())]
    for dimension, value in tags:
        for scope in (EVERYONE, *agencies):
            for agency in (EVERYONE, *agencies):
                yield dimension, value, month, scope, agency


def _add(session: Session, changes: dict[Key, int]) -> None:
    """Add each change to its count (made at 0 when new); in key order, so two writers
    never wait on each other's rows in opposite orders."""
    if not changes:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for chunk in _chunks(sorted(changes.items())):
        upsert = dialect.insert(TagCount).values([_row(key, n) for key, n in chunk])
        session.execute(upsert.on_conflict_do_update(
            index_elements=list(TagCount.__table__.primary_key.columns),
            set_={"reports": TagCount.reports + upsert.excluded.reports}))


def _row(key: Key, reports: int) -> dict[str, object]:
    dimension, value, month, scope, agency = key
    return {"dimension": dimension, "value": value, "month": month,
            "scope_agency_id": scope, "agency_id": agency, "reports": reports}


def _chunks(items: list, size: int = 1000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
