"""What anyone on the internet can send to /slack/events before proving who they are is
refused with a 4xx, never a 500 or a traceback in the log."""

from __future__ import annotations

import logging

import pytest

BODIES = [
    ('{"type": "event_callback", "event": ', "application/json"),
    ("payload=%7Bnot+json", "application/x-www-form-urlencoded"),
    ("payload=", "application/x-www-form-urlencoded"),
    ("\xff\xfe not text", "application/json"),
]


@pytest.mark.parametrize("stamp", ["yesterday", "", "1e9", "-"])
def test_a_timestamp_that_is_not_a_number_is_refused(slack, caplog, stamp):
    caplog.set_level(logging.DEBUG)
    response = slack.post("command=%2Fnearmiss", "application/x-www-form-urlencoded",
                          signed=False, headers={"X-Slack-Request-Timestamp": stamp,
                                                 "X-Slack-Signature": "v0=" + "0" * 64})
    assert response.status_code in (400, 401)
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(("body", "content_type"), BODIES)
def test_unsigned_malformed_bodies_are_refused(slack, caplog, body, content_type):
    caplog.set_level(logging.DEBUG)
    response = slack.post(body, content_type, signed=False)
    assert response.status_code in (400, 401)
    assert "Traceback" not in caplog.text and not caplog.records or all(
        r.exc_info is None for r in caplog.records)


@pytest.mark.parametrize(("body", "content_type"), BODIES)
def test_signed_malformed_bodies_are_refused_too(slack, caplog, body, content_type):
    caplog.set_level(logging.DEBUG)
    response = slack.post(body, content_type)
    assert response.status_code in (400, 401)
    assert all(r.exc_info is None for r in caplog.records)
