import csv
import html
import io
import re

from sqlalchemy import select

from learning.nudges.outbox import Outbox
from learning.nudges.send_rate import SendRate
from storage.models import Report
from storage.vocabulary import EventKind, Platform, ReportStatus
from tests.dashboard.reports import a_report
from tests.drafts import NAMED_REPORTER
from tests.test_routing import ChatPlatform
from tests.web import report_through_the_form, token

PII_TEXT = "Mum rang from 07911 123456 about the baby at LU1 2AB."


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def act(client, reference, action, **form):
    return client.post(f"/dashboard/reports/{reference}/{action}",
                       data={**form, "csrf_token": token(client, "/report")})


def events(database, reference):
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report).where(Report.reference == reference))
        return [(e.kind, e.actor, e.detail) for e in report.events]


def test_a_lead_takes_a_report_from_new_to_closed(settings, database, signed_in, accounts):
    reference = a_report(database, settings, identity_mode="confidential")
    lead = signed_in("learning_lead")
    steps = [("acknowledge", {}), ("assign", {"assignee": "me"}), ("start-review", {}),
             ("classify", {"kind": "near_miss", "themes": "Information sharing, invitations",
                           "contributing_factors": ["information_sharing", "recording"]}),
             ("learning-response", {"learning_response": "practitioner_huddle",
                                    "rationale": "A team huddle is proportionate."}),
             ("learning", {"title": "Invitations to named inboxes",
                           "learning": "Invitations must go to named duty inboxes."}),
             ("identify-learning", {}),
             ("close", {"you_said_we_did": "You told us invitations went astray; "
                                           "we changed the template."})]
    for action, form in steps:
        response = act(lead, reference, action, **form)
        assert response.status_code == 303, (action, text(response)[:500])
    # The outcome goes first, through the outbox (no chat is set up here, so it is skipped);
    # then the confidential identity goes.
    Outbox(database, {}, settings, send_rate=SendRate()).send_due()
    page = text(lead.get(f"/dashboard/reports/{reference}"))
    assert "Closed" in page and "we changed the template" in page
    assert "information sharing, invitations" in page and "Invitations to named inboxes" in page
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report).where(Report.reference == reference))
        assert report.status is ReportStatus.CLOSED and report.identity is None
        assert report.themes == ["information sharing", "invitations"]
    kinds = [kind for kind, _, _ in events(database, reference)]
    assert kinds.count(EventKind.STATUS_CHANGED) == 4
    assert {EventKind.ASSIGNED, EventKind.CLASSIFIED, EventKind.LEARNING_RESPONSE_CHOSEN,
            EventKind.LEARNING_RECORDED, EventKind.IDENTITY_DELETED, EventKind.VIEWED} <= set(kinds)


def test_refused_changes_say_why_and_keep_what_was_typed(settings, database, signed_in):
    reference = a_report(database, settings)
    lead = signed_in("learning_lead")
    response = act(lead, reference, "close", you_said_we_did="We changed the template.")
    page = text(response)
    assert response.status_code == 400 and page.count("<title>Error: ") == 1
    assert "new cannot be moved to closed" in page
    for action, form, message in [
        ("learning-response", {"learning_response": "learning_review", "rationale": " "},
         "Record why this learning response is proportionate"),
        ("learning", {"title": "Fix it", "learning": ""}, "Write what the partnership learned"),
        ("message", {"message": ""}, "Write your message to the reporter"),
        ("classify", {"kind": "near_miss", "contributing_factors": ["the social worker"]},
         "Choose contributing factors from the list"),
    ]:
        refused = act(lead, reference, action, **form)
        assert refused.status_code == 400 and message in text(refused), action
    typed = text(act(lead, reference, "learning", title="Review the template", learning=""))
    assert 'value="Review the template"' in typed
    assert act(lead, reference, "not-an-action").status_code == 404


def test_text_is_masked_until_the_business_unit_reveals_it_with_a_logged_reason(
        settings, database, signed_in):
    reference = a_report(database, settings, what_happened=PII_TEXT)
    lead_page = text(signed_in("learning_lead").get(f"/dashboard/reports/{reference}"))
    assert "07911 123456" not in lead_page and "[phone number]" in lead_page
    unit = signed_in("business_unit")
    no_reason = unit.post(f"/dashboard/reports/{reference}/reveal",
                          data={"reason": " ", "csrf_token": token(unit, "/report")})
    assert no_reason.status_code == 400 and "07911 123456" not in text(no_reason)
    revealed = unit.post(f"/dashboard/reports/{reference}/reveal",
                         data={"reason": "Checking a referral was made",
                               "csrf_token": token(unit, "/report")})
    assert "07911 123456" in text(revealed)
    reveals = [d for k, _, d in events(database, reference) if k is EventKind.TEXT_REVEALED]
    assert reveals == [{"reason": "Checking a referral was made"}]


