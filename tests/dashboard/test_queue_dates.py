"""The queue's date filters: GOV.UK day, month and year boxes, and an impossible range said."""

import html
import re
from datetime import UTC, datetime, timedelta

from tests.dashboard.reports import a_report


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def between(start: str, end: str) -> str:
    (fd, fm, fy), (td, tm, ty) = start.split("/"), end.split("/")
    return (f"/dashboard?status=all&from-day={fd}&from-month={fm}&from-year={fy}"
            f"&to-day={td}&to-month={tm}&to-year={ty}")


def test_a_range_that_ends_before_it_starts_is_refused_with_what_was_typed(
        settings, database, signed_in):
    a_report(database, settings)
    refused = signed_in("learning_lead").get(between("9/3/2026", "2/3/2026"))
    page = text(refused)
    assert refused.status_code == 400 and page.count("Error:") >= 2
    assert "Sent to must be the same as or after sent from (9 March 2026)" in page
    assert 'href="#to-day"' in page and "Correct the dates to see reports" in page
    for name, value in [("from-day", "9"), ("from-month", "3"), ("from-year", "2026"),
                        ("to-day", "2"), ("to-month", "3"), ("to-year", "2026")]:
        assert re.search(rf'id="{name}" name="{name}" type="text" value="{value}"', page), name


def test_an_impossible_or_incomplete_date_says_so(settings, database, signed_in):
    lead = signed_in("learning_lead")
    page = text(lead.get("/dashboard?from-day=31&from-month=2&from-year=2026"))
    assert "Sent from must be a real date" in page
    page = text(lead.get("/dashboard?to-day=3&to-month=&to-year=2026"))
    assert "Sent to must include a day, month and year" in page
    assert lead.get("/dashboard/export.csv?to-day=3&to-year=2026").status_code == 400


def test_a_range_lists_the_reports_sent_within_it_both_days_included(
        settings, database, signed_in):
    reference = a_report(database, settings)
    today = datetime.now(UTC).astimezone(settings.timezone).date()
    lead = signed_in("learning_lead")
    same_day = f"{today.day}/{today.month}/{today.year}"
    assert reference in text(lead.get(between(same_day, same_day)))
    tomorrow = today + timedelta(days=1)
    later = f"{tomorrow.day}/{tomorrow.month}/{tomorrow.year}"
    assert reference not in text(lead.get(between(later, later)))
    # An older link's ISO date still filters, and fills the boxes.
    old_link = text(lead.get(f"/dashboard?status=all&from={tomorrow.isoformat()}"))
    assert reference not in old_link
    assert re.search(rf'id="from-day" name="from-day" type="text" value="{tomorrow.day}"', old_link)
