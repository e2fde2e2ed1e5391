"""Every dashboard route, as every role and signed out: allowed or denied, nothing between."""

from datetime import UTC, date, datetime, timedelta

import pytest

from storage.models.nudges import Bulletin, BulletinState
from storage.models.themes import Signal, SignalKind, Theme
from tests.dashboard.reports import a_report
from tests.training.events import an_event_at
from tests.jobs.people import a_nugget
from tests.improvement.loop import learning_loop_for
from tests.web import token


def preferences_token(database, settings) -> str:
    from learning.nudges.preferences import preferences_link
    from tests.jobs.people import a_person

    person = a_person(database, f"Person {len(settings.base_url)}", email=None, slack_user_id=None)
    return preferences_link(settings, person).rsplit("/", 1)[1]

ROLES = ["signed_out", "learning_lead", "business_unit", "agency_lead", "other_agency_lead",
         "admin"]
OK, REDIRECT, BAD_FORM, FORBIDDEN, NOT_FOUND = 200, 303, 400, 403, 404
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
    ("GET", "/dashboard/training"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/training/new"): [SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ("GET", "/dashboard/training/{event}"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/training/{event}/edit"): [SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN,
                                                  FORBIDDEN],
    ("POST", "/dashboard/training/{event}/register"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/training/representatives"): [SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN,
                                                     FORBIDDEN],
    ("POST", "/dashboard/training/representatives/999/remove"): [SIGN_IN, REDIRECT, REDIRECT,
                                                                 FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ("GET", "/dashboard/training/compliance"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    # Reached by the signed link in a message, not by a dashboard role.
    ("GET", "/preferences/{preferences}"): [OK, OK, OK, OK, OK, OK],
    # The matrix's form says no (not shared); saying yes to an open report is refused.
    ("POST", "/dashboard/reports/{ref}/share-in-bulletin"): [SIGN_IN, REDIRECT, REDIRECT,
                                                             FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ("GET", "/dashboard/learning/{nugget}/edit"): [SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN,
                                                   FORBIDDEN],
    # The matrix's form has no title: the page again, with what was typed.
    ("POST", "/dashboard/learning/{nugget}/edit"): [SIGN_IN, BAD_FORM, BAD_FORM, FORBIDDEN,
                                                    FORBIDDEN, FORBIDDEN],
    ("GET", "/dashboard/bulletins"): [SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ("POST", "/dashboard/bulletins/draft"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN,
                                             FORBIDDEN],
    ("GET", "/dashboard/bulletins/{bulletin}"): [SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN,
                                                 FORBIDDEN],
    ("POST", "/dashboard/bulletins/{bulletin}"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                  FORBIDDEN, FORBIDDEN],
    # A draft is not public; sending (next) makes it so.
    ("GET", "/learning/bulletins/{bulletin}"): [NOT_FOUND] * 6,
    ("POST", "/dashboard/bulletins/{bulletin}/send"): [SIGN_IN, REDIRECT, REDIRECT, FORBIDDEN,
                                                       FORBIDDEN, FORBIDDEN],
    ("GET", "/learning/bulletins"): [OK] * 6,
    ("GET", "/learning/bulletins/{sent}"): [OK] * 6,
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
    # The reporter's pages are public: every role, signed in or out, gets the same answer.
    ("GET", "/report/act-now"): [OK] * 6,
    ("POST", "/report/change"): [REDIRECT] * 6,
    ("GET", "/report/check"): [REDIRECT] * 6,  # no report in progress: back to the start
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
    # An agency lead sees their own agency's evaluation only; an admin sees none.
    ("GET", "/dashboard/evaluation"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/evaluation?agency={agency}"): [SIGN_IN, OK, OK, OK, FORBIDDEN,
                                                       FORBIDDEN],
    ("GET", "/dashboard/board-pack"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/board-pack?agency={agency}"): [SIGN_IN, OK, OK, OK, FORBIDDEN,
                                                       FORBIDDEN],
    ("GET", "/dashboard/board-pack.xlsx"): [SIGN_IN, OK, OK, OK, OK, FORBIDDEN],
    ("GET", "/dashboard/board-pack.xlsx?agency={agency}"): [SIGN_IN, OK, OK, OK, FORBIDDEN,
                                                            FORBIDDEN],
    # An email's one-click link: the signed link decides, never a role (tests/mail has good ones).
    ("GET", "/m/read.1.-.9999999999.nonce.forged"): [NOT_FOUND] * 6,
    ("POST", "/m/read.1.-.9999999999.nonce.forged"): [NOT_FOUND] * 6,
}
STARTED = datetime.now(UTC) - timedelta(hours=2)
FORM = {"message": "Thank you: which meeting was it?",
        "reason": "Checking for a safeguarding referral",
        "introduction": "Thank you to everyone who spoke up.", "accepted_as": "A learning review",
        "name": "Unseen caregivers", "title": "Invitations to named inboxes",
        "what_was_learned": "Named inboxes only.", "learning": "Named inboxes only.",
        "scope": "Six months before the meeting", "what": "Update the template",
        "owner_name": "MASH manager", "due_on": "2099-01-31"}
# Fields a route needs that would mean something else to another route.
ROUTE_FORMS = {("POST", "/dashboard/actions/{action}"): {"status": "in_progress"},
               ("POST", "/dashboard/learning-log/{item}/link"): {"reference": "{ref}"}}


def bulletins(database) -> tuple[int, int]:
    """A draft bulletin and a sent one: (draft id, sent id)."""
    with database.unit_of_work() as uow:
        made = [Bulletin(period_start=date(2026, month, 1), period_end=date(2026, month, 28),
                         title=f"Bulletin {month}", contents={"nuggets": [], "stories": [],
                                                               "events": [], "left_out": []},
                         state=state, sent_at=datetime.now(UTC) if state == "sent" else None)
                for month, state in ((10, BulletinState.DRAFT), (9, BulletinState.SENT))]
        uow.session.add_all(made)
        uow.commit()
        return made[0].id, made[1].id


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
    nugget = a_nugget(database, send_at=None)
    draft, sent = bulletins(database)
    for method, route in MATRIX:
        # A fresh report each time, so one route's change can't decide another's answer.
        reference = a_report(database, settings, what_happened="Mum rang from 07911 123456 late.")
        ids = learning_loop_for(database, reference) if "{" in route else {}
        values = {"event": an_event_at(database, STARTED), "nugget": nugget, "bulletin": draft,
                  "sent": sent, "preferences": preferences_token(database, settings),
                  "signal": a_signal(database), "theme": a_theme(database), **ids,
                  "ref": reference}
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
        if response.status_code == REDIRECT and (method, route) == ("GET", "/dashboard"):
            assert response.location == "/dashboard/rules"  # a page the admin may use
    assert outcomes == {route: expected[ROLES.index(role)] for route, expected in MATRIX.items()}
