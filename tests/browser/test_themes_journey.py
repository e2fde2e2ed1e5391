"""The themes pages in a real browser on the demo partnership: the heat map, its tables and
the signals at desktop and phone widths; a lead decides a signal; an admin manages themes."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from learning.demo import seed_demo
from tests.browser.journey import PASSWORD, signed_in_as

pytestmark = pytest.mark.browser
WIDTHS = (1280, 375)


WIDER_THAN_THE_PAGE = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter(e => !e.closest('.learnloop-table-scroll'))
    .map(e => e.tagName + '.' + e.className).slice(0, 5)"""


def fits_the_width(page) -> bool:
    """No sideways scrolling: anything wider scrolls inside its own box."""
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, page.evaluate(WIDER_THAN_THE_PAGE)
    return fits


def sign_in(page, live_server, email, password, then):
    page.goto(f"{live_server}/sign-in?next={then}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}{then}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_reads_the_themes_and_decides_a_signal(look, browser, live_server, database,
                                                      settings, width):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, demo.email, demo.password, "/dashboard/themes")
        expect(page.locator("svg.learnloop-heatmap").first).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile("Rising theme"))).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile("Across agencies"))).to_be_visible()
        look(page, f"40-themes-{width}")
        assert fits_the_width(page)

        signal = page.locator(".learnloop-signal", has_text="Across agencies")
        signal.get_by_role("button", name=re.compile("^Dismiss")).click()
        expect(page).to_have_title(re.compile(r"^Error: "))
        look(page, f"41-themes-signal-error-{width}")
        assert fits_the_width(page)
        signal = page.locator(".learnloop-signal", has_text="Rising theme")
        signal.get_by_label("Accept: what does it open?").fill(
            "Learning review of the bruising protocol in health visiting")
        signal.get_by_role("button", name=re.compile("^Accept")).click()
        accepted = page.get_by_text("Accepted: Learning review of the bruising protocol")
        expect(accepted).to_be_visible()

        link = page.locator("#themes-by-month a").first
        link.click()
        expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_admin_manages_the_vocabulary(look, browser, live_server, database, settings, width):
    seed_demo(database, settings, now=datetime.now(UTC))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        signed_in_as(page, live_server, database, "admin@riverside.example", "admin",
                     then="/dashboard/themes/vocabulary")
        look(page, f"42-vocabulary-{width}")
        assert fits_the_width(page)
        page.get_by_role("button", name="Add theme").click()
        expect(page).to_have_title(re.compile(r"^Error: "))
        look(page, f"43-vocabulary-error-{width}")
        page.get_by_label("Theme", exact=True).fill("Private fostering")
        page.get_by_role("button", name="Add theme").click()
        expect(page.get_by_role("heading", name="private fostering")).to_be_visible()
        assert fits_the_width(page)
    finally:
        context.close()


def test_the_themes_page_works_without_javascript(browser, live_server, database, settings):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                      "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, demo.email, demo.password, "/dashboard/themes")
        page.get_by_label("First month").select_option(index=2)
        page.get_by_label("Last month").select_option(index=0)
        page.get_by_role("button", name="Show").click()
        expect(page.locator("svg.learnloop-heatmap").first).to_be_visible()
        assert PASSWORD not in page.content()
    finally:
        context.close()
