"""Talking to the Bot Framework connector: our token from Entra ID (msal), then REST calls.

Retries follow Teams' guidance for bots: 429 waits for Retry-After, and 412, 502, 503 and
504 are transient, retried with exponential backoff and jitter. A 403 saying the bot was
blocked or removed is reported as `ConversationBlocked`, so the sender stops writing there.
Nothing from a request or response body is ever logged: bodies carry report text.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import msal
import requests

from bot.teams.auth import service_host_allowed
from learning.messaging import DeliveryError
from learning.settings import Settings

log = logging.getLogger(__name__)

SCOPE = "https://api.botframework.com/.default"
TRANSIENT = {412, 502, 503, 504}
ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
# Wait this long inside a request at most; a longer Retry-After goes back to the caller
# (the outbox) as `retry_after`, so a web request never hangs on a throttled connector.
LONGEST_WAIT_SECONDS = 5.0
TIMEOUT_SECONDS = 15
BLOCKED_CODES = ("MessageWritesBlocked", "ConversationBlockedByUser")


class ConversationBlocked(DeliveryError):
    """Teams will not deliver here: the person blocked or uninstalled the bot."""

    def __init__(self) -> None:
        super().__init__("the person has blocked or removed the bot", permanent=True)


class Connector:
    def __init__(self, settings: Settings, session: requests.Session, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._settings = settings
        self._session = session
        self._sleep = sleep
        self._lock = threading.Lock()
        self._msal: msal.ConfidentialClientApplication | None = None

    def send(self, reference: dict[str, Any], activity: dict[str, Any]) -> str:
        """POST a new activity to the referenced conversation; returns its activity id."""
        url = f"{self._conversation_url(reference)}/activities"
        answer = self._call("POST", url, reference, activity)
        return str(answer.get("id") or "")

    def update(self, reference: dict[str, Any], activity_id: str, activity: dict[str, Any]) -> None:
        url = f"{self._conversation_url(reference)}/activities/{quote(activity_id, safe='')}"
        self._call("PUT", url, reference, {**activity, "id": activity_id})

    def member(self, reference: dict[str, Any], user_id: str) -> dict[str, Any]:
        """A member of the conversation as Teams knows them (email, userPrincipalName...)."""
        url = f"{self._conversation_url(reference)}/members/{quote(user_id, safe='')}"
        return self._call("GET", url, reference, None)

    def token(self) -> str:
        """Our bearer token for the connector; msal's cache answers until it nears expiry."""
        with self._lock:
            if self._msal is None:
                settings = self._settings
                self._msal = msal.ConfidentialClientApplication(
                    settings.microsoft_app_id,
                    client_credential=settings.microsoft_app_password,
                    authority=f"{settings.microsoft_login_url.rstrip('/')}/"
                              f"{settings.microsoft_app_tenant_id or 'botframework.com'}",
                    # The authority is configured, not discovered: no call to Microsoft's
                    # instance discovery (and a local stand-in works in tests).
                    instance_discovery=False,
                    timeout=TIMEOUT_SECONDS,
                )
            result = self._msal.acquire_token_for_client(scopes=[SCOPE])
        if "access_token" not in result:
            log.error("getting a Bot Framework token failed: %s", result.get("error"))
            raise DeliveryError("could not get a Bot Framework token")
        return result["access_token"]

    def _conversation_url(self, reference: dict[str, Any]) -> str:
        service_url = str(reference.get("serviceUrl") or "")
        conversation_id = str((reference.get("conversation") or {}).get("id") or "")
        if not service_host_allowed(service_url, self._settings.teams_service_hosts):
            raise DeliveryError("the conversation's serviceUrl host is not allowed", permanent=True)
        if not conversation_id:
            raise DeliveryError("the conversation reference has no conversation id", permanent=True)
        return f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}"

    def _call(self, method: str, url: str, reference: dict[str, Any],
              body: dict[str, Any] | None) -> dict[str, Any]:
        for attempt in range(1, ATTEMPTS + 1):
            headers = {"Authorization": f"Bearer {self.token()}"}
            try:
                response = self._session.request(method, url, json=body, headers=headers,
                                                 timeout=TIMEOUT_SECONDS)
            except requests.RequestException as problem:
                log.warning("connector %s failed: %s (attempt %d)", method, type(problem).__name__,
                            attempt)
                if attempt == ATTEMPTS:
                    raise DeliveryError("the Teams connector did not answer") from None
                self._sleep(_backoff(attempt))
                continue
            status = response.status_code
            if status < 300:
                return _json_or_empty(response)
            log.warning("connector %s answered %d (attempt %d)", method, status, attempt)
            if status == 429:
                wait = _retry_after(response)
                if wait > LONGEST_WAIT_SECONDS or attempt == ATTEMPTS:
                    raise DeliveryError("Teams is throttling the bot", retry_after=wait)
                self._sleep(wait)
            elif status in TRANSIENT and attempt < ATTEMPTS:
                self._sleep(_backoff(attempt))
            elif status == 403 and _blocked(response):
                raise ConversationBlocked()
            else:
                raise DeliveryError(f"the Teams connector answered {status}",
                                    permanent=status not in TRANSIENT and status < 500)
        raise DeliveryError("the Teams connector kept failing")


def _backoff(attempt: int) -> float:
    """Exponential with "equal jitter": half the step for sure, the other half at random."""
    step = BACKOFF_SECONDS * 2 ** (attempt - 1)
    return step / 2 + random.uniform(0, step / 2)


def _retry_after(response: requests.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


def _blocked(response: requests.Response) -> bool:
    """Teams says why in the error body: {"error": {"code": ..., "subCode": ...}}."""
    try:
        error = response.json().get("error") or {}
        return bool({error.get("code"), error.get("subCode")} & set(BLOCKED_CODES))
    except (ValueError, AttributeError):
        return False


def _json_or_empty(response: requests.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
