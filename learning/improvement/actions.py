"""Action plans: what will change because of the learning, who owns it, by when.

The learning group adds actions; an action's owner agency (through its agency lead) or the
learning group moves it on: in progress, done with evidence, or dropped with a reason. Some
months after "done" the owner is asked whether the change has stuck.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from learning.reports.access import (NotAllowed, Permission, acting_account, allowed,
                                     ReportScope, action_scope, actions_in_scope,
                                     allowed_for_agency, require)
from storage.database import UnitOfWork, read_rows
from storage.models import Account, Agency, Person
from storage.models.improvement import Action, ActionStatus, LearningItem, StuckAnswer

WHAT_MAX = 2000
OWNER_MAX = 200
TEXT_MAX = 5000
PAGE_SIZE = 50
LIVE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
STATUS_VALUES = {s.value for s in ActionStatus}


class ActionRefused(ValueError):
    """What was wrong, by field, in words the person can act on."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(". ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class ActionDraft:
    what: str
    owner_name: str
    due_on: date | None
    agency_id: int | None = None
    owner_id: int | None = None


def is_overdue(action: Action | ActionLine, today: date) -> bool:
    """Still to do and past its date: the one test the page, filters and reminders share."""
    return action.status in LIVE and action.due_on < today


def add_action(uow: UnitOfWork, item_id: int, draft: ActionDraft, *, by: Account,
               today: date) -> Action:
    session = uow.session
    require(acting_account(session, by), Permission.TRIAGE)
    item = session.get(LearningItem, item_id)
    if item is None:
        raise LookupError(item_id)
    problems = {}
    if not draft.what.strip():
        problems["what"] = "Describe the action"
    elif len(draft.what) > WHAT_MAX:
        problems["what"] = f"The action must be {WHAT_MAX} characters or fewer"
    if not draft.owner_name.strip():
        problems["owner_name"] = "Say who owns the action (a person, role or team)"
    if draft.agency_id is None or session.get(Agency, draft.agency_id) is None:
        problems["agency_id"] = "Choose the agency that owns the action"
    if draft.owner_id is not None and session.get(Person, draft.owner_id) is None:
        problems["owner_id"] = "Choose who hears the reminders from the list"
    if draft.due_on is None:
        problems["due_on"] = "Give the date the action is due, like 2027-03-31"
    elif draft.due_on < today:
        problems["due_on"] = "The due date must be today or later"
    if problems:
        raise ActionRefused(problems)
    action = Action(learning_item=item, what=draft.what.strip(),
                    owner_name=draft.owner_name.strip()[:OWNER_MAX], agency_id=draft.agency_id,
                    owner_id=draft.owner_id, due_on=draft.due_on, status=ActionStatus.OPEN)
    session.add(action)
    uow.commit()
    return action


@dataclass(frozen=True)
class ActionUpdate:
    status: str
    evidence: str = ""
    dropped_reason: str = ""
    due_on: date | None = None


def update_action(uow: UnitOfWork, action_id: int, update: ActionUpdate, *, by: Account,
                  today: date) -> Action:
    """Move an action on; NotAllowed for someone else's agency, ActionRefused with reasons."""
    session = uow.session
    me = acting_account(session, by)
    action = session.get(Action, action_id)
    if action is None or not allowed_for_agency(me, Permission.VIEW_ACTIONS, action.agency_id):
        raise LookupError(action_id)
    if not allowed_for_agency(me, Permission.UPDATE_ACTION, action.agency_id):
        raise NotAllowed()
    problems = {}
    if update.status not in {s.value for s in ActionStatus}:
        problems["status"] = "Choose the action's status"
    elif update.status == ActionStatus.DROPPED and not update.dropped_reason.strip():
        problems["dropped_reason"] = "Give the reason the action is dropped"
    if len(update.evidence) > TEXT_MAX or len(update.dropped_reason) > TEXT_MAX:
        problems["evidence"] = f"Write {TEXT_MAX} characters or fewer"
    if problems:
        raise ActionRefused(problems)
    set_status(action, ActionStatus(update.status), today=today)
    action.evidence = update.evidence.strip() or action.evidence
    action.dropped_reason = (update.dropped_reason.strip()
                             if action.status is ActionStatus.DROPPED else None)
    if update.due_on is not None and action.status in LIVE:
        action.due_on = update.due_on
    uow.commit()
    return action


