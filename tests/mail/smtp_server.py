"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it accepts.

It is the mail server, not our code: it can be told to answer the next few messages with a
temporary refusal (421 at RCPT, 451 after DATA, as busy relays do) or to refuse an address
for good (550), and it can require STARTTLS and a password, as a real submission port does.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Arrived:
    sender: str
    recipients: list[str]
    raw: bytes
    over_tls: bool

    @property
    def message(self) -> EmailMessage:
        """Parsed when a test reads it, so a bench's server spends nothing on parsing."""
        return message_from_bytes(self.raw, policy=policy.default)


@dataclass
class Refusals:
    at_rcpt: list[str] = field(default_factory=list)
    at_data: list[str] = field(default_factory=list)
    mailboxes: dict[str, str] = field(default_factory=dict)


class MailHandler:
    def __init__(self) -> None:
        self.arrived: list[Arrived] = []
        self.refusals = Refusals()
        self.refused = 0
        self._lock = threading.Lock()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        with self._lock:
            reply = self.refusals.mailboxes.get(address.lower())
            if reply is None and self.refusals.at_rcpt:
                reply = self.refusals.at_rcpt.pop(0)
            if reply:
                self.refused += 1
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            if self.refusals.at_data:
                self.refused += 1
                return self.refusals.at_data.pop(0)
            self.arrived.append(Arrived(envelope.mail_from, list(envelope.rcpt_tos),
                                        envelope.original_content, session.ssl is not None))
        return "250 Message accepted for delivery"


class MailServer:
    def __init__(self, *, tls_context: Any = None, password: str | None = None) -> None:
        self.handler = MailHandler()
        self.port = free_port()
        options: dict[str, Any] = {}
        if tls_context is not None:
            options.update(tls_context=tls_context, require_starttls=True)
        if password is not None:
            options.update(authenticator=_authenticator(password), auth_required=True)
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                      **options)

    def start(self) -> MailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def arrived(self) -> list[Arrived]:
        with self.handler._lock:
            return list(self.handler.arrived)

    def answer_next(self, reply: str, count: int = 1, *, at: str = "rcpt") -> None:
        """The next `count` messages meet `reply` (e.g. "421 4.7.0 Try again later")."""
        with self.handler._lock:
            getattr(self.handler.refusals, f"at_{at}").extend([reply] * count)

    def refuse_mailbox(self, address: str, reply: str) -> None:
        with self.handler._lock:
            self.handler.refusals.mailboxes[address.lower()] = reply

    def url(self, user: str | None = None, password: str | None = None) -> str:
        login = f"{user}:{password}@" if user else ""
        return f"smtp://{login}127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _authenticator(password: str):
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        good = isinstance(data, LoginPassword) and data.password == password.encode()
        return AuthResult(success=good, handled=False)
    return check
