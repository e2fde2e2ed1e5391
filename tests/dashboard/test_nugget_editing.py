"""Writing a briefing on the dashboard: the preview of every channel, and editing until sent."""

from __future__ import annotations

from sqlalchemy import select

from learning.nudges.nuggets import schedule_due_nuggets
from storage.models.improvement import LearningItem
from storage.models.nudges import Nugget
from tests.briefings import HOSTILE
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person
from tests.web import token

FORM = {"title": "Strategy discussions need the police",
        "what_happened": "A strategy discussion went ahead **without police**.",
        "why_it_matters": HOSTILE, "do_differently": "- Check the invite list\n- Use the mailbox",
        "reflect_questions": "1. Who do you invite?",
        "further_reading": "- [Working Together 2023](https://www.gov.uk/wt)",
        "source": "Multi-agency audit", "learning_item_id": "12", "themes": "", "roles": "",
        "send_at": "", "repeat_every_days": "", "check_question": "", "check_options": "",
        "check_answer": "", "check_explanation": ""}


def post(client, url, **changes):
    csrf = token(client, "/dashboard/learning/new")
    return client.post(url, data={**FORM, **changes, "csrf_token": csrf})


def test_the_preview_shows_slack_teams_and_email_from_their_own_renderings(signed_in):
    lead = signed_in("learning_lead")
    page = post(lead, "/dashboard/learning/new", action="preview").get_data(as_text=True)
    for channel in ("Slack", "Microsoft Teams", "Email", "The email as plain text"):
        assert channel in page
    assert page.count("<strong>without police</strong>") == 3  # Slack, Teams and the email
    assert page.count('href="https://www.gov.uk/wt"') == 3
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert 'href="javascript:' not in page
    assert "Buttons: [Read]" in page  # drawn from Slack's own blocks and Teams' own card


def test_a_lead_edits_a_draft_and_a_bad_edit_keeps_what_they_typed(signed_in, database):
    lead = signed_in("learning_lead")
    with database.unit_of_work() as uow:  # the learning log entry the form names
        uow.session.add(LearningItem(id=12, title="Named inboxes", what_was_learned="Use them."))
        uow.commit()
    assert post(lead, "/dashboard/learning/new", action="save").status_code == 303
    with database.unit_of_work() as uow:
        nugget = uow.session.scalars(select(Nugget)).one()
    url = f"/dashboard/learning/{nugget.id}/edit"
    form = lead.get(url).get_data(as_text=True)
    assert "Check the invite list" in form and 'value="12"' in form

    refused = post(lead, url, action="save", title="", why_it_matters="Kept as typed & <b>")
    assert refused.status_code == 400
    assert "Enter a title" in refused.get_data(as_text=True)
    assert "Kept as typed &amp; &lt;b&gt;" in refused.get_data(as_text=True)

    assert post(lead, url, action="save", title="Invite the police").status_code == 303
    with database.unit_of_work() as uow:
        edited = uow.session.get(Nugget, nugget.id)
    assert (edited.title, edited.learning_item_id) == ("Invite the police", 12)
    assert "Edit this nugget" in lead.get(f"/dashboard/learning/{nugget.id}").get_data(
        as_text=True)


def test_a_sent_nugget_is_read_only_and_an_edit_in_flight_keeps_its_text(signed_in, database,
                                                                        settings):
    lead = signed_in("learning_lead")
    a_person(database)
    nugget_id = a_nugget(database, send_at=TUESDAY_10AM)
    url = f"/dashboard/learning/{nugget_id}/edit"
    assert lead.get(url).status_code == 200
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()

    assert lead.get(url).status_code == 409
    late = post(lead, url, action="save", what_happened="My careful rewrite")
    assert late.status_code == 409
    assert "can no longer be changed" in late.get_data(as_text=True)
    assert "My careful rewrite" in late.get_data(as_text=True)
    with database.unit_of_work() as uow:
        assert uow.session.get(Nugget, nugget_id).what_happened.startswith("**Any** bruise")
    status = lead.get(f"/dashboard/learning/{nugget_id}").get_data(as_text=True)
    assert "Edit this nugget" not in status and "can no longer be changed" in status


def test_a_nugget_naming_a_learning_log_entry_that_is_not_there_says_so_and_keeps_the_text(
        signed_in):
    lead = signed_in("learning_lead")
    answered = post(lead, "/dashboard/learning/new", action="save")
    assert answered.status_code == 400
    page = answered.get_data(as_text=True)
    assert "There is no learning log entry 12" in page and "Multi-agency audit" in page