def set_status(action: Action, status: ActionStatus, *, today: date) -> None:
    """Done keeps the day it was done (the "has it stuck?" check counts from it)."""
    if status is ActionStatus.DONE and action.status is not ActionStatus.DONE:
        action.done_on = today
    elif status is not ActionStatus.DONE:
        action.done_on = None
        action.stuck = None
        action.stuck_answered_on = None
    action.status = status


def answer_stuck(action: Action, answer: StuckAnswer, *, today: date, note: str = "") -> None:
    """Evidence of embedded practice: recorded on the action, once it is done."""
    if action.status is not ActionStatus.DONE:
        raise ActionRefused({"stuck": "Only a done action can be checked for whether it stuck"})
    action.stuck = answer
    action.stuck_answered_on = today
    action.stuck_note = note.strip()[:TEXT_MAX] or action.stuck_note


def record_stuck(uow: UnitOfWork, action_id: int, answer: str, note: str, *, by: Account,
                 today: date) -> Action:
    session = uow.session
    me = acting_account(session, by)
    action = session.get(Action, action_id)
    if action is None or not allowed_for_agency(me, Permission.VIEW_ACTIONS, action.agency_id):
        raise LookupError(action_id)
    if not allowed_for_agency(me, Permission.UPDATE_ACTION, action.agency_id):
        raise NotAllowed()
    if answer not in {a.value for a in StuckAnswer}:
        raise ActionRefused({"stuck": "Say whether the change has stuck"})
    answer_stuck(action, StuckAnswer(answer), today=today, note=note)
    uow.commit()
    return action


@dataclass(frozen=True)
class ActionFilters:
    status: str | None = None
    agency_id: int | None = None
    overdue: bool = False
    page: int = 1


@dataclass(frozen=True)
class ActionLine:
    """One action as the list shows it: its words and dates, read as plain columns (loading
    fifty actions with their agency and learning item as objects cost ten times the SQL)."""

    id: int
    what: str
    status: ActionStatus
    due_on: date
    owner_name: str
    agency_name: str | None
    learning_item_title: str


@dataclass(frozen=True)
class ActionsPage:
    actions: list[ActionLine]
    total: int
    page: int
    pages: int


def actions_page(session: Session, account: Account | None, filters: ActionFilters, *,
                 today: date) -> ActionsPage:
    """The partnership's actions as this account may see them, soonest due first."""
    if not allowed(account, Permission.VIEW_ACTIONS):
        raise NotAllowed()
    status = ActionStatus(filters.status) if filters.status in STATUS_VALUES else None
    count, listing = _listing(action_scope(account), status, filters.agency_id is not None,
                              filters.overdue)
    values = {"agency_id": filters.agency_id, "today": today}
    total = read_rows(session, count, values).scalar() or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    rows = read_rows(session, listing, {**values, "offset": (page - 1) * PAGE_SIZE})
    return ActionsPage(actions=[ActionLine(*row) for row in rows], total=total, page=page,
                       pages=pages)


@lru_cache(maxsize=256)
def _listing(scope: ReportScope, status: ActionStatus | None, by_agency: bool,
             overdue: bool) -> tuple[Select, Select]:
    """The page's count and its rows for one scope and choice of filters, built once (a
    statement built afresh cost more to prepare than the database took to run it); the
    agency, today and the page's offset are bound as each runs."""
    where = [actions_in_scope(scope)]
    if status is not None:
        where.append(Action.status == status)
    if by_agency:
        where.append(Action.agency_id == bindparam("agency_id"))
    if overdue:
        where += [Action.status.in_(LIVE), Action.due_on < bindparam("today")]
    count = select(func.count()).select_from(Action).where(*where)
    listing = (select(Action.id, Action.what, Action.status, Action.due_on, Action.owner_name,
                      Agency.name, LearningItem.title)
               .outerjoin(Agency, Agency.id == Action.agency_id)
               .join(LearningItem, LearningItem.id == Action.learning_item_id)
               .where(*where).order_by(Action.due_on, Action.id)
               .offset(bindparam("offset")).limit(PAGE_SIZE))
    return count, listing


def action_for(session: Session, account: Account | None, action_id: int) -> Action | None:
    """One action, or None when it is not there or not this account's to see."""
    action = session.get(Action, action_id)
    if action is None or not allowed_for_agency(account, Permission.VIEW_ACTIONS,
                                                action.agency_id):
        return None
    return action


def owner_choices(session: Session) -> list[tuple[str, str]]:
    """People who can be an action's owner (and hear its reminders)."""
    rows = session.execute(select(Person.id, Person.name, Person.job_title)
                           .where(Person.active).order_by(Person.name))
    return [(str(i), f"{name}, {title}" if title else name) for i, name, title in rows]


