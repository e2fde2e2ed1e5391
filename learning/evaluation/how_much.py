"""How much did we do: reports by kind, agency, channel and month; learning delivered; people
reached. Each family is one GROUP BY query per period."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from learning.evaluation.comparing import FigureKind, Measured, compared, count
from learning.evaluation.figures import Figure, Question, Unit
from learning.evaluation.periods import Window
from learning.evaluation.scope import people_in_scope, reports_in_scope
from learning.reports.labels import label
from storage.models import Agency, Report, report_agencies
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from storage.vocabulary import Channel, ReportKind

CHANNELS = {Channel.WEB: "Web form", Channel.SLACK: "Slack", Channel.TEAMS: "Microsoft Teams",
            Channel.WEB_CHAT: "Web chat"}
# What "learning delivered" counts, by the group a Board member recognises.
LEARNING_DELIVERED = {
    "Learning nuggets": (DeliveryKind.NUGGET,),
    "Learning bulletins": (DeliveryKind.BULLETIN,),
    "Training reminders": (DeliveryKind.TRAINING_REMINDER, DeliveryKind.TRAINING_EVENT),
}
_GROUP_OF = {kind: group for group, kinds in LEARNING_DELIVERED.items() for kind in kinds}

BY_KIND = FigureKind("reports_by_kind", "Reports by kind", Question.HOW_MUCH, Unit.COUNT)
BY_CHANNEL = FigureKind("reports_by_channel", "Reports by channel", Question.HOW_MUCH,
                        Unit.COUNT)
BY_MONTH = FigureKind("reports_by_month", "Reports by month", Question.HOW_MUCH, Unit.COUNT,
                      note="Each month beside the same month of the period before.",
                      chart="months")
BY_AGENCY = FigureKind("reports_by_agency", "Reports by agency", Question.HOW_MUCH, Unit.COUNT,
                       note="A report involving two agencies counts once for each.")
DELIVERED = FigureKind("learning_delivered", "Learning delivered", Question.HOW_MUCH,
                       Unit.COUNT, note="Messages sent to a person or an agency's channel, "
                       "each repeat and re-ask counted once more.")
REACHED = FigureKind("people_reached", "People reached", Question.HOW_MUCH, Unit.COUNT,
                     note="Different people sent at least one nugget, bulletin or training "
                     "reminder.")


def how_much(session: Session, now: Window, before: Window, *, smallest: int) -> list[Figure]:
    kinds, channels, months = _reports(session, now)
    kinds_before, channels_before, months_before = _reports(session, before)
    month_labels = [f"{m:%b %Y}" for m in now.months]
    months_before = {month_labels[i]: m for i, m in enumerate(months_before.values())
                     if i < len(month_labels)}
    delivered, reached = _delivered(session, now)
    delivered_before, reached_before = _delivered(session, before)
    return [
        compared(BY_KIND, kinds, kinds_before, smallest=smallest,
                 labels=[label(k) for k in ReportKind]),
        compared(BY_AGENCY, _by_agency(session, now), _by_agency(session, before),
                 smallest=smallest),
        compared(BY_CHANNEL, channels, channels_before, smallest=smallest,
                 labels=list(CHANNELS.values())),
        compared(BY_MONTH, dict(zip(month_labels, months.values(), strict=True)),
                 months_before, smallest=smallest, labels=month_labels),
        compared(DELIVERED, delivered, delivered_before, smallest=smallest,
                 labels=list(LEARNING_DELIVERED)),
        compared(REACHED, {"People": reached}, {"People": reached_before}, smallest=smallest),
    ]


def _reports(session: Session, window: Window
             ) -> tuple[dict[str, Measured], dict[str, Measured], dict[int, Measured]]:
    """Reports submitted in the window by kind, by channel and by month index (every month
    of the window present, nought when none)."""
    month = window.month_index(Report.submitted_at)
    rows = session.execute(
        select(Report.kind, Report.channel, month, func.count())
        .where(window.holds(Report.submitted_at), reports_in_scope(window.agency_id))
        .group_by(Report.kind, Report.channel, month)).all()
    kinds: dict[str, int] = {}
    channels: dict[str, int] = {}
    months = dict.fromkeys(range(len(window.months)), 0)
    for kind, channel, index, n in rows:
        kinds[label(kind)] = kinds.get(label(kind), 0) + n
        channels[CHANNELS[channel]] = channels.get(CHANNELS[channel], 0) + n
        months[index] += n
    return ({k: count(n) for k, n in kinds.items()}, {k: count(n) for k, n in channels.items()},
            {i: count(n) for i, n in months.items()})


def _by_agency(session: Session, window: Window) -> dict[str, Measured]:
    query = (select(Agency.name, func.count())
             .select_from(report_agencies)
             .join(Report, Report.id == report_agencies.c.report_id)
             .join(Agency, Agency.id == report_agencies.c.agency_id)
             .where(window.holds(Report.submitted_at))
             .group_by(Agency.name).order_by(Agency.name))
    if window.agency_id is not None:
        query = query.where(report_agencies.c.agency_id == window.agency_id)
    return {name: count(n) for name, n in session.execute(query)}


def _delivered(session: Session, window: Window) -> tuple[dict[str, Measured], Measured]:
    sent = [Delivery.state == DeliveryState.SENT, window.holds(Delivery.sent_at),
            Delivery.kind.in_(_GROUP_OF), people_in_scope(window.agency_id, Delivery.person_id)]
    groups = dict.fromkeys(LEARNING_DELIVERED, 0)
    for kind, n in session.execute(
            select(Delivery.kind, func.count()).where(*sent).group_by(Delivery.kind)):
        groups[_GROUP_OF[kind]] += n
    reached = session.scalar(select(func.count(distinct(Delivery.person_id))).where(*sent))
    return {group: count(n) for group, n in groups.items()}, count(reached or 0)
