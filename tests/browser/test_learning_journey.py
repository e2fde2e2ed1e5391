"""A lead writes a learning nugget; staff without chat read it on the web. Accessible throughout."""

import re

import pytest
from playwright.sync_api import expect

from learning.accounts import add_account
from tests.browser.journey import look

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


def test_a_lead_writes_a_nugget_and_staff_read_it_on_the_web(page, live_server, database):
    with database.unit_of_work() as uow:
        add_account(uow, "lead@riverside.example", "learning_lead", password=PASSWORD)
    page.goto(f"{live_server}/sign-in?next=/dashboard/learning/new")
    page.get_by_label("Email address").fill("lead@riverside.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    look(page, "30-nugget-write")
    page.get_by_role("button", name=re.compile("Save|Publish|Send", re.I)).first.click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "31-nugget-write-errors")
    page.goto(f"{live_server}/dashboard/learning")
    look(page, "32-nuggets")
    page.goto(f"{live_server}/learning")
    look(page, "33-learning-page")
