"""Triage from a report's channel post (Slack or Teams): Acknowledge and Assign to me.

Who pressed is matched to an account by their verified work email. A report that is not
there and an account that may not touch it get the same answer, on every platform, so a
button never tells anyone more than the post already did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from learning.messaging import Messenger, ReportCard, report_card
from learning.reports import triage
from learning.reports.access import NotAllowed, Permission, account_by_email, allowed
from learning.reports.posting import refresh_report_posts
from learning.settings import Settings
from storage.database import Database
from storage.vocabulary import Platform

NOT_FOUND_OR_NOT_YOURS = ("You do not have access to do that, or the report is no longer there. "
                          "Ask a learning lead if you need it.")


class ChatStep(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    ASSIGN_TO_ME = "assign_to_me"


@dataclass(frozen=True)
class ChatTriage:
    """Done, with the report's card as it now stands; or the sentence to say privately to the
    person who pressed (`refusal`)."""

    refusal: str | None = None
    card: ReportCard | None = None

    @property
    def done(self) -> bool:
        return self.refusal is None


def triage_from_chat(database: Database, reference: str, step: ChatStep, *, email: str | None,
                     now: datetime, settings: Settings,
                     messengers: Mapping[Platform, Messenger]) -> ChatTriage:
    """Make the change in one unit of work, then re-render every post of the report."""
    with database.unit_of_work() as uow:
        account = account_by_email(uow.session, email)
        report = triage.find_report(uow.session, reference)
        if report is None or not allowed(account, Permission.TRIAGE, report):
            return ChatTriage(NOT_FOUND_OR_NOT_YOURS)
        try:
            if step is ChatStep.ACKNOWLEDGE:
                triage.acknowledge(uow.session, report, by=account, now=now)
            else:
                triage.assign(uow.session, report, by=account, assignee=account, now=now)
        except NotAllowed:
            return ChatTriage(NOT_FOUND_OR_NOT_YOURS)
        except triage.TransitionRefused as refused:
            return ChatTriage(str(refused))
        uow.commit()
    refresh_report_posts(database, reference, settings=settings, messengers=messengers)
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        return ChatTriage(card=report_card(report, settings) if report else None)
