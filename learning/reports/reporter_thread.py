"""The learning group talking to the reporter, wherever they reported and however anonymous.

A message is always kept on the report (the follow-up page shows it to a case-key holder);
if the reporter is known on a chat platform it is also sent there as a direct message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from learning.reports import timeline
from learning.reports.access import Permission, require
from learning.reports.clean_text import clean_text
from learning.reports.follow_up import REPLY_MAX
from learning.messaging import DeliveryError, Messenger, TextNotice
from learning.reports.triage import TransitionRefused
from storage.models import Account, Report, ReportMessage
from storage.vocabulary import EventKind, Platform

log = logging.getLogger(__name__)


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
    return message


def chat_address(report: Report) -> tuple[Platform, dict[str, Any]] | None:
    """Where the reporter can be messaged directly, if they reported on a chat platform."""
    identity = report.identity
    address = identity.chat_address if identity is not None else None
    if not address:
        return None
    if address.get("slack_user_id"):
        return Platform.SLACK, {"channel": address["slack_user_id"]}
    if address.get("conversation"):
        return Platform.TEAMS, address
    return None


def tell_reporter(report: Report, text: str, *,
                  messengers: Mapping[Platform, Messenger]) -> bool:
    """Send `text` to the reporter's chat, if they have one; True if it was sent."""
    found = chat_address(report)
    if found is None or found[0] not in messengers:
        return False
    platform, address = found
    notice = TextNotice(f"About your report {report.reference}, from the learning group:\n{text}\n\n"
                        f"To answer, send: reply {report.reference} followed by your answer.")
    try:
        messengers[platform].send(address, notice)
    except DeliveryError as failure:
        log.error("a message to a reporter on %s failed: %s", platform.value, failure.reason)
        return False
    return True
