"""Email as a third channel: what a real SMTP server receives, and what its links do."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.mail.messenger import MailMessenger
from learning.nudges.calendar import is_working_day
from learning.nudges.digest import schedule_service_reminders
from learning.nudges.nuggets import schedule_due_nuggets
from learning.nudges.outbox import Outbox
from learning.nudges.send_rate import Limits, Rate, SendRate
from learning.reports.triage import assign, find_report
from learning.settings import load_settings
from storage.models import Person
from storage.models.nudges import Delivery, DeliveryState
from storage.vocabulary import Platform
from tests.dashboard.reports import a_report
from tests.jobs.conftest import TUESDAY_10AM, platform  # noqa: F401  (fixture)
from tests.jobs.people import a_nugget
from tests.jobs.platform import HttpMessenger
from tests.mail.conftest import MAIL_FROM, links, parts, sent_at
from tests.people import an_account, load_account
from tests.web import CSRF, token

FAST = {p: Limits(Rate(10_000, burst=100), Rate(10_000, burst=100)) for p in Platform}
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Asia/Tokyo"]


class Clock:
    """The time the test has reached: the outbox is handed it, and the mail's Date shows it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def outbox(database, settings, clock: Clock, chat_url: str | None = None) -> Outbox:
    messengers = {Platform.EMAIL: MailMessenger(settings, clock=clock)}
    if chat_url:
        messengers[Platform.SLACK] = HttpMessenger(chat_url)
    return Outbox(database, messengers, settings, send_rate=SendRate(FAST), clock=clock)


def run_clock(sender: Outbox, clock: Clock, *, hours: int, step=timedelta(minutes=10)) -> None:
    """The sending job's turns, every `step`, for `hours`, with time passed in explicitly."""
    end = clock.now + timedelta(hours=hours)
    while clock.now < end:
        while sender.send_due(now=clock.now, batch=200).handled:
            pass
        clock.now += step


def people(database, count: int, *, slack: bool, zones=("Europe/London",)) -> list[int]:
    with database.unit_of_work() as uow:
        added = [Person(name=f"Staff {'S' if slack else 'E'}{n}", time_zone=zones[n % len(zones)],
                        email=f"{'chat' if slack else 'mail'}{n}@riverside.example",
                        slack_user_id=f"U{n:07d}" if slack else None) for n in range(count)]
        uow.session.add_all(added)
        uow.commit()
        return [p.id for p in added]


def fan_out(database, settings, now: datetime) -> None:
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=now)
        uow.commit()


