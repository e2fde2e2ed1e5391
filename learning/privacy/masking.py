"""The reviewer's copy of a report's free text: personal details found at intake are masked."""

from __future__ import annotations

from learning.privacy.pii import Finding, PiiKind, mask
from storage.models import Report


def masked_answer(report: Report, answer: str) -> str:
    """`answer` is "what_happened" or "what_stopped_harm"; spans come from intake's PII guard."""
    text = getattr(report, answer) or ""
    spans = (report.personal_details or {}).get(answer, [])
    return mask(text, [Finding(kind=PiiKind(kind), start=start, end=end)
                       for start, end, kind in spans])
