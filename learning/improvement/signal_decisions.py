"""Signals kept, told and decided: the clock records each new cluster and posts it to the
learning group's channels; a lead accepts it (saying what it opened) or dismisses it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from learning.improvement.signals import (
    already_raised,
    counted_reports,
    find_clusters,
    subject_label,
)
from learning.messaging import TextNotice
from learning.nudges.delivery_notices import payload_of
from learning.nudges.digest import learning_group_addresses
from learning.nudges.outbox import schedule
from learning.reports.access import (Permission, acting_account, allowed, require,
                                     visible_reports)
from learning.settings import Settings
from storage.database import UnitOfWork, read_rows
from storage.models import Account, Report
from storage.models.nudges import DeliveryKind
from storage.models.themes import Signal, SignalKind, SignalState

KIND_WORDS = {SignalKind.RISING_THEME: "Rising theme", SignalKind.RISING_FACTOR:
              "Rising contributing factor", SignalKind.ACROSS_AGENCIES: "Across agencies"}
# Decided signals stay on the page for a while, so the group sees what it chose.
DECIDED_SHOWN = 10


class SignalRefused(ValueError):
    """A decision that cannot be recorded; the message says what is missing."""


def detect_signals(session: Session, settings: Settings, *, now: datetime) -> int:
    """The clock's daily look: each cluster not raised before becomes a signal and is posted
    to the learning group. The caller commits; running twice raises nothing new."""
    today = now.astimezone(settings.timezone).date()
    added = []
    for cluster in find_clusters(counted_reports(session, today=today,
                                                 timezone=settings.timezone), today=today):
        if already_raised(session, cluster):
            continue
        signal = Signal(kind=cluster.kind, subject=cluster.subject,
                        window_start=cluster.window_start, window_end=cluster.window_end,
                        report_ids=list(cluster.report_ids), agency_ids=list(cluster.agency_ids),
                        observed=cluster.observed, expected=cluster.expected,
                        p_value=cluster.p_value, statistic=cluster.statistic, found_at=now)
        session.add(signal)
        added.append(signal)
    session.flush()
    for signal in added:
        _post(session, settings, signal, now=now)
    return len(added)


def signal_notice(signal: Signal, settings: Settings) -> TextNotice:
    """What the learning group's channel is told: counts and a link, never report text."""
    return TextNotice(f"Emerging cluster. {KIND_WORDS[signal.kind]}: {subject_label(signal)}. "
                      f"{signal.statistic}. Accept or dismiss it: "
                      f"{settings.base_url.rstrip('/')}/dashboard/themes#signal-{signal.id}")


def _post(session: Session, settings: Settings, signal: Signal, *, now: datetime) -> None:
    payload = payload_of(signal_notice(signal, settings))
    schedule(session, [
        {"kind": DeliveryKind.SIGNAL, "item": f"signal:{signal.id}", "platform": platform,
         "recipient": f"channel:{platform.value}:{_channel_id(address)}", "address": address,
         "occasion": "found", "not_before": now, "payload": payload}
        for platform, address in learning_group_addresses(session, settings)])


def _channel_id(address: dict) -> str:
    return str(address.get("channel") or address.get("channel_id")
               or (address.get("conversation") or {}).get("id", ""))[:150]


@dataclass(frozen=True)
class SignalRow:
    # The signal's columns, read as a plain row (its attributes named as a Signal's).
    signal: Row
    # The references behind it that this account may open.
    references: list[str]


# Both lists in one statement, built once, each put in its order as it is read; columns, not
# objects, as the page only shows them.
_SIGNALS = Signal.__table__.c
_SHOWN = select(*_SIGNALS).where(or_(
    _SIGNALS.state == SignalState.NEW,
    _SIGNALS.id.in_(select(_SIGNALS.id).where(_SIGNALS.state != SignalState.NEW)
                    .order_by(_SIGNALS.decided_at.desc()).limit(DECIDED_SHOWN))))


def signals_for(session: Session, account: Account) -> list[SignalRow]:
    """New signals first, then the latest decided; empty for anyone who does not triage."""
    if not allowed(account, Permission.TRIAGE):
        return []
    shown = read_rows(session, _SHOWN).all()
    new = sorted((s for s in shown if s.state is SignalState.NEW),
                 key=lambda s: (s.found_at, s.id), reverse=True)
    decided = sorted((s for s in shown if s.state is not SignalState.NEW),
                     key=lambda s: s.decided_at, reverse=True)
    ids = {i for s in new + decided for i in s.report_ids}
    references = dict(session.execute(select(Report.id, Report.reference).where(
        Report.id.in_(ids), visible_reports(account))).all()) if ids else {}
    return [SignalRow(s, [references[i] for i in s.report_ids if i in references])
            for s in new + decided]


def accept_signal(uow: UnitOfWork, *, by: Account, signal_id: int, accepted_as: str,
                  learning_item_id: int | None = None, now: datetime) -> None:
    """Accepted with what it opened: a learning item, a review, an audit (free text for now)."""
    signal, me = _open_signal(uow, by, signal_id)
    if not accepted_as.strip():
        raise SignalRefused("Say what accepting it opens, for example a learning review")
    signal.state, signal.accepted_as = SignalState.ACCEPTED, accepted_as.strip()[:1000]
    signal.learning_item_id = learning_item_id
    signal.decided_by, signal.decided_at = me.id, now
    uow.commit()


def dismiss_signal(uow: UnitOfWork, *, by: Account, signal_id: int, reason: str,
                   now: datetime) -> None:
    signal, me = _open_signal(uow, by, signal_id)
    if not reason.strip():
        raise SignalRefused("Give the reason this is not a cluster to act on")
    signal.state, signal.dismissed_reason = SignalState.DISMISSED, reason.strip()[:1000]
    signal.decided_by, signal.decided_at = me.id, now
    uow.commit()


def _open_signal(uow: UnitOfWork, by: Account, signal_id: int) -> tuple[Signal, Account]:
    me = acting_account(uow.session, by)
    require(me, Permission.TRIAGE)
    signal = uow.session.get(Signal, signal_id)
    if signal is None:
        raise LookupError(signal_id)
    if signal.state is not SignalState.NEW:
        raise SignalRefused("This signal has already been decided")
    return signal, me
