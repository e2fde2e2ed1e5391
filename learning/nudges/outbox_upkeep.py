"""Keeping the outbox in order: pruning finished rows after their retention period, and
handing back a dead leader's claims to the clock that takes over."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from learning.nudges.calendar import add_months
from learning.nudges.one_click import forget_used_links
from learning.settings import Settings
from storage.database import Database
from storage.models.nudges import Delivery, DeliveryState

S = DeliveryState


FINISHED = (S.SENT, S.FAILED, S.SKIPPED)
# Rows are deleted this many at a time, so pruning never holds a long lock on the outbox.
PRUNE_BATCH = 50_000


def prune_outbox(session: Session, settings: Settings, *, now: datetime) -> int:
    """Delete finished deliveries older than OUTBOX_RETENTION_MONTHS; returns how many.

    Pending and sending rows are never touched, whatever their age. The clock runs this
    nightly; it reads the due-rows index (state, not_before), not the whole outbox.
    """
    today = now.astimezone(settings.timezone).date()
    cutoff = datetime.combine(add_months(today, -settings.outbox_retention_months), time(),
                              tzinfo=UTC)
    forget_used_links(session, settings, now=now)
    removed = 0
    while True:
        batch = select(Delivery.id).where(Delivery.state.in_(FINISHED),
                                          Delivery.not_before < cutoff).limit(PRUNE_BATCH)
        gone = session.execute(delete(Delivery).where(Delivery.id.in_(batch.scalar_subquery()))
                               .execution_options(synchronize_session=False)).rowcount
        removed += gone
        if gone < PRUNE_BATCH:
            return removed



def release_claims(database: Database) -> int:
    """Hand back every claimed, unfinished delivery: for a clock that has just become the
    leader, since only the leader sends and the last one is gone. At most the sends that were
    under way when it died go twice; the rest need not wait for their lease to run out."""
    with database.unit_of_work() as uow:
        released = uow.session.execute(
            update(Delivery).where(Delivery.state == S.SENDING)
            .values(state=S.PENDING, claimed_by=None, lease_until=None)
            .execution_options(synchronize_session=False)).rowcount
        uow.commit()
    return released

