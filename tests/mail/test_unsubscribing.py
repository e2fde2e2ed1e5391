"""An unsubscribe link stops the learning sent out, not a person's work, and can be undone."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learning.nudges.digest import schedule_service_reminders
from learning.nudges.time_for_people import UNSUBSCRIBED
from learning.reports.triage import assign, find_report
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from tests.dashboard.reports import a_report
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget
from tests.mail.conftest import links, parts
from tests.mail.test_email_channel import Clock, a_nugget_by_email, fan_out, outbox, run_clock
from tests.mail.test_preferences_link import preferences_path
from tests.people import an_account, load_account
from tests.web import token


def unsubscribe(app, message) -> None:
    address = message["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    assert app.test_client().post(address, data={"List-Unsubscribe": "One-Click"}) \
        .status_code == 200


def states(database) -> dict[DeliveryKind, set]:
    found: dict[DeliveryKind, set] = {}
    with database.unit_of_work() as uow:
        for kind, state, reason in uow.session.execute(
                select(Delivery.kind, Delivery.state, Delivery.reason).order_by(Delivery.id)):
            found.setdefault(kind, set()).add((state, reason))
    return found


def test_an_unsubscribed_lead_still_hears_of_their_reports_dates_but_gets_no_more_nuggets(
        database, settings, mail_server, app):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    unsubscribe(app, message)
    lead = an_account(database, "mail0@riverside.example", "learning_lead")
    reference = a_report(database, settings, agency=None)
    with database.unit_of_work() as uow:
        account = load_account(uow.session, lead)
        assign(uow.session, find_report(uow.session, reference), by=account, assignee=account,
               now=TUESDAY_10AM)
        uow.commit()
    # The report was made today: ten days on, its acknowledgement is overdue.
    later = datetime.now(UTC) + timedelta(days=10)
    a_nugget(database, send_at=later, title="Escalation policy")
    fan_out(database, settings, later)
    with database.unit_of_work() as uow:
        schedule_service_reminders(uow.session, settings, now=later)
        uow.commit()
    clock = Clock(later)
    run_clock(outbox(database, settings, clock), clock, hours=96, step=timedelta(minutes=30))

    found = states(database)
    assert found[DeliveryKind.NUGGET] >= {(DeliveryState.SKIPPED, UNSUBSCRIBED)}
    assert {state for state, _ in found[DeliveryKind.SERVICE_REMINDER]} == {DeliveryState.SENT}
    (reminder,) = mail_server.arrived[1:]
    assert reference in parts(reminder.message)[0]
    # A work mail offers no unsubscribe it would not honour; it still opens their preferences.
    assert reminder.message["List-Unsubscribe"] is None
    assert "Stop these emails" not in links(reminder.message)
    assert preferences_path(reminder.message).startswith("/preferences/")


def test_starting_learning_again_from_the_preferences_page_brings_the_next_nugget(
        database, settings, mail_server, app, client):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    unsubscribe(app, message)
    path = preferences_path(message)
    page = html.unescape(client.get(path).get_data(as_text=True))
    assert "You unsubscribed from learning messages on" in page
    answer = client.post(path, data={"action": "start-again", "csrf_token": token(client, path)})
    assert answer.status_code == 200
    assert "You unsubscribed" not in html.unescape(answer.get_data(as_text=True))

    next_day = TUESDAY_10AM + timedelta(days=1)
    a_nugget(database, send_at=next_day, title="Escalation policy")
    fan_out(database, settings, next_day)
    clock = Clock(next_day)
    assert outbox(database, settings, clock).send_due(now=clock.now).sent == 1
    assert [m.message["Subject"] for m in mail_server.arrived][-1] == \
        "Learning nugget: Escalation policy"


def test_the_start_again_button_needs_the_pages_csrf_token(database, settings, mail_server,
                                                          app, client):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    unsubscribe(app, message)
    path = preferences_path(message)
    assert client.post(path, data={"action": "start-again"}).status_code == 400
    assert "You unsubscribed" in html.unescape(client.get(path).get_data(as_text=True))
