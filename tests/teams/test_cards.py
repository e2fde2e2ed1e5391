"""The Adaptive Cards on their own: valid against the project's card schema, text kept plain."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation import Prompt, Turn
from bot.teams import cards
from bot.teams.nugget_card import nugget_card
from bot.teams.personal_chat import anonymity_caveat
from bot.teams.report_form import form_card
from learning.reports.intake import Problem
from learning.nudges.briefing import Briefing
from learning.messaging import (
    Digest,
    DigestSection,
    NuggetNotice,
    ReportCard,
    TextNotice,
    TrainingReminder,
)
from tests.teams.card_schema import problems

HOSTILE = ("**Urgent** [click here](https://evil.example/steal) <at>Everyone</at> # Heading\n"
           "- list item\n\x07\x1b[31m @channel _underlined_")


def a_report_card(**changes) -> ReportCard:
    fields = dict(reference="LL-7KQ3-92XD", kind="Near miss", status="New",
                  what_happened="The strategy discussion went ahead without police.",
                  setting="Multi-agency meeting", severity="Severe: serious harm likely",
                  agencies=("Riverside Police",), urgent=False, notifiable=False,
                  acknowledgement_due=date(2026, 11, 20), notification_due=None,
                  rapid_review_due=None, assignee=None,
                  dashboard_url="https://learnloop.example/dashboard/reports/LL-7KQ3-92XD")
    return ReportCard(**{**fields, **changes})


def every_run(card: dict) -> list[str]:
    return [run["text"] for element in card["body"] for run in element.get("inlines", [])]


def test_the_schema_refuses_markdown_elements_and_mentions():
    # The checker itself must be able to fail, or the tests that lean on it prove nothing.
    assert problems(cards.card([{"type": "TextBlock", "text": "**hi**"}]))
    assert problems(cards.card([cards.text("hi")], [{"type": "Action.Submit", "title": "Go",
                                                      "msteams": {"entities": []}}]))
    assert problems({"type": "message", "text": "**hi**", "attachments": []}, "Message")
    assert problems(cards.card([{"type": "Input.Date", "id": "d", "value": "14/11/2026"}]))


def test_a_report_card_is_valid_and_offers_the_three_triage_actions():
    card = cards.report_card(a_report_card())

    assert problems(card) == []
    assert [a["title"] for a in card["actions"]] == ["Acknowledge", "Assign to me",
                                                     "Open in dashboard"]
    assert problems(cards.message(card), "Message") == []


def test_triage_actions_fall_back_to_submit_with_the_verb_in_the_data():
    acknowledge = cards.report_card(a_report_card())["actions"][0]

    assert acknowledge["type"] == "Action.Execute" and acknowledge["verb"] == "acknowledge"
    assert acknowledge["fallback"] == {"type": "Action.Submit", "title": "Acknowledge",
                                       "data": {"reference": "LL-7KQ3-92XD", "verb": "acknowledge"}}


def test_an_urgent_notifiable_report_says_so_with_its_statutory_dates():
    card = cards.report_card(a_report_card(urgent=True, notifiable=True,
                                           notification_due=date(2026, 11, 23),
                                           rapid_review_due=date(2026, 12, 7)))

    runs = every_run(card)
    assert any(run.startswith("URGENT") for run in runs)
    assert any("notify by 23 November 2026" in run and "7 December 2026" in run for run in runs)
    assert card["body"][1]["inlines"][0]["color"] == "Attention"


def test_hostile_text_stays_plain_text_in_a_text_run():
    card = cards.report_card(a_report_card(what_happened=HOSTILE, agencies=(HOSTILE,)))

    assert problems(card) == []  # so no TextBlock, FactSet or msteams anywhere
    shown = [run for run in every_run(card) if "click here" in run]
    assert shown and all("\x07" not in run and "\x1b" not in run for run in shown)
    assert "[click here](https://evil.example/steal)" in shown[-1]  # shown as typed, not a link


def test_a_turn_with_few_choices_becomes_buttons_that_answer():
    turn = Turn(says=("Thank you.",), prompt=Prompt("immediate_risk", "At risk?",
                                                    choices=(("yes", "Yes"), ("no", "No"))))
    card = cards.turn_card(turn)

    assert problems(card) == []
    assert [(a["title"], a["data"]) for a in card["actions"]] == [
        ("Yes", {"answer": "yes"}), ("No", {"answer": "no"})]


def test_a_turn_with_many_or_multiple_choices_becomes_a_choice_set():
    options = tuple((str(n), f"Agency {n}") for n in range(1, 9))
    card = cards.turn_card(Turn(prompt=Prompt("agency_ids", "Which?", choices=options,
                                              multiple=True)))

    assert problems(card) == []
    [choice_set] = [e for e in card["body"] if e["type"] == "Input.ChoiceSet"]
    assert choice_set["id"] == "answer" and choice_set["isMultiSelect"]
    assert card["actions"] == [{"type": "Action.Submit", "title": "Continue", "data": {}}]


def test_a_text_notice_is_one_plain_run():
    card = cards.text_card(TextNotice(HOSTILE))

    assert problems(card) == [] and every_run(card) == [cards.plain(HOSTILE)]


@pytest.mark.parametrize("answers", [None, {"what_happened": HOSTILE, "occurred_on": "2026-11-16",
                                            "kind": "near_miss"}])
def test_the_report_form_is_valid_with_or_without_answers(settings, answers):
    full = {name: "" for name in ("immediate_risk", "kind", "what_happened", "occurred_on",
                                  "setting", "agency_ids", "what_stopped_harm",
                                  "potential_severity", "child_died_or_seriously_harmed",
                                  "abuse_or_neglect_suspected", "looked_after_child_died",
                                  "identity_mode")}
    card = form_card(settings, [("1", "Riverside Police")], caveat=anonymity_caveat(settings),
                     answers={**full, **answers} if answers else None,
                     problems=[Problem("kind", "Select what kind of report this is")])

    assert problems(card) == []


def test_training_reminders_and_digests_are_valid_plain_cards():
    reminder = cards.reminder_card(TrainingReminder(
        heading="Level 3 safeguarding", text=HOSTILE, link="https://learnloop.example/learning",
        overdue=True))
    digest = cards.digest_card(Digest(
        title="Weekly learning digest", link="https://learnloop.example/dashboard",
        sections=(DigestSection("New reports", ("Near miss: 3", HOSTILE)),)))
    assert problems(reminder) == [] and problems(digest) == []
    assert cards.plain(HOSTILE) in every_run(reminder)  # as typed, in a run: never Markdown
    assert f"• {cards.plain(HOSTILE)}" in every_run(digest)
    assert "Overdue" in every_run(reminder)


# Every card type, also checked by Microsoft's adaptivecards library, with the longest inputs.

LONG_TEXT = ("The strategy meeting & the <core group> met without police. " * 90)[:5000]
SIXTY_AGENCIES = tuple(f"Riverside & District Agency {n} for children and families"
                       for n in range(60))


def a_nugget(options: int, **changes) -> NuggetNotice:
    fields = dict(delivery_id=7, title="Bruising in babies who are not yet mobile",
                  briefing=Briefing(LONG_TEXT[:3000]), source="Rapid review 2026/04",
                  themes=("Voice of the child",),
                  web_url="https://learnloop.example/learning/1",
                  check_question="Who should see a bruised non-mobile baby?",
                  check_options=tuple(f"Option {n}" for n in range(options)))
    return NuggetNotice(**{**fields, **changes})


def a_long_digest(lines: int) -> Digest:
    return Digest("Training this week: Riverside Health Trust", (
        DigestSection(f"Overdue ({lines})", tuple(
            f"Person {n}: Safeguarding children level 3 refresher, 3 Nov 2026"
            for n in range(lines))),), "https://learnloop.example/dashboard/learning")


def every_card_type(settings) -> dict[str, dict]:
    full = {name: "" for name in ("immediate_risk", "kind", "what_happened", "occurred_on",
                                  "setting", "agency_ids", "what_stopped_harm",
                                  "potential_severity", "child_died_or_seriously_harmed",
                                  "abuse_or_neglect_suspected", "looked_after_child_died",
                                  "identity_mode")}
    agencies = [(str(n), name) for n, name in enumerate(SIXTY_AGENCIES, 1)]
    return {
        "report": cards.report_card(a_report_card(what_happened=LONG_TEXT, agencies=SIXTY_AGENCIES,
                                                  urgent=True)),
        "form with errors": form_card(settings, agencies, caveat=anonymity_caveat(settings),
                                      answers={**full, "what_happened": LONG_TEXT},
                                      problems=[Problem("kind", "Select a kind of report"),
                                                Problem("occurred_on", "Give the date")]),
        "nugget with 6 options": nugget_card(a_nugget(6)),
        "nugget with 4 options": nugget_card(a_nugget(4)),
        "nugget buttons": nugget_card(a_nugget(0, check_question=None)),
        "digest with 1,000 lines": cards.digest_card(a_long_digest(1000)),
        "training": cards.reminder_card(TrainingReminder(
            "Level 3 safeguarding", LONG_TEXT, "https://learnloop.example/learning", True)),
        "text": cards.text_card(TextNotice(LONG_TEXT)),
    }


def test_every_card_type_is_valid_by_microsofts_adaptivecards_library(settings,
                                                                     microsoft_validators):
    for name, card in every_card_type(settings).items():
        assert microsoft_validators.card_problems(card) == [], name
        assert problems(card) == [], name
        assert len(card.get("actions", [])) <= cards.MOST_ACTIONS, name
        assert cards.message_bytes(cards.message(card)) <= cards.MESSAGE_BYTES_ADVISED, name


def test_microsofts_library_can_fail(microsoft_validators):
    too_many = cards.card([cards.text("hi")], [cards.submit(str(n), {}) for n in range(6)])
    assert microsoft_validators.card_problems(too_many)
    twice = cards.card([cards.text_input("a", "A"), cards.text_input("a", "A")])
    assert microsoft_validators.card_problems(twice)


def test_a_nugget_with_six_check_options_offers_them_all_within_five_actions():
    card = nugget_card(a_nugget(6))

    assert len(card["actions"]) <= cards.MOST_ACTIONS
    [choices] = [e for e in card["body"] if e["type"] == "Input.ChoiceSet"]
    assert [c["title"] for c in choices["choices"]] == [f"Option {n}" for n in range(6)]
    [answer] = [a for a in card["actions"] if a.get("title") == "Answer"]
    assert answer["data"] == {"delivery": 7, "press": "nugget_answer"}  # the choice is "value"
    assert choices["id"] == "value"


def test_a_digest_of_1000_lines_stays_under_teams_advised_size_and_counts_the_rest():
    card = cards.digest_card(a_long_digest(1000))
    runs = every_run(card)

    assert cards.message_bytes(cards.message(card)) <= cards.MESSAGE_BYTES_ADVISED
    shown = sum(1 for run in runs if run.startswith("• "))
    assert 100 < shown < 1000
    assert f"…and {1000 - shown} more lines: open LearnLoop to see them all" in runs


def test_a_short_digest_shows_every_line():
    card = cards.digest_card(a_long_digest(20))

    assert sum(1 for run in every_run(card) if run.startswith("• ")) == 20
    assert not any("more lines" in run for run in every_run(card))
