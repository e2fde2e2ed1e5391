"""/learning for staff without chat, and the lead's pages to write nuggets and see how they
landed."""

from __future__ import annotations

from sqlalchemy import select

from learning.people.accounts import add_account
from learning.nudges.nuggets import schedule_due_nuggets
from storage.models.nudges import Nugget, NuggetState
from tests.dashboard.conftest import PASSWORD, sign_in
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person
from tests.web import token


def shared_nugget(database, settings) -> int:
    a_person(database)
    nugget_id = a_nugget(database, send_at=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    return nugget_id


def test_staff_without_chat_read_shared_nuggets_and_get_feedback_on_the_check(
        client, database, settings):
    draft_only = a_nugget(database, send_at=None, title="Not shared yet")
    nugget_id = shared_nugget(database, settings)
    page = client.get("/learning").get_data(as_text=True)
    assert "Bruising in babies who are not yet mobile" in page and "Not shared yet" not in page
    assert client.get(f"/learning/{draft_only}").status_code == 404

    url = f"/learning/{nugget_id}"
    assert "<strong>Any</strong> bruise" in client.get(url).get_data(as_text=True)  # rendered
    answered = client.post(url, data={"choice": "0", "csrf_token": token(client, url)})
    assert answered.status_code == 303  # post/redirect/get: Back and refresh just show it
    feedback = client.get(answered.location).get_data(as_text=True)
    assert "Not quite. The answer is: Refer to children&#39;s social care." in feedback
    assert "ask you again" not in feedback  # nobody is asked again on the web page


def lead_client(app, database):
    with database.unit_of_work() as uow:
        add_account(uow, "lead@riverside.example", "learning_lead", password=PASSWORD)
    client = app.test_client()
    assert sign_in(client, "lead@riverside.example").status_code == 303
    return client


FORM = {"title": "Strategy discussions need the police",
        "what_happened": "Check the invite list.\n\nUse the new mailbox.",
        "source": "Multi-agency audit", "themes": "information sharing", "roles": "",
        "send_at": "2026-12-01 09:30", "repeat_every_days": "",
        "check_question": "Who must be invited?",
        "check_options": "Only social care\nPolice, health and social care", "check_answer": "2",
        "check_explanation": "Working Together says so."}


def test_a_lead_previews_then_saves_a_nugget_and_sees_its_delivery_status(app, database, settings):
    client = lead_client(app, database)
    url = "/dashboard/learning/new"
    preview = client.post(url, data={**FORM, "action": "preview", "csrf_token": token(client, url)})
    assert (preview.status_code == 200
            and "Preview: what each channel will show" in preview.get_data(as_text=True))
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Nugget)).all() == []

    saved = client.post(url, data={**FORM, "action": "save", "csrf_token": token(client, url)})
    assert saved.status_code == 303
    with database.unit_of_work() as uow:
        nugget = uow.session.scalars(select(Nugget)).one()
    assert (nugget.state, nugget.check_answer) == (NuggetState.SCHEDULED, 1)
    assert ("Strategy discussions need the police"
            in client.get("/dashboard/learning").get_data(as_text=True))
    assert ("People in the audience"
            in client.get(f"/dashboard/learning/{nugget.id}").get_data(as_text=True))


def test_a_nugget_with_problems_keeps_what_the_lead_typed(app, database):
    client = lead_client(app, database)
    url = "/dashboard/learning/new"
    page = client.post(url, data={**FORM, "title": "", "check_answer": "7", "action": "save",
                                  "csrf_token": token(client, url)})
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Enter a title" in text and "Choose which answer is right" in text
    assert "Check the invite list." in text


def test_signed_out_people_and_agency_leads_cannot_write_nuggets(app, client, database):
    assert client.get("/dashboard/learning/new").status_code == 302
    with database.unit_of_work() as uow:
        add_account(uow, "admin@riverside.example", "admin", password=PASSWORD)
    admin = app.test_client()
    sign_in(admin, "admin@riverside.example")
    assert admin.get("/dashboard/learning").status_code == 403


def test_a_lead_withdraws_a_nugget_and_nothing_more_is_sent(app, client, database, settings):
    from storage.models.nudges import Delivery, DeliveryState

    nugget_id = shared_nugget(database, settings)
    lead = lead_client(app, database)
    url = f"/dashboard/learning/{nugget_id}"
    response = lead.post(f"{url}/withdraw", data={"csrf_token": token(lead, url)})
    assert response.status_code == 303
    assert "Withdrawn" in lead.get(url).get_data(as_text=True)
    with database.unit_of_work() as uow:
        assert uow.session.get(Nugget, nugget_id).state is NuggetState.WITHDRAWN
        [delivery] = uow.session.scalars(select(Delivery)).all()
        assert (delivery.state, delivery.reason) == (DeliveryState.SKIPPED,
                                                     "withdrawn by the learning group")
    assert client.get(f"/learning/{nugget_id}").status_code == 404
