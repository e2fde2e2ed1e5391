"""Who a Slack user is, asked of Slack only when LearnLoop is allowed to know.

Never called for an anonymous report: the caller decides the identity mode first.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session

from learning.people.directory import active_person_on_slack
from learning.reports.intake import Reporter

log = logging.getLogger(__name__)
# The key of a reporter's Slack user id in their stored chat address.
SLACK_USER = "slack_user_id"


def chat_address(user_id: str, team_id: str | None) -> dict[str, str]:
    address = {SLACK_USER: user_id}
    if team_id:
        address["slack_team_id"] = team_id
    return address


def named_reporter(client: WebClient, session: Session, user_id: str,
                   team_id: str | None) -> Reporter:
    """A named or confidential reporter: the person LearnLoop knows, else Slack's profile.

    If Slack cannot say who they are, the reporter has no name and `check_draft` says so.
    """
    address = chat_address(user_id, team_id)
    person = active_person_on_slack(session, user_id)
    if person is not None:
        return Reporter(name=person.name, email=person.email, job_title=person.job_title,
                        agency_id=person.agency_id, person_id=person.id, chat_address=address)
    profile = _profile(client, user_id)
    if profile is None:
        return Reporter(chat_address=address)
    return Reporter(name=profile.get("real_name") or profile.get("display_name") or None,
                    email=profile.get("email") or None, job_title=profile.get("title") or None,
                    chat_address=address)


def email_of(client: WebClient, user_id: str) -> str | None:
    """The Slack user's verified work email (users:read.email), used to find their account."""
    profile = _profile(client, user_id)
    return profile.get("email") if profile else None


def _profile(client: WebClient, user_id: str) -> dict | None:
    try:
        return client.users_info(user=user_id)["user"].get("profile", {})
    except (SlackApiError, SlackClientError, OSError) as failure:
        log.warning("Slack users.info failed: %s", type(failure).__name__)
        return None
