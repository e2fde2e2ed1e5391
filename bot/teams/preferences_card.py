"""A person's own choices in Teams: "preferences" in the personal chat shows this card, and a
reminder's Book buttons book a place. Both call `learning.nudges`; neither holds a rule.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from bot.teams import cards
from bot.teams.cards import Card, Verb
from bot.teams.references import person_for
from bot.teams.teams_bot import TeamsBot
from learning.nudges.preferences import (
    NO_PREFERENCE,
    PreferencesRefused,
    Typed,
    YourPreferences,
    save_preferences,
    your_preferences,
)
from learning.nudges.training_events import BookingRefused, book

COMMAND = "preferences"
_FORMATS = {"Input.Date": re.compile(r"\d{4}-\d{2}-\d{2}"),
            "Input.Time": re.compile(r"([01]\d|2[0-3]):[0-5]\d")}
UNKNOWN = "We could not find you in LearnLoop. Ask your agency's admin to add you."


def preferences_card(shown: YourPreferences, *, saved: bool = False) -> Card:
    typed, problems = shown.typed, shown.problems
    body: list[Card] = [cards.heading("Your preferences")]
    if saved:
        body.append(cards.text("Saved. You can change these whenever you like.", weight="Bolder",
                               color="Good"))
    body.append(cards.text("Nudges only ever reach you on working days, in working hours "
                           "where you are.", subtle=True))
    body += _field(problems, "paused_until", _input("Input.Date", "paused_until",
                                                    "Pause everything until (optional)",
                                                    typed.paused_until))
    body += _field(problems, "quiet_from", _input("Input.Time", "quiet_from",
                                                  "Quiet hours from (optional)", typed.quiet_from))
    body += _field(problems, "quiet_until", _input("Input.Time", "quiet_until",
                                                   "Quiet hours until", typed.quiet_until))
    if len(shown.channels) > 2:
        body += _field(problems, "preferred_channel", cards.choice_set(
            "preferred_channel", "Where would you rather hear from us?",
            [(value or "none", words) for value, words in shown.channels],
            value=typed.preferred_channel or "none", expanded=True))
    elif "preferred_channel" in problems:
        # A card from before (when they had a second channel) asked for one they no longer have.
        body.append(cards.warning(problems["preferred_channel"]))
    return cards.card(body, [cards.execute("Save preferences", Verb.SAVE_PREFERENCES, {})])


def _input(kind: str, input_id: str, label: str, value: str) -> Card:
    element: Card = {"type": kind, "id": input_id, "label": cards.plain(label)}
    # Teams refuses a card whose date or time input holds anything but YYYY-MM-DD or HH:MM,
    # so a value an old client let through is shown beside the error, not in the input.
    if _FORMATS[kind].fullmatch(value):
        element["value"] = value
    return element


def _field(problems: dict[str, str], name: str, element: Card) -> list[Card]:
    return [element] + ([cards.warning(problems[name])] if name in problems else [])


def typed_from(data: dict[str, Any]) -> Typed:
    channel = str(data.get("preferred_channel") or "")
    return Typed(paused_until=str(data.get("paused_until") or ""),
                 quiet_from=str(data.get("quiet_from") or ""),
                 quiet_until=str(data.get("quiet_until") or ""),
                 preferred_channel=NO_PREFERENCE if channel == "none" else channel)


def show_preferences(bot: TeamsBot, activity: dict[str, Any]) -> Card:
    with bot.database.unit_of_work() as uow:
        person = person_for(uow.session, _sender(activity))
        shown = your_preferences(uow, person.id, bot.settings) if person else None
    return preferences_card(shown) if shown else cards.card([cards.text(UNKNOWN)])


def save_from_card(bot: TeamsBot, activity: dict[str, Any], data: dict[str, Any]) -> Card:
    """The card again: saved, or with what to fix beside each field and what was typed kept."""
    with bot.database.unit_of_work() as uow:
        person = person_for(uow.session, _sender(activity))
        if person is None:
            return cards.card([cards.text(UNKNOWN)])
        try:
            shown = save_preferences(uow, person.id, typed_from(data), settings=bot.settings,
                                     now=datetime.now(UTC))
        except PreferencesRefused as refused:
            return preferences_card(refused.preferences)
    return preferences_card(shown, saved=True)


def book_from_card(bot: TeamsBot, activity: dict[str, Any], data: dict[str, Any]) -> str:
    event_id = data.get("event")
    if not isinstance(event_id, int):
        return "Sorry, that button is out of date."
    with bot.database.unit_of_work() as uow:
        person = person_for(uow.session, _sender(activity))
        if person is None:
            return UNKNOWN
        try:
            return book(uow, event_id, person.id, settings=bot.settings, now=datetime.now(UTC))
        except BookingRefused as refused:
            return str(refused)


def _sender(activity: dict[str, Any]) -> str | None:
    return (activity.get("from") or {}).get("aadObjectId")
