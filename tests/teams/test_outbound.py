"""Sending to Teams: msal's token (cached), the connector REST API, retries and blocks."""

from __future__ import annotations

import pytest

from learning.messaging import DeliveryError, TextNotice
from storage.models import Person
from storage.models.teams import TeamsBlockedConversation
from storage.vocabulary import Platform
from tests.teams.activities import PRIYA_CHAT, post, said
from tests.teams.fakes import APP_ID


@pytest.fixture
def messenger(app):
    return app.extensions["learnloop"].messengers[Platform.TEAMS]


@pytest.fixture
def priya_chat(microsoft):
    return {"serviceUrl": microsoft.service_url, "channelId": "msteams",
            "conversation": {"id": PRIYA_CHAT, "conversationType": "personal"}}


def texts(sent) -> str:
    return " ".join(run["text"] for block in sent.body["attachments"][0]["content"]["body"]
                    for run in block.get("inlines", []))


def test_a_message_goes_to_the_connector_with_a_token_from_msal(messenger, microsoft, priya_chat):
    message_id = messenger.send(priya_chat, TextNotice("The learning group replied."))

    [sent] = microsoft.posted(PRIYA_CHAT)
    assert message_id == "activity-1"
    assert sent.authorization == "Bearer connector-token-1"
    assert sent.body["type"] == "message" and "The learning group replied." in texts(sent)


def test_the_second_send_uses_msals_cached_token(messenger, microsoft, priya_chat):
    messenger.send(priya_chat, TextNotice("one"))
    messenger.send(priya_chat, TextNotice("two"))

    assert microsoft.token_requests == 1
    assert {s.authorization for s in microsoft.sent} == {"Bearer connector-token-1"}


def test_update_replaces_the_activity_in_place(messenger, microsoft, priya_chat):
    message_id = messenger.send(priya_chat, TextNotice("first"))
    messenger.update(priya_chat, message_id, TextNotice("second"))

    put = microsoft.sent[-1]
    assert (put.method, put.activity_id) == ("PUT", message_id)
    assert "second" in texts(put) and put.body["id"] == message_id


def test_a_reply_to_a_person_uses_the_reference_stored_when_they_installed(
        client, app, microsoft, messenger, database, priya):
    microsoft.members["29:1priya-teams-user-id"] = {"email": "Priya.Shah@health.example"}
    install = said(microsoft, "")
    install.update(type="installationUpdate", action="add")
    assert post(client, microsoft, install).status_code == 200

    with database.unit_of_work() as uow:
        reference = uow.session.get(Person, priya).teams_conversation
    messenger.send(reference, TextNotice("You said, we did: the mailbox is fixed."))

    assert "the mailbox is fixed" in texts(microsoft.posted(PRIYA_CHAT)[-1])


def test_429_waits_for_retry_after_then_sends(messenger, microsoft, priya_chat):
    microsoft.failures.append((429, {"Retry-After": "0.01"}, {"error": {"code": "Throttled"}}))

    assert messenger.send(priya_chat, TextNotice("hello")) == "activity-1"
    assert len(microsoft.posted()) == 1 and microsoft.connector_hits() == 2


def test_a_long_retry_after_goes_back_to_the_caller(messenger, microsoft, priya_chat):
    microsoft.failures.append((429, {"Retry-After": "120"}, {}))

    with pytest.raises(DeliveryError) as failure:
        messenger.send(priya_chat, TextNotice("hello"))

    assert failure.value.retry_after == 120 and not failure.value.permanent
    assert microsoft.connector_hits() == 1


@pytest.mark.parametrize("status", [412, 502, 503, 504])
def test_transient_failures_are_retried(messenger, microsoft, priya_chat, status):
    microsoft.failures.append((status, {}, {}))

    assert messenger.send(priya_chat, TextNotice("hello")) == "activity-1"
    assert microsoft.connector_hits() == 2


def test_a_connector_that_keeps_failing_gives_up_without_calling_it_permanent(messenger, microsoft,
                                                                               priya_chat):
    microsoft.failures.extend([(503, {}, {})] * 4)

    with pytest.raises(DeliveryError) as failure:
        messenger.send(priya_chat, TextNotice("hello"))

    assert not failure.value.permanent and microsoft.connector_hits() == 4


def test_a_bad_request_is_not_retried(messenger, microsoft, priya_chat):
    microsoft.failures.append((400, {}, {"error": {"code": "BadSyntax"}}))

    with pytest.raises(DeliveryError) as failure:
        messenger.send(priya_chat, TextNotice("hello"))

    assert failure.value.permanent and microsoft.connector_hits() == 1


def test_a_blocked_conversation_is_recorded_and_not_written_to_again_until_they_write(
        client, messenger, microsoft, priya_chat, database):
    microsoft.failures.append((403, {}, {"error": {"code": "Forbidden",
                                                   "subCode": "MessageWritesBlocked",
                                                   "message": "blocked"}}))
    with pytest.raises(DeliveryError) as failure:
        messenger.send(priya_chat, TextNotice("first"))
    assert failure.value.permanent

    with pytest.raises(DeliveryError):
        messenger.send(priya_chat, TextNotice("second"))
    assert microsoft.connector_hits() == 1  # the second never left
    with database.unit_of_work() as uow:
        [blocked] = uow.session.query(TeamsBlockedConversation).all()
        assert PRIYA_CHAT not in blocked.conversation_key

    post(client, microsoft, said(microsoft, "hello again"))  # Priya writes to the bot
    messenger.send(priya_chat, TextNotice("third"))
    assert "third" in texts(microsoft.posted(PRIYA_CHAT)[-1])


def test_a_403_that_is_not_a_block_is_not_recorded(messenger, microsoft, priya_chat, database):
    microsoft.failures.append((403, {}, {"error": {"code": "BotNotInConversationRoster"}}))

    with pytest.raises(DeliveryError):
        messenger.send(priya_chat, TextNotice("hello"))

    with database.unit_of_work() as uow:
        assert uow.session.query(TeamsBlockedConversation).count() == 0


def test_no_token_goes_to_a_service_url_host_not_allowed(messenger, microsoft):
    elsewhere = {"serviceUrl": f"https://localhost:{microsoft.server.port}/teams/",
                 "conversation": {"id": PRIYA_CHAT}}

    with pytest.raises(DeliveryError) as failure:
        messenger.send(elsewhere, TextNotice("hello"))

    assert failure.value.permanent
    assert microsoft.connector_hits() == 0 and microsoft.token_requests == 0


def test_a_plain_http_service_url_is_refused(messenger, microsoft):
    insecure = {"serviceUrl": f"http://127.0.0.1:{microsoft.server.port}/teams/",
                "conversation": {"id": PRIYA_CHAT}}

    with pytest.raises(DeliveryError):
        messenger.send(insecure, TextNotice("hello"))
    assert microsoft.token_requests == 0


def test_msal_asks_for_the_bot_framework_scope_with_the_app_credentials(messenger, microsoft,
                                                                          priya_chat):
    messenger.send(priya_chat, TextNotice("hello"))

    [request] = [r for r, _ in microsoft.server.log if r.path.endswith("/oauth2/v2.0/token")]
    assert request.form["client_id"] == APP_ID
    assert request.form["scope"] == "https://api.botframework.com/.default"


def test_a_notice_teams_cannot_show_fails_permanently_without_sending(messenger, microsoft,
                                                                       priya_chat):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class SomethingNew:
        text: str

    with pytest.raises(DeliveryError) as failure:
        messenger.send(priya_chat, SomethingNew("hello"))

    assert failure.value.permanent and microsoft.connector_hits() == 0
