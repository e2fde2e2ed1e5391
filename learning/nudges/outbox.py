"""The delivery outbox: every outbound nudge is a row before it is a message.

`schedule` writes rows, unique on (item, recipient, occasion), so scheduling twice sends
once. `Outbox.send_due` claims due rows (FOR UPDATE SKIP LOCKED on PostgreSQL; one atomic
UPDATE on SQLite), sends each through its platform's messenger and commits the result
before the next. A worker killed mid-batch leaves its claimed rows to be taken again when
the lease runs out: only the one whose send was under way can go twice.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from learning.evaluation.kept_counts import count_sent
from learning.messaging import DeliveryError, Messenger
from learning.nudges.delivery_notices import notice_for
from learning.nudges.send_rate import SendRate, limits_for, shared_pace
from learning.reports.telling_reporters import TO_REPORTERS, reporter_delivery_done
from learning.nudges.time_for_people import (
    CAPPED_KINDS,
    UNSUBSCRIBED,
    counter,
    next_allowed_slot,
    recent_nudges,
    rules_for,
    unsubscribed,
)
from learning.settings import Settings
from storage.database import Database
from storage.models.nudges import Delivery, DeliveryState, Preference
from storage.vocabulary import Platform

log = logging.getLogger(__name__)
S = DeliveryState
FINAL = (S.SENT, S.FAILED, S.SKIPPED)
# A platform wait this short is slept through; a longer one hands the row back for later.
LONGEST_INLINE_WAIT = timedelta(seconds=2)


@dataclass(frozen=True)
class RetryPolicy:
    first_delay: timedelta = timedelta(seconds=30)
    longest_delay: timedelta = timedelta(hours=2)
    # Eight tries with these delays span about three hours: a platform outage, not a typo.
    max_attempts: int = 8
    # How long a claimed row is a worker's own; long enough for one batch at the slowest pace.
    lease: timedelta = timedelta(minutes=5)

    def delay(self, attempts: int, rng: random.Random) -> timedelta:
        """Exponential backoff with jitter (between half and all of the step), so a storm of
        failures does not come back as a storm of retries."""
        step = min(self.longest_delay, self.first_delay * 2 ** max(attempts - 1, 0))
        return step * rng.uniform(0.5, 1.0)


@dataclass
class Tally:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.skipped + self.deferred


def schedule(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Add deliveries, ignoring any whose (item, recipient, occasion) is already there."""
    rows = list(rows)
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for row in rows:
        row.setdefault("state", S.SKIPPED if row.get("reason") else S.PENDING)
        row.setdefault("payload", {})
        row.setdefault("created_at", datetime.now(UTC))
    added = 0
    for start in range(0, len(rows), 500):
        statement = insert(Delivery).values(rows[start:start + 500]).on_conflict_do_nothing(
            index_elements=["item", "recipient", "occasion"]).returning(Delivery.id)
        added += len(session.execute(statement).all())
    return added


