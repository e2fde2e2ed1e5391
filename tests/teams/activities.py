"""Activities as Teams sends them, and Bot Framework tokens signed with the fake's key."""

from __future__ import annotations

import time
from typing import Any

import jwt

from tests.teams.fakes import APP_ID, TENANT_ID, FakeMicrosoft, SigningKey

BOT = {"id": f"28:{APP_ID}", "name": "LearnLoop"}
PRIYA = {"id": "29:1priya-teams-user-id", "aadObjectId": "0a1b2c3d-aad-priya", "name": "Priya Shah"}
PRIYA_CHAT = "a:1personal-chat-with-priya"
LEARNING_CHANNEL = "19:learning-group@thread.tacv2"


def token(fake: FakeMicrosoft, *, key: SigningKey | None = None, service_url: str | None = None,
          omit: tuple[str, ...] = (), headers: dict[str, Any] | None = None,
          algorithm: str = "RS256", signing_secret: Any = None, **claims: Any) -> str:
    """A token as the Bot Connector would sign it; change any claim to break one rule."""
    key = key or fake.keys[0]
    now = int(time.time())
    payload = {"iss": "https://api.botframework.com", "aud": APP_ID, "iat": now,
               "nbf": now - 60, "exp": now + 3600,
               "serviceurl": fake.service_url if service_url is None else service_url, **claims}
    for name in omit:
        payload.pop(name, None)
    return jwt.encode(payload, signing_secret if signing_secret is not None else key.pem(),
                      algorithm=algorithm, headers={"kid": key.kid, **(headers or {})})


def activity(fake: FakeMicrosoft, kind: str = "message", *, sender: dict[str, Any] = PRIYA,
             conversation: str = PRIYA_CHAT, conversation_type: str = "personal",
             service_url: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "id": f"incoming-{time.monotonic_ns()}",
        "channelId": "msteams",
        "serviceUrl": fake.service_url if service_url is None else service_url,
        "from": sender,
        "recipient": BOT,
        "conversation": {"id": conversation, "conversationType": conversation_type,
                         "tenantId": TENANT_ID},
        "channelData": {"tenant": {"id": TENANT_ID}},
        **fields,
    }


def said(fake: FakeMicrosoft, text: str, **fields: Any) -> dict[str, Any]:
    return activity(fake, text=text, **fields)


def pressed(fake: FakeMicrosoft, value: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A card's Action.Submit: a message with the button's data (and inputs) as its value."""
    return activity(fake, value=value, **fields)


def card_action(fake: FakeMicrosoft, verb: str, data: dict[str, Any],
                **fields: Any) -> dict[str, Any]:
    """A card's Action.Execute: the adaptiveCard/action invoke."""
    return activity(fake, "invoke", name="adaptiveCard/action",
                    value={"action": {"type": "Action.Execute", "verb": verb, "data": data},
                           "trigger": "manual"}, **fields)


def in_channel(**fields: Any) -> dict[str, Any]:
    return {"conversation": LEARNING_CHANNEL, "conversation_type": "channel", **fields}


def post(client: Any, fake: FakeMicrosoft, body: dict[str, Any], *, bearer: str | None = None,
         authorization: str | None = None) -> Any:
    if authorization is None:
        authorization = f"Bearer {bearer or token(fake, service_url=body.get('serviceUrl'))}"
    return client.post("/api/messages", json=body, headers={"Authorization": authorization})


def channel_reference(fake: FakeMicrosoft) -> dict[str, Any]:
    return {"serviceUrl": fake.service_url, "channelId": "msteams",
            "conversation": {"id": LEARNING_CHANNEL, "conversationType": "channel",
                             "tenantId": TENANT_ID}, "bot": BOT}
