"""Reporting through the modal: the slash command, the message shortcut, the Home button,
and the submission.

The submission is stored before the ack, so a problem (or a database outage) comes back
inline with every answer kept; the direct message and the channel post go after the ack.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.clients import quick_client
from bot.slack.escaping import as_typed
from bot.slack.ids import Action, Callback
from bot.slack.people import named_reporter
from bot.slack.report_modal import (draft_from_view, modal_errors, personal_details_checked,
                                   personal_details_error, report_modal, sent_view)
from learning.people.directory import active_agencies
from learning.reports.intake import InvalidReport, SubmissionResult, check_answers, submit_report
from learning.reports.personal_details import checked_token, details_to_check
from learning.reports.posting import post_new_report
from learning.reports.sending import redone_if_refused
from learning.reports.submissions import first_arrival
from learning.reports.telling_reporters import queue_receipt
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.vocabulary import Channel, IdentityMode

log = logging.getLogger(__name__)

NOT_SAVED = ("We could not save your report just now. Nothing is lost: press Send report again "
             "in a minute.")


def register(app: App, services: Any) -> None:
    settings, database = services.settings, services.database

    def open_form(client: WebClient, trigger_id: str, prefill: str = "") -> None:
        with database.unit_of_work() as uow:
            agencies = active_agencies(uow.session)
        try:
            client.views_open(trigger_id=trigger_id,
                              view=report_modal(settings, agencies, prefill=prefill))
        except SlackClientError as failure:
            log.error("opening the report form failed: %s", type(failure).__name__)

    @app.command(settings.slack_command)
    def open_form_from_command(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        open_form(client, body["trigger_id"])

    @app.shortcut(Callback.REPORT_MESSAGE_SHORTCUT.value)
    def open_form_from_message(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        open_form(client, body["trigger_id"], as_typed(body.get("message", {}).get("text", "")))

    @app.action(Action.OPEN_REPORT_MODAL.value)
    def open_form_from_home(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        open_form(client, body["trigger_id"])

    @app.view(Callback.REPORT_MODAL.value)
    def take_report(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        user = body["user"]
        result, errors = _store(database, settings, view, user, client.token)
        if result is None:
            if errors:
                ack(response_action="errors", errors=errors)
            else:  # a replay of a submission already stored: Slack only needs its ack
                ack()
            return
        ack(response_action="update", view=sent_view(result, settings))
        # After the ack: Slack has its answer, so nothing here can make the form time out.
        # The receipt goes through the outbox, so a Slack failure is retried, not lost.
        try:
            with database.unit_of_work() as uow:
                queue_receipt(uow, result, settings=settings, now=datetime.now(UTC))
        except SQLAlchemyError as failure:
            log.error("queueing a report receipt failed: %s", type(failure).__name__)
        post_new_report(database, result.reference, settings=settings,
                        messengers=services.messengers)


def _store(database: Any, settings: Settings, view: dict, user: dict,
           token: str | None) -> tuple[SubmissionResult | None, dict[str, str]]:
    """The stored report, or the errors to show beside the questions (every answer kept);
    neither when this submission was stored already (a replay)."""
    now = datetime.now(UTC)
    draft = draft_from_view(view)
    today = now.astimezone(settings.timezone).date()
    # Ticking "I have checked" is how a Slack reporter says they have seen this text.
    checked = checked_token(draft) if personal_details_checked(view) else None

    def store(uow: UnitOfWork) -> tuple[SubmissionResult | None, dict[str, str]]:
        # The view id and hash are Slack's own, unique to each submission.
        if not first_arrival(uow.session, f"slack:{view.get('id')}:{view.get('hash')}",
                             now=now):
            log.info("a repeated Slack report submission was not stored again")
            return None, {}
        # Slack is asked who the reporter is only once the answers have no problems.
        problems = [p for p in check_answers(uow.session, draft, today=today)
                    if not p.field.startswith("reporter_")]
        if problems:
            return None, modal_errors(problems)
        findings = details_to_check(draft, today=today, checked=checked)
        if findings:
            return None, personal_details_error(findings)
        sent = draft
        if draft.identity_mode in (IdentityMode.NAMED, IdentityMode.CONFIDENTIAL):
            sent = draft_from_view(view, named_reporter(
                quick_client(settings, token), uow.session, user["id"], user.get("team_id")))
        return submit_report(uow, sent, channel=Channel.SLACK, settings=settings, now=now), {}

    try:
        # Redone whole if the database refuses it (e.g. a reference drawn twice).
        return redone_if_refused(database, store)
    except InvalidReport as invalid:
        return None, modal_errors(invalid.problems)
    except SQLAlchemyError as failure:
        log.error("storing a Slack report failed: %s", type(failure).__name__)
        return None, {"what_happened": NOT_SAVED}
