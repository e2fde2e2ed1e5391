"""A person presses a button in a LearnLoop email: the page asks, then acts once. Accessible
at desktop and phone widths, with no sideways scrolling, and working without JavaScript.
(axe runs only where JavaScript does.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from learning.nudges.nuggets import schedule_due_nuggets
from learning.nudges.one_click import Link, link_token, new_nonce
from storage.models import Person
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget

pytestmark = pytest.mark.browser
WIDTHS = [1280, 375]


def a_delivery(database, settings) -> int:
    with database.unit_of_work() as uow:
        uow.session.add(Person(name="Sam Okafor", email="sam.okafor@riverside.example"))
        uow.commit()
    a_nugget(database, send_at=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    return 1


def address(live_server, settings, purpose: str, *, choice=None, expires_in=timedelta(days=30)):
    link = Link(purpose, 1, choice, datetime.now(UTC) + expires_in, new_nonce())
    return f"{live_server}/m/{link_token(settings, link)}"


def no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_link_from_an_email_asks_then_acts_once(look, browser, live_server, database,
                                                   settings, width):
    a_delivery(database, settings)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    answer = address(live_server, settings, "answer", choice="1")
    page.goto(answer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm from your email")
    look(page, f"60-one-click-confirm-{width}")
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("That's right: Refer to children's social care")).to_be_visible()
    look(page, f"61-one-click-done-{width}")
    no_sideways_scrolling(page)
    page.goto(answer)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    look(page, f"62-one-click-used-{width}")
    no_sideways_scrolling(page)
    for name, link in [("expired", address(live_server, settings, "read",
                                           expires_in=timedelta(days=-1))),
                       ("broken", f"{live_server}/m/read.1.-.1.x.forged"),
                       ("unsubscribe", address(live_server, settings, "unsubscribe"))]:
        page.goto(link)
        look(page, f"63-one-click-{name}-{width}")
        no_sideways_scrolling(page)
    context.close()


def test_the_button_works_without_javascript(page_without_javascript, live_server, database,
                                             settings):
    a_delivery(database, settings)
    page = page_without_javascript
    page.goto(address(live_server, settings, "read"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Done")
