"""A small in-memory limit on how often one client may do something (e.g. send a report).

The client is known only by a keyed hash of its address, held in memory for the window and
never stored or logged, so even the limiter keeps no IP address.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import defaultdict, deque

from flask import Blueprint
from flask.blueprints import BlueprintSetupState


class Throttle:
    def __init__(self, *, limit: int, window_seconds: float, secret: str) -> None:
        self.limit = limit
        self.window = window_seconds
        self._secret = secret.encode()
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, client: str | None, *, now: float | None = None) -> bool:
        """Count one try by `client`; False once it has had `limit` tries within the window."""
        key = hmac.new(self._secret, (client or "").encode(), hashlib.sha256).hexdigest()
        moment = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= moment - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(moment)
            if len(self._hits) > 10_000:  # forget idle clients so memory stays bounded
                for idle in [k for k, v in self._hits.items() if not v]:
                    del self._hits[idle]
            return True


def throttle_for(blueprint: Blueprint, name: str, *, limit: int, window_seconds: float) -> None:
    """Give the app a throttle at `app.extensions[name]` when `blueprint` is registered."""

    @blueprint.record_once
    def make(state: BlueprintSetupState) -> None:
        state.app.extensions[name] = Throttle(
            limit=limit, window_seconds=window_seconds,
            secret=state.app.extensions["learnloop"].settings.secret_key)
