"""The "Your preferences" modal opened from the App Home, and reading its answers back.

Slack keeps what was typed in a modal when it is answered with errors, so a refusal only
names the blocks to fix.
"""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import Block, context, input_block, option, plain, section
from bot.slack.escaping import inert
from bot.slack.ids import Callback
from learning.nudges.preferences import NO_PREFERENCE, Typed, YourPreferences

# Slack refuses an option whose value is empty, so "no preference" travels as a word.
NO_PREFERENCE_VALUE = "none"


def preferences_modal(shown: YourPreferences) -> dict[str, Any]:
    typed = shown.typed
    pause: dict[str, Any] = {"type": "datepicker", "action_id": "paused_until",
                             "placeholder": plain("No pause")}
    if typed.paused_until:
        pause["initial_date"] = typed.paused_until
    blocks: list[Block] = [
        section("Nudges only ever reach you on working days, in working hours where you are. "
                f"These choices are yours, {inert(shown.name)}."),
        input_block("paused_until", "Pause everything until", pause, optional=True,
                    hint="Nothing is sent up to and including this date"),
        input_block("quiet_from", "Quiet hours from", _time("quiet_from", typed.quiet_from),
                    optional=True),
        input_block("quiet_until", "Quiet hours until", _time("quiet_until", typed.quiet_until),
                    optional=True, hint="For example 16:00 until 10:00 keeps late afternoons "
                                        "and early mornings clear"),
    ]
    if len(shown.channels) > 2:
        choices = [option(value or NO_PREFERENCE_VALUE, words) for value, words in shown.channels]
        chosen = next((c for c in choices
                       if c["value"] == (typed.preferred_channel or NO_PREFERENCE_VALUE)), None)
        radios: dict[str, Any] = {"type": "radio_buttons", "action_id": "preferred_channel",
                                  "options": choices}
        if chosen:
            radios["initial_option"] = chosen
        blocks.append(input_block("preferred_channel", "Where would you rather hear from us?",
                                  radios, optional=True))
    else:
        blocks.append(context("You can be reached on one channel here, so there is no channel "
                              "to choose."))
    return {"type": "modal", "callback_id": Callback.PREFERENCES.value,
            "title": plain("Your preferences"), "submit": plain("Save"),
            "close": plain("Cancel"), "blocks": blocks}


def _time(action_id: str, value: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "timepicker", "action_id": action_id,
                               "placeholder": plain("None")}
    if value:
        element["initial_time"] = value
    return element


def typed_from_view(view: dict[str, Any]) -> Typed:
    values = view.get("state", {}).get("values", {})

    def answer(block: str) -> dict[str, Any]:
        return values.get(block, {}).get(block, {}) or {}

    channel = (answer("preferred_channel").get("selected_option") or {}).get("value", "")
    return Typed(paused_until=answer("paused_until").get("selected_date") or "",
                 quiet_from=answer("quiet_from").get("selected_time") or "",
                 quiet_until=answer("quiet_until").get("selected_time") or "",
                 preferred_channel=NO_PREFERENCE if channel == NO_PREFERENCE_VALUE else channel)
