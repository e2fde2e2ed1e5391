"""The chat conversation every platform shares, driven as a person would type it."""

from datetime import UTC, datetime

from sqlalchemy import select

from bot.conversation import chat_key, converse
from learning.reports.intake import Reporter
from storage.models import ChatConversation, Report, ReporterIdentity
from storage.vocabulary import Channel, IdentityMode
from tests.people import an_agency
from tests.stored import every_stored_value

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)
CAVEAT = "Your workspace owner may be able to export direct messages."
ME = Reporter(name="Tom Okafor", email="tom@school.example",
              chat_address={"slack_user_id": "U0TOM0001"})


class Chat:
    def __init__(self, database, settings, user="U0TOM0001"):
        self.database, self.settings = database, settings
        self.key = chat_key(settings, "slack", user)

    def say(self, text):
        with self.database.unit_of_work() as uow:
            return converse(uow, key=self.key, text=text, reporter=ME, channel=Channel.SLACK,
                            settings=self.settings, now=NOW, anonymity_caveat=CAVEAT)


def complete_report(chat, identity="named", what="The invitation went to an old mailbox."):
    turns = [chat.say(text) for text in
             ["report", "no", "near_miss", what, "yesterday", "multi_agency_meeting", "none",
              "skip", "2", "no", "no", "no", identity]]
    return turns


def test_a_person_reports_one_question_at_a_time(database, settings):
    chat = Chat(database, settings)
    turns = complete_report(chat)
    assert turns[0].prompt.field == "immediate_risk"
    assert [t.prompt.field for t in turns[1:]] == [
        "kind", "what_happened", "occurred_on", "setting", "agency_ids", "what_stopped_harm",
        "potential_severity", "child_died_or_seriously_harmed", "abuse_or_neglect_suspected",
        "looked_after_child_died", "identity_mode", "confirm"]
    assert "The invitation went to an old mailbox." in turns[-1].prompt.question
    done = chat.say("send")
    assert done.result is not None and done.result.reference in done.says[0]
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        assert report.channel is Channel.SLACK and str(report.occurred_on) == "2026-11-19"
        assert report.identity.chat_address == {"slack_user_id": "U0TOM0001"}
        assert uow.session.scalars(select(ChatConversation)).all() == []


def test_immediate_risk_signposting_comes_at_once(database, settings):
    chat = Chat(database, settings)
    chat.say("report")
    turn = chat.say("yes")
    assert "999" in turn.says[0] and turn.prompt.field == "kind"


def test_a_wrong_answer_is_explained_and_asked_again(database, settings):
    chat = Chat(database, settings)
    chat.say("report")
    assert chat.say("maybe").says == ("Please answer yes or no.",)
    chat.say("no")
    chat.say("near miss")
    chat.say("Something happened.")
    turn = chat.say("next tuesday")
    assert turn.prompt.field == "occurred_on" and "14/11/2026" in turn.says[0]
    turn = chat.say("25/12/2026")
    assert turn.says == ("The date it happened must be today or in the past",)


def test_personal_details_are_pointed_out_and_can_be_kept(database, settings):
    chat = Chat(database, settings)
    for text in ["report", "no", "near_miss"]:
        chat.say(text)
    risky = "The school emailed the wrong parent at jo.bloggs@example.com."
    warning = chat.say(risky)
    assert warning.prompt.field == "what_happened"
    assert "jo.bloggs@example.com" in warning.says[0] and "email" in warning.says[0]
    assert chat.say(risky).prompt.field == "occurred_on"


def test_concerning_incidents_ask_the_notifiable_questions(database, settings):
    chat = Chat(database, settings)
    for text in ["report", "no", "concerning_incident", "A child was seriously injured.",
                 "today", "home_visit", "none", "skip", "catastrophic"]:
        turn = chat.say(text)
    assert turn.prompt.field == "child_died_or_seriously_harmed"
    assert chat.say("yes").prompt.field == "abuse_or_neglect_suspected"
    assert chat.say("yes").prompt.field == "looked_after_child_died"
    assert chat.say("no").prompt.field == "identity_mode"
    chat.say("anonymous")
    done = chat.say("send")
    assert done.result.notifiable and done.result.case_key in done.private[0]
    assert not any(done.result.case_key in said for said in done.says)


def test_an_anonymous_chat_report_keeps_no_chat_id(database, settings):
    chat = Chat(database, settings)
    complete_report(chat, identity="anonymous")
    done = chat.say("send")
    assert done.result.identity_mode is IdentityMode.ANONYMOUS
    values = " ".join(every_stored_value(database))
    assert "U0TOM0001" not in values and "Tom" not in values
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(ReporterIdentity)).all() == []


def test_agencies_can_be_chosen_by_number_or_name(database, settings):
    an_agency(database, "Riverside Police")
    an_agency(database, "Meadowbank Primary School")
    chat = Chat(database, settings)
    for text in ["report", "no", "near_miss", "It happened.", "today", "police"]:
        turn = chat.say(text)
    assert [label for _, label in turn.prompt.choices] == ["Meadowbank Primary School",
                                                           "Riverside Police"]
    assert chat.say("1, riverside police").prompt.field == "what_stopped_harm"


def test_cancel_forgets_the_draft_and_two_people_do_not_share_one(database, settings):
    mine, theirs = Chat(database, settings), Chat(database, settings, user="U0OTHER01")
    mine.say("report")
    assert theirs.say("no").prompt is None  # not in a conversation: gets help
    assert mine.say("no").prompt.field == "kind"
    assert "Cancelled" in mine.say("cancel").says[0]
    assert mine.say("no").prompt is None
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(ChatConversation)).all() == []


def test_the_draft_is_keyed_without_the_chat_user_id(database, settings):
    Chat(database, settings).say("report")
    assert "U0TOM0001" not in " ".join(every_stored_value(database))


def test_a_near_miss_where_a_child_was_seriously_harmed_is_flagged_notifiable(database, settings):
    chat = Chat(database, settings)
    for text in ["report", "no", "near_miss", "The invitation went to an old mailbox.",
                 "yesterday", "multi_agency_meeting", "none", "skip", "4", "yes", "yes", "no",
                 "named"]:
        chat.say(text)
    assert chat.say("send").result.notifiable
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        assert report.notifiable and report.urgent and report.notification_due is not None
