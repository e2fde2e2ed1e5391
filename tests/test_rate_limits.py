"""Rate limits never shut out an office whose staff all send from one network address, and
count only what was really sent."""

from __future__ import annotations

import pytest
from flask import request

from app import create_app
from learning.settings import SettingsError, load_settings
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


def _address_seen(settings, forwarded_for: str) -> str:
    # The address the rate limits count (forms.throttle.by_address reads it), through the
    # app's whole WSGI stack, as a proxy in front of it would hand the request on.
    app = create_app(settings)
    app.add_url_rule("/address-seen", "address_seen", lambda: request.remote_addr or "")
    try:
        answer = app.test_client().get("/address-seen",
                                       headers={"X-Forwarded-For": forwarded_for},
                                       environ_base={"REMOTE_ADDR": "10.0.0.2"})
        return answer.get_data(as_text=True)
    finally:
        app.extensions["learnloop"].database.dispose()


def test_without_a_trusted_proxy_a_forwarded_address_is_not_believed(settings):
    assert _address_seen(settings, "203.0.113.9") == "10.0.0.2"


def test_behind_one_proxy_each_person_is_counted_by_their_own_address(environ):
    environ["TRUSTED_PROXIES"] = "1"
    # Whatever the sender wrote first is theirs to invent; the proxy's own addition is kept.
    assert _address_seen(load_settings(environ), "198.51.100.66, 203.0.113.9") == "203.0.113.9"


def test_a_bad_number_of_proxies_stops_start_up_naming_the_setting(environ):
    environ["TRUSTED_PROXIES"] = "one"
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        load_settings(environ)
