"""LearnLoop's `Messenger` for email: notices sent over SMTP with the standard library.

An address is {"email": ..., "person_id": ...}; the message id is the Message-ID. SMTP_URL
`smtp://user:password@host:587` uses STARTTLS (required unless the server is on this machine
and no password is sent); `smtps://...:465` uses TLS from the start. Connections are kept and
reused by the senders in turn. What the server says decides a failure: 4xx (421, 451...) and
a lost connection are temporary, so the outbox retries; 5xx (550...) is permanent.
"""

from __future__ import annotations

import queue
import re
import smtplib
import ssl
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid, parseaddr
from ipaddress import ip_address
from typing import Any
from urllib.parse import unquote, urlsplit

from bot.mail.compose import email_message, pieces_for
from learning.messaging import DeliveryError, Notice
from learning.nudges.one_click import Link, expiry, link_token, new_nonce
from learning.nudges.preferences import preferences_link
from learning.settings import Settings

TIMEOUT_SECONDS = 30
# A server's reply often quotes the address; a lead's status page counts reasons, not people.
_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")
REASON_MAX = 200


class MailMessenger:
    def __init__(self, settings: Settings, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        url = urlsplit(settings.smtp_url or "")
        self._settings = settings
        self._implicit_tls = url.scheme == "smtps"
        self._host = url.hostname or "localhost"
        self._port = url.port or (465 if self._implicit_tls else 587)
        self._user = unquote(url.username) if url.username else None
        self._password = unquote(url.password) if url.password else ""
        # The system's trusted authorities (SSL_CERT_FILE names others), host names checked.
        self._tls = ssl.create_default_context()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._idle: queue.SimpleQueue[smtplib.SMTP] = queue.SimpleQueue()
        domain = parseaddr(settings.mail_from or "")[1].partition("@")[2]
        self._domain = domain or "learnloop.invalid"

    def send(self, address: dict[str, Any], notice: Notice) -> str:
        message = self.compose(address, notice)
        for reused in (True, False):
            connection, was_kept = self._connection(prefer_kept=reused)
            try:
                connection.send_message(message)
            except smtplib.SMTPServerDisconnected:
                _close(connection)
                if was_kept:
                    continue  # the server closed a kept connection: once more, on a new one
                raise DeliveryError("the mail server closed the connection") from None
            except (smtplib.SMTPException, OSError) as failure:
                _close(connection)
                raise _delivery_error(failure) from None
            self._idle.put(connection)
            return str(message["Message-ID"])
        raise DeliveryError("the mail server closed the connection")

    def update(self, address: dict[str, Any], message_id: str, notice: Notice) -> None:
        raise DeliveryError("an email cannot be changed once it is sent", permanent=True)

    def compose(self, address: dict[str, Any], notice: Notice) -> Any:
        """The message as it will be sent, its links minted now (they expire from now)."""
        now, nonce = self._clock(), new_nonce()
        base = self._settings.base_url.rstrip("/")

        def link(purpose: str, subject: int, choice: str | None) -> str:
            token = link_token(self._settings, Link(purpose, subject, choice,
                                                    expiry(self._settings, now), nonce))
            return f"{base}/m/{token}"

        person = int(address["person_id"]) if address.get("person_id") else None
        message = email_message(
            pieces_for(notice, link, person), sender=self._settings.mail_from or "",
            to=address["email"],
            unsubscribe=(link("unsubscribe", person, None)
                         if person and address.get("unsubscribe") else None),
            preferences=preferences_link(self._settings, person, now=now) if person else None,
            partnership=self._settings.partnership_name)
        message["Date"] = format_datetime(now.astimezone(UTC))
        message["Message-ID"] = make_msgid(domain=self._domain)
        return message

    def close(self) -> None:
        while not self._idle.empty():
            _close(self._idle.get_nowait())

    def _connection(self, *, prefer_kept: bool) -> tuple[smtplib.SMTP, bool]:
        if prefer_kept:
            try:
                return self._idle.get_nowait(), True
            except queue.Empty:
                pass
        try:
            return self._open(), False
        except (smtplib.SMTPException, OSError) as failure:
            raise _delivery_error(failure) from None

    def _open(self) -> smtplib.SMTP:
        if self._implicit_tls:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self._host, self._port, timeout=TIMEOUT_SECONDS, context=self._tls)
        else:
            connection = smtplib.SMTP(self._host, self._port, timeout=TIMEOUT_SECONDS)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=self._tls)
                connection.ehlo()
            elif self._user or not _on_this_machine(self._host):
                _close(connection)
                raise DeliveryError("the mail server does not offer STARTTLS, so LearnLoop "
                                    "will not send mail (or a password) to it in the clear",
                                    permanent=True)
        if self._user:
            connection.login(self._user, self._password)
        return connection


def _delivery_error(failure: BaseException) -> DeliveryError:
    if isinstance(failure, DeliveryError):
        return failure
    if isinstance(failure, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(failure.recipients.values()))
    elif isinstance(failure, smtplib.SMTPResponseException):
        code, text = failure.smtp_code, failure.smtp_error
    else:
        return DeliveryError(f"the mail server could not be reached ({type(failure).__name__})")
    words = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    words = _ADDRESS.sub("<address>", " ".join(words.split()))[:REASON_MAX]
    # RFC 5321: 4yz is a transient failure worth trying again; 5yz will fail again.
    return DeliveryError(f"the mail server said {code} {words}".strip(),
                         permanent=500 <= code < 600)


def _on_this_machine(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()
