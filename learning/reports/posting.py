"""Posting reports to the learning group's channels, and keeping those posts up to date.

A post is always rendered from the report as stored now, and updated in place by the
message id kept in `ChannelPost`, whoever changed the report and wherever.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

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


_background: set[threading.Thread] = set()
_background_lock = threading.Lock()


def after_answering(work: Callable[..., object], *args: object, **kwargs: object) -> threading.Thread:
    """Run `work` on its own thread, so the person who caused it gets their answer first.

    For posting and refreshing chat posts from web requests and chat handlers; a failure is
    logged by type only (its message could quote a report).
    """
    def run() -> None:
        try:
            work(*args, **kwargs)
        except Exception as failure:  # noqa: BLE001 - a background thread has no caller to tell
            log.error("background posting failed: %s", type(failure).__name__)
        finally:
            with _background_lock:
                _background.discard(threading.current_thread())

    thread = threading.Thread(target=run, daemon=True)
    with _background_lock:
        _background.add(thread)
    thread.start()
    return thread


def finish_background_work(timeout: float = 10) -> None:
    """Wait for posting still under way: before shutting down, or a test emptying the database."""
    with _background_lock:
        running = list(_background)
    for thread in running:
        thread.join(timeout)
