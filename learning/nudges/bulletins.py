"""Learning bulletins: each period's shared nuggets, "you said, we did" stories and training dates.

The clock drafts one for every period (BULLETIN_EVERY_MONTHS, counted from January) once it
has ended; a lead reviews it, edits the introduction and sends it to the learning group's
and the agencies' channels, and through the outbox to people reached by email.

What a story may show (the de-identification rule, in one place): only a report that is
closed with a "you said, we did" and that a lead marked shareable; only its masked text
(personal details found at intake, then whatever the PII guard finds in the outcome) with
any LearnLoop reference removed; never the reporter, the date or the reference; and an
agency's name only when at least SMALL_AGENCY reports involving it were made in the
twelve months to the period's end (fewer could point to the team, so it is "a partner
agency" instead).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from learning.messaging import Digest, DigestSection
from learning.nudges.briefing import markdown_lines
from learning.nudges.delivery_notices import payload_of
from learning.nudges.digest import learning_group_addresses
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.privacy.masking import deidentified, masked_answer
from learning.reports.access import Permission, require
from learning.reports.labels import label
from learning.reports.triage import TransitionRefused
from learning.settings import Settings
from storage.models import Account, Agency, Person, Report, report_agencies
from storage.models.nudges import (AgencyChannel, Bulletin, BulletinState, DeliveryKind, Nugget,
                                   NuggetState)
from storage.models.training import TrainingEvent
from storage.vocabulary import ReportStatus

SMALL_AGENCY = 5
# Training dates shown: those in the two months after the bulletin is drafted.
EVENTS_AHEAD = timedelta(days=62)
STORY_MAX = 1200
INTRODUCTION_MAX = 3000


def period_containing(day: date, months: int) -> tuple[date, date]:
    """The first and last day of the period (of `months` months from January) holding `day`."""
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + months
    end = date(day.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def last_full_period(today: date, months: int) -> tuple[date, date]:
    start, _ = period_containing(today, months)
    return period_containing(start - timedelta(days=1), months)


def _instant(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, time(0), settings.timezone).astimezone(UTC)


def draft_bulletin(session: Session, settings: Settings, *, now: datetime) -> int:
    """Draft the bulletin for the last period to end, once; returns 1 if drafted, else 0.
    Run daily, so a clock that was down drafts it late rather than never."""
    today = now.astimezone(settings.timezone).date()
    start, end = last_full_period(today, settings.bulletin_every_months)
    if session.scalar(select(Bulletin.id).where(Bulletin.period_start == start)) is not None:
        return 0
    title = f"{settings.partnership_name} learning bulletin: {_period_words(start, end)}"
    session.add(Bulletin(period_start=start, period_end=end, title=title,
                         contents=assemble(session, settings, start, end, now=now)))
    session.flush()
    return 1


def _period_words(start: date, end: date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    return f"{start:%B} to {end:%B %Y}"


def assemble(session: Session, settings: Settings, start: date, end: date, *,
             now: datetime) -> dict[str, Any]:
    """What a bulletin for the period holds, and what was left out and why (counts only)."""
    since, until = _instant(start, settings), _instant(end + timedelta(days=1), settings)
    nuggets = session.scalars(select(Nugget).where(
        Nugget.first_sent_at >= since, Nugget.first_sent_at < until).order_by(Nugget.id)).all()
    shared = [n for n in nuggets if n.state is not NuggetState.WITHDRAWN]
    closed = session.scalars(select(Report).where(
        Report.status == ReportStatus.CLOSED, Report.outcome.is_not(None),
        Report.closed_at >= since, Report.closed_at < until)
        .options(selectinload(Report.agencies)).order_by(Report.closed_at, Report.id)).all()
    stories = [r for r in closed if r.share_in_bulletin]
    named = _agencies_to_name(session, until)
    events = session.scalars(select(TrainingEvent).where(
        TrainingEvent.starts_at >= now, TrainingEvent.starts_at < now + EVENTS_AHEAD)
        .order_by(TrainingEvent.starts_at)).all()
    left_out = []
    if len(nuggets) > len(shared):
        left_out.append({"what": f"{len(nuggets) - len(shared)} nugget(s)",
                         "why": "withdrawn by the learning group"})
    if len(closed) > len(stories):
        left_out.append({"what": f"{len(closed) - len(stories)} closed report(s)",
                         "why": "not marked shareable by a lead"})
    return {
        "nuggets": [{"id": n.id, "title": n.title, "source": n.source} for n in shared],
        "stories": [story(r, named, today=end) for r in stories],
        "events": [{"title": e.title, "starts_at": e.starts_at.isoformat(),
                    "location": e.location} for e in events],
        "left_out": left_out,
    }


def _agencies_to_name(session: Session, until: datetime) -> set[int]:
    counts = session.execute(
        select(report_agencies.c.agency_id, func.count())
        .join(Report, Report.id == report_agencies.c.report_id)
        .where(Report.submitted_at >= until - timedelta(days=365), Report.submitted_at < until)
        .group_by(report_agencies.c.agency_id)).all()
    return {agency_id for agency_id, count in counts if count >= SMALL_AGENCY}


def story(report: Report, named: set[int], *, today: date) -> dict[str, str]:
    """One "you said, we did", de-identified by the rule at the top of this module."""
    agencies = [a.name for a in report.agencies if a.id in named]
    return {"kind": label(report.kind),
            "said": _deidentified(masked_answer(report, "what_happened"), today),
            "did": _deidentified(report.outcome or "", today),
            "agency": ", ".join(agencies) if agencies else "a partner agency"}


def _deidentified(text: str, today: date) -> str:
    masked = deidentified(text, today=today)
    return masked if len(masked) <= STORY_MAX else masked[:STORY_MAX - 1] + "…"


def set_introduction(bulletin: Bulletin, introduction: str) -> str | None:
    """The problem with the introduction, or None once it is set. Only a draft changes."""
    if bulletin.state is not BulletinState.DRAFT:
        return "This bulletin has been sent, so it can no longer be changed"
    if len(introduction) > INTRODUCTION_MAX:
        return f"Keep the introduction to {INTRODUCTION_MAX} characters"
    bulletin.introduction = introduction.strip()
    return None


def bulletin_notice(bulletin: Bulletin, settings: Settings) -> Digest:
    """The bulletin as every channel shows it: a digest of plain lines (each messenger
    escapes them) and a link to read it in full on /learning/bulletins."""
    base = settings.base_url.rstrip("/")
    contents = bulletin.contents
    sections = []
    if bulletin.introduction:
        sections.append(DigestSection("From the learning group",
                                      tuple(markdown_lines(bulletin.introduction))))
    sections.append(DigestSection(f"Learning nuggets ({len(contents['nuggets'])})", tuple(
        f"{n['title']}: {base}/learning/{n['id']}" for n in contents["nuggets"])))
    sections.append(DigestSection(f"You said, we did ({len(contents['stories'])})", tuple(
        f"{s['kind']}, {s['agency']}. You said: {s['said']} We did: {s['did']}"
        for s in contents["stories"])))
    sections.append(DigestSection(f"Training coming up ({len(contents['events'])})", tuple(
        event_line(e, settings) for e in contents["events"])))
    return Digest(title=bulletin.title, sections=tuple(sections),
                  link=f"{base}/learning/bulletins/{bulletin.id}")


def event_line(event: dict[str, Any], settings: Settings) -> str:
    starts = datetime.fromisoformat(event["starts_at"]).astimezone(settings.timezone)
    return f"{event['title']}: {starts:%A %-d %B, %H:%M}, {event['location']}"


def send_bulletin(session: Session, bulletin: Bulletin, settings: Settings, *, by_id: int,
                  now: datetime) -> int:
    """Mark it sent and put it in the outbox: every learning group and agency channel, and
    each person with no chat address (email, once a mail messenger is configured; skipped
    with the reason until then). Returns how many deliveries were written."""
    bulletin.state, bulletin.sent_at, bulletin.sent_by = BulletinState.SENT, now, by_id
    common = {"kind": DeliveryKind.BULLETIN, "item": f"bulletin:{bulletin.id}",
              "occasion": "sent", "not_before": now,
              "payload": payload_of(bulletin_notice(bulletin, settings))}
    rows = [{**common, "platform": platform, "address": address, "person_id": None,
             "recipient": f"channel:{platform.value}:{_where(address)}"}
            for platform, address in _channels(session, settings)]
    people = session.scalars(select(Person).where(Person.active, Person.email.is_not(None))
                             .order_by(Person.id))
    rows += [delivery_row(person=person, settings=settings, **common) for person in people
             if not person.slack_user_id and not person.teams_conversation]
    return schedule(session, rows)


def _channels(session: Session, settings: Settings) -> list[tuple[Any, dict[str, Any]]]:
    found = learning_group_addresses(session, settings)
    agencies = session.scalars(select(AgencyChannel).join(Agency).where(Agency.active)
                               .order_by(AgencyChannel.id))
    return found + [(c.platform, dict(c.address)) for c in agencies
                    if (c.platform, dict(c.address)) not in found]


def _where(address: dict[str, Any]) -> str:
    return str(address.get("channel") or address.get("channel_id")
               or (address.get("conversation") or {}).get("id", ""))[:150]



def share_in_bulletin(session: Session, report: Report, *, by: Account, share: bool) -> None:
    """The lead's yes or no to a closed report's story appearing, de-identified, in a bulletin."""
    require(by, Permission.TRIAGE, report)
    if share and (report.status is not ReportStatus.CLOSED or not report.outcome):
        raise TransitionRefused("Only a report closed with a \"you said, we did\" can be shared "
                                "in a bulletin: close it first")
    report.share_in_bulletin = share
