"""The report as an Adaptive Card form: Action.Execute invokes, and the Action.Submit fallback."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Report
from storage.vocabulary import Channel, IdentityMode
from tests.teams.activities import PRIYA_CHAT, card_action, post, pressed, said
from tests.teams.card_schema import problems
from tests.teams.test_personal_chat import WHAT_HAPPENED, every_stored_value, shown


def complete(today, agencies, **changes) -> dict:
    answers = {"immediate_risk": "no", "kind": "near_miss", "what_happened": WHAT_HAPPENED,
               "occurred_on": today.isoformat(), "setting": "multi_agency_meeting",
               "agency_ids": str(agencies["Riverside Police"]), "what_stopped_harm": "",
               "potential_severity": "moderate", "child_died_or_seriously_harmed": "false",
               "abuse_or_neglect_suspected": "false", "identity_mode": "named"}
    return {**answers, **changes}


def send_form(client, microsoft, data: dict) -> dict:
    """Press "Send report" on the form (Action.Execute) and return the card Teams gets back."""
    response = post(client, microsoft, card_action(microsoft, "submit_report", data))
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["statusCode"] == 200
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert problems(answer["value"]) == []
    return answer["value"]


def inputs(card: dict) -> dict[str, str]:
    return {e["id"]: e.get("value", "") for e in card["body"] if e["type"].startswith("Input.")}


def test_form_sends_the_form_card_with_the_emergency_contacts_first(client, microsoft, agencies):
    post(client, microsoft, said(microsoft, "form"))

    [card] = microsoft.cards(PRIYA_CHAT)
    assert problems(card) == []
    assert card["body"][0]["inlines"][0]["text"].startswith("If a child is at immediate risk: ")
    assert list(inputs(card))[0] == "immediate_risk"
    [send] = card["actions"]
    assert send["type"] == "Action.Execute" and send["fallback"]["type"] == "Action.Submit"


def test_problems_come_back_on_the_card_with_the_answers_kept(client, microsoft, database,
                                                                agencies, today):
    card = send_form(client, microsoft, complete(today, agencies, kind="", potential_severity=""))

    text = shown(card)
    assert "Select what kind of report this is" in text
    assert "Select how serious it could have been" in text
    kept = inputs(card)
    assert kept["what_happened"] == WHAT_HAPPENED and kept["setting"] == "multi_agency_meeting"
    assert kept["occurred_on"] == today.isoformat()
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)) is None


def test_a_complete_form_is_stored_and_thanked(client, microsoft, database, agencies, today):
    card = send_form(client, microsoft, complete(today, agencies))

    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        assert report.channel is Channel.TEAMS and report.identity.name == "Priya Shah"
        assert [a.name for a in report.agencies] == ["Riverside Police"]
    assert f"Your reference is {report.reference}" in shown(card)


def test_errors_then_success(client, microsoft, database, agencies, today):
    first = send_form(client, microsoft, complete(today, agencies, identity_mode=""))
    assert "Select whether to report named, confidentially or anonymously" in shown(first)

    second = send_form(client, microsoft, {**inputs(first), "identity_mode": "anonymous"})

    assert "Your case key is" in shown(second)
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)).identity_mode is IdentityMode.ANONYMOUS
    assert not any("0a1b2c3d-aad-priya" in v or "Priya" in v for v in every_stored_value(database))


def test_personal_details_are_pointed_out_once_then_kept_if_sent_again(client, microsoft, database,
                                                                         agencies, today):
    risky = WHAT_HAPPENED + " The family lives at SW1A 1AA."
    first = send_form(client, microsoft, complete(today, agencies, what_happened=risky))

    assert "'SW1A 1AA' looks like a postcode" in shown(first)
    assert inputs(first)["what_happened"] == risky
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)) is None

    [send] = first["actions"]
    second = send_form(client, microsoft, {**inputs(first), **send["data"]})
    assert "Your reference is" in shown(second)


def test_changing_the_text_after_a_warning_checks_it_again(client, microsoft, agencies, today):
    first = send_form(client, microsoft, complete(
        today, agencies, what_happened=WHAT_HAPPENED + " They live at SW1A 1AA."))
    [send] = first["actions"]

    again = send_form(client, microsoft, {
        **inputs(first), **send["data"],
        "what_happened": WHAT_HAPPENED + " They moved to M1 1AE."})

    assert "'M1 1AE' looks like a postcode" in shown(again)


def test_the_submit_fallback_replaces_the_form_in_place(
        client, microsoft, database, agencies, today):
    value = {**complete(today, agencies), "verb": "submit_report"}

    post(client, microsoft, pressed(microsoft, value, replyToId="activity-of-the-form"))

    [put] = [s for s in microsoft.sent if s.method == "PUT"]
    assert put.activity_id == "activity-of-the-form" and put.conversation_id == PRIYA_CHAT
    assert "Your reference is" in shown(put.body["attachments"][0]["content"])
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)) is not None


def test_a_child_at_immediate_risk_is_signposted_on_the_thank_you(
        client, microsoft, agencies, today):
    card = send_form(client, microsoft, complete(today, agencies, immediate_risk="yes"))

    assert card["body"][0]["inlines"][0]["text"].startswith("Please act now: If a child is at")


def test_no_log_line_carries_the_report_or_who_wrote_it(client, microsoft, agencies, today, caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="learning")
    caplog.set_level(logging.INFO)
    send_form(client, microsoft, complete(today, agencies, kind=""))
    send_form(client, microsoft, complete(today, agencies))

    logged = [r.getMessage() for r in caplog.records if r.name != "werkzeug"]  # the fake's own
    assert any("report submitted" in line for line in logged)
    traces = ("Priya", "0a1b2c3d-aad-priya", "29:1priya", "shared mailbox", "strategy discussion")
    assert [line for line in logged if any(t in line for t in traces)] == []


def test_when_the_database_fails_the_answers_stay_on_the_card(client, microsoft, database,
                                                               agencies, today):
    with database.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE report_events RENAME TO report_events_away")
    try:
        failed = send_form(client, microsoft, complete(today, agencies))
    finally:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE report_events_away RENAME TO report_events")
    assert "we could not save it just now" in shown(failed)
    assert inputs(failed)["what_happened"] == WHAT_HAPPENED
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)) is None
    again = send_form(client, microsoft, inputs(failed))
    assert "Your reference is" in shown(again)
