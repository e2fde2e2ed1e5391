"""Rate limits never shut out an office whose staff all send from one network address, and
count only what was really sent."""

from __future__ import annotations

from learning.settings import load_settings
from tests.web import hidden_answers, post_details, send_from_check_page


def test_an_office_sharing_one_address_is_not_shut_out(client, app):
    # 30 members of staff, each in their own browser, all behind one council address.
    for _ in range(30):
        browser = app.test_client()
        check = post_details(browser).get_data(as_text=True)
        assert send_from_check_page(browser, check).status_code == 303


def test_asking_to_fix_an_answer_does_not_count_as_a_report_sent(client):
    check = post_details(client).get_data(as_text=True)
    for _ in range(25):
        form_page = client.post("/report/change", data={"field": "what_happened",
                                                        **hidden_answers(check)})
        assert form_page.status_code == 303 and "/report/details" in form_page.location
    assert send_from_check_page(client, check).status_code == 303


def test_the_rate_limit_store_is_memory_unless_one_is_named(environ):
    assert load_settings(environ).rate_limit_storage_uri == "memory://"
    environ["RATE_LIMIT_STORAGE_URI"] = "redis://cache.internal:6379/0"
    assert load_settings(environ).rate_limit_storage_uri == "redis://cache.internal:6379/0"
