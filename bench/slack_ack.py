"""Slash-command ack latency: LearnLoop's /slack/events against a bare Bolt app, same adapter.

Both are Bolt apps behind slack_bolt's Flask adapter, signed requests through Flask's test
client, the same fake Slack Web API on loopback answering views.open; the bare app acks and
opens a one-block modal, LearnLoop does its real work (the full report form). Latency is from
request to HTTP answer, i.e. what Slack's 3-second rule measures.
Run from the repository root: .venv/bin/python -m bench.slack_ack [--requests N]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from app import create_app
from learning.settings import load_settings
from storage import schema

SECRET = "bench-signing-secret"


def fake_slack() -> tuple[str, Callable[[], None]]:
    """Answers every Web API method with ok, after a 20 ms think, like a nearby Slack."""
    def answer(environ, start_response):
        time.sleep(0.02)
        body = {"ok": True, "view": {"id": "V1"}, "user_id": "U1", "team_id": "T1",
                "bot_id": "B1", "user": "bench", "team": "bench", "url": "https://x/"}
        return Response(json.dumps(body), content_type="application/json")(environ, start_response)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, answer, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.port}/api/", server.shutdown


def bare_bolt(api_url: str) -> Flask:
    bolt = App(signing_secret=SECRET, client=WebClient(token="xoxb-bench", base_url=api_url),
               token_verification_enabled=False)

    @bolt.command("/nearmiss")
    def open_form(ack, body, client):
        ack()
        client.views_open(trigger_id=body["trigger_id"], view={
            "type": "modal", "title": {"type": "plain_text", "text": "Report"},
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}]})

    flask_app = Flask("bare")
    handler = SlackRequestHandler(bolt)
    flask_app.add_url_rule("/slack/events", "events", lambda: handler.handle(request),
                           methods=["POST"])
    return flask_app


def learnloop(api_url: str, folder: Path) -> Flask:
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
                              "SLACK_API_URL": api_url, "LEARNLOOP_INSTANCE_PATH": str(folder)})
    flask_app = create_app(settings)
    schema.upgrade(flask_app.extensions["learnloop"].database)
    return flask_app


def latencies(flask_app: Flask, count: int) -> list[float]:
    client, signer = flask_app.test_client(), SignatureVerifier(SECRET)
    found = []
    for number in range(count + 5):
        body = urlencode({"command": "/nearmiss", "text": "", "user_id": "U0BENCH",
                          "team_id": "T0BENCH", "channel_id": "C0BENCH",
                          "trigger_id": f"trigger-{number}", "response_url": "https://x/"})
        stamp = str(int(time.time()))
        headers = {"X-Slack-Request-Timestamp": stamp, "Content-Type":
                   "application/x-www-form-urlencoded",
                   "X-Slack-Signature": signer.generate_signature(timestamp=stamp, body=body)}
        started = time.perf_counter()
        response = client.post("/slack/events", data=body, headers=headers)
        took = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        if number >= 5:  # the first few warm caches and thread pools
            found.append(took)
        time.sleep(0.03)  # let the work after the ack finish: measure acks, not a queue
    return found


def summary(name: str, found: list[float]) -> tuple[float, float]:
    p50 = statistics.median(found) * 1000
    p99 = statistics.quantiles(found, n=100)[98] * 1000
    print(f"{name:10} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")
    return p50, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    count = parser.parse_args().requests
    api_url, stop = fake_slack()
    try:
        with tempfile.TemporaryDirectory() as folder:
            bare = summary("bare Bolt", latencies(bare_bolt(api_url), count))
            ours = summary("LearnLoop", latencies(learnloop(api_url, Path(folder)), count))
    finally:
        stop()
    print(f"slack_ack_p50: {ours[0] / bare[0]:.2f}x the baseline's time")
    print(f"slack_ack_p99: {ours[1] / bare[1]:.2f}x the baseline's time")


if __name__ == "__main__":
    main()
