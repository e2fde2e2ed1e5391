"""Email: LearnLoop's third channel, for staff with neither Slack nor Teams (SMTP_URL)."""

from __future__ import annotations

from bot.mail.messenger import MailMessenger
from learning.settings import Settings


def attach(settings: Settings) -> MailMessenger:
    """The mail messenger the outbox sends with; mail needs no endpoint of its own (its links
    go to forms/one_click.py)."""
    return MailMessenger(settings)
