"""A lead writes a 7-minute briefing and previews every channel; a bulletin is reviewed and
read in the archive. Accessible (WCAG 2.2 AA) and without sideways scrolling at 1280 and 375."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learning.nudges import bulletin_changes
from learning.nudges.bulletins import draft_bulletin
from tests.briefings import HOSTILE
from tests.browser.journey import signed_in_as
from tests.jobs.bulletin_data import DECEMBER_2ND, a_partnerships_november
from tests.people import load_account

pytestmark = pytest.mark.browser
WIDTHS = [1280, 375]


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - "
                             "document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px wider than the window"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_previews_a_briefing_in_every_channel(look, page, live_server, database, width):
    page.set_viewport_size({"width": width, "height": 900})
    signed_in_as(page, live_server, database, "lead@riverside.example", "learning_lead",
                 then="/dashboard/learning/new")
    page.get_by_label("Title", exact=True).fill("Strategy discussions need the police")
    page.get_by_label("What happened", exact=True).fill(
        "A strategy discussion went ahead **without police**: the invite went to an old mailbox.")
    page.get_by_label("Why it matters (optional)").fill(HOSTILE)
    page.get_by_label("What to do differently (optional)").fill(
        "- Check the invite list\n- Use the duty mailbox")
    page.get_by_label("Questions to reflect on (optional)").fill("1. Who do you invite, and how?")
    page.get_by_label("Further reading (optional)").fill(
        "- [Working Together to Safeguard Children 2023](https://www.gov.uk/government/"
        "publications/working-together-to-safeguard-children--2)")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Microsoft Teams")).to_be_visible()
    expect(page.locator("script:text('alert')")).to_have_count(0)
    no_sideways_scroll(page)
    look(page, f"40-briefing-preview-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_reviews_a_bulletin_and_everyone_reads_the_archive(look, page, live_server,
                                                                 database, settings, width):
    a_partnerships_november(database, settings)
    with database.unit_of_work() as uow:
        draft_bulletin(uow.session, settings, now=DECEMBER_2ND)
        uow.commit()
    page.set_viewport_size({"width": width, "height": 900})
    signed_in_as(page, live_server, database, "lead@riverside.example", "learning_lead",
                 then="/dashboard/bulletins")
    no_sideways_scroll(page)
    look(page, f"41-bulletins-{width}")
    page.get_by_role("link", name="LearnLoop learning bulletin: November 2026").click()
    page.get_by_label("Introduction").fill("Thank you to everyone who spoke up this month.")
    page.get_by_role("button", name="Save the introduction").click()
    expect(page.get_by_text("Introduction saved")).to_be_visible()
    no_sideways_scroll(page)
    look(page, f"42-bulletin-review-{width}")
    with database.unit_of_work() as uow:
        bulletin_id = bulletin_changes.all_bulletins(uow)[0].id
        bulletin_changes.send(uow, bulletin_id, settings, by=load_account(uow.session, 1),
                              now=DECEMBER_2ND)
    page.goto(f"{live_server}/learning/bulletins")
    look(page, f"43-bulletin-archive-{width}")
    page.get_by_role("link", name="LearnLoop learning bulletin: November 2026").click()
    expect(page.get_by_text("You said:").first).to_be_visible()
    no_sideways_scroll(page)
    look(page, f"44-bulletin-{width}")
