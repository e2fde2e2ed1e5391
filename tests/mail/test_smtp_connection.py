"""How LearnLoop talks to a mail server: STARTTLS before a password, and what a failure means."""

from __future__ import annotations

import ssl

import pytest

from bot.mail.messenger import MailMessenger
from learning.messaging import DeliveryError, TextNotice, report_card
from learning.settings import load_settings
from learning.reports.triage import find_report
from tests.dashboard.conftest import _certificate
from tests.dashboard.reports import a_report
from tests.mail.conftest import MAIL_FROM
from tests.mail.smtp_server import MailServer, free_port

TO = {"email": "mail0@riverside.example", "person_id": 1}


def messenger(tmp_path, smtp_url: str) -> MailMessenger:
    return MailMessenger(load_settings({"SMTP_URL": smtp_url, "MAIL_FROM": MAIL_FROM,
                                        "SECRET_KEY": "k"}, instance_path=tmp_path))


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    cert, key = _certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    # Our messenger trusts what the system trusts; this certificate is the test's own.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server = MailServer(tls_context=context, password="relay-pass").start()
    yield server
    server.stop()


def test_the_password_is_sent_only_after_starttls(tmp_path, tls_server):
    sender = messenger(tmp_path, tls_server.url("learnloop", "relay-pass").replace(
        "127.0.0.1", "localhost"))
    message_id = sender.send(TO, TextNotice("Level 3 training places are open."))
    sender.send(TO, TextNotice("A second message, on the same connection."))
    sender.close()
    first, second = tls_server.arrived
    assert first.over_tls and second.over_tls
    assert first.message["Message-ID"] == message_id


def test_a_wrong_password_is_a_permanent_failure(tmp_path, tls_server):
    sender = messenger(tmp_path, tls_server.url("learnloop", "guess").replace(
        "127.0.0.1", "localhost"))
    with pytest.raises(DeliveryError) as refused:
        sender.send(TO, TextNotice("hello"))
    assert refused.value.permanent and "535" in refused.value.reason
    assert tls_server.arrived == []


def test_no_password_goes_to_a_server_without_starttls(tmp_path, mail_server):
    sender = messenger(tmp_path, mail_server.url("learnloop", "relay-pass"))
    with pytest.raises(DeliveryError) as refused:
        sender.send(TO, TextNotice("hello"))
    assert refused.value.permanent and "STARTTLS" in refused.value.reason
    assert mail_server.arrived == []


def test_a_mail_server_that_is_not_there_is_a_temporary_failure(tmp_path):
    sender = messenger(tmp_path, f"smtp://127.0.0.1:{free_port()}")
    with pytest.raises(DeliveryError) as failed:
        sender.send(TO, TextNotice("hello"))
    assert not failed.value.permanent
    assert failed.value.reason == "the mail server could not be reached (ConnectionRefusedError)"


def test_a_report_card_is_never_mailed(tmp_path, mail_server, settings, database):
    reference = a_report(database, settings, agency=None)
    with database.unit_of_work() as uow:
        card = report_card(find_report(uow.session, reference), settings)
    with pytest.raises(DeliveryError) as refused:
        messenger(tmp_path, mail_server.url()).send(TO, card)
    assert refused.value.permanent
    assert mail_server.arrived == []


def test_an_email_cannot_be_changed_once_sent(tmp_path, mail_server):
    with pytest.raises(DeliveryError) as refused:
        messenger(tmp_path, mail_server.url()).update(TO, "<id@x>", TextNotice("changed"))
    assert refused.value.permanent
    assert mail_server.arrived == []
