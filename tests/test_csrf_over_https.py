"""Behind HTTPS a browser following our Referrer-Policy sends no Referer: forms must still work,
and a form without its token must still be refused."""

from tests.web import DETAILS, token


def test_a_form_posted_over_https_without_a_referer_is_accepted_with_its_token(client):
    secret = token(client, "https://localhost/report")
    answered = client.post("https://localhost/report/details",
                           data={**DETAILS, "csrf_token": secret})
    assert answered.status_code in (200, 303)
    assert "could not accept" not in answered.get_data(as_text=True)


def test_a_form_posted_over_https_without_its_token_is_still_refused(client):
    client.get("https://localhost/report")
    refused = client.post("https://localhost/report/details", data=DETAILS)
    assert refused.status_code == 400
