"""Report drafts for tests: a complete one, and variations on it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from learning.reports.intake import ReportDraft, Reporter

NAMED_REPORTER = Reporter(
    name="Priya Shah",
    email="priya.shah@health.example",
    job_title="Health visitor",
    chat_address={"slack_user_id": "U0PRIYA01", "slack_team_id": "T0RIVER01"},
)


def a_draft(**changes: Any) -> ReportDraft:
    draft = ReportDraft(
        immediate_risk=False,
        kind="near_miss",
        what_happened=(
            "A strategy discussion nearly went ahead without police because the invitation "
            "went to an old shared mailbox."
        ),
        occurred_on=date(2026, 11, 16),
        setting="multi_agency_meeting",
        what_stopped_harm="The social worker phoned the duty sergeant.",
        potential_severity="severe",
        identity_mode="named",
        reporter=NAMED_REPORTER,
    )
    return replace(draft, **changes)
