"""The clock forgets what matters only for a while: expired browser sessions, and chat
submission ids once no replay of them can come."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jobs import tasks
from learning.people.sessions import open_session, start_session
from storage.models.security import TakenSubmission, WebSession
from tests.jobs.conftest import TUESDAY_10AM


def test_the_nightly_job_ends_expired_sessions_and_forgets_old_submission_ids(database,
                                                                              settings):
    with database.unit_of_work() as uow:
        # A follow-up session lasts half an hour; one opened yesterday is over, one just now not.
        stale = start_session(uow.session, now=TUESDAY_10AM - timedelta(days=1))
        fresh = start_session(uow.session, now=TUESDAY_10AM - timedelta(minutes=5))
        uow.session.add_all([
            TakenSubmission(key="slack:V0LAST:WEEK", taken_at=TUESDAY_10AM - timedelta(days=7)),
            TakenSubmission(key="slack:V0JUST:NOW", taken_at=TUESDAY_10AM - timedelta(hours=2)),
        ])
        uow.commit()

    tasks.JOBS["forget_expired_records"](tasks.job_context(settings, database, {}), TUESDAY_10AM)

    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(TakenSubmission.key)).all() == ["slack:V0JUST:NOW"]
        assert len(uow.session.scalars(select(WebSession)).all()) == 1
        assert open_session(uow.session, fresh, now=TUESDAY_10AM) is not None
        assert open_session(uow.session, stale, now=TUESDAY_10AM) is None
