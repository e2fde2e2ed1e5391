"""Learning nuggets: written by leads, sent to their audience, acknowledged and checked.

A wrong answer to the check question is asked again after 2 days, then after 7 more
(spaced retrieval helps learning stick); a right answer ends it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from learning.evaluation.kept_counts import count_answer
from learning.reports.access import Permission, require
from learning.nudges.delivery_notices import check_feedback, nugget_notice
from learning.messaging import NuggetNotice
from learning.one_by_one import each
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.settings import Settings
from storage.models import Account, Agency, Person
from storage.models.nudges import (AgencyChannel, Delivery, DeliveryKind, DeliveryState, Nugget,
                                   NuggetState)

log = logging.getLogger(__name__)
RECHECK_AFTER = (timedelta(days=2), timedelta(days=7))


class NuggetAction(StrEnum):
    """What a button on a nugget does; chat adapters use these values as action ids."""

    READ = "nugget_read"
    USEFUL = "nugget_useful"  # value "yes" or "no"
    DISCUSSED = "nugget_discussed"
    ANSWER = "nugget_answer"  # value: the option's number, from 0


class NotYours(PermissionError):
    def __init__(self) -> None:
        super().__init__("This message was sent to someone else, so it can't be answered here.")


def audience(session: Session, nugget: Nugget) -> list[Person]:
    query = select(Person).where(Person.active)
    if nugget.audience_agency_ids:
        query = query.where(Person.agency_id.in_(nugget.audience_agency_ids))
    if nugget.audience_roles:
        roles = [r.lower() for r in nugget.audience_roles]
        query = query.where(func.lower(Person.job_title).in_(roles))
    return list(session.scalars(query.order_by(Person.id)))


def agency_channels(session: Session, nugget: Nugget) -> list[AgencyChannel]:
    """The agency channels a nugget is also posted in: its agencies' (every agency's, when it
    is for everyone). A nugget for certain job titles stays out of channels everyone reads."""
    if nugget.audience_roles:
        return []
    query = select(AgencyChannel).join(Agency).where(Agency.active)
    if nugget.audience_agency_ids:
        query = query.where(AgencyChannel.agency_id.in_(nugget.audience_agency_ids))
    return list(session.scalars(query.order_by(AgencyChannel.id)))


def _channel_row(nugget: Nugget, channel: AgencyChannel, occasion: str) -> dict[str, Any]:
    where = channel.address.get("channel") or channel.address.get("channel_id")
    return {"kind": DeliveryKind.NUGGET, "item": f"nugget:{nugget.id}", "occasion": occasion,
            "recipient": f"channel:{channel.platform.value}:{where}", "person_id": None,
            "platform": channel.platform, "address": dict(channel.address), "reason": None,
            "not_before": nugget.send_at, "nugget_id": nugget.id}


def schedule_due_nuggets(session: Session, settings: Settings, *, now: datetime) -> int:
    """Write one delivery per person in each due nugget's audience; returns how many were new."""
    due = session.scalars(select(Nugget).where(
        Nugget.state == NuggetState.SCHEDULED, Nugget.send_at <= now).order_by(Nugget.id)).all()

    def fan_out(nugget: Nugget) -> int:
        occasion = f"on:{nugget.send_at.date().isoformat()}"
        nugget.first_sent_at = nugget.first_sent_at or now
        added = schedule(session, [
            *(delivery_row(kind=DeliveryKind.NUGGET, item=f"nugget:{nugget.id}", person=person,
                           occasion=occasion, not_before=nugget.send_at, settings=settings,
                           nugget_id=nugget.id)
              for person in audience(session, nugget)),
            *(_channel_row(nugget, channel, occasion)
              for channel in agency_channels(session, nugget)),
        ])
        if nugget.repeat_every_days:
            step = timedelta(days=nugget.repeat_every_days)
            # A clock down for a month repeats once, not once per missed turn.
            while nugget.send_at <= now:
                nugget.send_at += step
        else:
            nugget.state = NuggetState.SENT
        return added

    return each(session, due, fan_out, what="nugget")


@dataclass(frozen=True)
class Acknowledged:
    """The nugget re-rendered after a button press, to replace the message in place."""

    notice: NuggetNotice
    platform: Any
    address: dict[str, Any] | None
    message_id: str | None