@dataclass
class Outbox:
    database: Database
    messengers: Mapping[Platform, Messenger]
    settings: Settings
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    # None: the pace shared with every other sender on this database.
    send_rate: SendRate | None = None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if self.send_rate is None:
            self.send_rate = SendRate(limits_for(self.settings), store=shared_pace(self.database))

    def send_due(self, now: datetime | None = None, batch: int = 50) -> Tally:
        """Claim up to `batch` due deliveries and see each to an outcome; `now` fixes the time."""
        moment = (lambda: now) if now is not None else self.clock
        token = uuid.uuid4().hex
        tally = Tally()
        with self.database.unit_of_work() as uow:
            ids = self._claim(uow.session, token, moment(), batch)
            uow.commit()
            if not ids:
                return tally
            rows = uow.session.scalars(
                select(Delivery).where(Delivery.id.in_(ids))
                .order_by(Delivery.not_before, Delivery.id)
                .options(selectinload(Delivery.person), selectinload(Delivery.nugget))).all()
            people = {r.person_id for r in rows if r.person_id}
            preferences = {p.person_id: p for p in uow.session.scalars(select(Preference).where(
                Preference.person_id.in_(people)))}
            recent = recent_nudges(uow.session, people, moment())
            uow.session.commit()
            for row in rows:
                try:
                    self._deliver(uow.session, row, token, moment, preferences, recent, tally)
                except Exception:  # one bad delivery must not hold up the rest
                    uow.session.rollback()
                    log.exception("delivery %s could not be handled; it will be tried again",
                                  row.id)
                    self._finish(uow.session, row, token, S.PENDING,
                                 not_before=moment() + self.policy.first_delay)
                    tally.retrying += 1
        return tally

    def drain(self, *, deadline: datetime | None = None, senders: int = 1) -> Tally:
        """Send until nothing is due (or the deadline passes); the clock's job calls this.

        Several senders overlap one send's wait on the platform with another's commit; they
        share this outbox's pace, and claiming keeps them off each other's rows.
        """
        total, lock = Tally(), threading.Lock()

        def send_until_idle() -> None:
            while deadline is None or self.clock() < deadline:
                tally = self.send_due()
                with lock:
                    for name in ("sent", "retrying", "failed", "skipped", "deferred"):
                        setattr(total, name, getattr(total, name) + getattr(tally, name))
                if tally.handled == 0:
                    return

        threads = [threading.Thread(target=send_until_idle) for _ in range(senders - 1)]
        for thread in threads:
            thread.start()
        send_until_idle()
        for thread in threads:
            thread.join()
        return total

    def _claim(self, session: Session, token: str, now: datetime, batch: int) -> list[int]:
        due = (select(Delivery.id)
               .where(or_(and_(Delivery.state == S.PENDING, Delivery.not_before <= now),
                          and_(Delivery.state == S.SENDING, Delivery.lease_until < now)))
               .order_by(Delivery.not_before, Delivery.id).limit(batch))
        if session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        claimed = session.execute(
            update(Delivery).where(Delivery.id.in_(due.scalar_subquery()))
            .values(state=S.SENDING, claimed_by=token, lease_until=now + self.policy.lease)
            .returning(Delivery.id).execution_options(synchronize_session=False))
        return list(claimed.scalars())

    def _deliver(self, session: Session, row: Delivery, token: str, moment: Callable[[], datetime],
                 preferences: dict[int, Preference], recent: dict[int, list[datetime]],
                 tally: Tally) -> None:
        messenger = self.messengers.get(row.platform) if row.platform else None
        if messenger is None or row.address is None:
            reason = (f"{row.platform.value.title()} is not set up here" if row.platform
                      else "no chat address")
            self._finish(session, row, token, S.SKIPPED, reason=reason)
            tally.skipped += 1
            return
        now = moment()
        if unsubscribed(preferences.get(row.person_id), row.kind):
            self._finish(session, row, token, S.SKIPPED, reason=UNSUBSCRIBED)
            tally.skipped += 1
            return
        if row.person is not None:
            slot = self._allowed_slot(row, preferences.get(row.person_id), recent, now)
            if slot > now:
                self._finish(session, row, token, S.PENDING, not_before=slot)
                tally.deferred += 1
                return
        wait = self.send_rate.reserve(row.platform, row.address, now, LONGEST_INLINE_WAIT)
        if wait > LONGEST_INLINE_WAIT:
            self._finish(session, row, token, S.PENDING, not_before=now + wait)
            tally.deferred += 1
            return
        if wait:
            self.sleep(wait.total_seconds())
        try:
            notice = notice_for(row, self.settings)
        except LookupError as gone:
            self._finish(session, row, token, S.SKIPPED, reason=str(gone))
            tally.skipped += 1
            return
        try:
            message_id = messenger.send(row.address, notice)
        except DeliveryError as error:
            self._failed(session, row, token, error, moment(), tally)
            return
        sent_at = moment()
        self._finish(session, row, token, S.SENT, message_id=message_id, sent_at=sent_at,
                     attempts=row.attempts + 1, reason=None)
        if row.person_id and row.kind in CAPPED_KINDS:
            recent[row.person_id].append(sent_at)
        tally.sent += 1

    def _allowed_slot(self, row: Delivery, preference: Preference | None,
                      recent: dict[int, list[datetime]], now: datetime) -> datetime:
        rules = rules_for(row.person, preference, self.settings)
        sent_on = (counter(recent[row.person_id], rules.time_zone) if row.kind in CAPPED_KINDS
                   else None)
        return next_allowed_slot(rules, now, sent_on)

    def _failed(self, session: Session, row: Delivery, token: str, error: DeliveryError,
                now: datetime, tally: Tally) -> None:
        attempts = row.attempts + 1
        # The reason comes from the messenger: a platform error code, never message content.
        if error.permanent or attempts >= self.policy.max_attempts:
            reason = (error.reason if error.permanent
                      else f"gave up after {attempts} tries: {error.reason}")
            self._finish(session, row, token, S.FAILED, attempts=attempts, reason=reason[:300])
            log.warning("delivery %s failed: %s", row.id, reason)
            tally.failed += 1
            return
        wait = self.policy.delay(attempts, self.rng)
        if error.retry_after is not None:
            # The platform said when: no sooner (that would be refused), no later (that wastes it).
            wait = timedelta(seconds=error.retry_after)
            self.send_rate.pause(row.platform, row.address, now + wait)
        self._finish(session, row, token, S.PENDING, attempts=attempts, not_before=now + wait,
                     reason=error.reason[:300])
        tally.retrying += 1

    def _finish(self, session: Session, row: Delivery, token: str, state: DeliveryState,
                **values: Any) -> None:
        """Record an outcome, only while the row is still this worker's claim; in the same
        commit, what follows a reporter's delivery (the outcome's identity goes) and, once
        sent, the evaluation's kept counts."""
        recorded = session.execute(
            update(Delivery).where(Delivery.id == row.id, Delivery.claimed_by == token)
            .values(state=state, claimed_by=None, lease_until=None, **values)
            .execution_options(synchronize_session=False)).rowcount
        if recorded and state in FINAL and row.kind in TO_REPORTERS:
            reporter_delivery_done(session, row, now=values.get("sent_at") or self.clock())
        if recorded and state is S.SENT:
            count_sent(session, row, sent_at=values["sent_at"], timezone=self.settings.timezone)
        session.commit()
