import subprocess
import sys
from pathlib import Path

import pytest

from learning.settings import SettingsError, load_settings


def test_with_nothing_set_learnloop_uses_sqlite_under_instance_and_keeps_its_secret(tmp_path):
    first = load_settings({}, instance_path=tmp_path / "instance")
    assert first.database_url == f"sqlite:///{tmp_path / 'instance' / 'learnloop.db'}"
    assert first.is_embedded_database
    assert len(first.secret_key) >= 40
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0
    again = load_settings({}, instance_path=tmp_path / "instance")
    assert again.secret_key == first.secret_key
    assert str(first.timezone) == "Europe/London"
    assert "999" in first.emergency_contacts
    assert (first.database_statement_timeout_seconds, first.database_lock_timeout_seconds) == (
        15, 5)
    assert not (first.slack_enabled or first.teams_enabled or first.entra_enabled)


def test_a_postgres_url_from_a_platform_is_given_the_psycopg_driver(tmp_path):
    settings = load_settings({"DATABASE_URL": "postgres://u:p@db.internal:5432/learnloop"},
                             instance_path=tmp_path)
    assert settings.database_url == "postgresql+psycopg://u:p@db.internal:5432/learnloop"
    assert not settings.is_embedded_database


@pytest.mark.parametrize("variable, value", [
    ("DATABASE_URL", "not a url at all"),
    ("DATABASE_URL", "mysql://root@localhost/learnloop"),
    ("TIMEZONE", "Europe/Londn"),
    ("SLACK_API_URL", "slack.com/api"),
    ("ACKNOWLEDGEMENT_WORKING_DAYS", "two"),
    ("LEARNLOOP_PRODUCTION", "maybe"),
    ("DATABASE_LOCK_TIMEOUT_SECONDS", "0"),
    ("DATABASE_STATEMENT_TIMEOUT_SECONDS", "15s"),
])
def test_a_bad_setting_is_refused_with_its_name(tmp_path, variable, value):
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value}, instance_path=tmp_path)


def test_start_up_stops_with_one_clear_line_on_a_bad_setting(tmp_path):
    env = {"PATH": "", "TIMEZONE": "Mars/Olympus_Mons", "LEARNLOOP_INSTANCE_PATH": str(tmp_path)}
    finished = subprocess.run([sys.executable, "-m", "app", "db", "upgrade"], env=env,
                              cwd=Path(__file__).parent.parent, capture_output=True, text=True,
                              timeout=60)
    assert finished.returncode == 1
    assert finished.stderr.strip().splitlines() == [
        "learnloop: cannot start: TIMEZONE 'Mars/Olympus_Mons' is not a known time zone; "
        "expected e.g. Europe/London"]


def test_a_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text("TIMEZONE=Mars/Olympus_Mons\n")
    finished = subprocess.run([sys.executable, str(Path(__file__).parent.parent / "app.py"),
                               "db", "upgrade"],
                              env={"PATH": "", "LEARNLOOP_INSTANCE_PATH": str(tmp_path)},
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "TIMEZONE 'Mars/Olympus_Mons'" in finished.stderr


def test_nudge_hours_caps_and_retention_come_from_settings(tmp_path):
    from datetime import time

    settings = load_settings({"WORKING_HOURS_START": "08:30", "WORKING_HOURS_END": "16:00",
                              "NUDGE_DAILY_CAP": "3", "RETENTION_MASK_MONTHS": "24"},
                             instance_path=tmp_path)
    assert (settings.working_hours_start, settings.working_hours_end) == (time(8, 30), time(16))
    assert settings.nudge_daily_cap == 3 and settings.retention_mask_months == 24
    assert settings.retention_case_key_months == 6
    for variable, value in [("WORKING_HOURS_START", "9am"), ("NUDGE_DAILY_CAP", "0"),
                            ("RETENTION_CASE_KEY_MONTHS", "999")]:
        with pytest.raises(SettingsError, match=variable):
            load_settings({variable: value}, instance_path=tmp_path)
