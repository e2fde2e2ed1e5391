"""What a reporter can type in a chat besides reporting: the status of their own report, and a
reply to the learning group. Shared by Slack and Teams; it holds no platform code.

Only named and confidential reports sent from this chat account can be found this way, and
the answer is the same whether a reference does not exist or is someone else's.
"""

from __future__ import annotations

from datetime import datetime

from learning.reports.follow_up import ReplyRefused, reply_from_reporter
from learning.reports.labels import label
from learning.reports.own_reports import own_report
from learning.settings import Settings
from storage.database import UnitOfWork

COMMANDS = ("status", "reply")


def answer_command(uow: UnitOfWork, *, typed: str, address_key: str | tuple[str, ...],
                   user_id: str, settings: Settings, now: datetime) -> str | None:
    """The answer to `status LL-…` or `reply LL-… text`; None when `typed` is neither."""
    words = typed.strip().split(maxsplit=2)
    if not words or words[0].lower() not in COMMANDS:
        return None
    command, reference = words[0].lower(), (words[1] if len(words) > 1 else "")
    report = own_report(uow.session, address_key, user_id, reference) if reference else None
    if report is None:
        return not_found(settings)
    if command == "status":
        return (f"{report.reference}: {label(report.status)}. Sent "
                f"{report.submitted_at.astimezone(settings.timezone):%-d %B %Y}."
                + (f" What changed: {report.outcome}" if report.outcome else ""))
    try:
        reply_from_reporter(uow.session, report, words[2] if len(words) > 2 else "", now=now)
    except ReplyRefused as refused:
        return f"{refused}. Send: reply {report.reference} followed by your answer."
    uow.commit()
    return f"Thank you: your reply about {report.reference} has reached the learning group."


def not_found(settings: Settings) -> str:
    return ("I can't find a report with that reference sent from this chat account with your "
            "name on it. If you reported anonymously, use your case key at "
            f"{settings.base_url.rstrip('/')}/follow-up.")
