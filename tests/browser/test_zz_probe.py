import pytest
from datetime import UTC, datetime
from learning.demo import DEMO_LEAD_EMAIL, seed_demo
from tests.browser.test_leads_journey import sign_in
pytestmark = pytest.mark.browser

def test_probe(page, live_server, database, settings):
    demo = seed_demo(database, settings, now=datetime.now(UTC))
    sign_in(page, live_server, DEMO_LEAD_EMAIL, demo.password)
    for path in ["/dashboard", "/dashboard/learning"]:
        page.goto(live_server + path)
        page.set_viewport_size({"width": 375, "height": 900})
        print(path, page.evaluate("document.documentElement.scrollWidth"), page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376).slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.id||''))"""))
