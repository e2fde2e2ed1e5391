"""First start and first page: the sign-in page says how to make the first account, and every
role lands on a page it may use."""

import html

from learning.people.accounts import add_account
from tests.dashboard.conftest import PASSWORD, sign_in
from tests.web import token


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_sign_in_says_how_to_add_the_first_account_until_there_is_one(app, client, database):
    page = text(client.get("/sign-in"))
    assert "Nobody can sign in yet" in page
    assert "learnloop users add EMAIL --role admin" in page
    with database.unit_of_work() as uow:
        add_account(uow, "admin@riverside.example", "admin", password=PASSWORD)
    assert "Nobody can sign in yet" not in text(app.test_client().get("/sign-in"))


def test_each_role_lands_on_a_page_it_may_use_with_its_navigation(app, accounts):
    for role, first_page, nav in [
            ("admin", "/dashboard/rules", ["Routing rules", "Agencies", "People"]),
            ("learning_lead", "/dashboard", ["Reports", "Learning nuggets"]),
            ("agency_lead", "/dashboard", ["Reports"])]:
        client = app.test_client()
        signed = sign_in(client, accounts[role])
        assert signed.status_code == 303 and signed.location == first_page, role
        landed = client.get(first_page)
        assert landed.status_code == 200, role
        menu = text(landed).split('aria-label="Dashboard"')[1].split("</nav>")[0]
        assert all(f">{item}</a>" in menu for item in nav), (role, menu)
        if role == "admin":
            assert ">Reports</a>" not in menu
            # The footer's "Learning dashboard" link and the dashboard's address lead there too.
            assert client.get("/sign-in").location == first_page
            assert client.get("/dashboard").location == first_page


def test_a_page_asked_for_before_signing_in_is_still_where_sign_in_goes(app, accounts):
    client = app.test_client()
    wanted = client.get("/dashboard/people")
    assert wanted.location.startswith("/sign-in?next=")
    signed = client.post("/sign-in?next=/dashboard/people", data={
        "email": accounts["admin"], "password": PASSWORD,
        "csrf_token": token(client, "/report")})
    assert signed.location == "/dashboard/people"
