"""Sending a report in a unit of work of its own, redone whole if the database refuses it.

A report's reference and its case key's locator are random (about 40 bits each) and unique in
the database. Rather than ask the database first whether each is free (two more queries, and a
flush, on every report), the insert is trusted to refuse a clash, and the whole unit of work is
redone: `submit_report` draws a new reference and key and checks the answers again. At a
million reports stored a clash is about one report in a million, so the redo is almost never
paid. Any other refusal (an agency removed meanwhile, a replayed submission stored by another
worker) is met by the same redo, whose checks then say what is wrong; one that keeps coming
back is raised, and the channel answers it as a database error, keeping what was typed.
Every channel sends through `redone_if_refused`: the web form by `send_web_report`, Slack's
modal, Teams' card and the chat conversation around their own unit of work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from learning.people.sessions import reserve_receipt
from learning.reports.intake import ReportDraft, SubmissionResult, submit_report
from learning.reports.web_drafts import forget_draft
from learning.settings import Settings
from storage.database import Database, UnitOfWork
from storage.vocabulary import Channel

log = logging.getLogger(__name__)
ATTEMPTS = 3
Sent = TypeVar("Sent")


@dataclass(frozen=True)
class WebReportSent:
    result: SubmissionResult
    # The one-time place the receipt is kept for the confirmation page (learning.people.sessions).
    receipt_token: str


def redone_if_refused(database: Database, send: Callable[[UnitOfWork], Sent]) -> Sent:
    """`send(uow)` in a fresh unit of work, redone from the start (up to ATTEMPTS times) when
    its commit is refused by a unique or foreign key. `send` must commit in the unit of work
    it is given and do nothing outside it that cannot be done twice."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with database.unit_of_work() as uow:
                return send(uow)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
            # The class only: the error's text can quote the report.
            log.warning("storing a report was refused (attempt %d of %d); trying again",
                        attempt, ATTEMPTS)
    raise AssertionError("unreachable")


def send_web_report(database: Database, draft: ReportDraft, *, drafts_secret: object,
                    draft_id: str, settings: Settings, now: datetime) -> WebReportSent:
    """The web form's "Send report": the report stored, its sealed draft deleted and a place
    kept for its receipt, in one commit. Raises InvalidReport, keeping the draft."""

    def send(uow: UnitOfWork) -> WebReportSent:
        forget_draft(uow.session, secret=drafts_secret, draft_id=draft_id)
        token = reserve_receipt(uow.session, now=now)
        result = submit_report(uow, draft, channel=Channel.WEB, settings=settings, now=now)
        return WebReportSent(result=result, receipt_token=token)

    return redone_if_refused(database, send)
