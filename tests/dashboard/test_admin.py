import html
import io

from sqlalchemy import select

from storage.models import Agency, Person, RoutingRule
from tests.web import token


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(client, url, **form):
    return client.post(url, data={**form, "csrf_token": token(client, "/report")})


def test_an_admin_adds_a_rule_and_previews_which_reports_it_catches(signed_in, database):
    admin = signed_in("admin")
    with database.unit_of_work() as uow:
        police = str(uow.session.scalar(select(Agency.id).where(Agency.name == "Riverside Police")))
    refused = post(admin, "/dashboard/rules", name="Police", platform="slack", destination="")
    assert refused.status_code == 400 and "Enter the channel" in text(refused)
    assert 'value="Police"' in text(refused)
    assert post(admin, "/dashboard/rules", name="Police urgent", platform="slack",
                destination="C0POLICE", agency_ids=police, urgent_only="yes",
                mention="S0ONCALL").status_code == 303
    with database.unit_of_work() as uow:
        rule = uow.session.scalar(select(RoutingRule))
        assert rule.address == {"channel": "C0POLICE"} and rule.urgent_only
    matches = text(post(admin, "/dashboard/rules", preview="yes", sample_kind="near_miss",
                        sample_agency_ids=police, sample_urgent="yes"))
    assert "1 rule matches" in matches and "Matches the sample" in matches
    misses = text(post(admin, "/dashboard/rules", preview="yes", sample_kind="near_miss",
                       sample_agency_ids=police))
    assert "0 rules match: reports like this go to the default channel" in misses


def test_an_admin_keeps_agencies_and_people(signed_in, database):
    admin = signed_in("admin")
    assert post(admin, "/dashboard/agencies", name="Riverside Youth Justice",
                agency_type="other").status_code == 303
    clash = post(admin, "/dashboard/agencies", name="riverside police", agency_type="police")
    assert clash.status_code == 400 and "already an agency called Riverside Police" in text(clash)
    assert post(admin, "/dashboard/people", name="Tom Okafor", email="tom@school.example",
                agency="Meadowbank Primary School", time_zone="Europe/London").status_code == 303
    bad = post(admin, "/dashboard/people", name="Tom", email="tom@school.example",
               time_zone="Mars/Base")
    assert bad.status_code == 400 and "not a time zone" in text(bad)
    with database.unit_of_work() as uow:
        tom = uow.session.scalar(select(Person))
        assert tom.agency.name == "Meadowbank Primary School" and tom.time_zone == "Europe/London"


def test_people_are_imported_from_csv_all_or_nothing(signed_in, database):
    admin = signed_in("admin")
    good = ("name,email,job_title,agency\nAmira Haddad,amira@trust.example,Nurse,Riverside Police\n"
            "Joanne Fielding,jo@early.example,Practitioner,\n")
    bad = good + "Nobody,not-an-email,,\nSomeone,s@x.example,,No Such Agency\n"
    refused = admin.post("/dashboard/people", data={
        "csrf_token": token(admin, "/report"),
        "people_csv": (io.BytesIO(bad.encode()), "people.csv")}, content_type="multipart/form-data")
    page = text(refused)
    assert refused.status_code == 400 and "Nothing was imported" in page
    assert "line 4" in page and "line 5: No agency is called No Such Agency" in page
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Person)).all() == []
    imported = admin.post("/dashboard/people", data={
        "csrf_token": token(admin, "/report"),
        "people_csv": (io.BytesIO(good.encode()), "people.csv")},
        content_type="multipart/form-data")
    assert imported.status_code == 303
    assert imported.location.endswith("done=people-imported&count=2")
    assert "2 people imported" in text(admin.get(imported.location))
    with database.unit_of_work() as uow:
        assert sorted(p.name for p in uow.session.scalars(select(Person))) == [
            "Amira Haddad", "Joanne Fielding"]


def test_an_admin_sets_and_clears_an_agencys_learning_channel(signed_in, database):
    from storage.models.nudges import AgencyChannel

    admin = signed_in("admin")
    with database.unit_of_work() as uow:
        police = uow.session.scalar(select(Agency.id).where(Agency.name == "Riverside Police"))
    url = f"/dashboard/agencies/{police}/channel"
    assert post(admin, url, platform="slack", channel="C0POLICE").status_code == 303
    assert 'value="C0POLICE"' in text(admin.get("/dashboard/agencies"))
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(AgencyChannel)).address == {"channel": "C0POLICE"}
    post(admin, url, platform="slack", channel="")
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(AgencyChannel)).all() == []
    assert post(signed_in("learning_lead"), url, channel="C0X").status_code == 403
