"""Plain-English labels for the stored vocabulary, shared by every channel's rendering."""

from __future__ import annotations

from enum import StrEnum

from storage.vocabulary import (
    AgencyType,
    ContributingFactor,
    IdentityMode,
    LearningResponse,
    ReportKind,
    ReportStatus,
    Setting,
    Severity,
)

# Keyed by vocabulary first: StrEnum members of different lists with the same value are equal.
LABELS: dict[type[StrEnum], dict[str, str]] = {
    ReportKind: {
        ReportKind.NEAR_MISS: "Near miss",
        ReportKind.CONCERNING_INCIDENT: "Concerning incident",
        ReportKind.GOOD_PRACTICE: "Good practice",
    },
    ReportStatus: {
        ReportStatus.NEW: "New",
        ReportStatus.ACKNOWLEDGED: "Acknowledged",
        ReportStatus.IN_REVIEW: "In review",
        ReportStatus.LEARNING_IDENTIFIED: "Learning identified",
        ReportStatus.REFERRED: "Referred to the practice review group",
        ReportStatus.CLOSED: "Closed",
        ReportStatus.CLOSED_NO_FURTHER_ACTION: "Closed: no further action",
    },
    IdentityMode: {
        IdentityMode.NAMED: "Named",
        IdentityMode.CONFIDENTIAL: "Confidential",
        IdentityMode.ANONYMOUS: "Anonymous",
    },
    Setting: {
        Setting.HOME_VISIT: "Home visit",
        Setting.SCHOOL_OR_EARLY_YEARS: "School or early years setting",
        Setting.HEALTH_SETTING: "Health setting (GP, clinic, health visiting)",
        Setting.HOSPITAL: "Hospital",
        Setting.POLICE: "Police",
        Setting.CHILDRENS_SOCIAL_CARE: "Children's social care",
        Setting.MULTI_AGENCY_MEETING: "Multi-agency meeting or strategy discussion",
        Setting.COMMUNITY: "Community",
        Setting.OTHER: "Somewhere else",
    },
    Severity: {
        Severity.LOW: "Low: little or no harm likely",
        Severity.MODERATE: "Moderate: some harm likely",
        Severity.SEVERE: "Severe: serious harm likely",
        Severity.CATASTROPHIC: "Catastrophic: death or life-changing harm possible",
    },
    LearningResponse: {
        LearningResponse.THEME_LOG_ONLY: "Theme log only",
        LearningResponse.PRACTITIONER_HUDDLE: "Practitioner huddle or after-action review",
        LearningResponse.SINGLE_AGENCY_REVIEW: "Single-agency review",
        LearningResponse.MULTI_AGENCY_AUDIT: "Multi-agency audit",
        LearningResponse.LEARNING_REVIEW: "Learning review",
        LearningResponse.REFER_TO_PRACTICE_REVIEW_GROUP: "Refer to the practice review group",
        LearningResponse.GOOD_PRACTICE_RECOGNISED: "Good practice recognised",
    },
    AgencyType: {
        AgencyType.CHILDRENS_SOCIAL_CARE: "Children's social care",
        AgencyType.HEALTH: "Health",
        AgencyType.POLICE: "Police",
        AgencyType.EDUCATION: "Education",
        AgencyType.EARLY_YEARS: "Early years",
        AgencyType.PROBATION: "Probation",
        AgencyType.HOUSING: "Housing",
        AgencyType.VOLUNTARY_SECTOR: "Voluntary sector",
        AgencyType.OTHER: "Other",
    },
    ContributingFactor: {
        ContributingFactor.INFORMATION_SHARING: "Information sharing",
        ContributingFactor.COMMUNICATION_BETWEEN_AGENCIES: "Communication between agencies",
        ContributingFactor.THRESHOLDS_AND_REFERRAL: "Thresholds and referral",
        ContributingFactor.ESCALATION_AND_CHALLENGE: "Escalation and professional challenge",
        ContributingFactor.SUPERVISION: "Supervision",
        ContributingFactor.WORKLOAD_AND_CAPACITY: "Workload and capacity",
        ContributingFactor.RECORDING: "Recording",
        ContributingFactor.KNOWLEDGE_AND_TRAINING: "Knowledge and training",
        ContributingFactor.POLICY_AND_PROCEDURE: "Policy and procedure",
        ContributingFactor.VOICE_OF_THE_CHILD: "Voice of the child",
        ContributingFactor.ENGAGEMENT_WITH_FAMILY: "Engagement with family",
        ContributingFactor.MULTI_AGENCY_COORDINATION: "Multi-agency coordination",
        ContributingFactor.OTHER: "Other",
    },
}

KIND_EXPLAINED = {
    ReportKind.NEAR_MISS: "Something that could have harmed a child but did not.",
    ReportKind.CONCERNING_INCIDENT: (
        "Something that went wrong or showed a weakness in how we keep children safe."
    ),
    ReportKind.GOOD_PRACTICE: "Something that went well that others could learn from.",
}

IDENTITY_EXPLAINED = {
    IdentityMode.NAMED: (
        "Your name is on the report. The learning group can thank you, ask you questions and "
        "tell you what changed."
    ),
    IdentityMode.CONFIDENTIAL: (
        "Only the partnership business unit sees your name; it is deleted when the report "
        "closes. They can still reply to you."
    ),
    IdentityMode.ANONYMOUS: (
        "Nobody can know it was you. You get a case key to check progress and answer "
        "questions; lose it and nobody can link you to the report, so we cannot reply."
    ),
}


def label(value: StrEnum) -> str:
    return LABELS[type(value)][value]


def choices(vocabulary: type[StrEnum]) -> list[tuple[str, str]]:
    """(value, label) pairs in order, for radios, select menus and chat buttons."""
    return [(member.value, LABELS[vocabulary][member]) for member in vocabulary]
