"""The clock's part in action plans: reminders to owners, escalation, "has it stuck?".

Each reminder is an outbox row unique on (action, owner, stage and due date), so a clock that
runs twice, or late, sends once; the outbox keeps them within the owner's working hours. A
press on a reminder's button (Slack or Teams) comes to `press_action_button`, and one on an
email's link (`learning.improvement.action_links`) to `record_press`, as the chat press does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from learning.nudges.calendar import add_months
from learning.improvement.actions import LIVE, ActionRefused, answer_stuck, set_status
from learning.messaging import ActionReminder, Digest, DigestSection
from learning.nudges.delivery_notices import payload_of
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.settings import Settings
from storage.database import Database
from storage.models import Account, Person
from storage.models.improvement import Action, ActionStatus, StuckAnswer
from storage.models.nudges import DeliveryKind
from storage.vocabulary import Role

# The first reminder goes this many days before the due date.
DAYS_BEFORE = 7
PRESSES = ("done", "stuck", "not_stuck")
STAGES = ("before", "after", "stuck")


def action_notice(action: Action, stage: str, settings: Settings) -> ActionReminder:
    """The reminder for `stage`, from the action as it is now."""
    link = f"{settings.base_url.rstrip('/')}/dashboard/actions/{action.id}"
    due = f"{action.due_on:%A %-d %B %Y}"
    answered = None
    if stage == "stuck":
        heading = "Has the change stuck?"
        text = (f"You marked this action done on {action.done_on:%-d %B %Y}: {action.what} "
                "Is the change still part of everyday practice?")
        if action.stuck is not None:
            answered = ("Thank you: recorded that the change has stuck."
                        if action.stuck is StuckAnswer.STUCK
                        else "Thank you: recorded that it has not stuck yet.")
    else:
        heading = "Action overdue" if stage == "after" else "Action due soon"
        when = "was due" if stage == "after" else "is due"
        text = f"{action.what} It {when} on {due}."
        if action.status is ActionStatus.DONE:
            answered = "Thank you: marked done. Add the evidence in LearnLoop."
        elif action.status is ActionStatus.DROPPED:
            answered = "This action was dropped."
    return ActionReminder(action_id=action.id, stage=stage, heading=heading, text=text,
                          link=link, answered=answered)


def reminder_stage(action: Action, today: date, settings: Settings) -> str | None:
    """Which reminder, if any, an action is due today: before, after, or the stuck check."""
    if action.status in LIVE:
        if today > action.due_on:
            return "after"
        if action.due_on - today <= timedelta(days=DAYS_BEFORE):
            return "before"
        return None
    if action.status is ActionStatus.DONE and action.done_on and action.stuck is None and \
            add_months(action.done_on, settings.action_stuck_check_months) <= today:
        return "stuck"
    return None


def schedule_action_reminders(session: Session, settings: Settings, *, now: datetime) -> int:
    today = now.astimezone(settings.timezone).date()
    start = datetime.combine(today, time(0), settings.timezone)
    actions = session.scalars(
        select(Action).where(Action.owner_id.is_not(None),
                             Action.status.in_((*LIVE, ActionStatus.DONE)))
        .options(joinedload(Action.owner))).all()
    rows = []
    for action in actions:
        stage = reminder_stage(action, today, settings)
        if stage is None or action.owner is None or not action.owner.active:
            continue
        kind = DeliveryKind.ACTION_STUCK_CHECK if stage == "stuck" else DeliveryKind.ACTION_REMINDER
        since = action.done_on if stage == "stuck" else action.due_on
        rows.append(delivery_row(
            kind=kind, item=f"action:{action.id}", person=action.owner,
            occasion=f"{stage}:{since.isoformat()}", settings=settings, not_before=start,
            payload=payload_of(action_notice(action, stage, settings))))
    return schedule(session, rows) + _escalate(session, settings, actions, today, start)


def _escalate(session: Session, settings: Settings, actions: Iterable[Action], today: date,
              start: datetime) -> int:
    """Once a week, every learning lead hears which actions are overdue."""
    overdue = sorted((a for a in actions if a.status in LIVE and a.due_on < today),
                     key=lambda a: a.due_on)
    leads = learning_lead_people(session)
    if not overdue or not leads:
        return 0
    week = today.isocalendar()
    base = settings.base_url.rstrip("/")
    digest = Digest(
        title=f"{len(overdue)} overdue action{'s' if len(overdue) != 1 else ''}",
        sections=(DigestSection("Overdue actions", tuple(
            f"Due {a.due_on:%-d %b %Y}: {a.what[:200]} ({a.owner_name})" for a in overdue[:50])),),
        link=f"{base}/dashboard/actions?overdue=yes")
    return schedule(session, [delivery_row(
        kind=DeliveryKind.ACTION_ESCALATION, item="actions-overdue", person=person,
        occasion=f"week:{week.year}-W{week.week:02d}", settings=settings, not_before=start,
        payload=payload_of(digest)) for person in leads])


def learning_lead_people(session: Session) -> list[Person]:
    accounts = [a for a in session.scalars(select(Account).where(Account.active))
                if Role.LEARNING_LEAD in a.roles]
    emails = {a.email.lower() for a in accounts}
    return [p for p in session.scalars(select(Person).where(Person.active).order_by(Person.id))
            if p.email and p.email.lower() in emails]


class NotTheirs(PermissionError):
    def __init__(self) -> None:
        super().__init__("This reminder was sent to the action's owner, so only they can "
                         "answer it here. Update it in LearnLoop instead.")


@dataclass(frozen=True)
class Pressed:
    notice: ActionReminder


def press_action_button(database: Database, action_id: int, stage: str, press: str, *,
                        chat_user_id: str, now: datetime, settings: Settings) -> Pressed:
    """"Mark done", "It has stuck" or "Not yet" from Slack or Teams, by the owner only.

    Refusals: LookupError (no such action, or an unknown button), NotTheirs, ActionRefused.
    """
    if press not in PRESSES or stage not in STAGES:
        raise LookupError(press)
    with database.unit_of_work() as uow:
        action = uow.session.scalar(select(Action).where(Action.id == action_id)
                                    .options(joinedload(Action.owner)))
        if action is None:
            raise LookupError(action_id)
        owner = action.owner
        if owner is None or not chat_user_id or \
                chat_user_id not in (owner.slack_user_id, owner.teams_user_id):
            raise NotTheirs()
        record_press(action, press, now=now, settings=settings)
        uow.commit()
        return Pressed(notice=action_notice(action, stage, settings))


def record_press(action: Action, press: str, *, now: datetime, settings: Settings) -> str:
    """A press on a reminder, from any channel, once the owner is known to be the one pressing;
    returns what to tell them. Refusals: ActionRefused, LookupError for an unknown press."""
    today = now.astimezone(settings.timezone).date()
    if press == "done":
        if action.status is ActionStatus.DROPPED:
            raise ActionRefused({"status": "This action was dropped, so it can't be done"})
        if action.status is ActionStatus.DONE:
            return "This action was already marked done, so nothing has changed."
        set_status(action, ActionStatus.DONE, today=today)
    elif press in ("stuck", "not_stuck"):
        answer = StuckAnswer.STUCK if press == "stuck" else StuckAnswer.NOT_STUCK
        answer_stuck(action, answer, today=today)
    else:
        raise LookupError(press)
    return action_notice(action, "before" if press == "done" else "stuck", settings).answered \
        or "Thank you: that's recorded."
