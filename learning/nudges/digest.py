"""The learning group's weekly digest, and reminders to a report's assignee about its dates.

Both carry references, counts and dates only: never report text or who reported.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from learning.nudges.calendar import working_days_after
from learning.nudges.delivery_notices import payload_of
from learning.reports.labels import label
from learning.messaging import Digest, DigestSection, TextNotice
from learning.one_by_one import each
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.settings import Settings
from learning.reports.triage import OPEN
from storage.models import Person, Report
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState, LearningGroupChannel
from storage.vocabulary import Platform, ReportStatus


def weekly_digest(session: Session, settings: Settings, *, now: datetime) -> Digest:
    today = now.astimezone(settings.timezone).date()
    since = now - timedelta(days=7)
    new = session.scalars(select(Report).where(Report.submitted_at >= since)).all()
    kinds = Counter(label(r.kind) for r in new)
    themes = Counter(t.replace("_", " ").capitalize() for r in new for t in r.themes)
    overdue = session.scalars(select(Report.reference).where(
        Report.status == ReportStatus.NEW, Report.acknowledgement_due < today)
        .order_by(Report.acknowledgement_due)).all()
    clocks = session.scalars(select(Report).where(
        Report.notifiable, Report.status.in_(OPEN)).order_by(Report.submitted_at)).all()
    sent, read = _nugget_counts(session, since)
    rate = f"{read * 100 // sent}%" if sent else "none sent"
    return Digest(
        title=f"{settings.partnership_name}: the week to {today:%-d %B %Y}",
        sections=(
            DigestSection(f"New reports ({len(new)})",
                          tuple(f"{kind}: {count}" for kind, count in sorted(kinds.items()))),
            DigestSection("Themes", tuple(f"{theme}: {count}" for theme, count
                                          in themes.most_common(8))),
            DigestSection(f"Acknowledgement overdue ({len(overdue)})", tuple(overdue)),
            DigestSection(f"Statutory clocks running ({len(clocks)})",
                          tuple(_clock_line(r) for r in clocks)),
            DigestSection("Learning nuggets", (f"Sent this week: {sent}",
                                               f"Acknowledged: {read} ({rate})")),
        ),
        link=f"{settings.base_url.rstrip('/')}/dashboard",
    )


def _clock_line(report: Report) -> str:
    parts = [report.reference]
    if report.notification_due:
        parts.append(f"notify by {report.notification_due:%-d %b}")
    if report.rapid_review_due:
        parts.append(f"rapid review by {report.rapid_review_due:%-d %b}")
    return ", ".join(parts)


def _nugget_counts(session: Session, since: datetime) -> tuple[int, int]:
    row = session.execute(select(func.count(), func.count(Delivery.read_at)).where(
        Delivery.kind == DeliveryKind.NUGGET, Delivery.state == DeliveryState.SENT,
        Delivery.sent_at >= since)).one()
    return row[0], row[1]


def learning_group_addresses(session: Session, settings: Settings
                             ) -> list[tuple[Platform, dict[str, Any]]]:
    """The learning group's channels: those kept in the database, then the Slack and Teams
    channels named in the settings (a Teams-only partnership names only the Teams one)."""
    found = [(c.platform, dict(c.address)) for c in session.scalars(select(LearningGroupChannel))]
    configured = []
    if settings.slack_learning_channel:
        configured.append((Platform.SLACK, {"channel": settings.slack_learning_channel}))
    if settings.teams_learning_channel:
        # The Teams messenger completes a bare channel id from the team's install.
        configured.append((Platform.TEAMS, {"channel_id": settings.teams_learning_channel}))
    return found + [where for where in configured if where not in found]


def schedule_weekly_digest(session: Session, settings: Settings, *, now: datetime) -> int:
    week = now.astimezone(settings.timezone).date().isocalendar()
    payload = payload_of(weekly_digest(session, settings, now=now))
    return schedule(session, [
        {"kind": DeliveryKind.DIGEST, "item": "weekly-digest", "platform": platform,
         "recipient": f"channel:{platform.value}:{_channel_id(address)}", "address": address,
         "occasion": f"week:{week.year}-W{week.week:02d}", "not_before": now, "payload": payload}
        for platform, address in learning_group_addresses(session, settings)])


def _channel_id(address: dict[str, Any]) -> str:
    return str(address.get("channel") or address.get("channel_id")
               or (address.get("conversation") or {}).get("id", ""))[:150]


def service_stage(due: date, today: date) -> str | None:
    """"near" from the working day before the date, "past" after it; None before that."""
    if today > due:
        return "past"
    if working_days_after(today, 1) >= due:
        return "near"
    return None


def schedule_service_reminders(session: Session, settings: Settings, *, now: datetime) -> int:
    today = now.astimezone(settings.timezone).date()
    reports = session.scalars(select(Report).where(
        Report.status.in_(OPEN), Report.assignee_id.is_not(None))
        .options(selectinload(Report.assignee))).all()

    def remind(report: Report) -> int:
        person = session.scalar(select(Person).where(
            func.lower(Person.email) == report.assignee.email.lower(), Person.active))
        if person is None:
            return 0
        dates = ([("acknowledgement", report.acknowledgement_due)]
                 if report.status == ReportStatus.NEW else [])
        dates += [("notification", report.notification_due),
                  ("rapid review", report.rapid_review_due)]
        rows = []
        for what, due in dates:
            stage = service_stage(due, today) if due else None
            if stage is None:
                continue
            when = "was due" if stage == "past" else "is due"
            text = (f"{report.reference}: the {what} {when} on {due:%A %-d %B}. "
                    f"{settings.base_url.rstrip('/')}/dashboard/reports/{report.reference}")
            rows.append(delivery_row(
                kind=DeliveryKind.SERVICE_REMINDER, item=f"report:{report.id}:{what}",
                person=person, occasion=f"{stage}:{due.isoformat()}", settings=settings,
                not_before=datetime.combine(today, time(0), settings.timezone),
                payload=payload_of(TextNotice(text))))
        return schedule(session, rows)

    return each(session, reports, remind, what="report")
