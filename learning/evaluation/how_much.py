"""How much did we do: reports by kind, agency, channel and month; learning delivered; people
reached. Each family is one GROUP BY query over both periods."""

from __future__ import annotations


from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from learning.evaluation.comparing import FigureKind, Measured, compared, count
from learning.evaluation.figures import Figure, Question, Unit
from learning.evaluation.periods import Window, month_index
from learning.evaluation.kept_counts import reached_between
from learning.evaluation.report_counts import EVERYONE
from learning.reports.labels import label
from storage.models import Agency, Person
from storage.models.evaluation import DeliveredCount, ReportCount
from storage.models.nudges import DeliveryKind
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

BY_KIND = FigureKind("reports_by_kind", "Reports by kind", Question.HOW_MUCH, Unit.COUNT,
                     parts=True)
BY_CHANNEL = FigureKind("reports_by_channel", "Reports by channel", Question.HOW_MUCH,
                        Unit.COUNT, parts=True)
BY_MONTH = FigureKind("reports_by_month", "Reports by month", Question.HOW_MUCH, Unit.COUNT,
                      note="Each month beside the same month of the period before.",
                      chart="months", parts=True)
BY_AGENCY = FigureKind("reports_by_agency", "Reports by agency", Question.HOW_MUCH, Unit.COUNT,
                       note="A report involving two agencies counts once for each.", parts=True)
DELIVERED = FigureKind("learning_delivered", "Learning delivered", Question.HOW_MUCH,
                       Unit.COUNT, note="Messages sent to a person or an agency's channel, "
                       "each repeat and re-ask counted once more.", parts=True)
REACHED = FigureKind("people_reached", "People reached", Question.HOW_MUCH, Unit.COUNT,
                     note="Different people sent at least one nugget, bulletin or training "
                     "reminder.")


def how_much(session: Session, now: Window, before: Window, *, smallest: int) -> list[Figure]:
    (kinds, channels, months), (kinds_before, channels_before, months_before) = _reports(
        session, now, before)
    month_labels = [f"{m:%b %Y}" for m in now.months]
    months_before = {month_labels[i]: m for i, m in enumerate(months_before.values())
                     if i < len(month_labels)}
    by_agency, by_agency_before = _by_agency(session, now, before)
    (delivered, reached), (delivered_before, reached_before) = _delivered(session, now, before)
    return [
        compared(BY_KIND, kinds, kinds_before, smallest=smallest,
                 labels=[label(k) for k in ReportKind]),
        compared(BY_AGENCY, by_agency, by_agency_before, smallest=smallest),
        compared(BY_CHANNEL, channels, channels_before, smallest=smallest,
                 labels=list(CHANNELS.values())),
        compared(BY_MONTH, dict(zip(month_labels, months.values(), strict=True)),
                 months_before, smallest=smallest, labels=month_labels),
        compared(DELIVERED, delivered, delivered_before, smallest=smallest,
                 labels=list(LEARNING_DELIVERED)),
        compared(REACHED, {"People": reached}, {"People": reached_before}, smallest=smallest),
    ]


# Each family is counted for both periods in one pass: the period before ends the day
# before this one starts, so the two are one range of days split at `now.period.start`.
# The counts are kept by day (learning.evaluation.report_counts, kept_counts), so any period
# is whole days of them.
Counted = tuple[dict[str, Measured], dict[str, Measured], dict[int, Measured]]


def _reports(session: Session, now: Window, before: Window) -> tuple[Counted, Counted]:
    """Reports made in each window by kind, by channel and by month index (every month
    of the window present, nought when none)."""
    kept = ReportCount
    this = kept.day >= now.period.start
    month = case((this, month_index(kept.day, now.months[1:])),
                 else_=month_index(kept.day, before.months[1:]))
    rows = session.execute(
        select(this, kept.kind, kept.channel, month, func.sum(kept.reports))
        .where(kept.scope_agency_id == (now.agency_id or EVERYONE),
               kept.day.between(before.period.start, now.period.end))
        .group_by(this, kept.kind, kept.channel, month)).all()
    return (_tallied([r[1:] for r in rows if r[0]], now),
            _tallied([r[1:] for r in rows if not r[0]], before))


def _tallied(rows: list, window: Window) -> Counted:
    kinds: dict[str, int] = {}
    channels: dict[str, int] = {}
    months = dict.fromkeys(range(len(window.months)), 0)
    for kind, channel, index, n in rows:
        kind, channel = label(ReportKind(kind)), CHANNELS[Channel(channel)]
        kinds[kind] = kinds.get(kind, 0) + n
        channels[channel] = channels.get(channel, 0) + n
        months[index] += n
    return ({k: count(n) for k, n in kinds.items()}, {k: count(n) for k, n in channels.items()},
            {i: count(n) for i, n in months.items()})


def _by_agency(session: Session, now: Window, before: Window
               ) -> tuple[dict[str, Measured], dict[str, Measured]]:
    """An agency's scope counts each report involving it once: its row of the table."""
    kept = ReportCount
    this = kept.day >= now.period.start
    query = (select(this, Agency.name, func.sum(kept.reports))
             .join(Agency, Agency.id == kept.scope_agency_id)
             .where(kept.day.between(before.period.start, now.period.end))
             .group_by(this, Agency.name).order_by(Agency.name))
    if now.agency_id is not None:
        query = query.where(kept.scope_agency_id == now.agency_id)
    found: tuple[dict[str, Measured], dict[str, Measured]] = ({}, {})
    for in_this, name, n in session.execute(query):
        found[0 if in_this else 1][name] = count(n)
    return found


Delivered = tuple[dict[str, Measured], Measured]


def _delivered(session: Session, now: Window, before: Window) -> tuple[Delivered, Delivered]:
    """From the kept counts (learning.evaluation.kept_counts), which outlive the outbox's
    pruned rows: by the day sent, so any period is whole days of them."""
    this = DeliveredCount.day >= now.period.start
    sent = [DeliveredCount.day.between(before.period.start, now.period.end),
            DeliveredCount.kind.in_(_GROUP_OF)]
    if now.agency_id is not None:
        sent.append(DeliveredCount.agency_id == now.agency_id)
    groups = (dict.fromkeys(LEARNING_DELIVERED, 0), dict.fromkeys(LEARNING_DELIVERED, 0))
    for in_this, kind, n in session.execute(
            select(this, DeliveredCount.kind, func.sum(DeliveredCount.sent)).where(*sent)
            .group_by(this, DeliveredCount.kind)):
        groups[0 if in_this else 1][_GROUP_OF[DeliveryKind(kind)]] += n
    reached, reached_before = session.execute(select(
        func.count(case((reached_between(now.period.start, now.period.end, now.agency_id),
                         1))),
        func.count(case((reached_between(before.period.start, before.period.end,
                                         now.agency_id), 1))))
        .select_from(Person)).one()
    return ((({g: count(n) for g, n in groups[0].items()}, count(reached)),
             ({g: count(n) for g, n in groups[1].items()}, count(reached_before))))
