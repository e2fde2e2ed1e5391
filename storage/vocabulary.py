"""The closed lists LearnLoop stores: report kinds, states, identity modes, roles, taxonomies.

They live beside the models because the database stores their values; the rules about
them live in `learning/`. Values are stable identifiers: change a label, never a value.
"""

from enum import StrEnum


class ReportKind(StrEnum):
    NEAR_MISS = "near_miss"
    CONCERNING_INCIDENT = "concerning_incident"
    GOOD_PRACTICE = "good_practice"


class ReportStatus(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_REVIEW = "in_review"
    LEARNING_IDENTIFIED = "learning_identified"
    REFERRED = "referred"
    CLOSED = "closed"
    CLOSED_NO_FURTHER_ACTION = "closed_no_further_action"


class IdentityMode(StrEnum):
    NAMED = "named"
    CONFIDENTIAL = "confidential"
    ANONYMOUS = "anonymous"


class Channel(StrEnum):
    WEB = "web"
    SLACK = "slack"
    TEAMS = "teams"
    WEB_CHAT = "web_chat"


class Platform(StrEnum):
    """The channels LearnLoop sends through: two chat platforms, and email."""

    SLACK = "slack"
    TEAMS = "teams"
    EMAIL = "email"


# Where a routing rule or an agency's channel can point: a channel on a chat platform.
CHAT_PLATFORMS = (Platform.SLACK, Platform.TEAMS)


class Severity(StrEnum):
    """How bad it could have been had nothing stopped it (potential, not actual, harm)."""

    LOW = "low"
    MODERATE = "moderate"
    SEVERE = "severe"
    CATASTROPHIC = "catastrophic"


class Setting(StrEnum):
    HOME_VISIT = "home_visit"
    SCHOOL_OR_EARLY_YEARS = "school_or_early_years"
    HEALTH_SETTING = "health_setting"
    HOSPITAL = "hospital"
    POLICE = "police"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    MULTI_AGENCY_MEETING = "multi_agency_meeting"
    COMMUNITY = "community"
    OTHER = "other"


class AgencyType(StrEnum):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    HEALTH = "health"
    POLICE = "police"
    EDUCATION = "education"
    EARLY_YEARS = "early_years"
    PROBATION = "probation"
    HOUSING = "housing"
    VOLUNTARY_SECTOR = "voluntary_sector"
    OTHER = "other"


class Role(StrEnum):
    LEARNING_LEAD = "learning_lead"
    BUSINESS_UNIT = "business_unit"
    AGENCY_LEAD = "agency_lead"
    ADMIN = "admin"


class EventKind(StrEnum):
    SUBMITTED = "submitted"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    CLASSIFIED = "classified"
    LEARNING_RESPONSE_CHOSEN = "learning_response_chosen"
    MESSAGE = "message"
    IDENTITY_REVEALED = "identity_revealed"
    TEXT_REVEALED = "text_revealed"
    LEARNING_RECORDED = "learning_recorded"
    EXPORTED = "exported"
    RETENTION_APPLIED = "retention_applied"
    IDENTITY_DELETED = "identity_deleted"
    VIEWED = "viewed"


class LearningResponse(StrEnum):
    """Proportionate responses, after PSIRF and the partnership frameworks."""

    THEME_LOG_ONLY = "theme_log_only"
    PRACTITIONER_HUDDLE = "practitioner_huddle"
    SINGLE_AGENCY_REVIEW = "single_agency_review"
    MULTI_AGENCY_AUDIT = "multi_agency_audit"
    LEARNING_REVIEW = "learning_review"
    REFER_TO_PRACTICE_REVIEW_GROUP = "refer_to_practice_review_group"
    GOOD_PRACTICE_RECOGNISED = "good_practice_recognised"


class ContributingFactor(StrEnum):
    """A systems view of why it happened: never an individual to blame."""

    INFORMATION_SHARING = "information_sharing"
    COMMUNICATION_BETWEEN_AGENCIES = "communication_between_agencies"
    THRESHOLDS_AND_REFERRAL = "thresholds_and_referral"
    ESCALATION_AND_CHALLENGE = "escalation_and_challenge"
    SUPERVISION = "supervision"
    WORKLOAD_AND_CAPACITY = "workload_and_capacity"
    RECORDING = "recording"
    KNOWLEDGE_AND_TRAINING = "knowledge_and_training"
    POLICY_AND_PROCEDURE = "policy_and_procedure"
    VOICE_OF_THE_CHILD = "voice_of_the_child"
    ENGAGEMENT_WITH_FAMILY = "engagement_with_family"
    MULTI_AGENCY_COORDINATION = "multi_agency_coordination"
    OTHER = "other"
