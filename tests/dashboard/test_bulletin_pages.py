"""The bulletin over HTTP: a lead marks a story shareable, reviews the draft, sends it, and
everyone reads it in the archive."""

from __future__ import annotations

from unittest import mock

from sqlalchemy import select

from learning.reports.triage import find_report
from storage.models.nudges import Bulletin
from tests.dashboard.reports import a_report
from tests.jobs.bulletin_data import DECEMBER_2ND, a_partnerships_november, closed_report
from tests.web import token


def test_a_lead_marks_a_closed_reports_story_shareable_on_the_report_page(signed_in, database,
                                                                         settings):
    lead = signed_in("learning_lead")
    closed = closed_report(database, settings, 1, closed_at=DECEMBER_2ND, share=False)
    url = f"/dashboard/reports/{closed}"
    assert "Share this story in the learning bulletin?" in lead.get(url).get_data(as_text=True)
    response = lead.post(f"{url}/share-in-bulletin",
                         data={"share": "yes", "csrf_token": token(lead, url)})
    assert response.status_code == 303
    with database.unit_of_work() as uow:
        assert find_report(uow.session, closed).share_in_bulletin

    still_open = a_report(database, settings)
    refused = lead.post(f"/dashboard/reports/{still_open}/share-in-bulletin",
                        data={"share": "yes", "csrf_token": token(lead, url)})
    assert refused.status_code == 400 and "close it first" in refused.get_data(as_text=True)


def test_a_lead_reviews_and_sends_the_bulletin_and_the_archive_shows_it(signed_in, client,
                                                                        database, settings):
    a_partnerships_november(database, settings)
    lead = signed_in("learning_lead")
    with mock.patch("forms.dashboard_bulletins.datetime") as clock:
        clock.now.return_value = DECEMBER_2ND
        drafted = lead.post("/dashboard/bulletins/draft",
                            data={"csrf_token": token(lead, "/dashboard/bulletins")})
    assert drafted.status_code == 303
    url = drafted.location
    page = lead.get(url).get_data(as_text=True)
    assert "Invite the police" in page and "Left out, and why" in page
    assert "Neglect toolkit &amp; &lt;GCP2&gt; training" in page
    assert client.get(url.replace("/dashboard/", "/learning/")).status_code == 404

    too_long = lead.post(url, data={"introduction": "x" * 3001 + " <kept>",
                                    "csrf_token": token(lead, url)})
    assert too_long.status_code == 400
    assert "Keep the introduction to 3000 characters" in too_long.get_data(as_text=True)
    assert "&lt;kept&gt;" in too_long.get_data(as_text=True)
    assert lead.post(url, data={"introduction": "Thank you **all**.",
                                "csrf_token": token(lead, url)}).status_code == 303
    assert lead.post(f"{url}/send", data={"csrf_token": token(lead, url)}).status_code == 303

    archive = client.get("/learning/bulletins").get_data(as_text=True)
    assert "LearnLoop learning bulletin: November 2026" in archive
    with database.unit_of_work() as uow:
        bulletin_id = uow.session.scalars(select(Bulletin.id)).one()
    public = client.get(f"/learning/bulletins/{bulletin_id}").get_data(as_text=True)
    assert "Thank you <strong>all</strong>." in public
    assert "You said:" in public and "[phone number]" in public
    assert "Left out" not in public and "LL-" not in public
