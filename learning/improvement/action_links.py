"""An action reminder's buttons by email: "Mark done" (or "It has stuck" / "Not yet") as
one-click links (`learning.nudges.one_click`, purpose "action").

A link names the action and, in its choice, the press and the person it was mailed to (the
owner): the chat buttons answer only the action's owner, so a link stops working once the
action passes to someone else. The press itself is `record_press`, the one the chat buttons call.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from learning.improvement.action_reminders import PRESSES, record_press
from learning.improvement.actions import ActionRefused
from learning.settings import Settings
from storage.models.improvement import Action

if TYPE_CHECKING:  # one_click imports this module to list the link's purpose
    from learning.nudges.one_click import Link

PURPOSE = "action"
WHAT_MAX = 200  # the page says which action in a line, not the whole plan
_WORDS = {"done": "Mark this action done: “{}”",
          "stuck": "Record that this change has stuck: “{}”",
          "not_stuck": "Record that this change has not stuck yet: “{}”"}


def link_choice(press: str, owner_id: int) -> str:
    """The choice a link carries: the press and who may make it."""
    return f"{press}-{owner_id}"


def describe_press(session: Session, link: Link) -> str | None:
    found = _pressed(session, link)
    if found is None:
        return None
    action, press = found
    what = " ".join(action.what.split())
    return _WORDS[press].format(what if len(what) <= WHAT_MAX else what[:WHAT_MAX] + "…")


def press_by_link(session: Session, link: Link, now: datetime, settings: Settings) -> str:
    found = _pressed(session, link)
    if found is None:  # looked up just before, in the same unit of work
        raise LookupError(link.subject)
    action, press = found
    try:
        return record_press(action, press, now=now, settings=settings)
    except ActionRefused as refused:
        return f"{refused}: nothing has changed. You can update it in LearnLoop."


def _pressed(session: Session, link: Link) -> tuple[Action, str] | None:
    """The action and the press, while the link's person still owns it; else None."""
    press, _, owner = (link.choice or "").rpartition("-")
    action = session.get(Action, link.subject)
    if press not in PRESSES or not owner.isdigit() or action is None or \
            action.owner_id != int(owner):
        return None
    return action, press
