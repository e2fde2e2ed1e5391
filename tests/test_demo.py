"""The demo partnership as a newcomer meets it: its own name and front door, a month of work in
every triage state, a full 7-minute briefing, a sent bulletin, and pages whose figures are true."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select

from app import create_app
from learning.demo import DEMO_LEAD_EMAIL, DEMO_NUGGET, DEMO_SETTINGS, seed_demo
from learning.nudges.briefing import briefing_of, briefing_parts
from learning.settings import load_settings
from storage.models import Report
from storage.models.nudges import Bulletin, BulletinState, Nugget
from storage.vocabulary import ReportStatus
from tests.web import token

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_the_demo_has_a_briefing_and_a_sent_bulletin_and_seeding_twice_adds_nothing(
        database, settings, client):
    seed_demo(database, settings, now=NOW)
    seed_demo(database, settings, now=NOW)
    with database.unit_of_work() as uow:
        # The evaluation's past nuggets are there too; this month's is the briefing.
        nugget = uow.session.scalars(select(Nugget).where(
            Nugget.title == DEMO_NUGGET.title)).one()
        bulletin = uow.session.scalars(select(Bulletin)).one()
        parts = [p.heading for p in briefing_parts(briefing_of(nugget))]
    assert len(parts) == 5
    assert bulletin.state is BulletinState.SENT
    assert [n["id"] for n in bulletin.contents["nuggets"]] == [nugget.id]
    assert len(bulletin.contents["stories"]) == 1
    page = client.get(f"/learning/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "Every report" in page and "We did:" in page


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def demo_app(environ, database):
    settings = load_settings({**DEMO_SETTINGS, **environ})
    sign_in = seed_demo(database, settings, now=datetime.now(UTC))
    return create_app(settings), sign_in


def test_the_demo_is_a_month_of_work_in_every_state_with_few_overdue(environ, database):
    _, _ = demo_app(environ, database)
    with database.unit_of_work() as uow:
        reports = uow.session.scalars(select(Report)).all()
        assert {r.status for r in reports} == set(ReportStatus)
        today = datetime.now(UTC).date()
        overdue = [r for r in reports
                   if r.status is ReportStatus.NEW and r.acknowledgement_due < today]
        assert overdue == []
        closed = [r for r in reports if r.status is ReportStatus.CLOSED]
        assert closed and all(r.outcome for r in closed)


def test_the_demo_names_its_partnership_and_front_door(environ, database):
    app, _ = demo_app(environ, database)
    client = app.test_client()
    start = text(client.get("/report"))
    assert "Riverside Safeguarding Children Partnership" in start.split("</header>")[0]
    act_now = text(client.post("/report", data={"immediate_risk": "yes",
                                                "csrf_token": token(client)},
                               follow_redirects=True))
    assert "Riverside Children's Services Front Door on 01632 960 450" in act_now


def test_the_demo_lead_sees_unread_replies_and_a_nugget_state_true_to_its_deliveries(
        environ, database):
    app, sign_in = demo_app(environ, database)
    lead = app.test_client()
    signed = lead.post("/sign-in", data={"email": DEMO_LEAD_EMAIL, "password": sign_in.password,
                                         "csrf_token": token(lead, "/report")})
    assert signed.status_code == 303
    queue = text(lead.get("/dashboard"))
    assert re.search(r"Unread replies <strong[^>]*>2</strong>", queue)
    nuggets = text(lead.get("/dashboard/learning"))
    row = nuggets.split("7-minute briefing: bruising")[1].split("</tr>")[0]
    # Nobody in the demo has chat or email set up, so nobody was sent it: it must not say Sent.
    assert 'data-label="State">Not delivered<' in row
    assert 'data-label="Sent">0<' in row
