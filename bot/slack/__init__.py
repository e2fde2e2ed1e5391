"""LearnLoop in Slack: `attach` adds the Slack endpoints to a Flask app and returns the
Slack messenger. Nothing happens at import; each Flask app gets its own Bolt app.

Endpoints: POST /slack/events (events, commands, interactivity); GET /slack/install and
/slack/oauth_redirect when SLACK_CLIENT_ID is set.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Blueprint, Flask, Response, request
from slack_bolt.adapter.flask import SlackRequestHandler

from bot.slack.bolt_app import LISTENER_THREADS, build_bolt_app
from bot.slack.messenger import SlackMessenger
from bot.slack.oauth import installed_bot_token
from bot.slack.request_check import refusal


def attach(app: Flask, services: Any) -> SlackMessenger:
    settings = services.settings
    executor = ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="slack")
    # Kept so a graceful stop (or a test) can wait for work still running after its ack.
    app.extensions["slack_listener_executor"] = executor
    handler = SlackRequestHandler(build_bolt_app(services, executor))
    blueprint = Blueprint("slack", __name__)

    def handle() -> Response:
        return handler.handle(request)

    def handle_events() -> Response:
        return refusal(request, settings.slack_signing_secret) or handler.handle(request)

    blueprint.add_url_rule("/slack/events", "events", handle_events, methods=["POST"])
    if settings.slack_client_id:
        blueprint.add_url_rule("/slack/install", "install", handle, methods=["GET"])
        blueprint.add_url_rule("/slack/oauth_redirect", "oauth_redirect", handle, methods=["GET"])
        client_id = settings.slack_client_id
        messenger = SlackMessenger(settings, lambda address: installed_bot_token(
            services.database, client_id, address))
    else:
        token = settings.slack_bot_token
        messenger = SlackMessenger(settings, lambda address: token)
    app.register_blueprint(blueprint)
    return messenger
