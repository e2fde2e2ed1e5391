"""A lead writes a learning nugget; staff without chat read it on the web. Accessible throughout."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import signed_in_as

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
    look(page, "33-learning-page")
