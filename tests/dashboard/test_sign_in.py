from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import select

from app import create_app
from learning.people.accounts import MAX_FAILED_SIGN_INS
from learning.settings import load_settings
from storage.models import Account
from tests.dashboard.conftest import PASSWORD, sign_in
from tests.web import token


def test_a_local_account_signs_in_and_out(client, accounts):
    response = sign_in(client, accounts["learning_lead"])
    assert response.status_code == 303 and response.location == "/dashboard"
    assert client.get("/dashboard").status_code == 200
    client.post("/sign-out", data={"csrf_token": token(client, "/dashboard")})
    assert client.get("/dashboard").location.startswith("/sign-in")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, accounts):
    wrong = sign_in(client, accounts["learning_lead"], "not the password")
    unknown = sign_in(client, "nobody@riverside.example", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    assert "Enter a correct email address and password" in wrong.get_data(as_text=True)
    assert 'value="nobody@riverside.example"' in unknown.get_data(as_text=True)  # kept


def test_repeated_wrong_passwords_lock_the_account(client, accounts, database):
    for _ in range(MAX_FAILED_SIGN_INS):
        sign_in(client, accounts["learning_lead"], "guess")
    assert sign_in(client, accounts["learning_lead"]).status_code == 400  # even the right one
    with database.unit_of_work() as uow:
        account = uow.session.scalar(select(Account).where(
            Account.email == accounts["learning_lead"]))
        assert account.locked_until > datetime.now(UTC)
        account.locked_until = datetime.now(UTC) - timedelta(seconds=1)
        uow.commit()
    assert sign_in(client, accounts["learning_lead"]).status_code == 303


def test_sign_in_only_goes_back_to_our_own_pages(client, accounts):
    form = {"email": accounts["learning_lead"], "password": PASSWORD,
            "csrf_token": token(client, "/sign-in"), "next": "//evil.example/steal"}
    assert client.post("/sign-in", data=form).location == "/dashboard"


def test_local_accounts_can_be_switched_off(environ, accounts):
    environ["LOCAL_ACCOUNTS"] = "false"
    client = create_app(load_settings(environ)).test_client()
    assert "Password" not in client.get("/sign-in").get_data(as_text=True)
    assert sign_in(client, accounts["learning_lead"]).status_code == 404


def entra_client(environ):
    return create_app(load_settings(environ)).test_client()


def test_entra_sign_in_maps_app_roles_to_an_account(entra, environ, database):
    client = entra_client(environ)
    start = client.get("/sign-in/microsoft?next=/dashboard/reports/LL-AAAA-BBBB")
    params = entra.authorize(start.location)
    assert start.location.startswith(f"{entra.base}/riverside-tenant/oauth2/v2.0/authorize")
    assert params["code_challenge_method"] == "S256" and params["state"] and params["nonce"]
    assert params["redirect_uri"] == "http://localhost/sign-in/microsoft/callback"
    entra.claims = {"oid": "oid-123", "preferred_username": "Sam.Lead@Riverside.example",
                    "name": "Sam Lead", "roles": ["learning_lead", "Reader"]}
    back = client.get(f"/sign-in/microsoft/callback?code=the-code&state={params['state']}")
    assert back.status_code == 303 and back.location == "/dashboard/reports/LL-AAAA-BBBB"
    assert client.get("/dashboard").status_code == 200
    with database.unit_of_work() as uow:
        account = uow.session.scalar(select(Account).where(Account.entra_object_id == "oid-123"))
        assert account.email == "sam.lead@riverside.example" and account.roles == ["learning_lead"]
        assert account.password_hash is None


def test_entra_sign_in_refuses_a_tampered_state(entra, environ):
    client = entra_client(environ)
    params = entra.authorize(client.get("/sign-in/microsoft").location)
    entra.claims = {"oid": "oid-123", "preferred_username": "a@b.example", "roles": ["admin"]}
    response = client.get(f"/sign-in/microsoft/callback?code=x&state={params['state']}tampered")
    assert response.status_code == 400
    assert client.get("/dashboard/rules").location.startswith("/sign-in")


def test_entra_sign_in_refuses_a_token_with_another_nonce(entra, environ):
    client = entra_client(environ)
    params = entra.authorize(client.get("/sign-in/microsoft").location)
    entra.claims = {"oid": "oid-123", "preferred_username": "a@b.example", "roles": ["admin"]}
    entra.nonce_override = "a-nonce-from-another-sign-in"
    response = client.get(f"/sign-in/microsoft/callback?code=x&state={params['state']}")
    assert response.status_code == 400
    assert client.get("/dashboard/rules").location.startswith("/sign-in")


def test_entra_sign_in_without_a_learnloop_role_is_refused(entra, environ, database):
    client = entra_client(environ)
    params = entra.authorize(client.get("/sign-in/microsoft").location)
    entra.claims = {"oid": "oid-9", "preferred_username": "visitor@b.example", "roles": ["Reader"]}
    response = client.get(f"/sign-in/microsoft/callback?code=x&state={params['state']}")
    assert response.status_code == 403 and "no LearnLoop role" in response.get_data(as_text=True)
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Account).where(
            Account.email == "visitor@b.example")) is None


def test_a_callback_without_a_started_sign_in_is_refused(entra, environ):
    client = entra_client(environ)
    assert client.get("/sign-in/microsoft/callback?code=x&state=y").status_code == 400


def test_sign_in_never_sends_the_browser_to_another_site(client, accounts):
    for wanted in ["/\t/evil.example/x", "/\n/evil.example/x", "/\\evil.example/x",
                   "\\/evil.example/x", " //evil.example/x", "https://evil.example/x",
                   "javascript:alert(1)", "", "http:evil.example"]:
        client = client.application.test_client()
        form = {"email": accounts["learning_lead"], "password": PASSWORD,
                "csrf_token": token(client, "/sign-in")}
        response = client.post("/sign-in?" + urlencode({"next": wanted}), data=form)
        assert (response.status_code, response.location) == (303, "/dashboard"), wanted


def test_sign_in_goes_back_to_the_page_asked_for(client, accounts):
    form = {"email": accounts["learning_lead"], "password": PASSWORD,
            "csrf_token": token(client, "/sign-in"), "next": "/dashboard/\r\nexport.csv?kind=x"}
    # As a browser reads it: newlines dropped, so never a header split or a 500.
    assert client.post("/sign-in", data=form).location == "/dashboard/export.csv?kind=x"


def test_malformed_sign_in_forms_are_refused_not_failed(client, accounts):
    csrf = token(client, "/sign-in")
    for form in [{"email": "lead\x00@riverside.example", "password": PASSWORD},
                 {"email": accounts["learning_lead"], "password": "pass\x00word"},
                 {"email": ["a@b.example", "c@d.example"], "password": PASSWORD}]:
        response = client.post("/sign-in", data={**form, "csrf_token": csrf})
        assert response.status_code == 400, form
