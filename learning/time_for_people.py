"""When a person may be sent a nudge: working days and hours in their own time zone, never
while on leave or in their quiet hours, and no more than a few a day.

What falls outside waits for the next allowed slot; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.calendar import is_working_day
from storage.models import Person
from storage.nudge_models import Delivery, DeliveryKind, DeliveryState, Preference

# Module constants until Settings carries them (WORKING_HOURS_START/END, NUDGE_DAILY_CAP).
WORKING_HOURS_START = time(9, 0)
WORKING_HOURS_END = time(17, 0)
DAILY_CAP = 2
# Far enough to pass a long leave or a run of bank holidays; beyond it something is wrong.
LOOK_AHEAD_DAYS = 400

# Kinds a person receives for themselves; a digest to a channel or a lead's service
# reminder is work, not a nudge, and does not use up anyone's cap.
CAPPED_KINDS = {DeliveryKind.NUGGET, DeliveryKind.NUGGET_RECHECK, DeliveryKind.TRAINING_REMINDER,
                DeliveryKind.TRAINING_EVENT}


@dataclass(frozen=True)
class Rules:
    time_zone: ZoneInfo
    start: time = WORKING_HOURS_START
    end: time = WORKING_HOURS_END
    on_leave_until: date | None = None
    quiet_from: time | None = None
    quiet_until: time | None = None
    daily_cap: int = DAILY_CAP


def rules_for(person: Person, preference: Preference | None, default_zone: ZoneInfo) -> Rules:
    return Rules(
        time_zone=_zone(person.time_zone, default_zone),
        on_leave_until=person.on_leave_until,
        quiet_from=preference.quiet_from if preference else None,
        quiet_until=preference.quiet_until if preference else None,
        daily_cap=preference.daily_cap if preference and preference.daily_cap is not None
        else DAILY_CAP,
    )


def next_allowed_slot(rules: Rules, after: datetime,
                      sent_on: Callable[[date], int] | None = None) -> datetime:
    """The earliest moment at or after `after` when this person may be sent a nudge.

    `sent_on(day)` counts nudges already sent or due that local day; None ignores the cap.
    """
    local = after.astimezone(rules.time_zone)
    for offset in range(LOOK_AHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        if not is_working_day(day):
            continue
        if rules.on_leave_until is not None and day <= rules.on_leave_until:
            continue
        earliest = local if offset == 0 else None
        moment = _first_open_minute(rules, day, earliest)
        if moment is None:
            continue
        if sent_on is not None and sent_on(day) >= rules.daily_cap:
            continue
        return moment.astimezone(UTC)
    raise ValueError("no allowed time to send within a year: check the person's leave")


def may_send_now(rules: Rules, now: datetime) -> bool:
    return next_allowed_slot(rules, now) == now.astimezone(UTC)


def _first_open_minute(rules: Rules, day: date, earliest: datetime | None) -> datetime | None:
    zone = rules.time_zone
    start = datetime.combine(day, rules.start, zone)
    end = datetime.combine(day, rules.end, zone)
    if earliest is not None and earliest > start:
        start = earliest
    if start >= end:
        return None
    for quiet_start, quiet_end in _quiet_spans(rules, day):
        if quiet_start <= start < quiet_end:
            start = quiet_end
    return start if start < end else None


def _quiet_spans(rules: Rules, day: date) -> list[tuple[datetime, datetime]]:
    """Quiet hours on `day`, split at midnight when they wrap (e.g. 16:00 to 10:00)."""
    if rules.quiet_from is None or rules.quiet_until is None:
        return []
    zone = rules.time_zone
    begin = datetime.combine(day, rules.quiet_from, zone)
    finish = datetime.combine(day, rules.quiet_until, zone)
    if rules.quiet_from < rules.quiet_until:
        return [(begin, finish)]
    midnight = datetime.combine(day, time(0), zone)
    return [(midnight, finish), (begin, midnight + timedelta(days=1))]


def nudges_counter(session: Session, person_id: int, zone: ZoneInfo,
                   excluding: int | None = None) -> Callable[[date], int]:
    """Counts a person's capped nudges sent or waiting to go on a local day."""

    def count(day: date) -> int:
        start = datetime.combine(day, time(0), zone).astimezone(UTC)
        end = start + timedelta(days=1)
        sent = select(func.count()).where(
            Delivery.person_id == person_id, Delivery.kind.in_(CAPPED_KINDS),
            Delivery.state == DeliveryState.SENT,
            Delivery.sent_at >= start, Delivery.sent_at < end)
        if excluding is not None:
            sent = sent.where(Delivery.id != excluding)
        return session.scalar(sent) or 0

    return count


def _zone(name: str | None, default: ZoneInfo) -> ZoneInfo:
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default
