"""Prior learning on a report's themes: what the partnership already learned from earlier
reports like it, so a lead sees when "prior learning has not been embedded".

The learning is closed reports' "you said, we did" and the learning-log items that came from
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session

from learning.improvement.learning_log import learning_for_report
from learning.privacy.pii import find_personal_details, mask
from learning.reports.access import visible_reports
from storage.models import Account, Report
from storage.vocabulary import ReportStatus

SHOWN = 5


@dataclass(frozen=True)
class PriorLearning:
    reference: str
    closed_on: date | None
    shared_themes: tuple[str, ...]
    you_said_we_did: str
    learning: str


def prior_learning(session: Session, report: Report, account: Account) -> list[PriorLearning]:
    """Earlier closed reports sharing a theme with this one, that this account may open; the
    newest first, their text checked for personal details and masked like a report's."""
    themes = set(report.themes)
    if not themes:
        return []
    # Themes are a short JSON list; a quoted match narrows, the exact test below decides.
    mentions = [cast(Report.themes, Text).contains(f'"{t}"', autoescape=True) for t in themes]
    earlier = session.scalars(
        select(Report).where(visible_reports(account), Report.id != report.id,
                             Report.status == ReportStatus.CLOSED, Report.outcome.is_not(None),
                             Report.submitted_at < report.submitted_at, or_(*mentions))
        .order_by(Report.closed_at.desc(), Report.id.desc()).limit(SHOWN * 4))
    found = []
    for other in earlier:
        shared = tuple(sorted(themes & set(other.themes)))
        if shared:
            found.append(PriorLearning(
                reference=other.reference,
                closed_on=other.closed_at.date() if other.closed_at else None,
                shared_themes=shared, you_said_we_did=_masked(other.outcome),
                learning=_masked("; ".join(item.what_was_learned
                                             for item in learning_for_report(session, other)))))
    return found[:SHOWN]


def _masked(text: str | None) -> str:
    """A lead wrote it, but it may still name a child: the PII guard masks it for display."""
    return mask(text, find_personal_details(text)) if text else ""
