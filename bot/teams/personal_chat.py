"""Reporting in a personal chat with the bot: the shared conversation, or the card form."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.chat_commands import answer_command
from bot.conversation import chat_key, converse, help_text, not_saved_text
from bot.teams import cards, preferences_card, report_form
from bot.teams.cards import Card, Verb
from bot.teams.references import TEAMS_USER, person_for, reference_of
from bot.teams.teams_bot import TeamsBot
from learning.messaging import DeliveryError
from learning.people.directory import active_agencies
from learning.reports.intake import (InvalidReport, Problem, Reporter, SubmissionResult,
                                     check_answers, submit_report)
from learning.reports.personal_details import checked_token
from learning.reports.posting import post_new_report
from learning.reports.sending import redone_if_refused
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.vocabulary import Channel

log = logging.getLogger(__name__)
NOT_SAVED = ("Your report has not been sent: we could not save it just now. Your answers are "
             "kept here; send it again in a few minutes.")


def anonymity_caveat(settings: Settings) -> str:
    """What Teams itself keeps, said plainly: LearnLoop's promise cannot cover the tenant."""
    return (
        "In Teams, your organisation keeps this chat: what you type here, and any case key we "
        "show you, stay in your Teams chat history and can be kept in your organisation's "
        "compliance records (retention and eDiscovery), even though LearnLoop stores nothing "
        "that identifies you. To be as anonymous as possible, use the web form at "
        f"{settings.base_url.rstrip('/')}/report from a browser that is not signed in to your "
        "work account."
    )


def welcome_card(settings: Settings) -> Card:
    return cards.card([
        cards.text(help_text(settings)),
        cards.text("Prefer a form? Say \"form\".", subtle=True),
        cards.text(anonymity_caveat(settings), subtle=True),
    ])


def on_message(bot: TeamsBot, activity: dict[str, Any]) -> None:
    value = activity.get("value")
    if isinstance(value, dict) and value.get("verb") == Verb.SUBMIT_REPORT:
        _submit_form_from_message(bot, activity, value)
        return
    try:
        card, result = _answer(bot, activity, value)
    except SQLAlchemyError as failure:
        # The class only: a database error's text can quote what was typed.
        log.error("answering a Teams chat failed: %s", type(failure).__name__)
        card, result = cards.card([cards.text(not_saved_text(bot.settings))]), None
    _reply(bot, activity, card)
    if result is not None:
        _route(bot, result)


def _answer(bot: TeamsBot, activity: dict[str, Any],
            value: Any) -> tuple[Card, SubmissionResult | None]:
    """The card that answers a message, and the report if the message sent one."""
    said = str(activity.get("text") or "")
    if isinstance(value, dict):
        if value.get("verb") in (Verb.SAVE_PREFERENCES, Verb.BOOK_PLACE):
            return _chosen_from_message(bot, activity, value), None
        if "answer" in value:
            said = str(value.get("answer") or "")
    if said.strip().lower() in report_form.START_WORDS:
        return new_form(bot), None
    if said.strip().lower() == preferences_card.COMMAND:
        return preferences_card.show_preferences(bot, activity), None
    sender = activity.get("from") or {}
    with bot.database.unit_of_work() as uow:
        command = answer_command(uow, typed=said, address_key=TEAMS_USER,
                                 user_id=sender.get("aadObjectId") or "", settings=bot.settings,
                                 now=datetime.now(UTC))
    if command is not None:
        return cards.card([cards.text(command)]), None
    user_id = sender.get("aadObjectId") or sender.get("id", "")
    # A turn that sends the report is redone whole if the database refuses it.
    turn = redone_if_refused(bot.database, lambda uow: converse(
        uow, key=chat_key(bot.settings, "teams", user_id),
        text=said, reporter=reporter_for(uow.session, activity), channel=Channel.TEAMS,
        settings=bot.settings, now=datetime.now(UTC),
        anonymity_caveat=anonymity_caveat(bot.settings)))
    return cards.turn_card(turn), turn.result


def new_form(bot: TeamsBot) -> Card:
    with bot.database.unit_of_work() as uow:
        return report_form.form_card(bot.settings, _agencies(uow.session),
                                     caveat=anonymity_caveat(bot.settings))


