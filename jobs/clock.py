"""The clock: an APScheduler 3 scheduler whose jobs are kept in LearnLoop's own database.

Jobs missed while the clock was down run once when it comes back (coalesce, no grace
limit), rather than being skipped or run once per missed occasion. Every trigger is a
date rule (interval or cron), never `hour % n == 0` arithmetic, which skips a missed turn.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import partial

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import MetaData, Table, select
from sqlalchemy.exc import SQLAlchemyError

from jobs import tasks
from learning.messaging import Messenger
from learning.settings import Settings
from storage.database import Database
from storage.vocabulary import Platform

JOBS_TABLE = "apscheduler_jobs"


class ClockExecutor(ThreadPoolExecutor):
    """Runs each stored job with this clock's context.

    The job table keeps only "jobs.tasks:run" and the job's name; the context (database,
    messengers) joins as the job starts. The scheduler stores a job by its `func_ref`, so
    binding `func` here never reaches the table.
    """

    def __init__(self, context: tasks.JobContext) -> None:
        super().__init__()
        self.context = context

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        if job.func is tasks.run:
            job.func = partial(tasks.run, context=self.context)
        super()._do_submit_job(job, run_times)


def schedule_of(settings: Settings) -> dict[str, object]:
    """Each job's trigger, in the partnership's time zone. Sending runs often and briefly;
    the rest run early in the day so what they schedule waits for working hours."""
    zone = settings.timezone
    return {
        "send_deliveries": IntervalTrigger(seconds=20, timezone=zone),
        "schedule_nuggets": IntervalTrigger(minutes=5, timezone=zone),
        # A report the platform was away for reaches its channels within minutes of its return.
        "post_missed_reports": IntervalTrigger(minutes=3, timezone=zone),
        "training_reminders": CronTrigger(hour=6, minute=30, timezone=zone),
        "training_summaries": CronTrigger(day_of_week="mon", hour=6, minute=45, timezone=zone),
        "weekly_digest": CronTrigger(day_of_week="mon", hour=7, minute=0, timezone=zone),
        # Daily, so a period's bulletin is drafted on the first morning the clock is up.
        "draft_bulletin": CronTrigger(hour=6, minute=50, timezone=zone),
        "service_reminders": CronTrigger(day_of_week="mon-fri", hour=7, minute=15, timezone=zone),
        "action_reminders": CronTrigger(day_of_week="mon-fri", hour=7, minute=20, timezone=zone),
        "statutory_reminders": CronTrigger(day_of_week="mon-fri", hour=7, minute=25,
                                           timezone=zone),
        # Weeks after learning went out, "have you used it?": queued for the working day.
        "ask_pulses": CronTrigger(day_of_week="mon-fri", hour=7, minute=30, timezone=zone),
        "retention": CronTrigger(hour=2, minute=0, timezone=zone),
        "prune_outbox": CronTrigger(hour=2, minute=30, timezone=zone),
        "forget_expired_records": CronTrigger(hour=2, minute=40, timezone=zone),
        # Before the working day, so the learning group finds new clusters in the morning.
        "find_signals": CronTrigger(hour=6, minute=15, timezone=zone),
    }


def build_clock(settings: Settings, database: Database,
                messengers: Mapping[Platform, Messenger]) -> BaseScheduler:
    """The scheduler, in a thread of its own; `jobs.leadership` starts it once this process
    leads (as `learnloop clock`, or beside the web app under `learnloop serve`)."""
    context = tasks.job_context(settings, database, messengers)
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=database.engine, tablename=JOBS_TABLE)},
        executors={"default": ClockExecutor(context)},
        job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        timezone=settings.timezone,
    )
    register_jobs(scheduler, settings, database)
    return scheduler


def register_jobs(scheduler: BaseScheduler, settings: Settings, database: Database) -> None:
    """Idempotent: each job by a fixed id, replacing any stored copy. A stored copy that was
    due while the clock was down keeps its due time, so it runs once on start."""
    stored = _stored_due_times(database)
    for name, trigger in schedule_of(settings).items():
        options = {}
        if name in stored:
            options["next_run_time"] = stored[name]
        scheduler.add_job(tasks.run, trigger, args=[name], id=name, name=name,
                          replace_existing=True, **options)


def _stored_due_times(database: Database) -> dict[str, datetime]:

    try:
        table = Table(JOBS_TABLE, MetaData(), autoload_with=database.engine)
    except SQLAlchemyError:
        return {}  # first start: no jobs table yet
    with database.engine.connect() as connection:
        rows = connection.execute(select(table.c.id, table.c.next_run_time)).all()
    return {job_id: datetime.fromtimestamp(due, UTC) for job_id, due in rows if due is not None}