def a_nugget_by_email(database, settings, mail_server, **nugget) -> tuple:
    """One nugget to one email-only person; returns the message that arrived and its delivery."""
    people(database, 1, slack=False)
    a_nugget(database, send_at=TUESDAY_10AM, **nugget)
    fan_out(database, settings, TUESDAY_10AM)
    clock = Clock(TUESDAY_10AM)
    outbox(database, settings, clock).send_due(now=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        delivery_id = uow.session.scalars(select(Delivery.id)).one()
    (arrived,) = mail_server.arrived
    return arrived.message, delivery_id


def delivery(database, delivery_id: int) -> Delivery:
    with database.unit_of_work() as uow:
        return uow.session.get(Delivery, delivery_id)


def press(client, path: str):
    """Open the link as a person would, then press the page's one button."""
    page = client.get(path)
    found = CSRF.search(page.get_data(as_text=True))
    # A used link's page has no button; pressing one kept from before must not act either.
    csrf_token = found.group(1) if found else token(client)
    return client.post(path, data={"csrf_token": csrf_token})


def test_a_nugget_to_200_people_of_whom_50_have_only_email_arrives_50_times_in_working_hours(
        environ, database, mail_server, platform):  # noqa: F811
    settings = load_settings({**environ, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    people(database, 150, slack=True)
    email_only = people(database, 50, slack=False, zones=ZONES)
    a_nugget(database, send_at=TUESDAY_10AM)
    fan_out(database, settings, TUESDAY_10AM)
    clock = Clock(TUESDAY_10AM)
    run_clock(outbox(database, settings, clock, platform.url), clock, hours=48)

    arrived = mail_server.arrived
    assert sum(platform.received.values()) == 150
    assert len(arrived) == 50
    assert sorted(r for a in arrived for r in a.recipients) == sorted(
        f"mail{n}@riverside.example" for n in range(50))
    with database.unit_of_work() as uow:
        zone_of = dict(uow.session.execute(select(Person.email, Person.time_zone).where(
            Person.id.in_(email_only))).all())
    for mail in arrived:
        local = sent_at(mail.message).astimezone(ZoneInfo(zone_of[mail.recipients[0]]))
        assert is_working_day(local.date()) and 9 <= local.hour < 17, (mail.recipients, local)
    assert len({sent_at(a.message) for a in arrived}) >= 3, "every zone was sent at once"


def test_the_mail_has_both_parts_every_header_and_every_user_string_escaped(
        database, settings, mail_server):
    message, delivery_id = a_nugget_by_email(
        database, settings, mail_server, title="Bruising <script>alert(1)</script> & babies",
        what_happened="Any bruise on a <b>non-mobile</b> baby needs a referral.\n\n"
                      "Ask: who & when?")
    text, body = parts(message)
    assert message["From"] == MAIL_FROM and message["To"] == "mail0@riverside.example"
    assert message["Subject"] == "Learning nugget: Bruising <script>alert(1)</script> & babies"
    assert message["Message-ID"].endswith("@riverside.example>")
    assert sent_at(message) == TUESDAY_10AM
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/m/unsubscribe.")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<script>" not in body and "<b>" not in body
    assert "Bruising &lt;script&gt;alert(1)&lt;/script&gt; &amp; babies" in body
    assert "a &lt;b&gt;non-mobile&lt;/b&gt; baby" in body
    assert "Bruising <script>alert(1)</script> & babies" in text
    assert "Any bruise on a <b>non-mobile</b> baby needs a referral." in text
    found = links(message)
    assert set(found) == {"Read", "Useful", "Not useful", "Discussed with my team",
                          "Only the GP", html.escape("Refer to children's social care"),
                          "Stop these emails"}
    for path in found.values():
        assert f"http://127.0.0.1:8000{path}" in text, "the text part has every link too"


def test_each_one_click_link_works_once_and_then_says_it_was_used(
        database, settings, mail_server, client):
    message, delivery_id = a_nugget_by_email(database, settings, mail_server)
    found = {html.unescape(words): path for words, path in links(message).items()}

    page = client.get(found["Read"])
    assert page.status_code == 200 and "Mark “Bruising in babies" in page.get_data(as_text=True)
    assert delivery(database, delivery_id).read_at is None, "opening a link changed something"

    for words in ("Read", "Useful", "Discussed with my team", "Refer to children's social care"):
        done = press(client, found[words])
        assert done.status_code == 200 and "Done" in done.get_data(as_text=True), words
        if words.startswith("Refer"):
            assert "That&#39;s right: Refer to children" in done.get_data(as_text=True)
        again = press(client, found[words])
        assert "This link has already been used" in again.get_data(as_text=True), words
    # The other answers to the same question were used up with it.
    for words in ("Not useful", "Only the GP"):
        assert "already been used" in press(client, found[words]).get_data(as_text=True), words
    row = delivery(database, delivery_id)
    assert row.read_at is not None and row.useful is True and row.discussed_at is not None
    assert (row.check_choice, row.check_correct) == (1, True)


def test_a_right_answer_by_link_is_told_so(database, settings, mail_server, client):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    answer = {html.unescape(w): p for w, p in links(message).items()}["Only the GP"]
    said = press(client, answer).get_data(as_text=True)
    assert "Not quite. The answer is: Refer to children" in html.unescape(said)


def test_a_link_needs_the_pages_csrf_token_and_an_altered_link_does_nothing(
        database, settings, mail_server, client):
    message, delivery_id = a_nugget_by_email(database, settings, mail_server)
    read = links(message)["Read"]
    assert client.post(read).status_code == 400
    altered = read.replace("/m/read.", "/m/discussed.")
    assert client.get(altered).status_code == 404
    assert "This link does not work" in client.get(altered).get_data(as_text=True)
    row = delivery(database, delivery_id)
    assert row.read_at is None and row.discussed_at is None


def test_a_link_older_than_its_expiry_says_so_and_does_nothing(database, settings,
                                                               mail_server, client):
    a_nugget(database, send_at=TUESDAY_10AM)
    people(database, 1, slack=False)
    fan_out(database, settings, TUESDAY_10AM)
    # Sent 31 days before now: ONE_CLICK_LINK_DAYS is 30.
    clock = Clock(datetime.now(UTC) - timedelta(days=31))
    sender = outbox(database, settings, clock)
    sender.send_due(now=TUESDAY_10AM)
    (mail,) = mail_server.arrived
    read = links(mail.message)["Read"]
    assert client.get(read).status_code == 410
    assert "This link has expired" in client.get(read).get_data(as_text=True)
    assert client.post(read, data={"csrf_token": token(client)}).status_code == 410
    assert delivery(database, 1).read_at is None


def test_unsubscribing_with_the_mail_clients_one_click_post_stops_the_next_mail(
        database, settings, mail_server, app):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    address = message["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    # RFC 8058: the mail client POSTs this body, with no cookie and no page first.
    answer = app.test_client().post(address, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200

    a_nugget(database, send_at=TUESDAY_10AM + timedelta(days=1), title="Escalation policy")
    fan_out(database, settings, TUESDAY_10AM + timedelta(days=1))
    clock = Clock(TUESDAY_10AM + timedelta(days=1))
    assert outbox(database, settings, clock).send_due(now=clock.now).skipped == 1
    assert len(mail_server.arrived) == 1
    with database.unit_of_work() as uow:
        states = set(uow.session.execute(select(Delivery.state, Delivery.reason)).all())
    assert (DeliveryState.SKIPPED, "they unsubscribed from LearnLoop's learning messages") in states


def test_the_unsubscribe_page_asks_before_it_acts(database, settings, mail_server, client):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    stop = links(message)["Stop these emails"]
    assert "Unsubscribe" in client.get(stop).get_data(as_text=True)
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Person)).one().id  # still subscribed: nothing stored
    said = press(client, stop).get_data(as_text=True)
    assert "You&#39;re unsubscribed" in said or "You're unsubscribed" in html.unescape(said)
    # A read link is not an unsubscribe link: a mail client's one-click POST can't use it.
    read = links(message)["Read"]
    assert client.post(read, data={"List-Unsubscribe": "One-Click"}).status_code == 404


def test_421_and_451_are_retried_and_550_fails_with_its_reason_on_the_status_page(
        database, settings, mail_server, signed_in):
    people(database, 3, slack=False)
    nugget_id = a_nugget(database, send_at=TUESDAY_10AM)
    fan_out(database, settings, TUESDAY_10AM)
    mail_server.answer_next("421 4.7.0 Too many messages, try again later", at="rcpt")
    mail_server.answer_next("451 4.3.0 Temporary local problem", at="data")
    mail_server.refuse_mailbox("mail2@riverside.example",
                               "550 5.1.1 <mail2@riverside.example>: User unknown")
    clock = Clock(TUESDAY_10AM)
    sender = outbox(database, settings, clock)
    first = sender.send_due(now=clock.now)
    assert (first.sent, first.retrying, first.failed) == (0, 2, 1)
    assert len(mail_server.arrived) == 0

    clock.now += timedelta(minutes=5)
    assert sender.send_due(now=clock.now).sent == 2
    assert sorted(a.recipients[0] for a in mail_server.arrived) == [
        "mail0@riverside.example", "mail1@riverside.example"]
    page = signed_in("learning_lead").get(f"/dashboard/learning/{nugget_id}")
    shown = html.unescape(page.get_data(as_text=True))
    assert "the mail server said 550 5.1.1 <address>: User unknown: 1" in shown
    assert "mail2@riverside.example" not in shown


def test_report_text_never_goes_into_a_mail(environ, database, settings, mail_server):
    secret = "Mum rang from the Larkspur estate about the twins late on Friday."
    reference = a_report(database, settings, what_happened=secret, agency=None)
    lead = an_account(database, "mail0@riverside.example", "learning_lead")
    people(database, 1, slack=False)
    with database.unit_of_work() as uow:
        account = load_account(uow.session, lead)
        assign(uow.session, find_report(uow.session, reference), by=account, assignee=account,
               now=TUESDAY_10AM)
        uow.commit()
    a_nugget(database, send_at=TUESDAY_10AM)
    # The report was made today: ten days on, its acknowledgement is overdue.
    later = datetime.now(UTC) + timedelta(days=10)
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        schedule_service_reminders(uow.session, settings, now=later)
        uow.commit()
    clock = Clock(later)
    run_clock(outbox(database, settings, clock), clock, hours=96, step=timedelta(minutes=30))
    arrived = mail_server.arrived
    assert len(arrived) == 2, [a.message["Subject"] for a in arrived]
    assert any(reference in parts(a.message)[0] for a in arrived), "the reminder never came"
    for mail in arrived:
        assert "Larkspur" not in mail.message.as_string()

