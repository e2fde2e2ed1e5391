"""The clock's jobs: plain functions, each its own unit of work, each calling `learning/`.

APScheduler keeps jobs in the database by reference ("jobs.tasks:run" with the job's name),
so what a job needs (settings, database, outbox) is a `JobContext` the clock builds once and
hands to `run` as each job starts; it is never pickled, and no module holds it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from learning.evaluation.pulses import schedule_pulses
from learning.improvement.signal_decisions import detect_signals
from learning.improvement.action_reminders import schedule_action_reminders
from learning.improvement.notifications import schedule_statutory_reminders
from learning.messaging import Messenger
from learning.nudges import bulletins, digest, nuggets, training
from learning.nudges.outbox import Outbox
from learning.nudges.outbox_upkeep import prune_outbox
from learning.privacy import retention
from learning.privacy.expired_records import forget_expired_records
from learning.reports.posting import post_missed_reports
from learning.settings import Settings
from storage.database import Database
from storage.vocabulary import Platform

log = logging.getLogger(__name__)
# The sending job stops before its next turn is due, so turns never queue up behind it.
SENDING_TURN = timedelta(seconds=18)
# Enough to keep one workspace at its limit while each send waits on the platform and a commit.
SENDERS = 3


@dataclass(frozen=True)
class JobContext:
    """What every job may use: one per clock."""

    settings: Settings
    database: Database
    outbox: Outbox


def job_context(settings: Settings, database: Database,
                messengers: Mapping[Platform, Messenger]) -> JobContext:
    return JobContext(settings=settings, database=database,
                      outbox=Outbox(database, messengers, settings))


def run(name: str, context: JobContext | None = None) -> None:
    """What the scheduler calls; a failing job is logged and tried again at its next turn.

    `context` is optional only so the scheduler accepts a stored job that names no context;
    `jobs.clock.ClockExecutor` always supplies it.
    """
    try:
        if context is None:
            raise RuntimeError("a job runs only on a clock from jobs.clock.build_clock")
        JOBS[name](context, datetime.now(UTC))
    except Exception:
        log.exception("job %s failed; it will run again at its next turn", name)


def send_deliveries(context: JobContext, now: datetime) -> None:
    tally = context.outbox.drain(deadline=now + SENDING_TURN, senders=SENDERS)
    if tally.handled:
        log.info("outbox: %s sent, %s retrying, %s failed, %s skipped, %s waiting", tally.sent,
                 tally.retrying, tally.failed, tally.skipped, tally.deferred)


def post_missed(context: JobContext, now: datetime) -> None:
    posted = post_missed_reports(context.database, settings=context.settings,
                                 messengers=context.outbox.messengers, now=now)
    if posted:
        log.info("reports posted late to the learning group's channels: %s", posted)


def _in_unit_of_work(schedule: Callable[..., int]) -> Callable[[JobContext, datetime], None]:
    def job(context: JobContext, now: datetime) -> None:
        with context.database.unit_of_work() as uow:
            added = schedule(uow.session, context.settings, now=now)
            uow.commit()
        log.info("%s: %s new", schedule.__name__, added)

    return job


JOBS: Mapping[str, Callable[[JobContext, datetime], None]] = {
    "send_deliveries": send_deliveries,
    "post_missed_reports": post_missed,
    "schedule_nuggets": _in_unit_of_work(nuggets.schedule_due_nuggets),
    "training_reminders": _in_unit_of_work(training.schedule_training_reminders),
    "training_summaries": _in_unit_of_work(training.schedule_training_summaries),
    "weekly_digest": _in_unit_of_work(digest.schedule_weekly_digest),
    "draft_bulletin": _in_unit_of_work(bulletins.draft_bulletin),
    "service_reminders": _in_unit_of_work(digest.schedule_service_reminders),
    "action_reminders": _in_unit_of_work(schedule_action_reminders),
    "statutory_reminders": _in_unit_of_work(schedule_statutory_reminders),
    "ask_pulses": _in_unit_of_work(schedule_pulses),
    "retention": _in_unit_of_work(retention.apply_retention),
    "prune_outbox": _in_unit_of_work(prune_outbox),
    "forget_expired_records": _in_unit_of_work(forget_expired_records),
    "find_signals": _in_unit_of_work(detect_signals),
}
