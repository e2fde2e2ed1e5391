"""The training pages and the preferences page in Chromium at desk and phone widths:
accessible (axe, WCAG 2.2 AA), no sideways scrolling, and errors shown with what was typed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from learning.nudges.preferences import preferences_link
from learning.nudges.training_events import book
from storage.models import Person
from storage.models.nudges import Preference
from storage.models.training import Booking, TrainingRepresentative
from tests.browser.journey import signed_in_as
from tests.jobs.people import a_person
from tests.people import an_agency
from tests.training.events import a_course, an_event_at

pytestmark = pytest.mark.browser
WIDTHS = (1280, 375)


def no_sideways_scroll(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px wider than the window"


def a_partnership(database, settings) -> dict[str, int]:
    police = an_agency(database, "Riverside Police")
    course = a_course(database, "Level 3 safeguarding")
    people = {name: a_person(database, name, agency_id=police)
              for name in ("Priya Shah", "Tom Okafor")}
    event = an_event_at(database, datetime.now(UTC) + timedelta(days=9), course)
    for person in people.values():
        with database.unit_of_work() as uow:
            book(uow, event, person, settings=settings, now=datetime.now(UTC))
    held = an_event_at(database, datetime.now(UTC) - timedelta(hours=3), course)
    with database.unit_of_work() as uow:
        uow.session.add(TrainingRepresentative(agency_id=police, person_id=people["Tom Okafor"]))
        uow.session.add_all([Booking(event_id=held, person_id=p) for p in people.values()])
        uow.commit()
    return {"event": event, "held": held}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_training_pages_are_accessible_at_every_width(look, page, live_server, database,
                                                          settings, width):
    made = a_partnership(database, settings)
    page.set_viewport_size({"width": width, "height": 900})
    signed_in_as(page, live_server, database, "lead@riverside.example", "learning_lead",
                 then="/dashboard/training")
    for path, name in (("/dashboard/training", "calendar"),
                       (f"/dashboard/training/{made['event']}", "event"),
                       (f"/dashboard/training/{made['held']}", "register"),
                       ("/dashboard/training/new", "add-event"),
                       ("/dashboard/training/representatives", "representatives"),
                       ("/dashboard/training/compliance", "compliance")):
        page.goto(f"{live_server}{path}")
        look(page, f"60-training-{name}-{width}")
        no_sideways_scroll(page, name)
    page.goto(f"{live_server}/dashboard/training/new")
    page.get_by_label("Title").fill("Neglect: the graded care profile")
    page.get_by_label("Date").fill("2020-01-01")
    page.get_by_label("Start time").fill("09:30")
    page.get_by_role("button", name="Save event").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Title")).to_have_value("Neglect: the graded care profile")
    look(page, f"61-training-add-event-errors-{width}")
    no_sideways_scroll(page, "add-event errors")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_preferences_page_is_accessible_and_keeps_what_was_typed(look, page, live_server,
                                                                     database, settings, width):
    priya = a_person(database)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(preferences_link(settings, priya).replace(settings.base_url, live_server))
    look(page, f"62-preferences-{width}")
    no_sideways_scroll(page, "preferences")
    page.get_by_label("Year").fill("2020")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Day").fill("6")
    page.get_by_label("From").fill("11:00")
    page.get_by_label("Until").fill("10:00")
    page.get_by_role("button", name="Save preferences").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("From")).to_have_value("11:00")
    look(page, f"63-preferences-errors-{width}")
    no_sideways_scroll(page, "preferences errors")
    page.goto(f"{live_server}/preferences/an-old-link")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    look(page, f"64-preferences-expired-{width}")
    no_sideways_scroll(page, "preferences expired")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_unsubscribed_person_starts_learning_messages_again_from_their_preferences(
        look, page, live_server, database, settings, width):
    priya = a_person(database)
    with database.unit_of_work() as uow:
        uow.session.add(Preference(person_id=priya, unsubscribed_at=datetime.now(UTC)))
        uow.commit()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(preferences_link(settings, priya).replace(settings.base_url, live_server))
    expect(page.get_by_text("You unsubscribed from learning messages on")).to_be_visible()
    look(page, f"65-preferences-unsubscribed-{width}")
    no_sideways_scroll(page, "preferences, unsubscribed")
    page.get_by_role("button", name="Start learning messages again").click()
    expect(page.get_by_text("Your preferences are saved")).to_be_visible()
    expect(page.get_by_text("You unsubscribed from learning messages on")).to_have_count(0)
    with database.unit_of_work() as uow:
        assert uow.session.get(Person, priya).preference.unsubscribed_at is None
