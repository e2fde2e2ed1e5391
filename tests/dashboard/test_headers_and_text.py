"""Strict transport in production, and direction controls in report text shown inert on
pages and in Slack, where names and channels in report text are never turned into links."""

from __future__ import annotations

import html

from app import create_app
from bot.slack.blocks import context, section
from bot.slack.escaping import inert
from learning.settings import load_settings
from tests.dashboard.reports import a_report
from tests.web import post_details

TROJAN = "Paid \u202e001\u202c back \u2066to\u2069 the \u200fcarer"


def test_production_pages_ask_browsers_for_https_only(environ, database):
    assert "Strict-Transport-Security" not in create_app(
        load_settings(environ)).test_client().get("/healthz").headers
    environ["LEARNLOOP_PRODUCTION"] = "true"
    production = create_app(load_settings(environ)).test_client()
    assert production.get("/healthz").headers["Strict-Transport-Security"].startswith(
        "max-age=31536000")


def test_direction_controls_are_shown_inert_on_the_check_page(client):
    page = html.unescape(post_details(client, what_happened=TROJAN).get_data(as_text=True))
    summary = page.split('govuk-summary-list"')[1]
    assert "<bdi>Paid [U+202E]001[U+202C] back [U+2066]to[U+2069]" in summary
    assert "\u202e" not in summary


def test_direction_controls_are_shown_inert_on_the_dashboard(settings, database, signed_in):
    reference = a_report(database, settings, what_happened=TROJAN)
    page = signed_in("learning_lead").get(f"/dashboard/reports/{reference}").get_data(
        as_text=True)
    assert "[U+202E]001" in page and "\u202e" not in page and "\u2066" not in page


def test_slack_text_is_verbatim_and_its_direction_controls_inert():
    assert section("x")["text"]["verbatim"] is True
    assert context("x")["elements"][0]["verbatim"] is True
    assert inert(TROJAN) == "Paid [U+202E]001[U+202C] back [U+2066]to[U+2069] the [U+200F]carer"
