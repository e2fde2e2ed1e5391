"""How a nugget landed, for the lead who wrote it: sent, failed, read, useful, discussed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models.nudges import Delivery, DeliveryKind, DeliveryState, Nugget, NuggetState


@dataclass
class NuggetStatus:
    people: int = 0
    states: Counter[str] = field(default_factory=Counter)
    read: int = 0
    useful_yes: int = 0
    useful_no: int = 0
    discussed: int = 0
    answered: int = 0
    correct: int = 0
    rechecks: int = 0
    # Why deliveries failed or were skipped, with how many: what a lead can act on.
    reasons: Counter[str] = field(default_factory=Counter)


def delivery_status(session: Session, nugget_id: int) -> NuggetStatus:
    status = NuggetStatus()
    for row in session.scalars(select(Delivery).where(Delivery.nugget_id == nugget_id)):
        if row.kind is DeliveryKind.NUGGET_RECHECK:
            status.rechecks += 1
        else:
            status.people += 1
            status.states[row.state.value] += 1
            status.read += row.read_at is not None
            status.useful_yes += row.useful is True
            status.useful_no += row.useful is False
            status.discussed += row.discussed_at is not None
        status.answered += row.answered_at is not None
        status.correct += bool(row.check_correct)
        if row.state in (DeliveryState.FAILED, DeliveryState.SKIPPED) and row.reason:
            status.reasons[row.reason] += 1
    return status


def state_words(nugget: Nugget, status: NuggetStatus) -> str:
    """The nugget's state as its deliveries bear out: "Sent" only once someone was sent it."""
    if nugget.state is not NuggetState.SENT:
        return nugget.state.value.capitalize()
    if status.states.get(DeliveryState.SENT.value, 0):
        return "Sent"
    waiting = sum(status.states.get(s.value, 0)
                  for s in (DeliveryState.PENDING, DeliveryState.SENDING))
    return "Sending" if waiting else "Not delivered"
