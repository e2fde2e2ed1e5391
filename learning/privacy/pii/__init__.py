"""PII guard: spot identifying details of children and families in report text.

Data minimisation (DESIGN.md, non-negotiable 3): before a report is stored, the reporter is
warned about names, dates of birth, NHS numbers, addresses, postcodes, phone numbers, emails
and case numbers, and asked to use a role, an age band or a locality instead. This module only
finds and describes; it never changes what the reporter wrote, and `mask` derives the
reviewer's copy. Nothing here logs: the text it sees is exactly what must not leak.
"""

from __future__ import annotations

from datetime import date

from learning.privacy.pii.finders import LEARNLOOP_REFERENCE, STRUCTURED_FINDERS, phone_numbers
from learning.privacy.pii.kinds import SPECIFICITY, Finding, PiiKind, mask
from learning.privacy.pii.names import find_names

__all__ = ["Finding", "PiiKind", "find_personal_details", "mask"]

_FINDERS = (*STRUCTURED_FINDERS, find_names)


def find_personal_details(text: str, *, today: date | None = None) -> list[Finding]:
    """Sorted by start, non-overlapping (when two finders overlap keep the more specific /
    longer one)."""
    today = today or date.today()
    # LearnLoop's own references (LL-7KQ3-92XD) are safe to share: no finder gets to see them.
    readable = LEARNLOOP_REFERENCE.sub(lambda m: "_" * len(m.group()), text)
    found = [finding for finder in _FINDERS for finding in finder(readable, today)]
    found += phone_numbers(readable, found)
    found.sort(
        key=lambda f: (f.kind is PiiKind.NHS_NUMBER, f.end - f.start, SPECIFICITY.index(f.kind)),
        reverse=True,
    )
    kept: list[Finding] = []
    for finding in found:
        if all(finding.end <= other.start or other.end <= finding.start for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
