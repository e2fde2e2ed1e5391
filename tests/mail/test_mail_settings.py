"""Mail's settings, and who is reached by email: people with neither Slack nor Teams."""

from __future__ import annotations

import pytest

from learning.nudges.recipients import destination_for
from learning.nudges.send_rate import limits_for
from learning.settings import SettingsError, load_settings
from storage.models import Person
from storage.vocabulary import Platform

MAIL = {"SMTP_URL": "smtp://learnloop:pass@smtp.riverside.example:587",
        "MAIL_FROM": "learning@riverside.example"}


@pytest.mark.parametrize("variable, changes", [
    ("SMTP_URL", {"SMTP_URL": "smtp.riverside.example:587"}),
    ("SMTP_URL", {"SMTP_URL": "http://smtp.riverside.example"}),
    ("SMTP_URL", {"SMTP_URL": "smtp://smtp.riverside.example:port"}),
    ("MAIL_FROM", {"MAIL_FROM": ""}),
    ("MAIL_FROM", {"MAIL_FROM": "the learning team"}),
    ("SMTP_RATE_PER_SECOND", {"SMTP_RATE_PER_SECOND": "fast"}),
    ("SMTP_RATE_PER_SECOND", {"SMTP_RATE_PER_SECOND": "0"}),
    ("ONE_CLICK_LINK_DAYS", {"ONE_CLICK_LINK_DAYS": "thirty"}),
])
def test_a_bad_mail_setting_is_refused_with_its_name(tmp_path, variable, changes):
    with pytest.raises(SettingsError, match=f"^{variable}"):
        load_settings({**MAIL, **changes}, instance_path=tmp_path)


def test_mail_settings_and_the_mail_servers_rate(tmp_path):
    settings = load_settings({**MAIL, "SMTP_RATE_PER_SECOND": "2.5"}, instance_path=tmp_path)
    assert settings.mail_enabled and settings.one_click_link_days == 30
    assert "pass" not in repr(settings)
    assert limits_for(settings)[Platform.EMAIL].workspace.per_second == 2.5
    assert not load_settings({}, instance_path=tmp_path).mail_enabled


def test_email_reaches_those_without_chat_and_chat_comes_first(tmp_path):
    settings = load_settings({**MAIL, "SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"},
                             instance_path=tmp_path)
    only_email = Person(id=4, name="Sam Okafor", email="sam@riverside.example")
    on_slack = Person(id=5, name="Ana Silva", email="ana@riverside.example", slack_user_id="U1")
    assert destination_for(only_email, settings).platform is Platform.EMAIL
    assert destination_for(only_email, settings).address == {"email": "sam@riverside.example",
                                                             "person_id": 4}
    assert destination_for(on_slack, settings).platform is Platform.SLACK
    without_mail = load_settings({}, instance_path=tmp_path)
    skipped = destination_for(only_email, without_mail)
    assert skipped.platform is None and "email is not set up" in skipped.reason
