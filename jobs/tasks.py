"""The clock's jobs: plain functions, each its own unit of work, each calling `learning/`.

APScheduler keeps jobs in the database by reference ("jobs.tasks:run" with the job's name),
so what a job needs (settings, database, messengers) is handed over once by `use` when the
clock is built, never pickled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from learning.nudges import digest, nuggets, training

from learning.privacy import retention
from learning.messaging import Messenger
from learning.nudges.outbox import Outbox
from learning.nudges.outbox_upkeep import prune_outbox
from learning.settings import Settings
from storage.database import Database
from storage.vocabulary import Platform

log = logging.getLogger(__name__)
_context: dict[str, object] = {}
# The sending job stops before its next turn is due, so turns never queue up behind it.
SENDING_TURN = timedelta(seconds=18)
# Enough to keep one workspace at its limit while each send waits on the platform and a commit.
SENDERS = 3


def use(settings: Settings, database: Database, messengers: Mapping[Platform, Messenger]) -> None:
    _context.update(settings=settings, database=database,
                    outbox=Outbox(database, messengers, settings))


def run(name: str) -> None:
    """What the scheduler calls; a failing job is logged and tried again at its next turn."""
    try:
        JOBS[name](datetime.now(UTC))
    except Exception:
        log.exception("job %s failed; it will run again at its next turn", name)


def send_deliveries(now: datetime) -> None:
    outbox: Outbox = _context["outbox"]  # type: ignore[assignment]
    tally = outbox.drain(deadline=now + SENDING_TURN, senders=SENDERS)
    if tally.handled:
        log.info("outbox: %s sent, %s retrying, %s failed, %s skipped, %s waiting", tally.sent,
                 tally.retrying, tally.failed, tally.skipped, tally.deferred)


def _in_unit_of_work(schedule: Callable[..., int]) -> Callable[[datetime], None]:
    def job(now: datetime) -> None:
        database: Database = _context["database"]  # type: ignore[assignment]
        with database.unit_of_work() as uow:
            added = schedule(uow.session, _context["settings"], now=now)
            uow.commit()
        log.info("%s: %s new", schedule.__name__, added)

    return job


JOBS: dict[str, Callable[[datetime], None]] = {
    "send_deliveries": send_deliveries,
    "schedule_nuggets": _in_unit_of_work(nuggets.schedule_due_nuggets),
    "training_reminders": _in_unit_of_work(training.schedule_training_reminders),
    "training_summaries": _in_unit_of_work(training.schedule_training_summaries),
    "weekly_digest": _in_unit_of_work(digest.schedule_weekly_digest),
    "service_reminders": _in_unit_of_work(digest.schedule_service_reminders),
    "retention": _in_unit_of_work(retention.apply_retention),
    "prune_outbox": _in_unit_of_work(prune_outbox),
}
