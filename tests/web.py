"""Driving the web form as a browser without JavaScript would: real HTTP to the Flask app."""

from __future__ import annotations

import re

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

DETAILS = {
    "immediate_risk": "no",
    "kind": "near_miss",
    "what_happened": "The strategy discussion invitation went to an old shared mailbox.",
    "occurred_on-day": "16",
    "occurred_on-month": "11",
    "occurred_on-year": "2026",
    "setting": "multi_agency_meeting",
    "what_stopped_harm": "The social worker phoned the duty sergeant.",
    "potential_severity": "severe",
    "identity_mode": "named",
    "reporter_name": "Priya Shah",
    "reporter_email": "priya.shah@health.example",
    "reporter_job_title": "Health visitor",
}


def token(client, url: str = "/report") -> str:
    return CSRF.search(client.get(url).get_data(as_text=True)).group(1)


def post_details(client, **changes):
    """The details page sent, and the page it redirects to (post/redirect/get)."""
    form = {**DETAILS, **changes, "csrf_token": token(client)}
    return client.post("/report/details", data={k: v for k, v in form.items() if v is not None},
                       follow_redirects=True)


def hidden_answers(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        found.setdefault(name, []).append(value)
    return found


def send_from_check_page(client, check_page: str):
    form = hidden_answers(check_page)
    form["action"] = ["send"]
    return client.post("/report/check", data=form)


def report_through_the_form(client, **changes):
    """The whole journey; returns the confirmation page's text."""
    check = post_details(client, **changes)
    assert check.status_code == 200, check.get_data(as_text=True)[:2000]
    sent = send_from_check_page(client, check.get_data(as_text=True))
    assert sent.status_code == 303 and sent.location.endswith("/report/done")
    return client.get("/report/done").get_data(as_text=True)
