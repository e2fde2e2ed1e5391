"""Taking in a report: the one function every channel (web, Slack, Teams, web chat) calls.

A channel collects a `ReportDraft` however it likes, shows the problems `check_draft`
returns next to what the reporter typed, and calls `submit_report` once they are fixed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from learning.evaluation.report_counts import count_report
from learning.reports import timeline
from learning.nudges.calendar import working_days_after
from learning.people.directory import active_agencies_among
from learning.reports.case_keys import issue_case_key
from learning.reports.clean_text import clean_draft
from learning.privacy.pii import Finding, find_personal_details
from learning.reports.references import new_reference
from learning.settings import Settings
from storage.database import UnitOfWork, insert_row
from storage.models import Report, ReporterIdentity, report_agencies
from storage.vocabulary import (
    Channel,
    EventKind,
    IdentityMode,
    ReportKind,
    ReportStatus,
    Setting,
    Severity,
)

log = logging.getLogger(__name__)

WHAT_HAPPENED_MAX = 5000
WHAT_STOPPED_HARM_MAX = 2000
NAME_MAX = 200
EMAIL_MAX = 320
NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Reporter:
    """Who is reporting, as the channel knows them. Ignored entirely for anonymous reports."""

    name: str | None = None
    email: str | None = None
    job_title: str | None = None
    agency_id: int | None = None
    person_id: int | None = None
    chat_address: dict[str, Any] | None = None


@dataclass(frozen=True)
class ReportDraft:
    """The answers as typed; strings for choices so a channel can pass form values straight in."""

    immediate_risk: bool | None = None
    kind: str | None = None
    what_happened: str = ""
    # The rest of what happened, where a channel's input holds less than a report can say.
    what_happened_more: str = ""
    occurred_on: date | None = None
    setting: str | None = None
    agency_ids: Sequence[int] = ()
    what_stopped_harm: str = ""
    potential_severity: str | None = None
    child_died_or_seriously_harmed: bool = False
    abuse_or_neglect_suspected: bool = False
    looked_after_child_died: bool = False
    identity_mode: str | None = None
    reporter: Reporter = field(default_factory=Reporter)

    def told(self) -> str:
        """What happened, in full: both parts, as the report keeps it."""
        parts = (self.what_happened.strip(), self.what_happened_more.strip())
        return "\n\n".join(part for part in parts if part)


@dataclass(frozen=True)
class Problem:
    """One thing to fix: `field` names the ReportDraft attribute it belongs to."""

    field: str
    message: str


class InvalidReport(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class SubmissionResult:
    reference: str
    identity_mode: IdentityMode
    urgent: bool
    notifiable: bool
    acknowledgement_due: date
    notification_due: date | None
    rapid_review_due: date | None
    # Shown once and never stored in clear: for anonymous reports and every web report.
    case_key: str | None
    # The emergency contacts, when the reporter said a child is at immediate risk.
    signposting: str | None


def check_draft(
    draft: ReportDraft, *, today: date, known_agency_ids: set[int]
) -> list[Problem]:
    """Every problem with the draft at once, each with what to do about it."""
    draft = clean_draft(draft)
    problems: list[Problem] = []

    def need(condition: bool, name: str, message: str) -> None:
        if not condition:
            problems.append(Problem(name, message))

    need(draft.immediate_risk is not None, "immediate_risk",
         "Say whether a child is at immediate risk of harm")
    _choice(problems, "kind", draft.kind, ReportKind, "Select what kind of report this is")
    what = draft.told()
    need(bool(what), "what_happened", "Describe what happened")
    need(len(what) <= WHAT_HAPPENED_MAX, "what_happened",
         f"What happened must be {WHAT_HAPPENED_MAX} characters or fewer; you have {len(what)}")
    need(draft.occurred_on is not None, "occurred_on",
         "Enter when it happened, as a date such as 27 3 2026")
    need(draft.occurred_on is None or draft.occurred_on <= today, "occurred_on",
         "The date it happened must be today or in the past")
    _choice(problems, "setting", draft.setting, Setting, "Select where it happened")
    unknown = [a for a in draft.agency_ids if a not in known_agency_ids]
    need(not unknown, "agency_ids", "Select agencies from the list")
    stopped = draft.what_stopped_harm.strip()
    need(len(stopped) <= WHAT_STOPPED_HARM_MAX, "what_stopped_harm",
         f"What stopped harm must be {WHAT_STOPPED_HARM_MAX} characters or fewer; "
         f"you have {len(stopped)}")
    _choice(problems, "potential_severity", draft.potential_severity, Severity,
            "Select how serious it could have been")
    _choice(problems, "identity_mode", draft.identity_mode, IdentityMode,
            "Select whether to report named, confidentially or anonymously")
    if draft.identity_mode in (IdentityMode.NAMED, IdentityMode.CONFIDENTIAL):
        problems.extend(_reporter_problems(draft.reporter))
    return problems


def _choice(problems: list[Problem], name: str, value: str | None, allowed: type,
            message: str) -> None:
    if value not in {member.value for member in allowed}:
        problems.append(Problem(name, message))


def _reporter_problems(reporter: Reporter) -> list[Problem]:
    problems = []
    name = (reporter.name or "").strip()
    email = (reporter.email or "").strip()
    if not name and reporter.person_id is None:
        problems.append(Problem("reporter_name",
                                "Enter your name, or choose to report anonymously"))
    if len(name) > NAME_MAX:
        problems.append(Problem("reporter_name",
                                f"Your name must be {NAME_MAX} characters or fewer"))
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        problems.append(Problem("reporter_email", "Enter an email address in the correct format, "
                                                  "like name@example.org"))
    if not email and reporter.chat_address is None and reporter.person_id is None:
        problems.append(Problem("reporter_email",
                                "Enter your email address so the learning group can reply to you"))
    return problems


def check_answers(session: Session, draft: ReportDraft, *, today: date) -> list[Problem]:
    """`check_draft` against the agencies the partnership has today."""
    chosen = active_agencies_among(session, draft.agency_ids)
    return check_draft(draft, today=today, known_agency_ids={a.id for a in chosen})


def personal_details(draft: ReportDraft, *, today: date) -> dict[str, list[Finding]]:
    """What the PII guard finds in each free-text answer, for the reporter to review."""
    draft = clean_draft(draft)
    return {
        "what_happened": find_personal_details(draft.told(), today=today),
        "what_stopped_harm": find_personal_details(draft.what_stopped_harm.strip(), today=today),
    }


def submit_report(
    uow: UnitOfWork,
    draft: ReportDraft,
    *,
    channel: Channel,
    settings: Settings,
    now: datetime,
) -> SubmissionResult:
    """Check, store and commit a report with its first timeline event; all or nothing.

    Raises InvalidReport with every problem when the draft is not ready.
    """
    session = uow.session
    today = now.astimezone(settings.timezone).date()
    # Checked, scanned and stored as cleaned: the same words on SQLite and PostgreSQL.
    draft = clean_draft(draft)
    agencies = active_agencies_among(session, draft.agency_ids)
    problems = check_draft(draft, today=today, known_agency_ids={a.id for a in agencies})
    if problems:
        raise InvalidReport(problems)

    mode = IdentityMode(draft.identity_mode)
    notifiable = is_notifiable(draft)
    urgent = bool(draft.immediate_risk) or notifiable
    found = personal_details(draft, today=today)
    kind = ReportKind(draft.kind)
    acknowledgement_due = working_days_after(today, settings.acknowledgement_working_days)
    notification_due = _due(today, NOTIFICATION_WORKING_DAYS, notifiable)
    rapid_review_due = _due(today, RAPID_REVIEW_WORKING_DAYS, notifiable)
    # Random, and unique in the database: a clash is refused there, and the caller's unit of
    # work redone (learning.reports.sending), instead of asking first on every report.
    reference = new_reference()
    # Inserted as rows, each one statement, rather than as objects for the ORM to flush: every
    # channel's "send" pays for this, and the ORM's bookkeeping cost more than the writes.
    report_id = insert_row(
        session, Report,
        reference=reference,
        kind=kind,
        what_happened=draft.told(),
        occurred_on=draft.occurred_on,
        setting=Setting(draft.setting),
        what_stopped_harm=draft.what_stopped_harm.strip() or None,
        potential_severity=Severity(draft.potential_severity),
        immediate_risk=bool(draft.immediate_risk),
        child_died_or_seriously_harmed=draft.child_died_or_seriously_harmed,
        abuse_or_neglect_suspected=draft.abuse_or_neglect_suspected,
        looked_after_child_died=draft.looked_after_child_died,
        identity_mode=mode,
        channel=channel,
        status=ReportStatus.NEW,
        urgent=urgent,
        notifiable=notifiable,
        personal_details={name: [[f.start, f.end, f.kind.value] for f in spans]
                          for name, spans in found.items() if spans},
        submitted_at=now,
        submitted_month=today.replace(day=1),
        submitted_on=today,
        acknowledgement_due=acknowledgement_due,
        notification_due=notification_due,
        rapid_review_due=rapid_review_due,
    )
    agency_ids = sorted(a.id for a in agencies)
    if agency_ids:
        session.execute(insert(report_agencies), [{"report_id": report_id, "agency_id": a}
                                                  for a in agency_ids])
    if mode is not IdentityMode.ANONYMOUS:
        insert_row(session, ReporterIdentity, report_id=report_id, **_identity(draft.reporter))
    # A chat reporter is answered in their chat; everyone else comes back with a case key.
    case_key = None
    if mode is IdentityMode.ANONYMOUS or channel is Channel.WEB:
        case_key = issue_case_key(session, report_id, hash_key=settings.case_key_secret)
    timeline.record_new(session, report_id, EventKind.SUBMITTED, actor=timeline.REPORTER,
                        at=now, channel=channel.value, identity_mode=mode.value, urgent=urgent,
                        notifiable=notifiable)
    # Last before the commit: the day's count is one row every submission that day writes.
    count_report(session, day=today, kind=kind.value, channel=channel.value,
                 agency_ids=agency_ids)
    uow.commit()
    log.info("report submitted: channel=%s urgent=%s notifiable=%s", channel.value, urgent,
             notifiable)
    return SubmissionResult(
        reference=reference,
        identity_mode=mode,
        urgent=urgent,
        notifiable=notifiable,
        acknowledgement_due=acknowledgement_due,
        notification_due=notification_due,
        rapid_review_due=rapid_review_due,
        case_key=case_key,
        signposting=settings.emergency_contacts if draft.immediate_risk else None,
    )


def is_notifiable(draft: ReportDraft) -> bool:
    """Working Together 2023: abuse or neglect known or suspected and the child died or was
    seriously harmed; or a looked after child died, whether or not abuse was suspected."""
    return (draft.child_died_or_seriously_harmed and draft.abuse_or_neglect_suspected) or \
        draft.looked_after_child_died


def _due(today: date, working_days: int, notifiable: bool) -> date | None:
    return working_days_after(today, working_days) if notifiable else None


def _identity(reporter: Reporter) -> dict[str, Any]:
    return {
        "person_id": reporter.person_id,
        "name": (reporter.name or "").strip() or None,
        "email": (reporter.email or "").strip() or None,
        "job_title": (reporter.job_title or "").strip() or None,
        "agency_id": reporter.agency_id,
        "chat_address": reporter.chat_address,
    }
