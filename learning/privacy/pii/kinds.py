"""What the PII guard reports: the kinds of personal detail, a finding's span and wording, and
the reviewer's masked copy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class PiiKind(StrEnum):
    NHS_NUMBER = "nhs_number"
    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    PHONE_NUMBER = "phone_number"
    EMAIL = "email"
    PERSON_NAME = "person_name"
    ADDRESS = "address"
    CASE_NUMBER = "case_number"


class _Wording(NamedTuple):
    label: str  # for the reporter: "'943 476 5870' looks like an NHS number"
    placeholder: str  # for the reviewer's masked copy
    suggestion: str  # for the reporter: what to write instead


WORDING = {
    PiiKind.NHS_NUMBER: _Wording("an NHS number", "[NHS number]",
                                 "Leave it out. Describe the person by role, such as 'the baby'."),
    PiiKind.DATE_OF_BIRTH: _Wording("a possible date of birth", "[date of birth]",
                                    "Use an age band, such as 'a child aged 5 to 10'."),
    PiiKind.POSTCODE: _Wording("a postcode", "[postcode]",
                               "Use the locality instead, such as 'the north of the borough'."),
    PiiKind.PHONE_NUMBER: _Wording("a phone number", "[phone number]", "Leave it out. Say whose "
                                   "phone it was, such as 'the mother's mobile'."),
    PiiKind.EMAIL: _Wording("an email address", "[email address]",
                            "Leave it out. Say whose it was, such as 'the father's email'."),
    PiiKind.PERSON_NAME: _Wording("a person's name", "[name]", "Use a role instead, such as "
                                  "'the mother', 'Child A' or 'the older sibling'."),
    PiiKind.ADDRESS: _Wording("a street address", "[address]",
                              "Use the locality instead, such as 'a flat in the town centre'."),
    PiiKind.CASE_NUMBER: _Wording("a case or record number", "[case number]", "Leave it out. "
                                  "Name the system instead, such as 'the social care record'."),
}

# Overlaps: a checksummed NHS number always wins (the check digit is the strongest evidence
# there is); otherwise the longer span, so that no part of a detail stays unmasked; on a tie,
# the kind later in this list.
SPECIFICITY = [
    PiiKind.PERSON_NAME, PiiKind.ADDRESS, PiiKind.POSTCODE, PiiKind.PHONE_NUMBER,
    PiiKind.DATE_OF_BIRTH, PiiKind.CASE_NUMBER, PiiKind.EMAIL, PiiKind.NHS_NUMBER,
]


@dataclass(frozen=True)
class Finding:
    kind: PiiKind
    start: int  # span in the original text, text[start:end]
    end: int

    @property
    def label(self) -> str:
        return WORDING[self.kind].label

    @property
    def suggestion(self) -> str:
        return WORDING[self.kind].suggestion


def mask(text: str, findings: Iterable[Finding]) -> str:
    """Reviewer's copy: each span replaced by a bracketed placeholder such as [NHS number],
    [name], [postcode]."""
    pieces: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < cursor:
            # Overlaps what is already masked: hide the rest of it too rather than leak it.
            cursor = max(cursor, finding.end)
            continue
        pieces += [text[cursor:finding.start], WORDING[finding.kind].placeholder]
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)

