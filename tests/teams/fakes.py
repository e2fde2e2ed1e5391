"""Microsoft, played locally over TLS: Bot Framework OpenID metadata and keys, the Entra ID
token endpoint msal talks to, and a Teams connector service that records what it is sent.

One HTTPS server on 127.0.0.1 answers for all of them, with a certificate from a test CA
that `REQUESTS_CA_BUNDLE` makes requests (and so msal) trust.

The connector refuses what Teams refuses: an activity over Teams' 100 KB (counted in UTF-16,
as Microsoft documents) gets 413 `MessageSizeTooBig`, and one that is not a message with one
valid card (tests/teams/card_schema.py) gets 400 `BadArgument`. Refusals are kept, and a test
that did not expect one fails at teardown.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import itertools
import json
import re
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.teams.card_schema import problems

APP_ID = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"
TENANT_ID = "riverside-tenant"
PASSWORD = "bot-password-for-tests"
SERVICE_PATH = "/teams/"
# "The bot message size limit is 100 KB ... encoded as UTF-16" (Teams: format your bot messages).
MESSAGE_BYTES_MAX = 100 * 1024


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A test CA, and a server certificate it signed for 127.0.0.1 and localhost."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LearnLoop test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                         critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    server = (x509.CertificateBuilder()
              .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
              .issuer_name(ca_name).public_key(key.public_key())
              .serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(days=1))
              .not_valid_after(now + dt.timedelta(days=30))
              .add_extension(x509.SubjectAlternativeName([
                  x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                  critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                             False)
              .sign(ca_key, hashes.SHA256()))
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_path, cert_path, key_path


def start_server(folder: Path) -> tuple[HTTPServer, Path]:
    ca_path, cert_path, key_path = make_certificates(folder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    return server, ca_path


@dataclass
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey
    endorsements: list[str]

    def jwk(self) -> dict[str, Any]:
        numbers = self.private_key.public_key().public_numbers()
        return {"kty": "RSA", "use": "sig", "kid": self.kid, "n": _b64(numbers.n),
                "e": _b64(numbers.e), "endorsements": self.endorsements}

    def pem(self) -> bytes:
        return self.private_key.private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def new_signing_key(kid: str, endorsements: list[str] | None = None) -> SigningKey:
    return SigningKey(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048),
                      ["msteams"] if endorsements is None else endorsements)


@dataclass
class Sent:
    method: str
    conversation_id: str
    activity_id: str | None
    body: dict[str, Any]
    authorization: str


@dataclass
class FakeMicrosoft:
    server: HTTPServer
    keys: list[SigningKey]
    sent: list[Sent] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Answers the connector gives before it starts succeeding: (status, headers, body).
    failures: list[tuple[int, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    refused: list[tuple[int, list[str]]] = field(default_factory=list)
    token_requests: int = 0
    jwks_requests: int = 0
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.server.port}"

    @property
    def service_url(self) -> str:
        return f"{self.url}{SERVICE_PATH}"

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/botframework/openidconfiguration"

    def install(self) -> None:
        server = self.server
        server.expect_request("/botframework/openidconfiguration").respond_with_json(
            {"issuer": "https://api.botframework.com", "jwks_uri": f"{self.url}/botframework/keys",
             "id_token_signing_alg_values_supported": ["RS256"]})
        server.expect_request("/botframework/keys").respond_with_handler(self._jwks)
        server.expect_request(f"/{TENANT_ID}/v2.0/.well-known/openid-configuration") \
            .respond_with_json({
                "issuer": f"{self.url}/{TENANT_ID}/v2.0",
                "authorization_endpoint": f"{self.url}/{TENANT_ID}/oauth2/v2.0/authorize",
                "token_endpoint": f"{self.url}/{TENANT_ID}/oauth2/v2.0/token"})
        server.expect_request(f"/{TENANT_ID}/oauth2/v2.0/token", method="POST") \
            .respond_with_handler(self._token)
        # Any /teams.../ prefix: Teams moves conversations between regional serviceUrls.
        server.expect_request(re.compile(r"^/teams[\w-]*/v3/conversations/.+")) \
            .respond_with_handler(self._connector)

    def _jwks(self, request: Request) -> Response:
        self.jwks_requests += 1
        return _json({"keys": [key.jwk() for key in self.keys]})

    def _token(self, request: Request) -> Response:
        form = request.form
        if (form.get("client_id") != APP_ID or form.get("client_secret") != PASSWORD
                or form.get("grant_type") != "client_credentials"
                or form.get("scope") != "https://api.botframework.com/.default"):
            return _json({"error": "invalid_client"}, 401)
        self.token_requests += 1
        return _json({"token_type": "Bearer", "expires_in": 3600,
                      "access_token": f"connector-token-{self.token_requests}"})

    def _connector(self, request: Request) -> Response:
        if not request.headers.get("Authorization", "").startswith("Bearer connector-token-"):
            return _json({"error": {"code": "Unauthorized"}}, 401)
        parts = request.path.split("/v3/conversations/", 1)[1].split("/")
        conversation_id = parts[0]
        if request.method == "GET" and len(parts) == 3 and parts[1] == "members":
            member = self.members.get(parts[2])
            return _json(member) if member else _json({"error": {"code": "MemberNotFound"}}, 404)
        if self.failures:
            status, headers, body = self.failures.pop(0)
            return _json(body, status, headers)
        refusal = self._refusal(request.get_json(silent=True))
        if refusal is not None:
            return refusal
        updated = parts[2] if len(parts) == 3 else None
        activity_id = updated or f"activity-{next(self._ids)}"
        self.sent.append(Sent(request.method, conversation_id, updated, request.get_json(),
                              request.headers["Authorization"]))
        return _json({"id": activity_id}, 201 if request.method == "POST" else 200)

    def _refusal(self, activity: Any) -> Response | None:
        """Teams' answer to an activity it would not deliver; None when it would."""
        size = len(json.dumps(activity, ensure_ascii=False).encode("utf-16-le"))
        if size > MESSAGE_BYTES_MAX:
            found, status, code = [f"{size} bytes in UTF-16"], 413, "MessageSizeTooBig"
        else:
            found, status, code = problems(activity, "Message"), 400, "BadArgument"
        if not found:
            return None
        self.refused.append((status, found))
        return _json({"error": {"code": code, "message": "; ".join(found)[:500]}}, status)

    def posted(self, conversation_id: str | None = None) -> list[Sent]:
        return [s for s in self.sent if s.method == "POST"
                and (conversation_id is None or s.conversation_id == conversation_id)]

    def cards(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        """The card of every activity posted (to one conversation), in order."""
        return [s.body["attachments"][0]["content"] for s in self.posted(conversation_id)]

    def every_card(self) -> list[dict[str, Any]]:
        """The card of every activity posted or updated, in order."""
        return [a["content"] for s in self.sent for a in (s.body or {}).get("attachments", [])]

    def connector_hits(self) -> int:
        return sum(1 for request, _ in self.server.log if "/v3/conversations/" in request.path)


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers or {},
                    content_type="application/json")


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
