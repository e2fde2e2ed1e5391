"""The Slack installation tables Alembic makes are the ones slack_sdk's stores read and write:
a slack_sdk upgrade that changes them fails here, not at a workspace's install."""

from __future__ import annotations

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from storage.models import slack


def shape(table: Table) -> tuple:
    columns = [(c.name, str(c.type), c.nullable, c.primary_key) for c in table.columns]
    indexes = sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes)
    return columns, indexes


@pytest.mark.parametrize(("ours", "build"), [
    (slack.slack_installations, SQLAlchemyInstallationStore.build_installations_table),
    (slack.slack_bots, SQLAlchemyInstallationStore.build_bots_table),
    (slack.slack_oauth_states, SQLAlchemyOAuthStateStore.build_oauth_states_table),
])
def test_each_slack_table_has_the_columns_slack_sdk_builds(ours, build):
    assert shape(ours) == shape(build(MetaData(), ours.name))
