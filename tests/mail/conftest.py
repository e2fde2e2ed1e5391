"""Email tests: LearnLoop's settings pointed at a real SMTP server on loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest

from tests.dashboard.conftest import accounts, signed_in  # noqa: F401  (fixtures)
from tests.mail.smtp_server import MailServer

MAIL_FROM = "Riverside Safeguarding Partnership <learning@riverside.example>"
# Mail set up for a test that sends nothing (what a chat surface offers): no server listens.
MAIL_SET_UP = {"SMTP_URL": "smtp://127.0.0.1:2525", "MAIL_FROM": MAIL_FROM}
# The refusal of a channel choice from an old card or modal when one channel is left.
NO_CHOICE = ("You can be reached on one channel here now, so there is no channel to choose: "
             "save again to keep your other choices")
LINK = re.compile(r'href="(http://127\.0\.0\.1:8000/m/[^"]+)"')


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def environ(environ: dict[str, str], mail_server: MailServer) -> dict[str, str]:
    return {**environ, "SMTP_URL": mail_server.url(), "MAIL_FROM": MAIL_FROM,
            "SMTP_RATE_PER_SECOND": "10000"}


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML parts, decoded."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def links(message: EmailMessage) -> dict[str, str]:
    """The one-click links in the HTML part, by their words, as paths to request."""
    _, html = parts(message)
    found = {}
    for match in re.finditer(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html):
        address, words = match.group(1).replace("&amp;", "&"), match.group(2)
        if "/m/" in address:
            found[words] = urlsplit(address).path
    return found


def sent_at(message: EmailMessage) -> datetime:
    return message["Date"].datetime
