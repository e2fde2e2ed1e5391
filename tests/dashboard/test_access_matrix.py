"""Every dashboard route, as every role and signed out: allowed or denied, nothing between."""

import pytest

from tests.dashboard.reports import a_report
from tests.web import token

ROLES = ["signed_out", "learning_lead", "business_unit", "agency_lead", "other_agency_lead",
         "admin"]
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 303, 403, 404
SIGN_IN = 302
# route: expected status for each role, in ROLES order. The dashboard's front door sends an
# account that sees no reports (an admin) on to its own first page.
MATRIX = {
    ("GET", "/dashboard"): [SIGN_IN, OK, OK, OK, OK, REDIRECT],
    ("GET", "/dashboard?status=all&replies=unread"): [SIGN_IN, OK, OK, OK, OK, REDIRECT],
    ("GET", "/dashboard?from-day=31&from-month=2&from-year=2026"): [SIGN_IN, 400, 400, 400, 400,
                                                                   REDIRECT],
    ("GET", "/dashboard/export.csv"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/reports/{ref}"): [SIGN_IN, OK, OK, OK, NOT_FOUND, FORBIDDEN],
    ("GET", "/dashboard/reports/{ref}?views=shown"): [SIGN_IN, OK, OK, OK, NOT_FOUND, FORBIDDEN],
    ("POST", "/dashboard/reports/{ref}/acknowledge"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                       FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/reports/{ref}/message"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                   FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/reports/{ref}/reveal"): [SIGN_IN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN,
                                                  FORBIDDEN],
    ("GET", "/dashboard/rules"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    ("GET", "/dashboard/agencies"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    ("GET", "/dashboard/people"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
}
FORM = {"message": "Thank you: which meeting was it?", "reason": "Checking for a safeguarding referral"}


@pytest.mark.parametrize("role", ROLES)
def test_every_route_as_every_role(app, settings, database, signed_in, role):
    client = app.test_client() if role == "signed_out" else signed_in(role)
    outcomes = {}
    for method, route in MATRIX:
        # A fresh report each time, so one route's change can't decide another's answer.
        reference = a_report(database, settings, what_happened="Mum rang from 07911 123456 late.")
        url = route.format(ref=reference)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={**FORM, "csrf_token": token(client, "/report")})
        outcomes[(method, route)] = response.status_code
        if response.status_code == SIGN_IN:
            assert response.location.startswith("/sign-in")
        if response.status_code == REDIRECT and method == "GET":
            assert response.location == "/dashboard/rules"  # a page the admin may use
    assert outcomes == {route: expected[ROLES.index(role)] for route, expected in MATRIX.items()}
