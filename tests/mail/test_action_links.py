"""An action's owner with only email answers its reminder from the mail: "Mark done" (or, months
on, "It has stuck" / "Not yet") as one-click links that work once, for the owner only, and
expire. Real SMTP server on loopback, the links followed over HTTP."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

from learning.improvement.action_links import link_choice
from learning.improvement.action_reminders import schedule_action_reminders
from learning.improvement.actions import ActionUpdate, update_action
from learning.nudges.one_click import Link, expiry, link_token, new_nonce
from storage.models.improvement import Action, ActionStatus, StuckAnswer
from tests.improvement.helpers import a_learning_item, a_person, account, agency_id, an_action
from tests.jobs.conftest import TUESDAY_10AM
from tests.mail.conftest import links, parts
from tests.mail.test_email_channel import Clock, outbox, press

DUE = TUESDAY_10AM.date() + timedelta(days=3)


def reminded_by_email(database, settings, mail_server, accounts, *, clock: Clock,
                      done_on: date | None = None, remind_on=TUESDAY_10AM):
    """An email-only owner's action reminded once; returns the mail's links and the action."""
    lead = account(database, accounts["learning_lead"])
    owner = a_person(database, "Tom Okafor", "tom@school.example")
    action_id = an_action(database, lead, a_learning_item(database, lead),
                          agency=agency_id(database), due_on=DUE, owner_id=owner,
                          what="Update the <b>strategy</b> meeting template",
                          today=done_on or remind_on.date())
    if done_on is not None:
        with database.unit_of_work() as uow:
            update_action(uow, action_id, ActionUpdate(status="done"), by=lead, today=done_on)
    with database.unit_of_work() as uow:
        assert schedule_action_reminders(uow.session, settings, now=remind_on) == 1
        uow.commit()
    assert outbox(database, settings, clock).send_due(now=remind_on).sent == 1
    (arrived,) = mail_server.arrived
    found = {html.unescape(words): path for words, path in links(arrived.message).items()}
    return arrived.message, found, action_id, owner


def the_action(database, action_id: int) -> Action:
    with database.unit_of_work() as uow:
        return uow.session.get(Action, action_id)


def test_mark_done_from_the_mail_works_once_and_then_says_it_was_used(
        database, settings, mail_server, accounts, client):
    message, found, action_id, _ = reminded_by_email(
        database, settings, mail_server, accounts, clock=Clock(datetime.now(UTC)))
    text, body = parts(message)
    # An action someone owns is their work: unsubscribing would not stop it, so no such link.
    assert set(found) == {"Mark done"} and message["List-Unsubscribe"] is None
    assert f"http://127.0.0.1:8000{found['Mark done']}" in text
    assert f"/dashboard/actions/{action_id}" in body, "the action's page is linked too"

    page = client.get(found["Mark done"])
    shown = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "Mark this action done: “Update the <b>strategy</b> meeting template”" in shown
    assert "&lt;b&gt;strategy" in page.get_data(as_text=True), "the action's words are escaped"
    assert the_action(database, action_id).status is ActionStatus.OPEN, "opening it acted"

    done = press(client, found["Mark done"])
    assert done.status_code == 200
    assert "Thank you: marked done" in done.get_data(as_text=True)
    action = the_action(database, action_id)
    assert action.status is ActionStatus.DONE
    assert action.done_on == datetime.now(settings.timezone).date()

    again = press(client, found["Mark done"])
    assert "This link has already been used" in again.get_data(as_text=True)


def test_a_link_for_anyone_but_the_actions_owner_does_nothing(
        database, settings, mail_server, accounts, client):
    _, _, action_id, owner = reminded_by_email(
        database, settings, mail_server, accounts, clock=Clock(datetime.now(UTC)))
    someone_else = a_person(database, "Sam Other", "sam@school.example")
    # Signed by LearnLoop, so only the owner in it stops it: as if the action had passed on.
    token = link_token(settings, Link("action", action_id, link_choice("done", someone_else),
                                      expiry(settings, datetime.now(UTC)), new_nonce()))
    page = client.get(f"/m/{token}")
    assert page.status_code == 404 and "This link does not work" in page.get_data(as_text=True)
    assert press(client, f"/m/{token}").status_code == 404
    assert the_action(database, action_id).status is ActionStatus.OPEN


def test_an_expired_mark_done_link_says_so_and_changes_nothing(
        database, settings, mail_server, accounts, client):
    # Mailed 31 days before now: ONE_CLICK_LINK_DAYS is 30.
    _, found, action_id, _ = reminded_by_email(
        database, settings, mail_server, accounts,
        clock=Clock(datetime.now(UTC) - timedelta(days=31)))
    answer = press(client, found["Mark done"])
    assert answer.status_code == 410 and "This link has expired" in answer.get_data(as_text=True)
    assert the_action(database, action_id).status is ActionStatus.OPEN


def test_has_it_stuck_by_email_takes_one_answer(database, settings, mail_server, accounts,
                                                client):
    done_on = TUESDAY_10AM.date() - timedelta(days=100)
    _, found, action_id, _ = reminded_by_email(
        database, settings, mail_server, accounts, clock=Clock(datetime.now(UTC)),
        done_on=done_on)
    assert set(found) == {"It has stuck", "Not yet"}
    answer = press(client, found["Not yet"])
    assert "recorded that it has not stuck yet" in answer.get_data(as_text=True)
    assert the_action(database, action_id).stuck is StuckAnswer.NOT_STUCK
    # The other answer to the same question was used up with it.
    other = press(client, found["It has stuck"])
    assert "This link has already been used" in other.get_data(as_text=True)
    assert the_action(database, action_id).stuck is StuckAnswer.NOT_STUCK


def test_a_dropped_action_cannot_be_marked_done_from_an_old_mail(
        database, settings, mail_server, accounts, client):
    _, found, action_id, _ = reminded_by_email(
        database, settings, mail_server, accounts, clock=Clock(datetime.now(UTC)))
    with database.unit_of_work() as uow:
        update_action(uow, action_id, ActionUpdate(status="dropped", dropped_reason="Superseded"),
                      by=account(database, accounts["learning_lead"]), today=DUE)
    answer = html.unescape(press(client, found["Mark done"]).get_data(as_text=True))
    assert "This action was dropped, so it can't be done: nothing has changed" in answer
    assert the_action(database, action_id).status is ActionStatus.DROPPED
