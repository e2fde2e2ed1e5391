"""Every Slack view and message within Slack's published limits, with the longest realistic
inputs: 60 agencies, 15 long course names, 5000 characters of text full of `&`, `<` and `>`.
Each is checked as the fake Slack checks it (tests/slack/block_kit_limits.py).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.conversation import Prompt, Turn
from bot.slack.conversation_messages import turn_message
from bot.slack.escaping import inert_within
from bot.slack.home import home_view
from bot.slack.nugget_message import nugget_message
from bot.slack.receipt import receipt_message
from bot.slack.report_card import card_message, read_only_message, text_message
from bot.slack.report_modal import report_modal
from learning.nudges.briefing import Briefing
from learning.messaging import Digest, DigestSection, NuggetNotice, TextNotice, TrainingReminder
from learning.reports.intake import SubmissionResult
from storage.models import Agency, Report
from storage.models.nudges import Nugget
from storage.models.training import Course, TrainingRecord
from storage.vocabulary import IdentityMode, ReportKind, ReportStatus
from tests.slack.block_kit_limits import blocks_problems, view_problems
from tests.slack.test_rendering import a_card

LONG_TEXT = ("The strategy meeting & the <core group> met without police. " * 90)[:5000]
LONG_NAME = ("Safeguarding children & young people <level 3> refresher, multi-agency " * 3)[:200]
SIXTY_AGENCIES = tuple(f"Riverside & District Agency <{n}> for children and families"
                       for n in range(60))


@given(st.text(alphabet="&<>ab", max_size=600), st.integers(min_value=10, max_value=300))
def test_inert_within_keeps_all_the_text_that_fits(text, limit):
    escaped = inert_within(text, limit)

    assert len(escaped) <= limit
    if escaped.endswith("…") and escaped != text:
        assert len(escaped) > limit - 6  # only the one character that would not fit is left out


def test_escaped_text_cut_to_fit_a_section_keeps_nearly_3000_characters():
    cut = inert_within("&" * 5000, 3000)

    assert cut != "…" and len(cut) >= 2990 and cut.endswith("&amp;…")


def test_the_report_form_with_60_agencies_and_a_5000_character_message_is_within_limits(settings):
    agencies = [Agency(id=n, name=name) for n, name in enumerate(SIXTY_AGENCIES, 1)]

    view = report_modal(settings, agencies, prefill=LONG_TEXT)

    assert view_problems(view) == []
    [what] = [b for b in view["blocks"] if b.get("block_id") == "what_happened"]
    assert what["element"]["max_length"] == 3000


def test_the_home_tab_with_15_long_courses_and_many_nuggets_and_reports_is_within_limits(settings):
    today = date(2026, 11, 16)
    training = [TrainingRecord(course=Course(name=f"{n} {LONG_NAME}"[:200]),
                               expires_on=today + timedelta(days=n - 5)) for n in range(15)]
    nuggets = [Nugget(id=n, title=f"{n} {LONG_NAME}"[:200]) for n in range(60)]
    reports = [Report(reference=f"LL-7KQ3-{n:04d}", kind=ReportKind.NEAR_MISS,
                      status=ReportStatus.NEW, submitted_at=datetime(2026, 11, 2, tzinfo=UTC))
               for n in range(40)]

    view = home_view(settings, reports, nuggets, training, today=today)

    assert view_problems(view) == []
    shown = json.dumps(view)
    assert "0 Safeguarding children &amp; young people &lt;level 3&gt;" in shown
    assert "more" in shown  # what does not fit is counted, not silently dropped


def test_a_report_card_with_60_agencies_and_5000_characters_is_within_limits():
    message = card_message(a_card(what_happened=LONG_TEXT, agencies=SIXTY_AGENCIES,
                                  assignee="Lee & <Learning> " * 200))

    assert blocks_problems(message["blocks"]) == []
    agencies = next(f["text"] for b in message["blocks"] for f in b.get("fields", [])
                    if f["text"].startswith("*Agencies*"))
    assert "Riverside &amp; District Agency &lt;0&gt;" in agencies and agencies.endswith("more")


def test_a_nugget_with_ten_check_options_is_within_limits_with_one_action_id_each():
    notice = NuggetNotice(delivery_id=7, title=LONG_NAME, briefing=Briefing(LONG_TEXT[:3000]),
                          source=LONG_NAME,
                          themes=SIXTY_AGENCIES, web_url="https://learnloop.example/learning/1",
                          check_question=LONG_TEXT[:300],
                          check_options=tuple(f"Option {n} {LONG_NAME}" for n in range(10)))

    message = nugget_message(notice)

    assert blocks_problems(message["blocks"]) == []
    answers = [e["action_id"] for b in message["blocks"] if b["type"] == "actions"
               for e in b["elements"] if e["action_id"].startswith("nugget_answer")]
    assert len(answers) == len(set(answers)) == 10


def test_a_digest_of_1000_lines_fits_in_one_message_and_says_what_is_left_out():
    digest = Digest("Training this week: Riverside Health Trust", (
        DigestSection("Overdue (1000)", tuple(f"Person {n} & <team>: {LONG_NAME}, 3 Nov 2026"
                                              for n in range(1000))),),
        "https://learnloop.example/dashboard/learning")

    message = read_only_message(digest)

    assert blocks_problems(message["blocks"]) == []
    assert "more lines in LearnLoop" in json.dumps(message)


def test_text_notices_reminders_receipts_and_turns_are_within_limits(settings):
    reminder = TrainingReminder(LONG_NAME, LONG_TEXT, "https://learnloop.example/learning", True)
    result = SubmissionResult(reference="LL-7KQ3-92XD", identity_mode=IdentityMode.ANONYMOUS,
                              urgent=True, notifiable=False, acknowledgement_due=date(2026, 11, 24),
                              notification_due=None, rapid_review_due=None,
                              case_key="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", signposting=LONG_TEXT)
    turn = Turn(says=(LONG_TEXT,), prompt=Prompt(
        "kind", LONG_TEXT, choices=tuple((str(n), LONG_NAME) for n in range(30))))
    for message in (text_message(TextNotice(LONG_TEXT)), read_only_message(reminder),
                    receipt_message(result, settings), turn_message(turn)):
        assert blocks_problems(message["blocks"]) == []


def test_the_checker_used_here_finds_what_slack_refuses():
    fields = {"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * 2001}]}
    assert blocks_problems([fields])
    assert view_problems({"type": "home", "blocks": [fields] * 101})
