"""The evaluation page and the printable Board pack in a real browser on the demo
partnership: accessible (axe) at desktop and phone widths, no sideways scrolling, usable
without JavaScript, and on paper without the navigation, each section on a new page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from learning.demo import seed_demo
from tests.browser.test_themes_journey import fits_the_width, sign_in
from tests.browser.widths import WIDTHS

pytestmark = pytest.mark.browser


def recent_months() -> str:
    today = datetime.now(UTC).date()
    start = (today - timedelta(days=60)).replace(day=1)
    return (f"from-day={start.day}&from-month={start.month}&from-year={start.year}"
            f"&to-day={today.day}&to-month={today.month}&to-year={today.year}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_reads_the_report_card_and_corrects_a_date(look, browser, live_server, database,
                                                          settings, width):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, demo.email, demo.password, "/dashboard/evaluation")
        page.goto(f"{live_server}/dashboard/evaluation?{recent_months()}")
        expect(page.get_by_role("heading", name="How much did we do?")).to_be_visible()
        expect(page.get_by_role("img", name="Reports by kind").first).to_be_visible()
        look(page, f"50-evaluation-{width}")
        assert fits_the_width(page)

        page.locator("#to-month").fill("13")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_title(re.compile(r"^Error: "))
        expect(page.locator("#to-month")).to_have_value("13")
        look(page, f"51-evaluation-error-{width}")
        assert fits_the_width(page)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_board_pack_prints_without_the_navigation(look, browser, live_server, database,
                                                      settings, width):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, demo.email, demo.password, "/dashboard/board-pack")
        page.goto(f"{live_server}/dashboard/board-pack?{recent_months()}")
        expect(page.get_by_role("heading", name="Training compliance")).to_be_visible()
        look(page, f"52-board-pack-{width}")
        assert fits_the_width(page)
        page.emulate_media(media="print")
        expect(page.locator(".learnloop-dashboard-nav")).to_be_hidden()
        expect(page.locator("form.learnloop-no-print")).to_be_hidden()
        breaks = page.eval_on_selector_all(
            ".learnloop-pack-section", "all => all.map(s => getComputedStyle(s).breakBefore)")
        assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
        expect(page.locator("svg.learnloop-chart").first).to_be_visible()
    finally:
        context.close()


def test_the_evaluation_page_works_without_javascript(browser, live_server, database, settings):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                      "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, demo.email, demo.password, "/dashboard/evaluation")
        page.locator("#from-day").fill("1")
        page.locator("#from-month").fill("1")
        page.locator("#from-year").fill(str(datetime.now(UTC).year))
        page.locator("#to-day").fill(str(datetime.now(UTC).day))
        page.locator("#to-month").fill(str(datetime.now(UTC).month))
        page.locator("#to-year").fill(str(datetime.now(UTC).year))
        page.get_by_role("button", name="Show").click()
        expect(page.locator("svg.learnloop-chart").first).to_be_visible()
        expect(page.get_by_role("heading", name="Kirkpatrick levels")).to_be_visible()
    finally:
        context.close()
