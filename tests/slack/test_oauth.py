"""Installing LearnLoop in another workspace through Slack's OAuth flow."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from learning.messaging import TextNotice
from storage.models.slack import slack_bots, slack_installations, slack_oauth_states
from storage.vocabulary import Platform


@pytest.fixture
def environ(environ):
    environ.pop("SLACK_BOT_TOKEN")
    environ.update({"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "oauth-secret"})
    return environ


def install(client) -> dict[str, list[str]]:
    response = client.get("/slack/install")
    assert response.status_code == 302
    location = urlparse(response.headers["Location"])
    assert f"{location.netloc}{location.path}" == "slack.com/oauth/v2/authorize"
    return parse_qs(location.query)


def test_install_sends_the_admin_to_slack_with_the_least_scopes_and_a_stored_state(
        client, database):
    query = install(client)
    assert query["client_id"] == ["1111.2222"]
    assert set(query["scope"][0].split(",")) == {"commands", "chat:write", "im:history",
                                                 "users:read", "users:read.email"}
    assert query["redirect_uri"] == ["https://learnloop.example/slack/oauth_redirect"]
    with database.engine.connect() as connection:
        assert connection.scalar(select(slack_oauth_states.c.state)) == query["state"][0]


def test_the_redirect_exchanges_the_code_and_keeps_the_installation(
        app, client, database, fake_slack):
    state = install(client)["state"][0]
    response = client.get(f"/slack/oauth_redirect?code=code-from-slack&state={state}")
    assert response.status_code == 200
    [exchange] = fake_slack.calls_to("oauth.v2.access")
    assert exchange.args["code"] == "code-from-slack"
    with database.engine.connect() as connection:
        assert connection.scalar(select(slack_bots.c.bot_token)) == "xoxb-installed-token"
        assert connection.scalar(select(slack_installations.c.team_id)) == "T0NORTH01"
        assert connection.scalar(select(slack_oauth_states.c.id)) is None  # used up

    messenger = app.extensions["learnloop"].messengers[Platform.SLACK]
    messenger.send({"channel": "C0NORTH01", "team_id": "T0NORTH01"}, TextNotice("Hello"))
    [sent] = fake_slack.calls_to("chat.postMessage")
    assert sent.headers["Authorization"] == "Bearer xoxb-installed-token"


def test_a_forged_state_installs_nothing(client, database, fake_slack):
    install(client)
    response = client.get("/slack/oauth_redirect?code=code-from-slack&state=forged")
    assert response.status_code == 400
    assert fake_slack.calls_to("oauth.v2.access") == []
    with database.engine.connect() as connection:
        assert connection.scalar(select(slack_bots.c.id)) is None
