"""The Bolt app, built afresh for each Flask app: signature checks on, payloads kept out of
the logs, retried events skipped, and every listener registered.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App

from bot.slack import (
    action_reminder_listeners,
    conversation_listeners,
    evaluation_listeners,
    home_listeners,
    modal_listeners,
    nugget_listeners,
    oauth,
    preferences_listeners,
    triage_listeners,
)
from bot.slack.clients import quiet_loggers, web_client
from bot.slack.retried_events import skip_events_already_taken


# Listeners run here, so the work after an ack continues once Slack has its answer.
LISTENER_THREADS = 8


def build_bolt_app(services: Any, executor: ThreadPoolExecutor) -> App:
    settings = services.settings
    bolt_logger, _ = quiet_loggers()
    if settings.slack_client_id:
        app = App(signing_secret=settings.slack_signing_secret, client=web_client(settings),
                  oauth_settings=oauth.oauth_settings(settings, services.database),
                  logger=bolt_logger, listener_executor=executor)
    else:
        # auth.test is asked on the first request, not at start-up, so a slow Slack
        # never stops the web app from starting.
        app = App(signing_secret=settings.slack_signing_secret,
                  client=web_client(settings, settings.slack_bot_token),
                  token_verification_enabled=False, logger=bolt_logger,
                  listener_executor=executor)
    app.use(skip_events_already_taken(services.database))
    for listeners in (modal_listeners, conversation_listeners, home_listeners, triage_listeners,
                      nugget_listeners, preferences_listeners, action_reminder_listeners,
                      evaluation_listeners):
        listeners.register(app, services)
    return app