def acknowledge_delivery(session: Session, delivery_id: int, action: NuggetAction | str,
                         value: str | None, *, now: datetime, settings: Settings,
                         chat_user_id: str | None = None) -> Acknowledged:
    """What every nugget button calls (Slack, Teams). The caller commits, then updates the
    message with `messenger.update(address, message_id, notice)`."""
    delivery = session.scalar(
        select(Delivery).where(Delivery.id == delivery_id)
        .options(selectinload(Delivery.person), selectinload(Delivery.nugget)))
    if delivery is None or delivery.nugget is None:
        raise LookupError("That learning nugget has been withdrawn.")
    person = delivery.person
    if chat_user_id is not None and person is not None and \
            chat_user_id not in (person.slack_user_id, person.teams_user_id):
        raise NotYours()
    action = NuggetAction(action)
    useful_before, correct_before = delivery.useful, delivery.check_correct
    if delivery.read_at is None:
        delivery.read_at = now
    if action is NuggetAction.USEFUL and value in ("yes", "no"):
        delivery.useful = value == "yes"
    elif action is NuggetAction.DISCUSSED and delivery.discussed_at is None:
        delivery.discussed_at = now
    elif action is NuggetAction.ANSWER and delivery.answered_at is None:
        _answer(session, delivery, value, now=now, settings=settings)
    count_answer(session, delivery, useful_before=useful_before, correct_before=correct_before)
    session.flush()
    return Acknowledged(nugget_notice(delivery.nugget, delivery, settings), delivery.platform,
                        delivery.address, delivery.message_id)


def _answer(session: Session, delivery: Delivery, value: str | None, *, now: datetime,
            settings: Settings) -> None:
    nugget = delivery.nugget
    if nugget.check_answer is None or value is None or not value.isdigit() \
            or int(value) >= len(nugget.check_options):
        return
    delivery.check_choice = int(value)
    delivery.check_correct = delivery.check_choice == nugget.check_answer
    delivery.answered_at = now
    asked = 0 if delivery.kind is DeliveryKind.NUGGET else int(delivery.occasion.split(":")[1])
    if delivery.check_correct or asked >= len(RECHECK_AFTER) or delivery.person is None:
        return
    schedule(session, [delivery_row(
        kind=DeliveryKind.NUGGET_RECHECK, item=delivery.item, person=delivery.person,
        occasion=f"recheck:{asked + 1}", not_before=now + RECHECK_AFTER[asked],
        settings=settings, nugget_id=nugget.id)])


def answer_feedback(nugget: Nugget, choice: int) -> str | None:
    """The immediate feedback on the web page, where nothing is recorded against a person."""
    return check_feedback(nugget, choice, asked_again=False)


def published(session: Session, *, limit: int = 50) -> list[Nugget]:
    """Nuggets already given out, newest first: the /learning page, for staff without chat."""
    return list(session.scalars(
        select(Nugget).where(Nugget.state != NuggetState.WITHDRAWN,
                             Nugget.id.in_(select(Delivery.nugget_id)))
        .order_by(Nugget.send_at.desc(), Nugget.id.desc()).limit(limit)))


def nuggets_for_person(session: Session, person_id: int, *, limit: int = 5) -> list[Nugget]:
    """The latest nuggets sent to one person, for the Slack App Home."""
    return list(session.scalars(
        select(Nugget).join(Delivery, Delivery.nugget_id == Nugget.id)
        .where(Delivery.person_id == person_id, Delivery.kind == DeliveryKind.NUGGET,
               Delivery.state == DeliveryState.SENT)
        .order_by(Delivery.sent_at.desc()).limit(limit)))


def progress_words(notice: NuggetNotice) -> str:
    """What the person has done with a nugget so far, shown under its buttons on every platform."""
    done = ["Read" if notice.read else "Not read yet"]
    if notice.useful is not None:
        done.append("you found it useful" if notice.useful else "you did not find it useful")
    if notice.discussed:
        done.append("discussed with your team")
    return " · ".join(done)


def withdraw_nugget(session: Session, nugget: Nugget, *, by: Account) -> int:
    """Stop a nugget: nothing more is sent, and it leaves the /learning page. Returns how many
    waiting deliveries were stopped. The caller commits."""
    require(by, Permission.TRIAGE)
    nugget.state = NuggetState.WITHDRAWN
    waiting = session.scalars(select(Delivery).where(
        Delivery.nugget_id == nugget.id, Delivery.state == DeliveryState.PENDING)).all()
    for delivery in waiting:
        delivery.state = DeliveryState.SKIPPED
        delivery.reason = "withdrawn by the learning group"
    return len(waiting)
