"""Installing LearnLoop in several Slack workspaces: slack_sdk's SQLAlchemy stores on
LearnLoop's own migrated tables (storage/slack_models.py), never their `create_all`.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table, desc, select

from learning.settings import Settings
from storage.database import Database
from storage.models.slack import slack_bots, slack_installations, slack_oauth_states

# The least the features need; slack/manifest.yml lists the same.
BOT_SCOPES = ("commands", "chat:write", "im:history", "users:read", "users:read.email")
STATE_EXPIRY_SECONDS = 600
_logger = logging.getLogger("learnloop.slack.oauth")


class InstallationStore(SQLAlchemyInstallationStore):
    @classmethod
    def build_installations_table(cls, metadata: MetaData, table_name: str) -> Table:
        return slack_installations

    @classmethod
    def build_bots_table(cls, metadata: MetaData, table_name: str) -> Table:
        return slack_bots


class StateStore(SQLAlchemyOAuthStateStore):
    @classmethod
    def build_oauth_states_table(cls, metadata: MetaData, table_name: str) -> Table:
        return slack_oauth_states


def oauth_settings(settings: Settings, database: Database) -> OAuthSettings:
    assert settings.slack_client_id and settings.slack_client_secret
    _logger.setLevel(logging.INFO)  # the state store logs rows at DEBUG
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=f"{settings.base_url.rstrip('/')}/slack/oauth_redirect",
        install_page_rendering_enabled=False,
        installation_store=InstallationStore(settings.slack_client_id, database.engine,
                                             logger=_logger),
        state_store=StateStore(STATE_EXPIRY_SECONDS, database.engine, logger=_logger),
        logger=_logger,
    )


def installed_bot_token(database: Database, client_id: str, address: dict[str, Any]) -> str | None:
    """The bot token for the address's workspace; without one, the latest installation's."""
    c = slack_bots.c
    query = select(c.bot_token).where(c.client_id == client_id, c.bot_token.is_not(None))
    if address.get("team_id"):
        query = query.where(c.team_id == address["team_id"])
    with database.engine.connect() as connection:
        return connection.scalar(query.order_by(desc(c.installed_at), desc(c.id)).limit(1))
