"""The fake Teams connector refuses what Teams refuses, answering as Teams does, and what
LearnLoop sends stays within it: a digest of 800 lines is delivered, not refused as too big.
"""

from __future__ import annotations

import pytest
import requests

from bot.teams import cards
from bot.teams.connector import Connector
from learning.messaging import DeliveryError, Digest, DigestSection
from storage.vocabulary import Platform
from tests.teams.activities import PRIYA_CHAT


@pytest.fixture
def priya_chat(microsoft):
    return {"serviceUrl": microsoft.service_url, "channelId": "msteams",
            "conversation": {"id": PRIYA_CHAT, "conversationType": "personal"}}


@pytest.fixture
def connector(settings):
    return Connector(settings, requests.Session(), sleep=lambda seconds: None)


def test_a_message_over_100_kb_is_refused_with_413_message_size_too_big(connector, microsoft,
                                                                        priya_chat):
    lines = [cards.text(f"Line {n}: " + "x" * 200) for n in range(300)]

    with pytest.raises(DeliveryError) as refused:
        connector.send(priya_chat, cards.message(cards.card(lines)))

    assert refused.value.permanent and "413" in refused.value.reason
    assert [status for status, _ in microsoft.refused] == [413]
    microsoft.refused.clear()  # expected here; any other refusal fails its test


def test_a_message_that_is_not_one_valid_card_is_refused_with_400(connector, microsoft,
                                                                  priya_chat):
    with pytest.raises(DeliveryError) as refused:
        connector.send(priya_chat, {"type": "message", "text": "**Markdown**"})

    assert refused.value.permanent and "400" in refused.value.reason
    assert microsoft.refused[0][0] == 400
    microsoft.refused.clear()


def test_a_training_digest_of_800_lines_is_delivered(app, microsoft, priya_chat):
    messenger = app.extensions["learnloop"].messengers[Platform.TEAMS]
    digest = Digest("Training this week: Riverside Health Trust", (
        DigestSection("Overdue (800)", tuple(
            f"Practitioner {n}: Safeguarding children level 3 refresher, 3 Nov 2026"
            for n in range(800))),), "https://learnloop.riverside.example/dashboard/learning")

    messenger.send(priya_chat, digest)

    [card] = microsoft.cards(PRIYA_CHAT)
    assert any("more lines" in run["text"] for block in card["body"] for run in block["inlines"])
