"""LearnLoop's `Messenger` for Slack: sends and updates notices with chat.postMessage/update.

An address is {"channel": "C0123"} (a channel id, or a user id for a direct message), with
"team_id" when several workspaces are installed. The message id is the message's `ts`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.clients import web_client
from bot.slack.report_card import card_message, read_only_message, text_message
from bot.slack.action_reminder_message import action_reminder_message
from bot.slack.evaluation_messages import (course_reaction_message, pulse_message,
                                           report_again_message)
from bot.slack.nugget_message import nugget_message
from bot.slack.training_message import reminder_message
from learning.messaging import (ActionReminder, CourseReaction, DeliveryError, Notice,
                                NuggetNotice,
                                PulseQuestion, ReportAgainQuestion, ReportCard, TextNotice,
                                TrainingReminder)
from learning.settings import Settings

# Slack errors that the same message will meet again however often it is retried.
_PERMANENT = {"channel_not_found", "not_in_channel", "is_archived", "invalid_auth",
              "account_inactive", "token_revoked", "not_authed", "msg_too_long", "no_text",
              "invalid_blocks", "message_not_found", "cant_update_message", "user_not_found",
              "missing_scope"}

TokenFinder = Callable[[dict[str, Any]], "str | None"]


class SlackMessenger:
    def __init__(self, settings: Settings, token_for: TokenFinder) -> None:
        self._settings = settings
        self._token_for = token_for
        self._clients: dict[str, WebClient] = {}

    def send(self, address: dict[str, Any], notice: Notice) -> str:
        response = self._call(address, "chat_postMessage", channel=address["channel"],
                              **self._render(notice))
        return str(response["ts"])

    def update(self, address: dict[str, Any], message_id: str, notice: Notice) -> None:
        self._call(address, "chat_update", channel=address["channel"], ts=message_id,
                   **self._render(notice))

    def _render(self, notice: Notice) -> dict[str, Any]:
        if isinstance(notice, ReportCard):
            return card_message(notice, oncall_group=self._settings.slack_oncall_group)
        if isinstance(notice, TextNotice):
            return text_message(notice)
        if isinstance(notice, NuggetNotice):
            return nugget_message(notice)
        if isinstance(notice, TrainingReminder) and notice.places:
            return reminder_message(notice)
        if isinstance(notice, ActionReminder):
            return action_reminder_message(notice)
        if isinstance(notice, PulseQuestion):
            return pulse_message(notice)
        if isinstance(notice, ReportAgainQuestion):
            return report_again_message(notice)
        if isinstance(notice, CourseReaction):
            return course_reaction_message(notice)
        return read_only_message(notice)

    def _call(self, address: dict[str, Any], method: str, **arguments: Any) -> Any:
        token = self._token_for(address)
        if not token:
            raise DeliveryError("no Slack workspace is installed for this address", permanent=True)
        client = self._clients.setdefault(token, web_client(self._settings, token))
        try:
            return getattr(client, method)(**arguments)
        except SlackApiError as failure:
            error = str(failure.response.get("error", "unknown_error"))
            raise DeliveryError(f"Slack said {error}", permanent=error in _PERMANENT,
                                retry_after=_retry_after(failure.response.headers)) from None
        except (SlackClientError, OSError) as failure:
            raise DeliveryError(f"Slack could not be reached ({type(failure).__name__})") from None


def _retry_after(headers: dict[str, Any]) -> float | None:
    wait = next((value for name, value in headers.items() if name.lower() == "retry-after"), None)
    if isinstance(wait, list):
        wait = wait[0] if wait else None
    try:
        return float(wait) if wait is not None else None
    except ValueError:
        return None
