"""The learning log, actions and review pages in a real browser at 1280 and 375 px: no WCAG 2.2
AA problem (axe), no sideways scrolling, and a lead's journey from a report to an action done."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learning.demo import seed_demo
from storage.models.improvement import Action, Review

pytestmark = pytest.mark.browser
WIDTHS = (1280, 375)


def sign_in(page, live_server, email, password, then):
    page.goto(f"{live_server}/sign-in?next={then}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}{then}")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_learning_loop_pages_are_accessible_and_fit(width, browser, look, live_server,
                                                        database, settings):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    with database.unit_of_work() as uow:
        action_id = uow.session.scalar(select(Action.id).order_by(Action.id))
        review_id = uow.session.scalar(select(Review.id).order_by(Review.id.desc()))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, demo.email, demo.password, "/dashboard/learning-log")
        pages = {"learning-log": "/dashboard/learning-log",
                 "learning-item": None,
                 "learning-new": "/dashboard/learning-log/new",
                 "actions": "/dashboard/actions",
                 "action": f"/dashboard/actions/{action_id}",
                 "review": f"/dashboard/reviews/{review_id}"}
        for name, path in pages.items():
            if path is None:
                page.goto(f"{live_server}/dashboard/learning-log")
                page.get_by_role("link", name=re.compile("Bruising in babies")).click()
            else:
                page.goto(f"{live_server}{path}")
            look(page, f"60-{name}-{width}")
            assert fits(page), f"{name} scrolls sideways at {width} px"
    finally:
        context.close()


def test_a_lead_adds_an_action_and_an_agency_lead_marks_it_done(page, look, live_server,
                                                                database, settings):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    sign_in(page, live_server, demo.email, demo.password, "/dashboard/learning-log")
    page.get_by_role("link", name=re.compile("Strategy discussion invitations")).click()
    page.get_by_role("button", name="Add action").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "61-add-action-error")
    page.get_by_label("What will change").fill("Audit strategy discussion invitations")
    page.get_by_label("Owning agency").select_option(
        label="Riverside Police Public Protection Unit")
    page.get_by_label("Owner (person, role or team)").fill("DCI public protection")
    page.get_by_label("Due").fill("2099-03-31")
    page.get_by_role("button", name="Add action").click()
    page.get_by_role("link", name="Audit strategy discussion invitations").click()
    page.get_by_label("Done").check()
    page.get_by_label("Evidence of completion").fill("Audit of 40 invitations: all named.")
    page.get_by_role("button", name="Save").click()
    look(page, "62-action-done")
    assert "Audit of 40 invitations: all named." in page.locator(".govuk-summary-list").inner_text()
