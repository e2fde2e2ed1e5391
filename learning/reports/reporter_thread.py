"""The learning group talking to the reporter, wherever they reported and however anonymous.

A message is always kept on the report (the follow-up page shows it to a case-key holder);
if the reporter is known on a chat platform it also goes there, through the outbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from learning.reports import timeline
from learning.reports.access import Permission, require
from learning.reports.clean_text import clean_text
from learning.reports.follow_up import REPLY_MAX
from learning.reports.telling_reporters import tell_reporter
from learning.reports.triage import TransitionRefused
from storage.models import Account, Report, ReportMessage
from storage.models.nudges import DeliveryKind
from storage.vocabulary import EventKind


def message_reporter(session: Session, report: Report, *, by: Account, body: str,
                     now: datetime) -> ReportMessage:
    require(by, Permission.MESSAGE_REPORTER, report)
    text = clean_text(body).strip()
    if not text:
        raise TransitionRefused("Write your message to the reporter")
    if len(text) > REPLY_MAX:
        raise TransitionRefused(f"A message must be {REPLY_MAX} characters or fewer")
    message = ReportMessage(report=report, from_reporter=False, account_id=by.id, body=text,
                            sent_at=now)
    session.add(message)
    timeline.record(session, report, EventKind.MESSAGE, actor=timeline.account_actor(by.id),
                    at=now, from_reporter=False)
    tell_reporter(session, report, text, kind=DeliveryKind.REPORTER_MESSAGE, now=now)
    return message
