"""A chat user's own named and confidential reports, matched by the chat address they
reported from. Anonymous reports hold no address, so they can never be found this way.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Report, ReporterIdentity

RECENT_LIMIT = 20


def own_reports(session: Session, address_key: str | tuple[str, ...], user_id: str, *,
                limit: int = RECENT_LIMIT) -> list[Report]:
    """`address_key` is where the chat id sits in the stored address: "slack_user_id" for
    Slack, ("user", "aadObjectId") in a Teams conversation reference."""
    query = (select(Report).join(ReporterIdentity)
             .where(ReporterIdentity.chat_address[address_key].as_string() == user_id)
             .order_by(Report.submitted_at.desc()).limit(limit))
    return list(session.scalars(query))


def own_report(session: Session, address_key: str | tuple[str, ...], user_id: str,
               reference: str) -> Report | None:
    """The report, only if this user sent it with their name on it; otherwise nothing at all."""
    query = (select(Report).join(ReporterIdentity)
             .where(Report.reference == reference.strip().upper(),
                    ReporterIdentity.chat_address[address_key].as_string() == user_id))
    return session.scalar(query)
