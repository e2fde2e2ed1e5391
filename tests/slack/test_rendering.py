"""The Block Kit renderings on their own: valid by slack_sdk.models, inert, within limits."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.conversation import Prompt, Turn
from bot.slack.conversation_messages import turn_message
from bot.slack.escaping import as_typed, inert, inert_within
from bot.slack.home import home_view
from bot.slack.receipt import receipt_message
from bot.slack.report_card import card_message
from bot.slack.report_modal import report_modal, sent_view
from learning.reports.intake import SubmissionResult
from learning.messaging import ReportCard
from storage.vocabulary import IdentityMode


def valid_blocks(blocks: list[dict]) -> None:
    for block in blocks:
        Block.parse(block).validate_json()


def a_card(**changes) -> ReportCard:
    fields = dict(reference="LL-7KQ3-92XD", kind="Near miss", status="New",
                  what_happened="x" * 5000, setting="Home visit",
                  severity="Severe: serious harm likely",
                  agencies=("Riverside Police",), urgent=True, notifiable=True,
                  acknowledgement_due=date(2026, 11, 24), notification_due=date(2026, 11, 27),
                  rapid_review_due=date(2026, 12, 11), assignee=None,
                  dashboard_url="https://learnloop.example/dashboard/reports/LL-7KQ3-92XD")
    return ReportCard(**{**fields, **changes})


@given(st.text())
def test_inert_text_has_no_markup_left_and_reads_back_as_typed(text):
    escaped = inert(text)
    assert "<" not in escaped and ">" not in escaped
    assert as_typed(escaped) == text


@given(st.text(alphabet="&<>ab", max_size=400), st.integers(min_value=10, max_value=300))
def test_inert_within_fits_the_limit_without_splitting_an_entity(text, limit):
    escaped = inert_within(text, limit)
    assert len(escaped) <= limit
    assert as_typed(escaped.removesuffix("…")) == text[: len(as_typed(escaped.removesuffix("…")))]


def test_the_validator_would_catch_a_broken_block():
    with pytest.raises(SlackObjectFormationError):
        valid_blocks([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}])


def test_a_long_urgent_card_is_valid_and_within_slacks_limits():
    message = card_message(a_card(mention="S0ONCALL1"))
    valid_blocks(message["blocks"])
    assert "<!subteam^S0ONCALL1>" in message["text"]


def test_a_mention_that_is_not_a_user_group_id_is_dropped():
    message = card_message(a_card(mention="here> <!channel"))
    assert "<!" not in str(message)


def test_the_modal_the_confirmation_and_the_home_tab_are_valid_views(settings):
    View(**report_modal(settings, [], prefill="y" * 6000)).validate_json()
    for mode, key in ((IdentityMode.NAMED, None),
                      (IdentityMode.ANONYMOUS, "7KQ3-92XD-ABCD-EFGH-JKMN-PQRS")):
        result = SubmissionResult(reference="LL-7KQ3-92XD", identity_mode=mode, urgent=True,
                                  notifiable=False, acknowledgement_due=date(2026, 11, 24),
                                  notification_due=None, rapid_review_due=None, case_key=key,
                                  signposting="Call 999")
        View(**sent_view(result, settings)).validate_json()
    View(**home_view(settings, [])).validate_json()


def test_a_conversation_turn_with_long_text_and_many_choices_is_valid():
    prompt = Prompt("confirm", "Check your answers:\n" + "<!here> " * 700,
                    choices=tuple((str(n), f"Agency {n}") for n in range(40)), multiple=True)
    valid_blocks(turn_message(Turn(says=("a" * 4000,), prompt=prompt))["blocks"])
    buttons = Prompt("kind", "What?", choices=tuple((str(n), "b" * 90) for n in range(30)))
    valid_blocks(turn_message(Turn(prompt=buttons))["blocks"])


def test_the_anonymous_receipt_is_valid_and_warns_about_exports(settings):
    result = SubmissionResult(reference="LL-7KQ3-92XD", identity_mode=IdentityMode.ANONYMOUS,
                              urgent=True, notifiable=False, acknowledgement_due=date(2026, 11, 24),
                              notification_due=None, rapid_review_due=None,
                              case_key="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF",
                              signposting=settings.emergency_contacts)
    message = receipt_message(result, settings)
    valid_blocks(message["blocks"])
    assert message["blocks"][0]["text"]["text"].startswith(":rotating_light: *Please act now:*")
    assert "can export" in str(message["blocks"])
