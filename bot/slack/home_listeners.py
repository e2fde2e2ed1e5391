"""The App Home tab, published after Bolt has acknowledged the app_home_opened event."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.slack.home import home_view
from bot.slack.people import SLACK_USER
from learning.nudges.nuggets import nuggets_for_person
from learning.reports.own_reports import own_reports
from learning.nudges.training import training_due
from learning.people.directory import active_person_on_slack

log = logging.getLogger(__name__)


def register(app: App, services: Any) -> None:
    settings, database = services.settings, services.database

    @app.event("app_home_opened")
    def publish_home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        today = datetime.now(UTC).astimezone(settings.timezone).date()
        with database.unit_of_work() as uow:
            person = active_person_on_slack(uow.session, event["user"])
            nuggets = nuggets_for_person(uow.session, person.id) if person else []
            training = training_due(uow.session, person.id, today) if person else []
            view = home_view(settings, own_reports(uow.session, SLACK_USER, event["user"]),
                             nuggets, training, today=today, known=person is not None)
        try:
            client.views_publish(user_id=event["user"], view=view)
        except SlackClientError as failure:
            log.error("publishing the App Home failed: %s", type(failure).__name__)

