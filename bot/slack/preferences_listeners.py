"""A person's own choices from Slack: the preferences modal opened from the App Home, and the
Book buttons on a training reminder. Both call `learning.nudges`; neither holds a rule."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.slack.ids import Action, Callback
from bot.slack.preferences_modal import preferences_modal, typed_from_view
from bot.slack.private_reply import tell_privately
from learning.nudges.preferences import PreferencesRefused, save_preferences, your_preferences
from learning.nudges.training_events import BookingRefused, book
from learning.people.directory import active_person_on_slack

log = logging.getLogger(__name__)
UNKNOWN = "We could not find you in LearnLoop. Ask your agency's admin to add you."


def register(app: App, services: Any) -> None:
    settings, database = services.settings, services.database

    @app.action(Action.OPEN_PREFERENCES.value)
    def open_preferences(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with database.unit_of_work() as uow:
            person = active_person_on_slack(uow.session, body["user"]["id"])
            shown = your_preferences(uow, person.id, settings) if person else None
        if shown is None:
            return
        try:
            client.views_open(trigger_id=body["trigger_id"], view=preferences_modal(shown))
        except SlackClientError as failure:
            log.error("opening the preferences modal failed: %s", type(failure).__name__)

    @app.view(Callback.PREFERENCES.value)
    def save(ack: Ack, body: dict, view: dict) -> None:
        with database.unit_of_work() as uow:
            person = active_person_on_slack(uow.session, body["user"]["id"])
            if person is None:
                ack(response_action="errors", errors={"paused_until": UNKNOWN})
                return
            try:
                save_preferences(uow, person.id, typed_from_view(view), settings=settings,
                                 now=datetime.now(UTC))
            except PreferencesRefused as refused:
                ack(response_action="errors", errors=refused.preferences.problems)
                return
        ack()

    @app.action(re.compile(rf"^{Action.BOOK_PLACE.value}:\d+$"))
    def book_a_place(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        event_id = int(body["actions"][0]["action_id"].rsplit(":", 1)[1])
        with database.unit_of_work() as uow:
            person = active_person_on_slack(uow.session, body["user"]["id"])
            try:
                said = book(uow, event_id, person.id, settings=settings, now=datetime.now(UTC)) \
                    if person else UNKNOWN
            except BookingRefused as refused:
                said = str(refused)
        tell_privately(client, body, said)
