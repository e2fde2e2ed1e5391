"""Reading one setting's value from the environment: each refuses a bad value with one line
that names the variable and says what it must look like."""

from __future__ import annotations

import secrets
from datetime import time
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from learning.reports.channel_ids import ChannelIdError, channel_id


class SettingsError(ValueError):
    """A setting that LearnLoop cannot start with; the message names the variable."""


DEFAULT_SMTP_RATE_PER_SECOND = 0.5


def database_url(raw: str | None, instance: Path) -> str:
    if raw is None:
        return f"sqlite:///{instance / 'learnloop.db'}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise SettingsError(
            "DATABASE_URL is not a database URL; expected e.g. "
            "postgresql://user:password@host/dbname or sqlite:///instance/learnloop.db"
        ) from None
    return with_driver(url).render_as_string(hide_password=False)


def with_driver(url: URL) -> URL:
    """Platforms hand out postgres:// URLs; LearnLoop talks to PostgreSQL through psycopg 3."""
    if url.drivername in ("postgres", "postgresql"):
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError(
            f"DATABASE_URL uses {url.get_backend_name()!r}; "
            "LearnLoop supports PostgreSQL and SQLite"
        )
    return url


def timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"TIMEZONE {name!r} is not a known time zone; expected e.g. Europe/London"
        ) from None


def http_url(variable: str, raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise SettingsError(f"{variable} must be an http(s) URL")
    return raw


def whole_number(variable: str, raw: str, *, what: str = "working days", most: int = 60,
                 least: int = 1) -> int:
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise SettingsError(f"{variable} must be a whole number of {what} from {least} to {most}")
    return int(raw)


def clock_time(variable: str, raw: str) -> time:
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise SettingsError(f"{variable} must be a time of day such as 09:00") from None


def slash_command(raw: str) -> str:
    if not raw.startswith("/") or " " in raw:
        raise SettingsError("SLACK_COMMAND must be a slash command such as /nearmiss")
    return raw


def slack_channel(variable: str, raw: str | None, *, platform: str = "slack") -> str | None:
    """A channel name here would send every report nowhere: only a channel id will do."""
    if raw is None:
        return None
    try:
        return channel_id(platform, raw)
    except ChannelIdError as problem:
        raise SettingsError(f"{variable}: {problem}") from None


def flag(variable: str, raw: str | None) -> bool:
    if raw is None:
        return False
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{variable} must be true or false")


def smtp_url(raw: str | None) -> str | None:
    if raw is None:
        return None
    parts = urlsplit(raw)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname or port == -1:
        raise SettingsError("SMTP_URL must look like smtp://user:password@host:587 "
                            "(STARTTLS) or smtps://user:password@host:465")
    return raw


def mail_from(raw: str | None, smtp_url: str | None) -> str | None:
    if raw is None:
        if smtp_url is not None:
            raise SettingsError("MAIL_FROM must be set when SMTP_URL is: the address "
                                "LearnLoop's mail comes from, e.g. learning@partnership.example")
        return None
    _, address = parseaddr(raw)
    if "@" not in address or " " in address:
        raise SettingsError("MAIL_FROM must be an email address such as "
                            "learning@partnership.example (a name before it in <> is fine)")
    return raw


def rate(variable: str, raw: str | None) -> float:
    if raw is None:
        return DEFAULT_SMTP_RATE_PER_SECOND
    try:
        rate = float(raw)
    except ValueError:
        rate = 0.0
    if not 0 < rate <= 10_000:
        raise SettingsError(f"{variable} must be a number of messages a second above 0, "
                            "such as 0.5 or 20")
    return rate


def kept_secret_key(instance: Path, name: str = "secret_key") -> str:
    """Generate a key once and keep it, so restarts keep people signed in (and case keys
    working)."""
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key
