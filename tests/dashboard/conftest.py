"""Signed-in dashboard clients for each role, and a local Microsoft Entra ID over HTTPS."""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import ssl
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer

from learning.people.accounts import add_account
from tests.people import an_agency
from tests.web import token

PASSWORD = "correct horse battery staple"
TENANT = "riverside-tenant"
CLIENT_ID = "learnloop-dashboard"


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password,
                                         "csrf_token": token(client, "/report")})


@pytest.fixture
def accounts(database):
    """One account per role, plus an agency lead of another agency; returns email by name."""
    an_agency(database, "Riverside Police")
    an_agency(database, "Meadowbank Primary School")
    emails = {
        "learning_lead": ("lead@riverside.example", "learning_lead", None),
        "business_unit": ("bu@riverside.example", "business_unit", None),
        "agency_lead": ("police.lead@riverside.example", "agency_lead", "Riverside Police"),
        "other_agency_lead": ("school.lead@riverside.example", "agency_lead",
                              "Meadowbank Primary School"),
        "admin": ("admin@riverside.example", "admin", None),
    }
    for email, role, agency in emails.values():
        with database.unit_of_work() as uow:
            add_account(uow, email, role, password=PASSWORD, agency_name=agency)
    return {name: email for name, (email, _, _) in emails.items()}


@pytest.fixture
def signed_in(app, accounts):
    """A fresh test client signed in as the named role."""
    def client_for(role: str):
        client = app.test_client()
        assert sign_in(client, accounts[role]).status_code == 303
        return client
    return client_for


def _certificate(folder):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "entra.pem", folder / "entra-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def unsigned_jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    # msal trusts the token endpoint over TLS for the ID token's integrity (OIDC 3.1.3.7).
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


class FakeEntra:
    """The authorize and token endpoints of a tenant, answering on https://localhost."""

    def __init__(self, server: HTTPServer):
        self.server = server
        self.base = f"https://localhost:{server.port}"
        self.claims: dict = {}
        self.nonce_override: str | None = None
        self.authorize_params: dict = {}
        issuer = f"{self.base}/{TENANT}/v2.0"
        server.expect_request(f"/{TENANT}/v2.0/.well-known/openid-configuration").respond_with_json({
            "issuer": issuer,
            "authorization_endpoint": f"{self.base}/{TENANT}/oauth2/v2.0/authorize",
            "token_endpoint": f"{self.base}/{TENANT}/oauth2/v2.0/token",
        })
        server.expect_request(f"/{TENANT}/oauth2/v2.0/token", method="POST").respond_with_handler(
            self._token)
        self.issuer = issuer

    def authorize(self, location: str) -> dict:
        """What the browser would carry to Microsoft: remember the nonce to put in the token."""
        self.authorize_params = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
        return self.authorize_params

    def _token(self, request):
        from werkzeug.wrappers import Response

        now = int(dt.datetime.now(dt.UTC).timestamp())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "nbf": now, "exp": now + 3600,
                  "nonce": self.nonce_override or self.authorize_params.get("nonce"),
                  "sub": "subject-1", **self.claims}
        body = {"token_type": "Bearer", "access_token": "access-token", "expires_in": 3600,
                "id_token": unsigned_jwt(claims), "scope": "openid profile"}
        return Response(json.dumps(body), content_type="application/json")


@pytest.fixture
def entra(tmp_path, environ, monkeypatch):
    cert, key = _certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="localhost", port=0, ssl_context=context)
    server.start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    fake = FakeEntra(server)
    environ.update(ENTRA_CLIENT_ID=CLIENT_ID, ENTRA_CLIENT_SECRET="s3cret", ENTRA_TENANT_ID=TENANT,
                   MICROSOFT_LOGIN_URL=fake.base, BASE_URL="http://localhost")
    yield fake
    server.clear()
    server.stop()
