"""A small fake Slack Web API on 127.0.0.1 for the real slack_sdk WebClient to talk to.

It answers the methods LearnLoop calls, records every call, can be told to answer the next
call of a method differently (a 429, an error, a slow reply), and refuses what the real Slack
refuses: a view or blocks outside Slack's published limits get `ok: false` with
`invalid_arguments` (views) or `invalid_blocks` (messages), as Slack answers. Every refusal is
kept, and a test that did not expect one fails at teardown.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from werkzeug import Request, Response

from tests.slack.block_kit_limits import blocks_problems, view_problems

TEAM = "T0RIVER01"
BOT_USER = "U0LEARNBOT"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    refused: bool = False


@dataclass
class Canned:
    status: int = 200
    body: dict[str, Any] = field(default_factory=lambda: {"ok": True})
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0


class FakeSlack:
    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self._canned: dict[str, list[Canned]] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self.refused: list[tuple[str, list[str]]] = []
        server.expect_request(re.compile(r"^/api/.+")).respond_with_handler(self._answer)

    @property
    def url(self) -> str:
        return self.server.url_for("/api/")

    def add_user(self, user_id: str, name: str, email: str, title: str = "") -> None:
        self.users[user_id] = {"real_name": name, "display_name": name.split()[0],
                               "email": email, "title": title}

    def answer_next(self, method: str, canned: Canned) -> None:
        with self._lock:
            self._canned.setdefault(method, []).append(canned)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10) -> list[Call]:
        """Work done after the ack happens on Bolt's threads: wait for its calls to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} {method} call(s), got {len(self.calls_to(method))}")

    def posts_to(self, channel: str, count: int = 1, timeout: float = 10) -> list[dict[str, Any]]:
        """The chat.postMessage arguments sent to `channel`, once `count` of them have come."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [c.args for c in self.calls_to("chat.postMessage")
                     if c.args["channel"] == channel]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} post(s) to {channel}")

    def everything_sent(self) -> str:
        with self._lock:
            return json.dumps([(c.method, c.args) for c in self.calls])

    def check_payloads(self) -> None:
        """Nothing was refused, and every view and message's blocks satisfy slack_sdk.models."""
        assert self.refused == [], f"Slack would refuse what was sent: {self.refused}"
        for call in list(self.calls):
            if call.refused:
                continue
            if isinstance(call.args.get("view"), dict):
                View(**call.args["view"]).validate_json()
            blocks = call.args.get("blocks")
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            for block in blocks or []:
                Block.parse(block).validate_json()

    def _answer(self, request: Request) -> Response:
        method = request.path.removeprefix("/api/")
        args: dict[str, Any] = dict(request.args)
        args.update(request.form)
        if request.is_json:
            args.update(request.get_json(silent=True) or {})
        call = Call(method, args, dict(request.headers))
        with self._lock:
            self.calls.append(call)
            canned = self._canned.get(method, [])
            answer = canned.pop(0) if canned else None
        if answer is not None:
            time.sleep(answer.delay)
            return Response(json.dumps(answer.body), status=answer.status, headers=answer.headers,
                            content_type="application/json")
        refusal = self._refusal(method, args)
        call.refused = refusal is not None
        body = refusal if refusal is not None else self._default(method, args)
        return Response(json.dumps(body), content_type="application/json")

    def _refusal(self, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """Slack's answer to a payload outside its limits; None when it is within them."""
        if method.startswith("views."):
            view = _decoded(args.get("view"))
            found = view_problems(view) if isinstance(view, dict) else ["/view: missing"]
            error = "invalid_arguments"
        elif method.startswith("chat.") and "blocks" in args:
            blocks = _decoded(args["blocks"])
            found = blocks_problems(blocks) if isinstance(blocks, list) else ["/blocks: not a list"]
            error = "invalid_blocks"
        else:
            return None
        if not found:
            return None
        with self._lock:
            self.refused.append((method, found))
        return {"ok": False, "error": error,
                "response_metadata": {"messages": [f"[ERROR] {problem}" for problem in found]}}

    def _default(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "B0LEARNBOT", "team_id": TEAM,
                    "team": "Riverside", "url": "https://riverside.slack.com/"}
        if method in ("chat.postMessage", "chat.update"):
            ts = args.get("ts") or f"17000000{next(self._ts):02d}.000100"
            channel = args.get("channel", "")
            if channel.startswith("U"):
                channel = "D" + channel[1:]
            return {"ok": True, "channel": channel, "ts": ts}
        if method == "chat.postEphemeral":
            # Slack shows an ephemeral message to one member of the channel: both are required.
            if not args.get("user") or not args.get("channel"):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "message_ts": "1700000099.000100"}
        if method.startswith("views."):
            view = _decoded(args.get("view"))
            return {"ok": True, "view": {"id": "V0MODAL01", **(view or {})}}
        if method == "users.info":
            profile = self.users.get(args.get("user", ""))
            if profile is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": args["user"], "team_id": TEAM, "profile": profile}}
        if method == "oauth.v2.access":
            return {"ok": True, "app_id": "A0LEARN01", "access_token": "xoxb-installed-token",
                    "token_type": "bot", "scope": "commands,chat:write", "bot_user_id": BOT_USER,
                    "team": {"id": "T0NORTH01", "name": "Northshire"}, "enterprise": None,
                    "is_enterprise_install": False,
                    "authed_user": {"id": "U0INSTALL1"}}
        return {"ok": True}


def _decoded(value: Any) -> Any:
    """slack_sdk sends views and blocks as JSON text in form posts, as lists in JSON posts."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value
