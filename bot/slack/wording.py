"""What LearnLoop says in Slack that every intake path shares."""

from __future__ import annotations

from learning.settings import Settings


def anonymity_caveat(settings: Settings) -> str:
    """The honest limit of anonymity in Slack, with the way round it."""
    return (
        "Slack keeps its own copy of direct messages, and workspace owners on some Slack plans "
        "can export them. For the most anonymous route, use the web form at "
        f"{settings.base_url.rstrip('/')}/report."
    )


def emergency_line(settings: Settings) -> str:
    return f"If a child is at immediate risk of harm: {settings.emergency_contacts}"
