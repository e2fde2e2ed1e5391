"""What the learning group learned from a report, and what will change because of it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from learning.reports import timeline
from learning.reports.access import Permission, require
from learning.reports.triage import TransitionRefused
from storage.models import Account, LearningAction, Report
from storage.vocabulary import EventKind

LEARNING_MAX = 5000


def record_learning(session: Session, report: Report, *, by: Account, learning: str,
                    now: datetime) -> None:
    require(by, Permission.TRIAGE, report)
    text = learning.strip()
    if not text:
        raise TransitionRefused("Write the learning from this report")
    if len(text) > LEARNING_MAX:
        raise TransitionRefused(f"The learning must be {LEARNING_MAX} characters or fewer")
    report.learning = text
    timeline.record(session, report, EventKind.LEARNING_RECORDED,
                    actor=timeline.account_actor(by.id), at=now)


def add_action(session: Session, report: Report, *, by: Account, description: str, owner: str,
               due_on: date | None, now: datetime) -> LearningAction:
    require(by, Permission.TRIAGE, report)
    problems = []
    if not description.strip():
        problems.append("Describe the action")
    if not owner.strip():
        problems.append("Say who owns the action (a role or team)")
    if due_on is None:
        problems.append("Give the date the action is due")
    elif due_on < now.date():
        problems.append("The due date must be today or later")
    if problems:
        raise TransitionRefused(". ".join(problems))
    action = LearningAction(report=report, description=description.strip()[:2000],
                            owner=owner.strip()[:200], due_on=due_on)
    session.add(action)
    timeline.record(session, report, EventKind.LEARNING_RECORDED,
                    actor=timeline.account_actor(by.id), at=now, action_due=due_on.isoformat())
    return action
