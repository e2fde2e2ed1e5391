"""Every dashboard route, as every role and signed out: allowed or denied, nothing between."""

from datetime import date

import pytest

from storage.models.themes import Signal, SignalKind, Theme
from tests.dashboard.reports import a_report
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
    ("GET", "/dashboard/themes"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("POST", "/dashboard/themes/signals/{signal}/dismiss"): [SIGN_IN, REDIRECT, REDIRECT,
                                                             FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/themes/signals/{signal}/accept"): [SIGN_IN, REDIRECT, REDIRECT,
                                                            FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ("GET", "/dashboard/themes/vocabulary"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                                              FORBIDDEN, OK],
    ("POST", "/dashboard/themes/vocabulary"): [SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                                               FORBIDDEN, REDIRECT],
    ("POST", "/dashboard/themes/vocabulary/{theme}/retire"): [SIGN_IN, FORBIDDEN, FORBIDDEN,
                                                              FORBIDDEN, FORBIDDEN, REDIRECT],
}
FORM = {"message": "Thank you: which meeting was it?",
        "reason": "Checking for a safeguarding referral", "accepted_as": "A learning review",
        "name": "Unseen caregivers"}


def a_signal(database) -> int:
    with database.unit_of_work() as uow:
        count = uow.session.query(Signal).count()
        signal = Signal(kind=SignalKind.ACROSS_AGENCIES, subject=f"neglect {count}",
                        window_start=date(2026, 11, 1), window_end=date(2026, 11, 30),
                        observed=3, statistic="3 agencies reported it in 30 days")
        uow.session.add(signal)
        uow.commit()
        return signal.id


def a_theme(database) -> int:
    with database.unit_of_work() as uow:
        theme = Theme(name=f"theme {uow.session.query(Theme).count()}")
        uow.session.add(theme)
        uow.commit()
        return theme.id


@pytest.mark.parametrize("role", ROLES)
def test_every_route_as_every_role(app, settings, database, signed_in, role):
    client = app.test_client() if role == "signed_out" else signed_in(role)
    outcomes = {}
    for method, route in MATRIX:
        # A fresh report each time, so one route's change can't decide another's answer.
        reference = a_report(database, settings, what_happened="Mum rang from 07911 123456 late.")
        url = route.format(ref=reference, signal=a_signal(database), theme=a_theme(database))
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={**FORM, "csrf_token": token(client, "/report")})
        outcomes[(method, route)] = response.status_code
        if response.status_code == SIGN_IN:
            assert response.location.startswith("/sign-in")
    assert outcomes == {route: expected[ROLES.index(role)] for route, expected in MATRIX.items()}
