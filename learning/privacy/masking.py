"""The reviewer's copy of a report's free text: personal details found at intake are masked."""

from __future__ import annotations

from datetime import date

from learning.privacy.pii import Finding, PiiKind, find_personal_details, mask
from learning.privacy.pii.finders import LEARNLOOP_REFERENCE
from storage.models import Report


def masked_answer(report: Report, answer: str) -> str:
    """`answer` is "what_happened" or "what_stopped_harm"; spans come from intake's PII guard."""
    text = getattr(report, answer) or ""
    spans = (report.personal_details or {}).get(answer, [])
    return mask(text, [Finding(kind=PiiKind(kind), start=start, end=end)
                       for start, end, kind in spans])


def deidentified(text: str, *, today: date) -> str:
    """Text for readers outside the learning group (a bulletin, the Board pack): report
    references and any personal details the guard finds are masked."""
    text = LEARNLOOP_REFERENCE.sub("[reference]", text)
    return mask(text, find_personal_details(text, today=today))
