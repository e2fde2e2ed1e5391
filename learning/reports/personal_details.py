"""Whether the reporter has already looked at the personal details found in their text.

The one rule every channel follows: the PII guard's findings are pointed out once for each
version of the free text, and the same text sent again (or, in Slack, the "I have checked"
box) keeps it as written. A channel carries `checked_token` to the next attempt however it
can: a hidden field, card data, the chat draft.
"""

from __future__ import annotations

import hashlib
from datetime import date

from learning.privacy.pii import Finding
from learning.reports.clean_text import clean_draft
from learning.reports.intake import ReportDraft, personal_details


def checked_token(draft: ReportDraft) -> str:
    """Stands for the free text as it was when the reporter saw its personal-details warnings.

    A channel hands it back with the next attempt; the same text sent again is kept as written.
    """
    draft = clean_draft(draft)
    both = f"{draft.told()}\x00{draft.what_stopped_harm.strip()}".encode()
    return hashlib.sha256(both).hexdigest()[:16]


def details_to_check(draft: ReportDraft, *, today: date,
                     checked: str | None) -> dict[str, list[Finding]]:
    """Personal details still to point out, by answer: none once this text has been checked."""
    if checked == checked_token(draft):
        return {}
    return {name: found for name, found in personal_details(draft, today=today).items() if found}
