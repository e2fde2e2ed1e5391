"""`POST /api/messages`: the Bot Framework endpoint. Verify, then hand each activity on.

Activities LearnLoop acts on: messages (personal chat: the report; channel: a card button
from an old client), `adaptiveCard/action` invokes (the form, triage buttons), and
installs (`conversationUpdate`, `installationUpdate`), which keep where the bot can write.
Refusals are logged with a reason, never with the body.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from bot.teams import (action_plan_actions, cards, channel_actions, evaluation_actions,
                       nugget_actions, personal_chat, preferences_card)
from bot.teams.action_reminder_card import action_reminder_card
from bot.teams.evaluation_cards import course_reaction_card, pulse_card, report_again_card
from bot.teams.nugget_card import nugget_card
from bot.teams.auth import Rejected, verify_activity
from bot.teams.cards import Verb
from bot.teams.references import (
    conversation_kind,
    forget_blocked,
    keep_installation,
    reference_of,
    refresh_service_url,
)
from bot.teams.teams_bot import TeamsBot
from learning.messaging import DeliveryError
from storage.models.teams import ConversationKind

log = logging.getLogger(__name__)


def make_blueprint(bot: TeamsBot) -> Blueprint:
    blueprint = Blueprint("teams", __name__)

    @blueprint.post("/api/messages")
    def messages() -> tuple[Response, int]:
        activity = request.get_json(silent=True)
        if not isinstance(activity, dict):
            activity = {}
        try:
            verify_activity(request.headers.get("Authorization"), activity,
                            app_id=bot.settings.microsoft_app_id or "", keys=bot.keys,
                            allowed_hosts=bot.settings.teams_service_hosts)
        except Rejected as refused:
            log.warning("Teams activity refused (%d): %s", refused.status, refused.reason)
            return jsonify(error="unauthorized" if refused.status == 401 else "forbidden"), \
                refused.status
        return jsonify(handle_activity(bot, activity) or {}), 200

    return blueprint


def handle_activity(bot: TeamsBot, activity: dict[str, Any]) -> dict[str, Any] | None:
    """Act on a verified activity; the result is the invoke response, if there is one."""
    kind = activity.get("type")
    if kind == "message":
        on_message(bot, activity)
    elif kind == "invoke" and activity.get("name") == "adaptiveCard/action":
        return on_card_action(bot, activity)
    elif kind == "conversationUpdate" and _bot_was_added(activity):
        on_install(bot, activity, welcome=False)
    elif kind == "installationUpdate" and str(activity.get("action", "")).startswith("add"):
        # Teams sends both on an install: only this one says hello, so it is said once.
        on_install(bot, activity, welcome=activity.get("action") == "add")
    return None


def on_message(bot: TeamsBot, activity: dict[str, Any]) -> None:
    try:
        with bot.database.unit_of_work() as uow:
            refresh_service_url(uow.session, activity)
            forget_blocked(uow.session, bot.settings, reference_of(activity))
            uow.commit()
    except SQLAlchemyError as failure:
        # Still answered: a personal chat is told its message was not saved.
        log.error("refreshing a Teams conversation failed: %s", type(failure).__name__)
    value = activity.get("value")
    if isinstance(value, dict) and value.get("verb") == Verb.NUGGET:
        _nugget_from_message(bot, activity, value)
    elif conversation_kind(activity) is ConversationKind.PERSONAL:
        personal_chat.on_message(bot, activity)
    elif isinstance(value, dict) and value.get("verb") in channel_actions.TRIAGE_VERBS:
        channel_actions.act_from_message(bot, activity, value)


def on_card_action(bot: TeamsBot, activity: dict[str, Any]) -> dict[str, Any]:
    action = (activity.get("value") or {}).get("action") or {}
    verb = action.get("verb")
    data = action.get("data") if isinstance(action.get("data"), dict) else {}
    if verb == Verb.SUBMIT_REPORT and conversation_kind(activity) is ConversationKind.PERSONAL:
        return cards.invoke_card(personal_chat.submit_form(bot, activity, data))
    if verb == Verb.SAVE_PREFERENCES:
        return cards.invoke_card(preferences_card.save_from_card(bot, activity, data))
    if verb == Verb.BOOK_PLACE:
        return cards.invoke_message(preferences_card.book_from_card(bot, activity, data))
    if verb == Verb.NUGGET:
        pressed = nugget_actions.press(bot, activity, data)
        if isinstance(pressed, str):
            return cards.invoke_message(pressed)
        return cards.invoke_card(nugget_card(pressed.notice))
    if verb in (Verb.ACTION_PLAN, Verb.PULSE, Verb.COURSE_USEFUL, Verb.REPORT_AGAIN):
        return _answer_asked(bot, activity, verb, data)
    if verb in channel_actions.TRIAGE_VERBS:
        outcome = channel_actions.act_on_report(bot, activity, verb, data)
        if isinstance(outcome, str):
            return cards.invoke_message(outcome)
        return cards.invoke_card(outcome)
    return cards.invoke_message("Sorry, I don't know that action.")


def _answer_asked(bot: TeamsBot, activity: dict[str, Any], verb: str,
                  data: dict[str, Any]) -> dict[str, Any]:
    """A question LearnLoop asked with buttons (an action reminder, a pulse, "was the course
    useful?", "would you report again?"): its answer, and the card again with the answer in
    place."""
    if verb == Verb.ACTION_PLAN:
        done = action_plan_actions.press(bot, activity, data)
        return cards.invoke_message(done) if isinstance(done, str) \
            else cards.invoke_card(action_reminder_card(done.notice))
    if verb == Verb.PULSE:
        pulse = evaluation_actions.press_pulse(bot, activity, data)
        return cards.invoke_message(pulse) if isinstance(pulse, str) \
            else cards.invoke_card(pulse_card(pulse))
    if verb == Verb.COURSE_USEFUL:
        useful = evaluation_actions.press_course_reaction(bot, activity, data)
        return cards.invoke_message(useful) if isinstance(useful, str) \
            else cards.invoke_card(course_reaction_card(useful))
    again = evaluation_actions.press_report_again(bot, data)
    return cards.invoke_message(again) if isinstance(again, str) \
        else cards.invoke_card(report_again_card(again))


def _nugget_from_message(bot: TeamsBot, activity: dict[str, Any], value: dict[str, Any]) -> None:
    """Action.Submit (clients without Action.Execute): update the nugget's card in place."""
    pressed = nugget_actions.press(bot, activity, value)
    try:
        if isinstance(pressed, str):
            bot.messenger.send_card(reference_of(activity), cards.card([cards.text(pressed)]))
        elif pressed.message_id:
            bot.messenger.update(pressed.address, pressed.message_id, pressed.notice)
    except DeliveryError as failure:
        log.warning("answering a nugget button failed: %s", failure.reason)


def on_install(bot: TeamsBot, activity: dict[str, Any], *, welcome: bool) -> None:
    kind = conversation_kind(activity)
    email = bot.work_email(activity) if kind is ConversationKind.PERSONAL else None
    with bot.database.unit_of_work() as uow:
        keep_installation(uow.session, activity, email=email)
        forget_blocked(uow.session, bot.settings, reference_of(activity))
        uow.commit()
    log.info("LearnLoop was added to a Teams %s", kind.value)
    if not welcome:
        return
    if kind is ConversationKind.PERSONAL:
        card = personal_chat.welcome_card(bot.settings)
    else:
        card = cards.card([cards.text(
            f"{bot.settings.partnership_name} LearnLoop is here. An admin can now send new "
            f"reports to this channel with a routing rule. To report, chat with the bot "
            f"directly: reports are never written in a channel.")])
    try:
        bot.messenger.send_card(reference_of(activity), card)
    except DeliveryError as failure:
        log.warning("the Teams welcome message failed: %s", failure.reason)


def _bot_was_added(activity: dict[str, Any]) -> bool:
    bot_id = (activity.get("recipient") or {}).get("id")
    return any(member.get("id") == bot_id for member in activity.get("membersAdded") or []
               if isinstance(member, dict))

