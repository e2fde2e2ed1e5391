from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learning.reports import triage
from learning.reports.intake import submit_report
from learning.messaging import DeliveryError, ReportCard
from jobs import tasks
from learning.reports.posting import post_missed_reports, post_new_report, refresh_report_posts
from learning.settings import load_settings
from storage.models import ChannelPost, RoutingRule
from storage.vocabulary import Channel, Platform
from tests.drafts import a_draft
from tests.people import an_account, an_agency, load_account

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


class ChatPlatform:
    """Stands in for a chat platform's API: records what LearnLoop sent it."""

    def __init__(self, fail: bool = False):
        self.sent, self.updated, self.fail = [], [], fail

    def send(self, address, notice):
        if self.fail:
            raise DeliveryError("channel_not_found", permanent=True)
        self.sent.append((address, notice))
        return f"ts-{len(self.sent)}"

    def update(self, address, message_id, notice):
        self.updated.append((address, message_id, notice))


def submit(database, settings, **changes):
    with database.unit_of_work() as uow:
        return submit_report(uow, a_draft(**changes), channel=Channel.WEB, settings=settings,
                             now=NOW).reference


def add_rule(database, **fields):
    with database.unit_of_work() as uow:
        uow.session.add(RoutingRule(**fields))
        uow.commit()


def test_without_rules_reports_go_to_the_default_learning_channel(database, environ):
    environ["SLACK_LEARNING_CHANNEL"] = "C0LEARNING"
    settings = load_settings(environ)
    slack = ChatPlatform()
    reference = submit(database, settings)
    assert post_new_report(database, reference, settings=settings,
                           messengers={Platform.SLACK: slack}) == 1
    [(address, card)] = slack.sent
    assert address == {"channel": "C0LEARNING"}
    assert isinstance(card, ReportCard) and card.reference == reference
    assert card.dashboard_url.endswith(f"/dashboard/reports/{reference}")


def test_rules_route_by_urgency_and_agency_and_mention_only_on_urgent(database, settings):
    police = an_agency(database, "Riverside Police")
    add_rule(database, name="Urgent to on-call", platform=Platform.SLACK,
             address={"channel": "C0URGENT"}, urgent_only=True, mention="S0ONCALL")
    add_rule(database, name="Police reports", platform=Platform.TEAMS,
             address={"conversation": {"id": "19:police"}}, agency_ids=[police])
    slack, teams = ChatPlatform(), ChatPlatform()
    messengers = {Platform.SLACK: slack, Platform.TEAMS: teams}

    urgent = submit(database, settings, immediate_risk=True)
    post_new_report(database, urgent, settings=settings, messengers=messengers)
    police_report = submit(database, settings, agency_ids=[police])
    post_new_report(database, police_report, settings=settings, messengers=messengers)

    assert [(a, c.reference, c.mention) for a, c in slack.sent] == [
        ({"channel": "C0URGENT"}, urgent, "S0ONCALL")]
    assert [(a, c.reference, c.mention) for a, c in teams.sent] == [
        ({"conversation": {"id": "19:police"}}, police_report, None)]


def test_the_channel_post_shows_masked_text_only(database, environ):
    environ["SLACK_LEARNING_CHANNEL"] = "C0LEARNING"
    settings = load_settings(environ)
    slack = ChatPlatform()
    reference = submit(database, settings, identity_mode="confidential",
                       what_happened="Mum's number 07911 123456 was given to the wrong school.")
    post_new_report(database, reference, settings=settings, messengers={Platform.SLACK: slack})
    card = slack.sent[0][1]
    assert "07911 123456" not in card.what_happened
    assert "Priya" not in repr(card) and "priya" not in repr(card)


def test_posts_are_updated_in_place_after_a_change(database, environ):
    environ["SLACK_LEARNING_CHANNEL"] = "C0LEARNING"
    settings = load_settings(environ)
    slack = ChatPlatform()
    reference = submit(database, settings)
    post_new_report(database, reference, settings=settings, messengers={Platform.SLACK: slack})
    lead = an_account(database, "lead@x.example", "learning_lead")
    with database.unit_of_work() as uow:
        triage.acknowledge(uow.session, triage.find_report(uow.session, reference),
                           by=load_account(uow.session, lead), now=NOW)
        uow.commit()
    refresh_report_posts(database, reference, settings=settings, messengers={Platform.SLACK: slack})
    [(address, message_id, card)] = slack.updated
    assert (address, message_id, card.status) == ({"channel": "C0LEARNING"}, "ts-1", "Acknowledged")


def test_a_failed_post_is_not_recorded_and_a_missing_platform_is_skipped(
        database, settings, caplog):
    add_rule(database, name="Everything", platform=Platform.SLACK, address={"channel": "C0GONE"})
    add_rule(database, name="Teams too", platform=Platform.TEAMS,
             address={"conversation": {"id": "x"}})
    reference = submit(database, settings)
    posted = post_new_report(database, reference, settings=settings,
                             messengers={Platform.SLACK: ChatPlatform(fail=True)})
    assert posted == 0
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(ChannelPost)).all() == []
    assert "channel_not_found" in caplog.text and "no teams messenger" in caplog.text



class AwayPlatform(ChatPlatform):
    """A platform that answers 5xx until it is back."""

    def __init__(self):
        super().__init__()
        self.away = True

    def send(self, address, notice):
        if self.away:
            raise DeliveryError("slack answered 503")
        return super().send(address, notice)


def test_a_report_the_platform_was_away_for_is_posted_by_the_clock_once_it_is_back(
        database, settings):
    add_rule(database, name="Every report", platform=Platform.SLACK,
             address={"channel": "C0LEARNING"})
    add_rule(database, name="Police reports", platform=Platform.TEAMS,
             address={"conversation": {"id": "19:police"}})
    slack, teams = AwayPlatform(), ChatPlatform()
    messengers = {Platform.SLACK: slack, Platform.TEAMS: teams}
    reference = submit(database, settings)
    assert post_new_report(database, reference, settings=settings, messengers=messengers) == 1

    def sweep(minutes):
        return post_missed_reports(database, settings=settings, messengers=messengers,
                                   now=NOW + timedelta(minutes=minutes))

    # Its own post may still be on its way for the first minutes: the clock leaves it alone.
    assert sweep(1) == 0 and sweep(5) == 0 and slack.sent == []
    slack.away = False
    assert sweep(8) == 1
    assert [(a, c.reference) for a, c in slack.sent] == [({"channel": "C0LEARNING"}, reference)]
    # Posted now: neither channel hears of it twice.
    assert sweep(11) == 0
    assert len(slack.sent) == len(teams.sent) == 1
    with database.unit_of_work() as uow:
        assert {post.platform for post in uow.session.scalars(select(ChannelPost))} == {
            Platform.SLACK, Platform.TEAMS}


def test_the_clock_tries_again_for_a_day_on_platforms_it_has(database, environ):
    environ["SLACK_LEARNING_CHANNEL"] = "C0LEARNING"
    settings = load_settings(environ)
    slack = ChatPlatform()
    submit(database, settings)
    context = tasks.job_context(settings, database, {Platform.SLACK: slack})
    tasks.JOBS["post_missed_reports"](context, NOW + timedelta(days=1, minutes=1))
    assert slack.sent == [], "a day on, it is the dashboard's and the digest's"
    assert post_missed_reports(database, settings=settings, messengers={},
                               now=NOW + timedelta(minutes=5)) == 0
    tasks.JOBS["post_missed_reports"](context, NOW + timedelta(hours=23))
    assert [address for address, _ in slack.sent] == [{"channel": "C0LEARNING"}]
