"""Slack retries an event it thinks we missed; an event id seen before is answered, not redone.

Runs after Bolt's signature check, so only genuine events are recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from slack_bolt import BoltResponse
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from storage.database import Database
from storage.models.slack import SlackEvent

log = logging.getLogger(__name__)

# Slack stops retrying within the hour; a day leaves room for clock skew and slow queues.
KEEP = timedelta(days=1)


def skip_events_already_taken(database: Database) -> Callable[..., BoltResponse]:
    def skip_repeats(body: dict, next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not _first_time(database, str(event_id)):
            log.info("a repeated Slack event was answered without being redone")
            return BoltResponse(status=200, body="")
        return next()

    return skip_repeats


def _first_time(database: Database, event_id: str) -> bool:
    now = datetime.now(UTC)
    try:
        with database.unit_of_work() as uow:
            uow.session.execute(delete(SlackEvent).where(SlackEvent.received_at < now - KEEP))
            uow.session.add(SlackEvent(event_id=event_id[:64], received_at=now))
            uow.commit()
    except IntegrityError:
        return False
    except SQLAlchemyError as failure:
        # Better to risk doing it twice than to drop it.
        log.warning("could not record a Slack event id: %s", type(failure).__name__)
    return True
