"""Checking that an activity really comes from the Bot Framework, before anything reads it.

Every step of "Authentication with the Bot Connector API" (connector to bot): a Bearer
JWT signed RS256 by a key published in the Bot Framework's OpenID metadata, issued by
https://api.botframework.com for our app id, in date (5 minutes' clock skew), naming the
activity's serviceUrl, signed by a key endorsed for the activity's channel. We also refuse
a serviceUrl whose host is not on our allow-list, since replies carry our own token there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt
import requests

log = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
ALGORITHM = "RS256"
CLOCK_SKEW_SECONDS = 5 * 60
KEYS_MAX_AGE_SECONDS = 24 * 60 * 60
# An unknown kid refetches the keys, but not more often than this: a stream of made-up kids
# must not turn us into a load generator against the metadata endpoint.
UNKNOWN_KID_COOLDOWN_SECONDS = 60
FETCH_TIMEOUT_SECONDS = 10


class Rejected(Exception):
    """An activity we will not act on; `status` is the HTTP answer, `reason` is safe to log."""

    def __init__(self, reason: str, status: int = 401) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class SigningKeys:
    """The Bot Framework's signing keys (with their endorsements), cached.

    Refreshed when a day old, and when a token names a key we have not seen (keys rotate).
    """

    def __init__(self, metadata_url: str, session: requests.Session, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._metadata_url = metadata_url
        self._session = session
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at: float | None = None
        self._forced_at: float | None = None

    def key(self, kid: str) -> dict[str, Any] | None:
        with self._lock:
            now = self._clock()
            if self._fetched_at is None or now - self._fetched_at >= KEYS_MAX_AGE_SECONDS:
                self._fetch(now)
            elif kid not in self._keys and (
                    self._forced_at is None
                    or now - self._forced_at >= UNKNOWN_KID_COOLDOWN_SECONDS):
                self._forced_at = now
                self._fetch(now)
            return self._keys.get(kid)

    def _fetch(self, now: float) -> None:
        try:
            metadata = self._get_json(self._metadata_url)
            jwks = self._get_json(metadata["jwks_uri"])
            keys = {k["kid"]: k for k in jwks["keys"] if isinstance(k, dict) and "kid" in k}
        except (requests.RequestException, ValueError, KeyError, TypeError) as problem:
            # Keep the keys we had: a metadata outage must not lock every user out.
            log.error("fetching the Bot Framework signing keys failed: %s", type(problem).__name__)
            return
        self._keys = keys
        self._fetched_at = now

    def _get_json(self, url: str) -> Any:
        response = self._session.get(url, timeout=FETCH_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()


@dataclass(frozen=True)
class Caller:
    """What a verified token says: only the fields we use."""

    service_url: str
    channel_id: str


def service_host_allowed(service_url: str, allowed_hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(service_url)
    return parts.scheme == "https" and (parts.hostname or "").lower() in allowed_hosts


def verify_activity(authorization: str | None, activity: dict[str, Any], *, app_id: str,
                    keys: SigningKeys, allowed_hosts: tuple[str, ...]) -> Caller:
    """The checks, in order; raises Rejected naming the first that fails."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "Bearer" or not token:
        raise Rejected("no Bearer token")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise Rejected("malformed token") from None
    if header.get("alg") != ALGORITHM:
        raise Rejected("token not signed RS256")
    jwk = keys.key(str(header.get("kid")))
    if jwk is None:
        raise Rejected("token signed by an unknown key")
    try:
        claims = jwt.decode(
            token, jwt.PyJWK(jwk, algorithm=ALGORITHM), algorithms=[ALGORITHM], audience=app_id,
            issuer=ISSUER, leeway=CLOCK_SKEW_SECONDS, options={"require": ["exp", "iss", "aud"]})
    except jwt.PyJWTError as problem:
        raise Rejected(f"token refused: {type(problem).__name__}") from None

    service_url = str(activity.get("serviceUrl") or "")
    channel_id = str(activity.get("channelId") or "")
    if not _same_url(str(claims.get("serviceurl") or ""), service_url):
        raise Rejected("token serviceurl does not match the activity")
    if channel_id not in (jwk.get("endorsements") or []):
        raise Rejected("signing key not endorsed for the channel")
    if not service_host_allowed(service_url, allowed_hosts):
        raise Rejected("serviceUrl host not allowed", status=403)
    return Caller(service_url=service_url, channel_id=channel_id)


def _same_url(claimed: str, given: str) -> bool:
    return bool(claimed) and claimed.rstrip("/").lower() == given.rstrip("/").lower()