def test_who_sees_a_reporters_identity(settings, database, signed_in):
    named = a_report(database, settings, identity_mode="named")
    confidential = a_report(database, settings, identity_mode="confidential")
    lead, unit = signed_in("learning_lead"), signed_in("business_unit")
    police = signed_in("agency_lead")
    assert NAMED_REPORTER.name in text(lead.get(f"/dashboard/reports/{named}"))
    assert NAMED_REPORTER.name not in text(police.get(f"/dashboard/reports/{named}"))
    assert NAMED_REPORTER.name not in text(lead.get(f"/dashboard/reports/{confidential}"))
    assert NAMED_REPORTER.name in text(unit.get(f"/dashboard/reports/{confidential}"))


def test_every_view_is_on_the_audit_log(settings, database, signed_in, accounts):
    reference = a_report(database, settings)
    signed_in("agency_lead").get(f"/dashboard/reports/{reference}")
    views = [actor for kind, actor, _ in events(database, reference) if kind is EventKind.VIEWED]
    assert len(views) == 1 and views[0].startswith("account:")


def test_a_message_to_an_anonymous_reporter_reaches_only_their_follow_up_page(
        app, client, database, signed_in):
    done = report_through_the_form(client, identity_mode="anonymous")
    case_key = re.search(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}", done).group(0)
    reference = re.search(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", done).group(0)
    lead = signed_in("learning_lead")
    assert act(lead, reference, "message", message="Which meeting was it?").status_code == 303
    reader = app.test_client()
    reader.post("/follow-up", data={"case_key": case_key,
                                    "csrf_token": token(reader, "/follow-up")})
    page = text(reader.get("/follow-up/report"))
    assert "Which meeting was it?" in page and "The learning group" in page
    assert "lead@riverside.example" not in page
    export = lead.get("/dashboard/export.csv").get_data(as_text=True)
    assert "Which meeting was it?" not in export


def test_a_chat_reporter_is_messaged_where_they_reported(app, settings, database, signed_in):
    slack = ChatPlatform()
    app.extensions["learnloop"].messengers[Platform.SLACK] = slack
    reference = a_report(database, settings, identity_mode="named")
    act(signed_in("learning_lead"), reference, "message", message="Thank you, can we talk?")
    assert slack.sent == []  # into the outbox, which retries a platform failure
    Outbox(database, app.extensions["learnloop"].messengers, settings,
           send_rate=SendRate()).send_due()
    [(address, notice)] = slack.sent
    assert address == {"channel": NAMED_REPORTER.chat_address["slack_user_id"]}
    assert reference in notice.text and "Thank you, can we talk?" in notice.text


def test_an_agency_lead_never_reaches_another_agencys_report(settings, database, signed_in):
    school_report = a_report(database, settings, agency="Meadowbank Primary School")
    police_report = a_report(database, settings, agency="Riverside Police")
    police = signed_in("agency_lead")
    assert police.get(f"/dashboard/reports/{school_report}").status_code == 404
    assert f"/dashboard/reports/{school_report}" not in text(
        police.get(f"/dashboard?status=all&q={school_report}"))
    assert f"/dashboard/reports/{police_report}" in text(
        police.get(f"/dashboard?status=all&q={police_report}"))
    exported = police.get("/dashboard/export.csv?status=all").get_data(as_text=True)
    assert police_report in exported and school_report not in exported
    assert act(police, school_report, "message", message="Hello").status_code == 403


def test_the_export_has_masked_text_and_no_reporters(settings, database, signed_in):
    reference = a_report(database, settings, what_happened="=HYPERLINK(\"x\") " + PII_TEXT)
    rows = list(csv.DictReader(io.StringIO(
        signed_in("learning_lead").get("/dashboard/export.csv").get_data(as_text=True))))
    [row] = [r for r in rows if r["reference"] == reference]
    assert "07911 123456" not in row["what happened (masked)"]
    assert row["what happened (masked)"].startswith("'=HYPERLINK")
    assert NAMED_REPORTER.name not in str(rows) and NAMED_REPORTER.email not in str(rows)
    exported = [k for k, _, _ in events(database, reference) if k is EventKind.EXPORTED]
    assert len(exported) == 1


def test_the_queue_puts_urgent_reports_first_and_filters(settings, database, signed_in):
    ordinary = a_report(database, settings)
    urgent = a_report(database, settings, immediate_risk=True)
    good = a_report(database, settings, kind="good_practice")
    lead = signed_in("learning_lead")
    page = text(lead.get("/dashboard"))
    assert page.index(urgent) < page.index(ordinary)
    assert "New: 3" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    only_good = text(lead.get("/dashboard?kind=good_practice"))
    assert good in only_good and ordinary not in only_good
    act(lead, ordinary, "acknowledge")
    unassigned = text(lead.get("/dashboard?status=acknowledged"))
    assert ordinary in unassigned and urgent not in unassigned
