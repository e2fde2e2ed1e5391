"""LearnLoop's settings: read once from the environment into one typed object.

Every variable is listed in DESIGN.md. A bad value stops start-up with one line that
names the variable, so an operator never has to read a traceback to find the typo.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from learning.settings import values
from learning.settings.values import DEFAULT_SMTP_RATE_PER_SECOND
from learning.settings.values import SettingsError as SettingsError  # its home for callers

DEFAULT_EMERGENCY_CONTACTS = (
    "If a child is at immediate risk of harm, call 999 now. "
    "Otherwise make a referral to your local children's services front door straight away."
)
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_BOTFRAMEWORK_OPENID_METADATA = (
    "https://login.botframework.com/v1/.well-known/openidconfiguration"
)
DEFAULT_TEAMS_SERVICE_HOSTS = ("smba.trafficmanager.net",)
DEFAULT_MICROSOFT_LOGIN_URL = "https://login.microsoftonline.com"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str = field(repr=False)
    timezone: ZoneInfo
    instance_path: Path
    emergency_contacts: str = DEFAULT_EMERGENCY_CONTACTS
    partnership_name: str = "LearnLoop"
    # Where people reach the web pages; links in chat messages start with it.
    base_url: str = "http://127.0.0.1:8000"
    acknowledgement_working_days: int = 2
    # When nudges (nuggets, training reminders) may reach people, in their own time zone.
    working_hours_start: time = time(9, 0)
    working_hours_end: time = time(17, 0)
    nudge_daily_cap: int = 2
    # Retention after a report closes: free text masked, case keys deleted.
    retention_mask_months: int = 12
    retention_case_key_months: int = 6
    # Finished outbox rows (sent, failed, skipped) are kept this long for evaluation, then go.
    outbox_retention_months: int = 24
    # A learning bulletin is drafted for every period of this many months (1: monthly).
    bulletin_every_months: int = 1
    # How long after an action is done its owner is asked whether the change has stuck.
    action_stuck_check_months: int = 3
    # Evaluation figures show no count under this (nor a share of fewer people), so nobody is
    # identified by a small number; 0 shows every count.
    evaluation_smallest_count: int = 5
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    slack_learning_channel: str | None = None
    # The learning group's Teams channel (19:…@thread.tacv2): where the weekly digest goes.
    teams_learning_channel: str | None = None
    slack_command: str = "/nearmiss"
    # A Slack user group id (S0...) mentioned on urgent and notifiable posts.
    slack_oncall_group: str | None = None
    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = field(default=None, repr=False)
    microsoft_app_tenant_id: str | None = None
    botframework_openid_metadata: str = DEFAULT_BOTFRAMEWORK_OPENID_METADATA
    # Hosts a Teams activity's serviceUrl may name; no token is ever sent anywhere else.
    teams_service_hosts: tuple[str, ...] = DEFAULT_TEAMS_SERVICE_HOSTS
    microsoft_login_url: str = DEFAULT_MICROSOFT_LOGIN_URL
    entra_client_id: str | None = None
    entra_client_secret: str | None = field(default=None, repr=False)
    entra_tenant_id: str | None = None
    # Partnerships on Entra ID can turn local passwords off entirely.
    local_accounts: bool = True
    production: bool = False
    # The key of case keys' keyed hashes; its own file, so a new SECRET_KEY (which signs
    # sessions) never locks anonymous reporters out of their reports.
    case_key_secret: str = field(default="", repr=False)
    # Where rate-limit counts live: memory (one per worker) unless e.g. redis://host:6379.
    rate_limit_storage_uri: str = "memory://"
    # PostgreSQL only: the longest one statement may run, and wait for a lock, before it is
    # cancelled, so one stuck lock cannot hold every web worker (the page answers 503 instead).
    database_statement_timeout_seconds: int = 15
    database_lock_timeout_seconds: int = 5
    # Outgoing mail: smtp://user:password@host:587 (STARTTLS); email is off when unset.
    smtp_url: str | None = field(default=None, repr=False)
    mail_from: str | None = None
    # Messages a second to the one mail server (Exchange Online allows 30 a minute per mailbox).
    smtp_rate_per_second: float = DEFAULT_SMTP_RATE_PER_SECOND
    # How long an email's one-click links (Read, Useful, unsubscribe...) keep working.
    one_click_link_days: int = 30

    @property
    def is_embedded_database(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_signing_secret and (self.slack_bot_token or self.slack_client_id))

    @property
    def teams_enabled(self) -> bool:
        return bool(self.microsoft_app_id and self.microsoft_app_password)

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_url and self.mail_from)

    @property
    def entra_enabled(self) -> bool:
        return bool(self.entra_client_id and self.entra_client_secret and self.entra_tenant_id)


def load_settings(environ: Mapping[str, str], *, instance_path: Path | None = None) -> Settings:
    """Build the settings from an environment mapping; raises SettingsError on a bad value."""

    def value(name: str) -> str | None:
        raw = environ.get(name, "").strip()
        return raw or None

    instance = Path(value("LEARNLOOP_INSTANCE_PATH") or instance_path or "instance").resolve()
    return Settings(
        database_url=values.database_url(value("DATABASE_URL"), instance),
        secret_key=value("SECRET_KEY") or values.kept_secret_key(instance),
        case_key_secret=(value("CASE_KEY_SECRET")
                         or values.kept_secret_key(instance, "case_key_secret")),
        rate_limit_storage_uri=value("RATE_LIMIT_STORAGE_URI") or "memory://",
        timezone=values.timezone(value("TIMEZONE") or "Europe/London"),
        instance_path=instance,
        emergency_contacts=value("EMERGENCY_CONTACTS") or DEFAULT_EMERGENCY_CONTACTS,
        partnership_name=value("PARTNERSHIP_NAME") or "LearnLoop",
        base_url=values.http_url("BASE_URL", value("BASE_URL") or "http://127.0.0.1:8000"),
        acknowledgement_working_days=values.whole_number(
            "ACKNOWLEDGEMENT_WORKING_DAYS", value("ACKNOWLEDGEMENT_WORKING_DAYS") or "2"
        ),
        working_hours_start=values.clock_time("WORKING_HOURS_START",
                                               value("WORKING_HOURS_START") or "09:00"),
        working_hours_end=values.clock_time("WORKING_HOURS_END",
                                            value("WORKING_HOURS_END") or "17:00"),
        nudge_daily_cap=values.whole_number("NUDGE_DAILY_CAP", value("NUDGE_DAILY_CAP") or "2",
                                             what="nudges a day"),
        bulletin_every_months=values.whole_number("BULLETIN_EVERY_MONTHS",
                                                   value("BULLETIN_EVERY_MONTHS") or "1",
                                                   what="months", most=12),
        retention_mask_months=values.whole_number("RETENTION_MASK_MONTHS",
                                                   value("RETENTION_MASK_MONTHS") or "12",
                                                   what="months", most=120),
        retention_case_key_months=values.whole_number("RETENTION_CASE_KEY_MONTHS",
                                                       value("RETENTION_CASE_KEY_MONTHS") or "6",
                                                       what="months", most=120),
        outbox_retention_months=values.whole_number("OUTBOX_RETENTION_MONTHS",
                                                     value("OUTBOX_RETENTION_MONTHS") or "24",
                                                     what="months", most=120),
        action_stuck_check_months=values.whole_number("ACTION_STUCK_CHECK_MONTHS",
                                                       value("ACTION_STUCK_CHECK_MONTHS") or "3",
                                                       what="months", most=36),
        evaluation_smallest_count=values.whole_number(
            "EVALUATION_SMALLEST_COUNT", value("EVALUATION_SMALLEST_COUNT") or "5",
            what="people", most=100, least=0),
        slack_bot_token=value("SLACK_BOT_TOKEN"),
        slack_signing_secret=value("SLACK_SIGNING_SECRET"),
        slack_client_id=value("SLACK_CLIENT_ID"),
        slack_client_secret=value("SLACK_CLIENT_SECRET"),
        slack_api_url=values.http_url("SLACK_API_URL",
                                      value("SLACK_API_URL") or DEFAULT_SLACK_API_URL),
        slack_learning_channel=values.slack_channel("SLACK_LEARNING_CHANNEL",
                                                     value("SLACK_LEARNING_CHANNEL")),
        slack_command=values.slash_command(value("SLACK_COMMAND") or "/nearmiss"),
        slack_oncall_group=value("SLACK_ONCALL_GROUP"),
        teams_learning_channel=values.slack_channel("TEAMS_LEARNING_CHANNEL",
                                                     value("TEAMS_LEARNING_CHANNEL"),
                                                     platform="teams"),
        microsoft_app_id=value("MICROSOFT_APP_ID"),
        microsoft_app_password=value("MICROSOFT_APP_PASSWORD"),
        microsoft_app_tenant_id=value("MICROSOFT_APP_TENANT_ID"),
        botframework_openid_metadata=values.http_url(
            "BOTFRAMEWORK_OPENID_METADATA",
            value("BOTFRAMEWORK_OPENID_METADATA") or DEFAULT_BOTFRAMEWORK_OPENID_METADATA,
        ),
        teams_service_hosts=tuple(
            host.strip().lower()
            for host in (value("TEAMS_SERVICE_HOSTS")
                         or ",".join(DEFAULT_TEAMS_SERVICE_HOSTS)).split(",")
            if host.strip()
        ),
        microsoft_login_url=values.http_url(
            "MICROSOFT_LOGIN_URL", value("MICROSOFT_LOGIN_URL") or DEFAULT_MICROSOFT_LOGIN_URL
        ),
        entra_client_id=value("ENTRA_CLIENT_ID"),
        entra_client_secret=value("ENTRA_CLIENT_SECRET"),
        entra_tenant_id=value("ENTRA_TENANT_ID"),
        local_accounts=values.flag("LOCAL_ACCOUNTS", value("LOCAL_ACCOUNTS") or "true"),
        production=values.flag("LEARNLOOP_PRODUCTION", value("LEARNLOOP_PRODUCTION")),
        database_statement_timeout_seconds=values.whole_number(
            "DATABASE_STATEMENT_TIMEOUT_SECONDS",
            value("DATABASE_STATEMENT_TIMEOUT_SECONDS") or "15", what="seconds", most=600),
        database_lock_timeout_seconds=values.whole_number(
            "DATABASE_LOCK_TIMEOUT_SECONDS", value("DATABASE_LOCK_TIMEOUT_SECONDS") or "5",
            what="seconds", most=600),
        smtp_url=values.smtp_url(value("SMTP_URL")),
        mail_from=values.mail_from(value("MAIL_FROM"), value("SMTP_URL")),
        smtp_rate_per_second=values.rate("SMTP_RATE_PER_SECOND", value("SMTP_RATE_PER_SECOND")),
        one_click_link_days=values.whole_number("ONE_CLICK_LINK_DAYS",
                                                 value("ONE_CLICK_LINK_DAYS") or "30",
                                                 what="days", most=366),
    )


