"""The training pages over HTTP: adding an event keeps what was typed on an error, the register
feeds the training record, and an agency lead sees only their own agency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learning.nudges.training_events import book
from storage.models import Agency
from storage.models.training import TrainingEvent, TrainingRecord, TrainingRepresentative
from tests.jobs.people import a_person
from tests.training.events import a_course, an_event_at
from tests.web import token

SOON = datetime.now(UTC) + timedelta(days=20)


def typed_event(**changes) -> dict[str, str]:
    return {"title": "Neglect: using the graded care profile", "course_id": "",
            "starts_on": SOON.date().isoformat(), "starts_at": "09:30",
            "location": "Riverside Civic Centre <room 2>", "online_url": "", "places": "12",
            **changes}


def test_an_event_with_problems_comes_back_with_everything_typed(signed_in):
    lead = signed_in("learning_lead")
    form = typed_event(starts_on="2020-01-01", places="lots")
    response = lead.post("/dashboard/training/new",
                         data={**form, "csrf_token": token(lead, "/dashboard/training/new")})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The event&#39;s start has passed" in page and "Enter the number of places" in page
    assert 'value="Neglect: using the graded care profile"' in page
    assert 'value="Riverside Civic Centre &lt;room 2&gt;"' in page and 'value="lots"' in page


def test_a_lead_adds_an_event_and_it_is_in_the_calendar(signed_in, database):
    lead = signed_in("learning_lead")
    response = lead.post("/dashboard/training/new", data={
        **typed_event(), "csrf_token": token(lead, "/dashboard/training/new")})
    assert response.status_code == 303
    calendar = lead.get("/dashboard/training").get_data(as_text=True)
    assert "Neglect: using the graded care profile" in calendar
    assert "Riverside Civic Centre &lt;room 2&gt;" in calendar
    with database.unit_of_work() as uow:
        event = uow.session.scalar(select(TrainingEvent))
        assert (event.places, event.location) == (12, "Riverside Civic Centre <room 2>")


def test_the_register_marks_who_came_and_an_agency_lead_sees_their_own_people(
        signed_in, database, settings, accounts):
    with database.unit_of_work() as uow:
        agencies = {a.name: a.id for a in uow.session.scalars(select(Agency))}
    course = a_course(database)
    event = an_event_at(database, datetime.now(UTC) + timedelta(hours=1), course)
    police = a_person(database, "Pat Police", agency_id=agencies["Riverside Police"])
    teacher = a_person(database, "Tia Teacher", agency_id=agencies["Meadowbank Primary School"])
    for person in (police, teacher):
        with database.unit_of_work() as uow:
            book(uow, event, person, settings=settings, now=datetime.now(UTC))
    with database.unit_of_work() as uow:
        uow.session.get(TrainingEvent, event).starts_at = datetime.now(UTC) - timedelta(hours=2)
        uow.commit()

    agency_lead = signed_in("agency_lead")
    page = agency_lead.get(f"/dashboard/training/{event}").get_data(as_text=True)
    assert "Pat Police" in page and "Tia Teacher" not in page
    response = agency_lead.post(f"/dashboard/training/{event}/register", data={
        "attended": [str(police), str(teacher)],
        "csrf_token": token(agency_lead, f"/dashboard/training/{event}")})
    assert response.status_code == 200
    assert "Register saved: 1 attended" in response.get_data(as_text=True)
    with database.unit_of_work() as uow:
        records = [r.person_id for r in uow.session.scalars(select(TrainingRecord))]
    assert records == [police], "an agency lead cannot mark another agency's staff"


def test_compliance_shows_each_agency_its_own_figures(signed_in, database, accounts):
    with database.unit_of_work() as uow:
        agencies = {a.name: a.id for a in uow.session.scalars(select(Agency))}
    a_course(database, "Level 3 safeguarding")
    a_person(database, "Pat Police", agency_id=agencies["Riverside Police"])
    a_person(database, "Tia Teacher", agency_id=agencies["Meadowbank Primary School"])
    own = signed_in("agency_lead").get("/dashboard/training/compliance").get_data(as_text=True)
    every = signed_in("learning_lead").get("/dashboard/training/compliance").get_data(as_text=True)
    assert "Riverside Police" in own and "Meadowbank Primary School" not in own
    assert "Riverside Police" in every and "Meadowbank Primary School" in every


def test_a_training_representative_is_added_by_email_and_a_stranger_is_refused(
        signed_in, database, accounts):
    with database.unit_of_work() as uow:
        police = uow.session.scalar(select(Agency).where(Agency.name == "Riverside Police")).id
    a_person(database, "Pat Police", email="pat@police.example", agency_id=police)
    lead = signed_in("learning_lead")
    url = "/dashboard/training/representatives"
    refused = lead.post(url, data={"email": "nobody@x.example", "csrf_token": token(lead, url)})
    assert refused.status_code == 400
    assert "Nobody with that email" in refused.get_data(as_text=True)
    assert 'value="nobody@x.example"' in refused.get_data(as_text=True)
    added = lead.post(url, data={"email": "PAT@police.example", "csrf_token": token(lead, url)})
    assert "Pat Police is now a training representative" in added.get_data(as_text=True)
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(TrainingRepresentative)).agency_id == police
