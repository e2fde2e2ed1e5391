"""Keeping the outbox in order: pruning finished rows after their retention period, and
handing back a dead leader's claims to the clock that takes over."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from learning.nudges.calendar import add_months
from learning.nudges.one_click import forget_used_links
from learning.settings import Settings
from storage.database import Database
from storage.models.nudges import Delivery, DeliveryState

S = DeliveryState


FINISHED = (S.SENT, S.FAILED, S.SKIPPED)
# Rows are deleted about this many at a time, each batch its own transaction, so pruning
# never holds a long lock on the outbox nor a transaction of millions of rows.
PRUNE_BATCH = 50_000


def prune_outbox(session: Session, settings: Settings, *, now: datetime,
                 batch: int = PRUNE_BATCH) -> int:
    """Delete finished deliveries older than OUTBOX_RETENTION_MONTHS; returns how many.

    Pending and sending rows are never touched, whatever their age. The clock runs this
    nightly. It commits as it goes: each batch is the oldest `batch` rows of one state (and
    any more sent at the same moment as the last of them), found on the due-rows index
    (state, not_before) and deleted by that range in one statement, as a bare DELETE would.
    """
    today = now.astimezone(settings.timezone).date()
    cutoff = datetime.combine(add_months(today, -settings.outbox_retention_months), time(),
                              tzinfo=UTC)
    forget_used_links(session, settings, now=now)
    session.commit()
    removed = 0
    for state in FINISHED:
        after: datetime | None = None
        while True:
            upto = _batch_end(session, state, cutoff, after, batch)
            removed += session.execute(
                delete(Delivery).where(*_old(state, cutoff, after, upto))
                .execution_options(synchronize_session=False)).rowcount
            session.commit()
            if upto is None:
                break
            after = upto
    return removed


def _old(state: DeliveryState, cutoff: datetime, after: datetime | None,
         upto: datetime | None) -> list[ColumnElement[bool]]:
    """Finished rows of `state` before `cutoff`, past `after` and up to `upto` (each if set)."""
    where = [Delivery.state == state, Delivery.not_before < cutoff]
    if after is not None:
        where.append(Delivery.not_before > after)
    if upto is not None:
        where.append(Delivery.not_before <= upto)
    return where


def _batch_end(session: Session, state: DeliveryState, cutoff: datetime,
               after: datetime | None, batch: int) -> datetime | None:
    """The `batch`-th oldest prunable row's time after `after`; None when fewer are left."""
    return session.scalar(select(Delivery.not_before)
                          .where(*_old(state, cutoff, after, None))
                          .order_by(Delivery.not_before).offset(batch - 1).limit(1))


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

