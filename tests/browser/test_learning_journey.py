"""A lead writes a learning nugget; staff without chat read it on the web. Accessible throughout,
at 1280 and 375 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import signed_in_as
from tests.browser.widths import look_at_both_widths
from tests.jobs.test_learning_pages import shared_nugget

pytestmark = pytest.mark.browser


def test_a_lead_writes_a_nugget_and_staff_read_it_on_the_web(look, page, live_server, database):
    signed_in_as(page, live_server, database, "lead@riverside.example", "learning_lead",
                 then="/dashboard/learning/new")
    look(page, "30-nugget-write")
    page.get_by_role("button", name=re.compile("Save|Publish|Send", re.I)).first.click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "31-nugget-write-errors")
    page.goto(f"{live_server}/dashboard/learning")
    look(page, "32-nuggets")
    page.goto(f"{live_server}/learning")
    look_at_both_widths(page, "33-learning-page", look)


def test_a_visitor_answers_the_check_question(look, page, live_server, database, settings):
    nugget_id = shared_nugget(database, settings)
    page.goto(f"{live_server}/report")
    page.get_by_role("link", name="Learning from practice").click()  # the public footer
    page.get_by_role("link", name="Bruising in babies who are not yet mobile").click()
    expect(page).to_have_url(re.compile(rf"/learning/{nugget_id}$"))
    page.get_by_role("button", name="Check my answer").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look_at_both_widths(page, "34-check-question-error", look)
    page.locator(".govuk-error-summary").get_by_role("link", name="Choose an answer").click()
    assert page.evaluate("document.activeElement.name") == "choice"
    page.locator("input[name=choice]").first.check()
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_text("Not quite. The answer is").wait_for()
    expect(page.locator("main")).not_to_contain_text("ask you again")
    look_at_both_widths(page, "35-check-question-answered", look)
    page.reload()  # post/redirect/get: refresh shows the answer again, no resend prompt
    page.get_by_text("Not quite. The answer is").wait_for()
