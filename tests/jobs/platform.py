"""A stand-in chat platform on 127.0.0.1, and a small Messenger that talks HTTP to it.

The platform is the external service, not our code: it enforces a rate limit per
workspace (429 with Retry-After when exceeded), can be told to fail with 5xx for a while,
refuses unknown conversations for good (404), and counts what each conversation received.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import Counter
from dataclasses import asdict
from typing import Any

import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from learning.messaging import DeliveryError, Notice


class FakePlatform:
    def __init__(self, server: HTTPServer, *, per_second: float = 10_000, burst: int = 50,
                 retry_after: str = "1") -> None:
        self.server = server
        self.per_second, self.burst, self.retry_after = per_second, burst, retry_after
        self.received: Counter[str] = Counter()
        self.bodies: list[dict[str, Any]] = []
        self.refused = 0
        self.failures_left = 0
        self.gone: set[str] = set()
        self._tokens: dict[str, float] = {}
        self._stamp: dict[str, float] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        server.expect_request("/send", method="POST").respond_with_handler(self._answer)

    @property
    def url(self) -> str:
        return self.server.url_for("/send")

    def fail_next(self, count: int) -> None:
        """A 5xx storm: the next `count` requests are answered 503."""
        with self._lock:
            self.failures_left = count

    def _answer(self, request: Request) -> Response:
        message = request.get_json()
        conversation, workspace = message["conversation"], message["workspace"]
        with self._lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                return Response("unavailable", status=503)
            if conversation in self.gone:
                return Response(json.dumps({"error": "channel_not_found"}), status=404)
            if not self._take_token(workspace):
                self.refused += 1
                return Response(json.dumps({"error": "ratelimited"}), status=429,
                                headers={"Retry-After": self.retry_after})
            self.received[conversation] += 1
            self.bodies.append(message)
            return Response(json.dumps({"id": f"m{next(self._ids)}"}),
                            content_type="application/json")

    def _take_token(self, workspace: str) -> bool:
        now = time.monotonic()
        tokens = min(self.burst, self._tokens.get(workspace, self.burst)
                     + (now - self._stamp.get(workspace, now)) * self.per_second)
        self._stamp[workspace] = now
        if tokens < 1:
            self._tokens[workspace] = tokens
            return False
        self._tokens[workspace] = tokens - 1
        return True


class HttpMessenger:
    """Implements learning.messaging.Messenger against FakePlatform, as bot/ does for Slack."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def send(self, address: dict[str, Any], notice: Notice) -> str:
        body = {"conversation": address["channel"], "workspace": address.get("team_id", "T1"),
                "notice": {"type": type(notice).__name__, **asdict(notice)}}
        try:
            response = self.http.post(self.url, json=body, timeout=5)
        except requests.RequestException as failure:
            raise DeliveryError(f"platform unreachable ({type(failure).__name__})") from None
        if response.status_code == 429:
            raise DeliveryError("rate limited", retry_after=float(response.headers["Retry-After"]))
        if response.status_code == 404:
            raise DeliveryError(response.json()["error"], permanent=True)
        if response.status_code >= 500:
            raise DeliveryError(f"platform answered {response.status_code}")
        return response.json()["id"]

    def update(self, address: dict[str, Any], message_id: str, notice: Notice) -> None:
        raise DeliveryError("not needed by these tests", permanent=True)
