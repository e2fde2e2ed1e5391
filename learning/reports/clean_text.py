"""Text as people type or paste it, made storable the same way on SQLite and PostgreSQL.

PostgreSQL refuses a NUL character in text and a lone UTF-16 surrogate (which arrives in
JSON from chat platforms as a broken emoji); SQLite stores both. Text pasted from another
system also carries invisible control characters that the spreadsheet export cannot write.
Every intake path (web form, follow-up replies, Slack, Teams, chat, a lead's message) cleans
what it was given with `clean_text` before checking or storing it, so the same words are
kept whichever database is behind LearnLoop, and "Try again" never fails for ever.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # intake cleans its drafts with this module, so it cannot be imported here
    from learning.reports.intake import ReportDraft

# C0 controls except tab and line feed, DEL, and lone surrogates. Carriage returns are turned
# into line feeds first: a browser sends a textarea's line breaks as CR LF but counts them as
# one character, so the server must count them the same way.
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """The text without what cannot be stored or shown; line breaks as plain line feeds."""
    return _UNSTORABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_draft(draft: ReportDraft) -> ReportDraft:
    """Every free-text answer of the draft cleaned; choices and dates are left as they are."""
    reporter = draft.reporter
    return replace(
        draft,
        what_happened=clean_text(draft.what_happened),
        what_happened_more=clean_text(draft.what_happened_more),
        what_stopped_harm=clean_text(draft.what_stopped_harm),
        reporter=replace(reporter, name=_maybe(reporter.name), email=_maybe(reporter.email),
                         job_title=_maybe(reporter.job_title)),
    )


def _maybe(text: str | None) -> str | None:
    return None if text is None else clean_text(text)
