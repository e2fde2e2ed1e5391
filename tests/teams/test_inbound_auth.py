"""Every step of the Bot Framework's inbound authentication, through POST /api/messages."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
import requests

from bot.teams.auth import KEYS_MAX_AGE_SECONDS, SigningKeys
from tests.teams.activities import PRIYA_CHAT, post, said, token
from tests.teams.fakes import new_signing_key


def test_a_valid_message_is_handled_and_answered(client, microsoft):
    response = post(client, microsoft, said(microsoft, "hello"))

    assert response.status_code == 200
    [reply] = microsoft.posted(PRIYA_CHAT)
    assert "I take near-miss" in json.dumps(reply.body)


def test_signing_keys_are_fetched_once_for_many_messages(client, microsoft):
    for _ in range(3):
        assert post(client, microsoft, said(microsoft, "hello")).status_code == 200

    assert microsoft.jwks_requests == 1


@pytest.mark.parametrize("authorization", [None, "", "Basic abc", "Bearer", "bearer x.y.z"])
def test_a_request_without_a_bearer_token_is_refused(client, microsoft, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.post("/api/messages", json=said(microsoft, "hello"), headers=headers)

    assert response.status_code == 401
    assert microsoft.connector_hits() == 0


@pytest.mark.parametrize("claims, why", [
    (lambda now: {"aud": "someone-elses-app"}, "wrong audience"),
    (lambda now: {"iss": "https://sts.windows.net/evil/"}, "wrong issuer"),
    (lambda now: {"exp": now - 6 * 60}, "expired beyond the 5 minutes' leeway"),
    (lambda now: {"nbf": now + 6 * 60}, "not valid for another 6 minutes"),
    (lambda now: {"serviceurl": "https://127.0.0.1:1/elsewhere/"},
     "serviceurl naming another service"),
])
def test_a_token_with_a_wrong_claim_is_refused(client, microsoft, claims, why):
    body = said(microsoft, "hello")
    response = post(client, microsoft, body, bearer=token(microsoft, **claims(int(time.time()))))

    assert response.status_code == 401, why
    assert microsoft.connector_hits() == 0


@pytest.mark.parametrize("claim", ["serviceurl", "exp", "aud", "iss"])
def test_a_token_missing_a_needed_claim_is_refused(client, microsoft, claim):
    response = post(client, microsoft, said(microsoft, "hello"),
                    bearer=token(microsoft, omit=(claim,)))

    assert response.status_code == 401


def test_a_token_expired_within_the_leeway_is_accepted(client, microsoft):
    bearer = token(microsoft, exp=int(time.time()) - 4 * 60)

    assert post(client, microsoft, said(microsoft, "hello"), bearer=bearer).status_code == 200


def test_a_token_signed_by_an_unknown_key_is_refused_after_refetching_the_keys(client, microsoft):
    stranger = new_signing_key("key-nobody-published")
    post(client, microsoft, said(microsoft, "hello"))  # keys now cached
    response = post(client, microsoft, said(microsoft, "hello"),
                    bearer=token(microsoft, key=stranger))

    assert response.status_code == 401
    assert microsoft.jwks_requests == 2  # looked again before refusing


def test_a_rotated_key_is_fetched_when_a_token_first_names_it(client, microsoft):
    post(client, microsoft, said(microsoft, "hello"))
    rotated = new_signing_key("key-2")
    microsoft.keys.append(rotated)

    response = post(client, microsoft, said(microsoft, "hello"),
                    bearer=token(microsoft, key=rotated))

    assert response.status_code == 200
    assert microsoft.jwks_requests == 2


def test_an_unsigned_token_alg_none_is_refused(client, microsoft):
    header = {"alg": "none", "typ": "JWT", "kid": microsoft.keys[0].kid}
    claims = jwt.decode(token(microsoft), options={"verify_signature": False})
    unsigned = ".".join(base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
                        for part in (header, claims)) + "."

    assert post(client, microsoft, said(microsoft, "hello"), bearer=unsigned).status_code == 401


def test_a_token_signed_hs256_with_the_public_key_is_refused(client, microsoft):
    # The classic confusion attack: the published public key used as an HMAC secret.
    forged = token(microsoft, algorithm="HS256", signing_secret=microsoft.keys[0].public_pem()[:64])

    assert post(client, microsoft, said(microsoft, "hello"), bearer=forged).status_code == 401


def test_a_token_with_a_bad_signature_is_refused(client, microsoft):
    impostor = new_signing_key(microsoft.keys[0].kid)  # same kid, different private key

    response = post(client, microsoft, said(microsoft, "hello"),
                    bearer=token(microsoft, key=impostor))

    assert response.status_code == 401


def test_a_key_not_endorsed_for_the_channel_is_refused(client, microsoft):
    microsoft.keys[0].endorsements = ["skype", "webchat"]

    assert post(client, microsoft, said(microsoft, "hello")).status_code == 401


def test_a_service_url_on_a_host_not_allowed_is_refused_and_gets_no_token(client, microsoft):
    # A token as good as any, for a serviceUrl whose host is not on TEAMS_SERVICE_HOSTS.
    elsewhere = f"https://localhost:{microsoft.server.port}/teams/"
    body = said(microsoft, "hello", service_url=elsewhere)

    response = post(client, microsoft, body, bearer=token(microsoft, service_url=elsewhere))

    assert response.status_code == 403
    assert microsoft.connector_hits() == 0 and microsoft.token_requests == 0


def test_refusals_are_logged_without_the_body(client, microsoft, caplog):
    body = said(microsoft, "The mother said the baby was left alone")

    post(client, microsoft, body, bearer=token(microsoft, aud="someone-else"))

    assert "refused" in caplog.text
    assert "baby" not in caplog.text and "Priya" not in caplog.text


def test_keys_are_refreshed_when_a_day_old(microsoft):
    now = [1000.0]
    keys = SigningKeys(microsoft.metadata_url, requests.Session(), clock=lambda: now[0])
    assert keys.key("key-1") is not None
    microsoft.keys[0] = new_signing_key("key-1b")

    now[0] += KEYS_MAX_AGE_SECONDS - 1
    assert keys.key("key-1") is not None and microsoft.jwks_requests == 1  # still cached
    now[0] += 1
    assert keys.key("key-1") is None and keys.key("key-1b") is not None
    assert microsoft.jwks_requests == 2


def test_made_up_kids_do_not_refetch_the_keys_more_than_once_a_minute(microsoft):
    now = [1000.0]
    keys = SigningKeys(microsoft.metadata_url, requests.Session(), clock=lambda: now[0])
    for number in range(5):
        assert keys.key(f"made-up-{number}") is None

    assert microsoft.jwks_requests == 2  # the first fetch, and one forced refresh


def test_keys_already_fetched_survive_a_metadata_outage(microsoft):
    now = [1000.0]
    keys = SigningKeys(microsoft.metadata_url, requests.Session(), clock=lambda: now[0])
    assert keys.key("key-1") is not None
    microsoft.server.clear()  # nothing answers now

    now[0] += KEYS_MAX_AGE_SECONDS
    assert keys.key("key-1") is not None


def test_teams_is_off_when_its_settings_are_unset(environ):
    from app import create_app
    from learning.settings import load_settings
    from storage.vocabulary import Platform

    app = create_app(load_settings({k: v for k, v in environ.items()
                                    if not k.startswith("MICROSOFT_APP")}))
    try:
        assert Platform.TEAMS not in app.extensions["learnloop"].messengers
        assert app.test_client().post("/api/messages", json={}).status_code == 404
    finally:
        app.extensions["learnloop"].database.dispose()
