"""Posting reports to the learning group's channels, and keeping those posts up to date.

A post is always rendered from the report as stored now, and updated in place by the
message id kept in `ChannelPost`, whoever changed the report and wherever.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.messaging import DeliveryError, Messenger, report_card
from learning.reports.routing import Destination, destinations_for
from learning.settings import Settings
from learning.reports.triage import find_report
from storage.database import Database, UnitOfWork
from storage.models import ChannelPost, Report
from storage.vocabulary import Platform

log = logging.getLogger(__name__)
# How long a report that could not be posted is tried again for, and how long its own post,
# made as it arrives, is given first (so the two never both post it).
MISSED_FOR = timedelta(days=1)
OWN_POST_TIME = timedelta(minutes=2)


def post_new_report(database: Database, reference: str, *, settings: Settings,
                    messengers: Mapping[Platform, Messenger]) -> int:
    """Send the report to every routed channel a messenger is configured for; returns posts made."""
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        if report is None:
            return 0
        return _post(uow, report, destinations_for(uow.session, report, settings),
                     settings=settings, messengers=messengers)


def post_missed_reports(database: Database, *, settings: Settings,
                        messengers: Mapping[Platform, Messenger], now: datetime) -> int:
    """Post each report of the last day to any routed channel it has no post in yet: the
    platform was away when it arrived, or the process stopped before posting. The clock calls
    this; a report's own post is left a few minutes to arrive first. Returns posts made."""
    posted = 0
    with database.unit_of_work() as uow:
        recent = uow.session.scalars(
            select(Report).where(Report.submitted_at >= now - MISSED_FOR,
                                 Report.submitted_at < now - OWN_POST_TIME)
            .order_by(Report.submitted_at)).all()
        made = _posts_made(uow.session, [report.id for report in recent])
        for report in recent:
            missing = [d for d in destinations_for(uow.session, report, settings)
                       if d.platform in messengers
                       and _where(d.platform, d.address) not in made.get(report.id, set())]
            if missing:
                posted += _post(uow, report, missing, settings=settings, messengers=messengers)
    return posted


def _post(uow: UnitOfWork, report: Report, destinations: list[Destination], *,
          settings: Settings, messengers: Mapping[Platform, Messenger]) -> int:
    posted = 0
    for destination in destinations:
        messenger = messengers.get(destination.platform)
        if messenger is None:
            log.warning("no %s messenger configured: a routed post was skipped",
                        destination.platform.value)
            continue
        card = report_card(report, settings, mention=destination.mention)
        try:
            message_id = messenger.send(destination.address, card)
        except DeliveryError as failure:
            log.error("posting a report to %s failed: %s", destination.platform.value,
                      failure.reason)
            continue
        uow.session.add(ChannelPost(report_id=report.id, platform=destination.platform,
                                    address=destination.address, message_id=message_id))
        uow.commit()
        posted += 1
    return posted


def _posts_made(session: Session, report_ids: list[int]) -> dict[int, set[str]]:
    made: dict[int, set[str]] = {}
    for post in session.scalars(select(ChannelPost).where(ChannelPost.report_id.in_(report_ids))):
        made.setdefault(post.report_id, set()).add(_where(post.platform, post.address))
    return made


def _where(platform: Platform, address: Mapping[str, Any]) -> str:
    return f"{platform.value}:{json.dumps(address, sort_keys=True)}"


def refresh_report_posts(database: Database, reference: str, *, settings: Settings,
                         messengers: Mapping[Platform, Messenger]) -> None:
    """Re-render every post of the report from its current state, in place."""
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        if report is None:
            return
        posts = uow.session.scalars(select(ChannelPost).where(ChannelPost.report_id == report.id))
        for post in posts:
            messenger = messengers.get(post.platform)
            if messenger is None:
                continue
            try:
                messenger.update(post.address, post.message_id, report_card(report, settings))
            except DeliveryError as failure:
                log.error("updating a report post on %s failed: %s", post.platform.value,
                          failure.reason)