def submit_form(bot: TeamsBot, activity: dict[str, Any], data: dict[str, Any]) -> Card:
    """The card to show after the form was sent: itself with what to fix, or the thank-you."""
    settings = bot.settings
    answers = report_form.answers_from(data)
    now = datetime.now(UTC)
    today = now.astimezone(settings.timezone).date()
    agencies: list[tuple[str, str]] = []
    warnings: list[str] = []
    reviewed: str | None = None
    problems: list[Problem] = []
    result: SubmissionResult | None = None

    def store(uow: UnitOfWork) -> None:
        nonlocal agencies, warnings, reviewed, problems, result
        agencies = _agencies(uow.session)
        draft = report_form.draft_from(answers, reporter_for(uow.session, activity))
        problems = check_answers(uow.session, draft, today=today)
        reviewed = checked_token(draft)
        warnings = report_form.pii_warnings(draft, answers, today=today,
                                            reviewed=data.get("reviewed"))
        if not problems and not warnings:
            try:
                result = submit_report(uow, draft, channel=Channel.TEAMS, settings=settings,
                                       now=now)
            except InvalidReport as invalid:
                problems = invalid.problems

    try:
        # Redone whole if the database refuses it (e.g. a reference drawn twice).
        redone_if_refused(bot.database, store)
    except SQLAlchemyError as failure:
        # The class only: a database error's text can quote the report.
        log.error("storing a Teams report failed: %s", type(failure).__name__)
        problems = [Problem("what_happened", NOT_SAVED)]
    if problems or warnings:
        return report_form.form_card(settings, agencies, caveat=anonymity_caveat(settings),
                                     answers=answers, problems=problems, warnings=warnings,
                                     reviewed=reviewed)
    assert result is not None  # stored: no problems, no warnings
    _route(bot, result)
    return report_form.submitted_card(result, settings)


def reporter_for(session: Session, activity: dict[str, Any]) -> Reporter:
    """Who is writing, as Teams and LearnLoop know them; unused when they report anonymously."""
    sender = activity.get("from") or {}
    person = person_for(session, sender.get("aadObjectId"))
    if person is None:
        return Reporter(name=sender.get("name"), chat_address=reference_of(activity))
    return Reporter(name=person.name, email=person.email, job_title=person.job_title,
                    agency_id=person.agency_id, person_id=person.id,
                    chat_address=reference_of(activity))


def _submit_form_from_message(bot: TeamsBot, activity: dict[str, Any],
                              value: dict[str, Any]) -> None:
    """Action.Submit (clients without Action.Execute): answer by replacing the form card."""
    card = submit_form(bot, activity, value)
    reply_to = activity.get("replyToId")
    try:
        if reply_to:
            bot.connector.update(reference_of(activity), str(reply_to), cards.message(card))
            return
    except DeliveryError as failure:
        log.warning("replacing the report form failed: %s", failure.reason)
    _reply(bot, activity, card)


def _chosen_from_message(bot: TeamsBot, activity: dict[str, Any],
                         value: dict[str, Any]) -> Card:
    """Action.Submit (clients without Action.Execute) for the preferences card or a Book button."""
    if value.get("verb") == Verb.SAVE_PREFERENCES:
        return preferences_card.save_from_card(bot, activity, value)
    return cards.card([cards.text(preferences_card.book_from_card(bot, activity, value))])


def _reply(bot: TeamsBot, activity: dict[str, Any], card: Card) -> None:
    # Straight to the connector: the person has just written, so the bot is not blocked
    # there, and the answer needs nothing from the database (which may be what is away).
    try:
        bot.connector.send(reference_of(activity), cards.message(card))
    except DeliveryError as failure:
        log.warning("replying in a Teams chat failed: %s", failure.reason)


def _route(bot: TeamsBot, result: SubmissionResult) -> None:
    # After the answer: a slow connector must not hold up the reporter's card.
    bot.services.background.submit(post_new_report, bot.database, result.reference,
                                   settings=bot.settings, messengers=bot.services.messengers)


def _agencies(session: Session) -> list[tuple[str, str]]:
    return [(str(agency.id), agency.name) for agency in active_agencies(session)]
