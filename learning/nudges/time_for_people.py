"""When a person may be sent a nudge: working days and hours in their own time zone, never
while on leave or in their quiet hours, and no more than a few a day.

What falls outside waits for the next allowed slot; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.nudges.calendar import is_working_day
from learning.settings import Settings
from storage.models import Person
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState, Preference

# The defaults of WORKING_HOURS_START, WORKING_HOURS_END and NUDGE_DAILY_CAP.
WORKING_HOURS_START = time(9, 0)
WORKING_HOURS_END = time(17, 0)
DAILY_CAP = 2
# Far enough to pass a long leave or a run of bank holidays; beyond it something is wrong.
LOOK_AHEAD_DAYS = 400

# Kinds a person receives for themselves; a digest to a channel or a lead's service
# reminder is work, not a nudge, and does not use up anyone's cap.
CAPPED_KINDS = {DeliveryKind.NUGGET, DeliveryKind.NUGGET_RECHECK, DeliveryKind.TRAINING_REMINDER,
                DeliveryKind.TRAINING_EVENT, DeliveryKind.PULSE, DeliveryKind.COURSE_REACTION}


@dataclass(frozen=True)
class Rules:
    time_zone: ZoneInfo
    start: time = WORKING_HOURS_START
    end: time = WORKING_HOURS_END
    on_leave_until: date | None = None
    quiet_from: time | None = None
    quiet_until: time | None = None
    daily_cap: int = DAILY_CAP


def rules_for(person: Person, preference: Preference | None, settings: Settings) -> Rules:
    return Rules(
        time_zone=_zone(person.time_zone, settings.timezone),
        start=settings.working_hours_start,
        end=settings.working_hours_end,
        on_leave_until=_later(person.on_leave_until,
                              preference.paused_until if preference else None),
        quiet_from=preference.quiet_from if preference else None,
        quiet_until=preference.quiet_until if preference else None,
        daily_cap=preference.daily_cap if preference and preference.daily_cap is not None
        else settings.nudge_daily_cap,
    )


def _later(first: date | None, second: date | None) -> date | None:
    """Leave an admin recorded and a pause the person chose: nothing goes until both end."""
    found = [day for day in (first, second) if day is not None]
    return max(found) if found else None


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


# What an unsubscribe link stops: the learning sent out to people. Their work still reaches
# them: a report's dates, an action they own, statutory reminders, the learning group's and a
# training representative's digests, and what a reporter is told about their own report.
LEARNING_KINDS = frozenset(CAPPED_KINDS | {DeliveryKind.BULLETIN})
UNSUBSCRIBED = "they unsubscribed from LearnLoop's learning messages"


def unsubscribed(preference: Preference | None, kind: DeliveryKind) -> bool:
    """No learning goes to someone who used an unsubscribe link, until they opt back in."""
    return (kind in LEARNING_KINDS and preference is not None
            and preference.unsubscribed_at is not None)


def recent_nudges(session: Session, person_ids: set[int],
                  now: datetime) -> dict[int, list[datetime]]:
    """When each person was sent a capped nudge in the last two days: enough to count any
    local day a send could fall on now, fetched once per batch rather than once per send."""
    found: dict[int, list[datetime]] = {person_id: [] for person_id in person_ids}
    rows = session.execute(select(Delivery.person_id, Delivery.sent_at).where(
        Delivery.person_id.in_(person_ids), Delivery.kind.in_(CAPPED_KINDS),
        Delivery.state == DeliveryState.SENT, Delivery.sent_at >= now - timedelta(days=2)))
    for person_id, sent_at in rows:
        found[person_id].append(sent_at)
    return found


def counter(sent: list[datetime], zone: ZoneInfo) -> Callable[[date], int]:
    """Counts the sends in `sent` that fell on a local day."""
    return lambda day: sum(1 for moment in sent if moment.astimezone(zone).date() == day)


def _zone(name: str | None, default: ZoneInfo) -> ZoneInfo:
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default
