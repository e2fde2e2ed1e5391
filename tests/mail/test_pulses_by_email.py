"""A pulse, and "was the course useful?", to someone who has only email: what the SMTP server
receives, and the answers as one-click links followed over HTTP, each mail's answers good for
one use together."""

from __future__ import annotations

import html

from sqlalchemy import select

from learning.nudges.training_events import book, mark_attendance
from storage.models.evaluation import Pulse, PulseAnswer
from storage.models.training import Booking
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.test_pulses import SIX_WEEKS_ON, the_clock
from tests.mail.conftest import links, parts
from tests.mail.test_email_channel import Clock, a_nugget_by_email, outbox, people, press
from tests.people import an_account, load_account
from tests.training.events import an_event
from tests.training.test_course_reaction import AFTER


def a_pulse_by_email(database, settings, mail_server):
    a_nugget_by_email(database, settings, mail_server,
                      title="Bruising <script>x</script> & babies")
    the_clock(database, settings, SIX_WEEKS_ON)
    clock = Clock(SIX_WEEKS_ON)
    outbox(database, settings, clock).send_due(now=SIX_WEEKS_ON)
    nugget_mail, pulse_mail = mail_server.arrived
    with database.unit_of_work() as uow:
        return pulse_mail.message, uow.session.scalar(select(Pulse.id))


def answer_of(database, pulse_id):
    with database.unit_of_work() as uow:
        return uow.session.get(Pulse, pulse_id).answer


def test_a_pulse_mail_asks_the_question_with_three_answer_links_escaped(
        database, settings, mail_server):
    message, _ = a_pulse_by_email(database, settings, mail_server)
    text, body = parts(message)
    assert message["Subject"] == ("Have you used “Bruising <script>x</script> & babies” in "
                                  "your practice?")
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert set(links(message)) == {"Yes", "Not yet", "Not relevant to my work",
                                   "Stop these emails"}
    assert all(f"http://127.0.0.1:8000{path}" in text for path in links(message).values())
    assert message["Date"].datetime > TUESDAY_10AM


def test_an_answer_link_works_once_and_uses_up_the_others(database, settings, mail_server,
                                                          client):
    message, pulse_id = a_pulse_by_email(database, settings, mail_server)
    found = {html.unescape(words): path for words, path in links(message).items()}

    page = client.get(found["Not yet"])
    assert page.status_code == 200 and "in your practice?” about “Bruising" in html.unescape(
        page.get_data(as_text=True))
    assert "with: Not yet" in page.get_data(as_text=True)
    assert answer_of(database, pulse_id) is None, "opening a link changed something"

    done = press(client, found["Not yet"])
    assert done.status_code == 200
    assert "recorded that you have not used it yet" in done.get_data(as_text=True)
    assert answer_of(database, pulse_id) is PulseAnswer.NOT_YET
    for words in ("Not yet", "Yes"):
        assert "already been used" in press(client, found[words]).get_data(as_text=True)
    assert answer_of(database, pulse_id) is PulseAnswer.NOT_YET


def test_was_the_course_useful_by_email_sets_the_booking_once(database, settings, mail_server,
                                                              client):
    [person] = people(database, 1, slack=False)
    event = an_event(database, settings, now=TUESDAY_10AM)
    lead = an_account(database, "lead@example.org", "learning_lead")
    with database.unit_of_work() as uow:
        book(uow, event, person, settings=settings, now=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        mark_attendance(uow, event, {person}, by=load_account(uow.session, lead),
                        settings=settings, now=AFTER)
    outbox(database, settings, Clock(AFTER)).send_due(now=AFTER)
    [arrived] = mail_server.arrived
    message = arrived.message
    assert message["Subject"] == "Was “Neglect: using the graded care profile” useful?"
    found = links(message)
    assert set(found) == {"Useful", "Not useful", "Stop these emails"}
    assert "Done" in press(client, found["Useful"]).get_data(as_text=True)
    assert "already been used" in press(client, found["Not useful"]).get_data(as_text=True)
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Booking.useful)) is True
