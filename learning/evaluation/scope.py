"""What counts towards one agency's figures: its reports, its people, its actions."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, true

from storage.models import Person, Report, report_agencies


def reports_in_scope(agency_id: int | None, column: ColumnElement[int] = Report.id
                     ) -> ColumnElement[bool]:
    """Reports involving the agency (every report for the whole partnership, None)."""
    if agency_id is None:
        return true()
    return column.in_(select(report_agencies.c.report_id)
                      .where(report_agencies.c.agency_id == agency_id))


def people_in_scope(agency_id: int | None, column: ColumnElement[int | None]
                    ) -> ColumnElement[bool]:
    """The agency's people; for the whole partnership (None), anyone, and channels too."""
    if agency_id is None:
        return true()
    return column.in_(select(Person.id).where(Person.agency_id == agency_id))
