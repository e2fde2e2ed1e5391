"""Reports for dashboard tests, sent through the same intake every channel uses."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from learning.reports.intake import submit_report
from storage.models import Agency
from storage.vocabulary import Channel
from tests.drafts import a_draft


def a_report(database, settings, *, agency: str | None = "Riverside Police", **changes) -> str:
    with database.unit_of_work() as uow:
        ids = [uow.session.scalar(select(Agency.id).where(Agency.name == agency))] if agency else []
        return submit_report(uow, a_draft(agency_ids=ids, **changes), channel=Channel.WEB,
                             settings=settings, now=datetime.now(UTC)).reference
