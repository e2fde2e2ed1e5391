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
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.slack.clients import quick_client
from bot.slack.escaping import as_typed
from bot.slack.ids import Action, Callback
from bot.slack.people import named_reporter
from bot.slack.receipt import receipt_message
from bot.slack.report_modal import (draft_from_view, modal_errors, personal_details_checked,
                                   personal_details_error, report_modal, sent_view)
from learning.reports.intake import (InvalidReport, Problem, ReportDraft, check_draft, personal_details,
                             submit_report)
from learning.settings import Settings
from learning.reports.posting import post_new_report
from learning.reports.submissions import first_arrival
from storage.models import Agency
from storage.vocabulary import Channel, IdentityMode

log = logging.getLogger(__name__)

NOT_SAVED = ("We could not save your report just now. Nothing is lost: press Send report again "
             "in a minute.")


def register(app: App, services: Any) -> None:
    settings, database = services.settings, services.database

    def open_form(client: WebClient, trigger_id: str, prefill: str = "") -> None:
        with database.unit_of_work() as uow:
            agencies = list(uow.session.scalars(
                select(Agency).where(Agency.active).order_by(Agency.name)))
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
        now = datetime.now(UTC)
        draft = draft_from_view(view)
        try:
            with database.unit_of_work() as uow:
                # The view id and hash are Slack's own, unique to each submission.
                if not first_arrival(uow.session, f"slack:{view.get('id')}:{view.get('hash')}",
                                     now=now):
                    log.info("a repeated Slack report submission was not stored again")
                    ack()
                    return
                problems = _problems_before_asking_slack(uow.session, draft, settings, now)
                if problems:
                    ack(response_action="errors", errors=modal_errors(problems))
                    return
                findings = personal_details(draft, today=now.astimezone(settings.timezone).date())
                if findings["what_happened"] and not personal_details_checked(view):
                    ack(response_action="errors",
                        errors=personal_details_error(findings["what_happened"]))
                    return
                if draft.identity_mode in (IdentityMode.NAMED, IdentityMode.CONFIDENTIAL):
                    draft = draft_from_view(view, named_reporter(
                        quick_client(settings, client.token), uow.session, user["id"],
                        user.get("team_id")))
                result = submit_report(uow, draft, channel=Channel.SLACK, settings=settings, now=now)
        except InvalidReport as invalid:
            ack(response_action="errors", errors=modal_errors(invalid.problems))
            return
        except SQLAlchemyError as failure:
            log.error("storing a Slack report failed: %s", type(failure).__name__)
            ack(response_action="errors", errors={"what_happened": NOT_SAVED})
            return
        ack(response_action="update", view=sent_view(result, settings))
        # After the ack: Slack has its answer, so nothing here can make the form time out.
        if result.identity_mode is not IdentityMode.ANONYMOUS:
            try:
                client.chat_postMessage(channel=user["id"], **receipt_message(result, settings))
            except SlackClientError as failure:
                log.error("sending a report receipt failed: %s", type(failure).__name__)
        post_new_report(database, result.reference, settings=settings,
                        messengers=services.messengers)


def _problems_before_asking_slack(session: Session, draft: ReportDraft, settings: Settings,
                                  now: datetime) -> list[Problem]:
    """The answers' own problems: Slack is asked who the reporter is only once there are none."""
    known = set(session.scalars(select(Agency.id).where(Agency.active)))
    today = now.astimezone(settings.timezone).date()
    return [p for p in check_draft(draft, today=today, known_agency_ids=known)
            if not p.field.startswith("reporter_")]
