"""The clock: an APScheduler 3 scheduler whose jobs are kept in LearnLoop's own database.

Jobs missed while the clock was down run once when it comes back (coalesce, no grace
limit), rather than being skipped or run once per missed occasion.
"""

from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from learning.settings import Settings
from storage.database import Database

JOBS_TABLE = "apscheduler_jobs"


def build_clock(settings: Settings, database: Database, *, in_process: bool) -> BaseScheduler:
    """A scheduler for `learnloop clock` (blocking) or beside the web app (in a thread)."""
    scheduler_class = BackgroundScheduler if in_process else BlockingScheduler
    return scheduler_class(
        jobstores={"default": SQLAlchemyJobStore(engine=database.engine, tablename=JOBS_TABLE)},
        job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        timezone=settings.timezone,
    )
