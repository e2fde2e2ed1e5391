"""What a delivery says: the notice handed to a messenger, built from the outbox row.

A nugget is re-rendered from the nugget and the delivery's state on every send or update
(so a button press can replace the message in place); other kinds keep their notice's
fields in the row's payload, written when the delivery was scheduled.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from learning.messaging import (
    ActionReminder,
    CourseReaction,
    Digest,
    DigestSection,
    Notice,
    NuggetNotice,
    PulseQuestion,
    ReportAgainQuestion,
    TextNotice,
    TrainingReminder,
)
from learning.nudges.briefing import Briefing, briefing_of
from learning.settings import Settings
from storage.models.nudges import Delivery, DeliveryKind, Nugget

_STORED: dict[str, type] = {cls.__name__: cls for cls in (TextNotice, TrainingReminder, Digest,
                                                          ActionReminder, PulseQuestion,
                                                          ReportAgainQuestion, CourseReaction)}


def payload_of(notice: TextNotice | TrainingReminder | Digest | ActionReminder | PulseQuestion
               | ReportAgainQuestion | CourseReaction) -> dict[str, Any]:
    return {"type": type(notice).__name__, **asdict(notice)}


def notice_for(delivery: Delivery, settings: Settings) -> Notice:
    if delivery.kind in (DeliveryKind.NUGGET, DeliveryKind.NUGGET_RECHECK):
        if delivery.nugget is None:
            raise LookupError("the nugget was deleted before it could be sent")
        return nugget_notice(delivery.nugget, delivery, settings)
    data = dict(delivery.payload)
    cls = _STORED[data.pop("type")]
    if cls is Digest:
        data["sections"] = tuple(DigestSection(s["heading"], tuple(s["lines"]))
                                 for s in data["sections"])
    known = {f.name for f in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in known})


def nugget_notice(nugget: Nugget, delivery: Delivery, settings: Settings) -> NuggetNotice:
    recheck = delivery.kind is DeliveryKind.NUGGET_RECHECK
    has_check = bool(nugget.check_question and nugget.check_options)
    return NuggetNotice(
        delivery_id=delivery.id,
        title=nugget.title,
        briefing=Briefing("") if recheck else briefing_of(nugget),
        source=nugget.source,
        themes=tuple(nugget.themes),
        web_url=f"{settings.base_url.rstrip('/')}/learning/{nugget.id}",
        check_question=nugget.check_question if has_check else None,
        check_options=tuple(nugget.check_options) if has_check else (),
        recheck=recheck,
        read=delivery.read_at is not None,
        useful=delivery.useful,
        discussed=delivery.discussed_at is not None,
        check_feedback=check_feedback(nugget, delivery.check_choice),
    )


def check_feedback(nugget: Nugget, choice: int | None, *, asked_again: bool = True) -> str | None:
    """What a person is told straight after answering the check question; `asked_again` only
    where LearnLoop will ask them again (chat and email, not the anonymous web page)."""
    if choice is None or nugget.check_answer is None:
        return None
    right = nugget.check_options[nugget.check_answer]
    explanation = f" {nugget.check_explanation.strip()}" if nugget.check_explanation else ""
    if choice == nugget.check_answer:
        return f"That's right: {right}.{explanation}"
    again = " We'll ask you again in a few days to help it stick." if asked_again else ""
    return f"Not quite. The answer is: {right}.{explanation}{again}"
