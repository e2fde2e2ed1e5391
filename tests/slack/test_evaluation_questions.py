"""Evaluation's questions in Slack, through signed interactions against the fake Slack: a
pulse's three answers, and a chat reporter's "would you report something like this again?"
beneath "you said, we did" (kept with the report, even after a confidential identity goes)."""

from __future__ import annotations

import json

from sqlalchemy import select

from learning.nudges.nuggets import schedule_due_nuggets
from learning.nudges.training_events import book, mark_attendance
from learning.nudges.outbox import Outbox
from storage.models import ReporterIdentity
from storage.models.evaluation import Pulse, PulseAnswer, ReportAgain, ReporterFeedback
from storage.models.training import Booking
from storage.vocabulary import Platform
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person
from tests.jobs.test_pulses import SIX_WEEKS_ON, the_clock
from tests.slack.conftest import PRIYA
from tests.slack.test_nuggets import buttons
from tests.test_outcomes_reach_reporters import NOW, a_closed_report
from tests.people import an_account, load_account
from tests.training.events import an_event
from tests.training.test_course_reaction import AFTER


def send(app, database, settings, now) -> None:
    slack = app.extensions["learnloop"].messengers[Platform.SLACK]
    Outbox(database, {Platform.SLACK: slack}, settings, clock=lambda: now).send_due(now=now)


def a_pulse_in_slack(app, database, settings, fake_slack) -> tuple[int, dict]:
    a_person(database, "Priya Shah", slack_user_id=PRIYA)
    a_nugget(database, send_at=TUESDAY_10AM, title="Bruising <!channel> in babies")
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    send(app, database, settings, TUESDAY_10AM)
    the_clock(database, settings, SIX_WEEKS_ON)
    send(app, database, settings, SIX_WEEKS_ON)
    nugget_post, pulse_post = fake_slack.posts_to(PRIYA, count=2)
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(Pulse.id)), pulse_post


def test_a_pulse_arrives_with_three_answers_each_its_own_action(app, database, settings,
                                                                fake_slack):
    pulse_id, post = a_pulse_in_slack(app, database, settings, fake_slack)
    assert buttons(post["blocks"]) == {"Yes": f"{pulse_id}:yes",
                                       "Not yet": f"{pulse_id}:not_yet",
                                       "Not relevant to my work": f"{pulse_id}:not_relevant"}
    [row] = [b for b in post["blocks"] if b["type"] == "actions"]
    assert len({e["action_id"] for e in row["elements"]}) == 3
    assert "Have you used" in json.dumps(post["blocks"])
    assert "<!channel>" not in json.dumps(post)  # the title is made inert


def test_a_pulse_answer_is_recorded_and_the_message_updated_in_place(slack, app, database,
                                                                    settings, fake_slack):
    pulse_id, post = a_pulse_in_slack(app, database, settings, fake_slack)
    slack.press("pulse_not_yet", f"{pulse_id}:not_yet",
                message={"ts": "1700000001.000100", "blocks": post["blocks"]})
    [update] = fake_slack.wait_for("chat.update")
    assert update.args["ts"] == "1700000001.000100" and buttons(update.args["blocks"]) == {}
    assert "recorded that you have not used it yet" in json.dumps(update.args["blocks"])
    with database.unit_of_work() as uow:
        assert uow.session.get(Pulse, pulse_id).answer is PulseAnswer.NOT_YET


def test_someone_else_cannot_answer_a_pulse(slack, app, database, settings, fake_slack):
    pulse_id, post = a_pulse_in_slack(app, database, settings, fake_slack)
    slack.press("pulse_yes", f"{pulse_id}:yes", user="U0STRANGER",
                message={"ts": "1700000001.000100", "blocks": post["blocks"]})
    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.args["user"] == "U0STRANGER" and "someone else" in refusal.args["text"]
    with database.unit_of_work() as uow:
        assert uow.session.get(Pulse, pulse_id).answer is None


def an_outcome_in_slack(app, database, settings, fake_slack) -> dict:
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    reference = a_closed_report(database, settings, lead, mode="confidential")
    send(app, database, settings, NOW)
    [post] = fake_slack.posts_to(PRIYA)
    assert reference in json.dumps(post["blocks"])
    return post


def test_you_said_we_did_carries_the_optional_question_beneath_it(app, database, settings,
                                                                  fake_slack):
    post = an_outcome_in_slack(app, database, settings, fake_slack)
    words = json.dumps(post["blocks"])
    assert "Invitations now go to the duty inbox." in words
    assert "Would you report something like this again?" in words
    assert "Answering is optional" in words and "Anonymous reports stay anonymous" in words
    assert set(buttons(post["blocks"])) == {"Yes", "Not sure", "No"}


def test_a_confidential_reporter_answers_after_their_identity_is_deleted(slack, app, database,
                                                                         settings, fake_slack):
    post = an_outcome_in_slack(app, database, settings, fake_slack)
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(ReporterIdentity)).all() == []  # deleted as before
    slack.press("report_again_not_sure", buttons(post["blocks"])["Not sure"],
                message={"ts": "1700000002.000100", "blocks": post["blocks"]})
    [update] = fake_slack.wait_for("chat.update")
    assert buttons(update.args["blocks"]) == {}
    assert "not sure you would report again" in json.dumps(update.args["blocks"])
    with database.unit_of_work() as uow:
        [answer] = uow.session.scalars(select(ReporterFeedback)).all()
    assert answer.would_report_again is ReportAgain.NOT_SURE
    # Nothing about who pressed: the row is the report, the answer and when.
    columns = [column.key for column in ReporterFeedback.__table__.columns]
    assert PRIYA not in json.dumps({c: str(getattr(answer, c)) for c in columns})
    assert set(columns) == {"id", "report_id", "would_report_again", "answered_at"}


def test_an_altered_button_answers_nothing(slack, app, database, settings, fake_slack):
    post = an_outcome_in_slack(app, database, settings, fake_slack)
    report_id = buttons(post["blocks"])["Yes"].split(":")[0]
    slack.press("report_again_yes", f"{report_id}:{'0' * 32}:yes",
                message={"ts": "1700000002.000100", "blocks": post["blocks"]})
    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert "out of date" in refusal.args["text"]
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(ReporterFeedback)).all() == []


def test_was_the_course_useful_is_answered_in_slack_and_set_on_the_booking(
        slack, app, database, settings, fake_slack):
    person = a_person(database, "Priya Shah", slack_user_id=PRIYA)
    event = an_event(database, settings, now=TUESDAY_10AM, title="Neglect <!here> and you")
    lead = an_account(database, "lead@example.org", "learning_lead")
    with database.unit_of_work() as uow:
        book(uow, event, person, settings=settings, now=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        mark_attendance(uow, event, {person}, by=load_account(uow.session, lead),
                        settings=settings, now=AFTER)
    send(app, database, settings, AFTER)
    [post] = fake_slack.posts_to(PRIYA)
    assert "<!here>" not in json.dumps(post)
    with database.unit_of_work() as uow:
        booking_id = uow.session.scalar(select(Booking.id))
    assert buttons(post["blocks"]) == {"Useful": f"{booking_id}:yes",
                                       "Not useful": f"{booking_id}:no"}
    slack.press("course_useful", f"{booking_id}:yes",
                message={"ts": "1700000003.000100", "blocks": post["blocks"]})
    [update] = fake_slack.wait_for("chat.update")
    assert buttons(update.args["blocks"]) == {}
    assert "recorded that you found it useful" in json.dumps(update.args["blocks"])
    with database.unit_of_work() as uow:
        assert uow.session.get(Booking, booking_id).useful is True
