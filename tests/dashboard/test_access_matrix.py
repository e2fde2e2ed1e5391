"""Every dashboard route, as every role and signed out: allowed or denied, nothing between."""

import pytest

from tests.dashboard.reports import a_report
from tests.improvement.loop import learning_loop_for
from tests.web import token

ROLES = ["signed_out", "learning_lead", "business_unit", "agency_lead", "other_agency_lead",
         "admin"]
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 303, 403, 404
SIGN_IN = 302
# route: expected status for each role, in ROLES order.
MATRIX = {
    ("GET", "/dashboard"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/export.csv"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/reports/{ref}"): [SIGN_IN, OK, OK, OK, NOT_FOUND, FORBIDDEN],
    ("POST", "/dashboard/reports/{ref}/acknowledge"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                       FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/reports/{ref}/message"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                   FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/reports/{ref}/reveal"): [SIGN_IN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN,
                                                  FORBIDDEN],
    ("GET", "/dashboard/rules"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    ("GET", "/dashboard/agencies"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    ("GET", "/dashboard/people"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    ("GET", "/dashboard/learning-log"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/learning-log/new"): [SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/learning-log/new"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN,
                                              FORBIDDEN],
    ("GET", "/dashboard/learning-log/{item}"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("POST", "/dashboard/learning-log/{item}/edit"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                      FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/learning-log/{item}/actions"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                         FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/learning-log/{item}/link"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                      FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/reports/{ref}/learning"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                    FORBIDDEN, FORBIDDEN],
    ("GET", "/dashboard/actions"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/actions/{action}"): [SIGN_IN, OK, OK, OK, NOT_FOUND, FORBIDDEN],
    ("POST", "/dashboard/actions/{action}"): [SIGN_IN, REDIRECT, REDIRECT, REDIRECT, NOT_FOUND,
                                              FORBIDDEN],
    ("GET", "/dashboard/reviews/{review}"): [SIGN_IN, OK, OK, OK, NOT_FOUND, FORBIDDEN],
    ("POST", "/dashboard/reviews/{review}/terms"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                    FORBIDDEN, FORBIDDEN],
}
FORM = {"message": "Thank you: which meeting was it?", "reason": "Checking for a safeguarding referral",
        "title": "Invitations to named inboxes", "what_was_learned": "Named inboxes only.",
        "learning": "Named inboxes only.", "scope": "Six months before the meeting",
        "what": "Update the template", "owner_name": "MASH manager", "due_on": "2099-01-31"}
# Fields a route needs that would mean something else to another route.
ROUTE_FORMS = {("POST", "/dashboard/actions/{action}"): {"status": "in_progress"},
               ("POST", "/dashboard/learning-log/{item}/link"): {"reference": "{ref}"}}


@pytest.mark.parametrize("role", ROLES)
def test_every_route_as_every_role(app, settings, database, signed_in, role):
    client = app.test_client() if role == "signed_out" else signed_in(role)
    outcomes = {}
    for method, route in MATRIX:
        # A fresh report each time, so one route's change can't decide another's answer.
        reference = a_report(database, settings, what_happened="Mum rang from 07911 123456 late.")
        ids = learning_loop_for(database, reference) if "{" in route else {}
        values = {"ref": reference, **ids}
        url = route.format(**values)
        if method == "GET":
            response = client.get(url)
        else:
            form = {**FORM, "agency_id": str(ids.get("agency", "")),
                    **{k: v.format(**values) for k, v in ROUTE_FORMS.get((method, route),
                                                                          {}).items()}}
            response = client.post(url, data={**form, "csrf_token": token(client, "/report")})
        outcomes[(method, route)] = response.status_code
        if response.status_code == SIGN_IN:
            assert response.location.startswith("/sign-in")
    assert outcomes == {route: expected[ROLES.index(role)] for route, expected in MATRIX.items()}
