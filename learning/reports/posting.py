"""Posting reports to the learning group's channels, and keeping those posts up to date.

A post is always rendered from the report as stored now, and updated in place by the
message id kept in `ChannelPost`, whoever changed the report and wherever.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select

from learning.messaging import DeliveryError, Messenger, report_card
from learning.reports.routing import destinations_for
from learning.settings import Settings
from learning.reports.triage import find_report
from storage.database import Database
from storage.models import ChannelPost
from storage.vocabulary import Platform

log = logging.getLogger(__name__)


def post_new_report(database: Database, reference: str, *, settings: Settings,
                    messengers: Mapping[Platform, Messenger]) -> int:
    """Send the report to every routed channel a messenger is configured for; returns posts made."""
    posted = 0
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        if report is None:
            return 0
        for destination in destinations_for(uow.session, report, settings):
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
