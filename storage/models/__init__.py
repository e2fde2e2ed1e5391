"""SQLAlchemy 2 models: the records LearnLoop keeps, one module per concept.

Importing this package registers every table in `Base.metadata` (Alembic and the tests rely on
that); the report and people records are re-exported here as the names most code uses.
"""

from storage.models import (  # noqa: F401  (their tables join the metadata)
    evaluation, improvement, nudges, security, slack, teams, themes, training)
from storage.models.base import Base, UTCDateTime, _enum, utcnow
from storage.models.people import Account, Agency, Person
from storage.models.reports import (
    CaseKey,
    ChannelPost,
    ChatConversation,
    Report,
    ReporterIdentity,
    ReportEvent,
    ReportMessage,
    RoutingRule,
    WebReportDraft,
    report_agencies,
)

__all__ = ["Account", "Agency", "Base", "CaseKey", "ChannelPost", "ChatConversation",
           "Person", "Report", "ReportEvent", "ReportMessage",
           "ReporterIdentity", "RoutingRule", "UTCDateTime", "WebReportDraft", "_enum",
           "report_agencies", "utcnow"]
