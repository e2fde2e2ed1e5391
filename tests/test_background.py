"""Work after answering: the app's own bounded threads, waited for by draining, never polled."""

from __future__ import annotations

import logging
import threading

import pytest

from learning.background import BackgroundWork
from storage.vocabulary import Platform
from tests.test_routing import ChatPlatform
from tests.web import report_through_the_form

# Only a safety limit, so a broken build fails instead of hanging; no test measures time.
NEVER = 30


@pytest.fixture
def environ(environ: dict[str, str]) -> dict[str, str]:
    environ["SLACK_LEARNING_CHANNEL"] = "C0LEARNING"
    return environ


class HeldChannel(ChatPlatform):
    """A chat platform that holds every send until the test lets it through."""

    def __init__(self) -> None:
        super().__init__()
        self.started, self.release = threading.Event(), threading.Event()

    def send(self, address, notice):
        self.started.set()
        assert self.release.wait(NEVER), "the test never let the send through"
        return super().send(address, notice)


def test_draining_waits_for_work_and_for_the_work_it_hands_on():
    background, done = BackgroundWork(workers=2), []

    def second() -> None:
        done.append("second")

    def first() -> None:
        done.append("first")
        background.submit(second)

    background.submit(first)
    background.drain()
    assert done == ["first", "second"]
    background.shutdown()


def test_a_failure_is_logged_by_its_type_without_its_message(caplog):
    background = BackgroundWork()

    def fails() -> None:
        raise ValueError("Mum said the baby was left alone")

    with caplog.at_level(logging.ERROR):
        background.submit(fails)
        background.shutdown()
    assert "ValueError" in caplog.text
    assert "baby" not in caplog.text


def test_after_shutdown_no_more_work_is_taken():
    background = BackgroundWork()
    background.shutdown()
    with pytest.raises(RuntimeError):
        background.submit(print)


def test_the_reporter_has_their_confirmation_before_the_channel_post_is_made(app, client):
    channel = HeldChannel()
    app.extensions["learnloop"].messengers[Platform.SLACK] = channel

    done = report_through_the_form(client, identity_mode="anonymous")

    assert "LL-" in done
    assert channel.sent == []
    channel.release.set()
    app.extensions["learnloop"].background.drain()
    assert channel.started.is_set()
    [(_, card)] = channel.sent
    assert card.reference in done
