"""Triage from the channel post: Acknowledge, Assign to me, Open in dashboard.

Who presses is matched to a LearnLoop account by their Slack email; `learning.reports.triage`
decides whether they may. A refusal is an ephemeral message only they see. After a change,
every post of the report is re-rendered from the database and updated in place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.slack.ids import Action
from bot.slack.people import email_of
from bot.slack.private_reply import tell_privately
from learning.reports import triage
from learning.reports.access import NotAllowed, account_by_email
from learning.reports.posting import refresh_report_posts
from storage.models import Account, Report

Step = Callable[[Session, Report, Account, datetime], None]


def register(app: App, services: Any) -> None:
    settings, database = services.settings, services.database

    def act(body: dict, client: WebClient, step: Step) -> None:
        user_id, reference = body["user"]["id"], body["actions"][0]["value"]
        email = email_of(client, user_id)
        with database.unit_of_work() as uow:
            account = account_by_email(uow.session, email)
            report = triage.find_report(uow.session, reference)
            try:
                if report is None:
                    raise NotAllowed()
                step(uow.session, report, account, datetime.now(UTC))  # type: ignore[arg-type]
                uow.commit()
            except (NotAllowed, triage.TransitionRefused) as refused:
                tell_privately(client, body, str(refused))
                return
        refresh_report_posts(database, reference, settings=settings,
                             messengers=services.messengers)

    @app.action(Action.ACKNOWLEDGE.value)
    def acknowledge_from_channel(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        act(body, client, lambda session, report, account, now: triage.acknowledge(
            session, report, by=account, now=now))

    @app.action(Action.ASSIGN_TO_ME.value)
    def assign_from_channel(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        act(body, client, lambda session, report, account, now: triage.assign(
            session, report, by=account, assignee=account, now=now))

    @app.action(Action.OPEN_DASHBOARD.value)
    def open_dashboard(ack: Ack) -> None:
        ack()  # a link button: Slack opens the page itself
