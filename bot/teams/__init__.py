"""Microsoft Teams: the Bot Framework endpoint and LearnLoop's outbound Teams messenger.

Hand-rolled on msal, PyJWT and requests (the botbuilder SDK is archived; the Agents SDK has
no WSGI adapter). `attach` is all app.py calls.
"""

from __future__ import annotations

from typing import Any

import requests
from flask import Flask

from bot.teams.auth import SigningKeys
from bot.teams.connector import Connector
from bot.teams.handlers import make_blueprint
from bot.teams.messenger import TeamsMessenger
from bot.teams.teams_bot import TeamsBot


def attach(app: Flask, services: Any) -> TeamsMessenger:
    """Serve `POST /api/messages` on `app`; returns the messenger that writes to Teams."""
    settings = services.settings
    session = requests.Session()
    connector = Connector(settings, session)
    messenger = TeamsMessenger(connector, services.database, settings)
    bot = TeamsBot(services=services,
                   keys=SigningKeys(settings.botframework_openid_metadata, session),
                   connector=connector, messenger=messenger)
    app.register_blueprint(make_blueprint(bot))
    return messenger
