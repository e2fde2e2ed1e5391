"""The one outbound interface: what LearnLoop sends, and what a chat platform must do with it.

`bot/` implements `Messenger` for Slack, Teams and email; `app.py` hands the configured ones to
whoever sends. A notice is channel-neutral: each messenger renders it for its platform,
inserting every user string as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from learning.nudges.briefing import Briefing
from learning.reports.labels import label
from learning.privacy.masking import masked_answer
from learning.settings import Settings
from storage.models import Report


class DeliveryError(Exception):
    """A send that failed: `permanent` means don't retry; `retry_after` is the platform's wait."""

    def __init__(self, reason: str, *, permanent: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True)
class ReportCard:
    """A report as the learning group's channel shows it: masked text, never the reporter."""

    reference: str
    kind: str
    status: str
    what_happened: str
    setting: str
    severity: str
    agencies: tuple[str, ...]
    urgent: bool
    notifiable: bool
    acknowledgement_due: date
    notification_due: date | None
    rapid_review_due: date | None
    assignee: str | None
    dashboard_url: str
    mention: str | None = None


@dataclass(frozen=True)
class TextNotice:
    """Plain text to a person (a reply from the learning group, a "you said, we did")."""

    text: str


@dataclass(frozen=True)
class NuggetNotice:
    """A learning nugget in a person's chat, re-rendered from the delivery's state on every update.

    Buttons carry `delivery_id`; pressing one calls `learning.nudges.nuggets.acknowledge_delivery`.
    `briefing` is the lead's Markdown: render it through `learning.nudges.briefing`
    (`briefing_parts`, `briefing_html`, `briefing_text`), never as it stands.
    `check_options` are numbered from 0.
    """

    delivery_id: int
    title: str
    briefing: Briefing
    source: str | None
    themes: tuple[str, ...]
    web_url: str
    check_question: str | None = None
    check_options: tuple[str, ...] = ()
    # A second or third asking of a check answered wrongly: show only the question.
    recheck: bool = False
    read: bool = False
    useful: bool | None = None
    discussed: bool = False
    # Set once the check is answered: the immediate feedback to show in place of the options.
    check_feedback: str | None = None


@dataclass(frozen=True)
class TrainingReminder:
    """A person's own training: a course due or overdue, or a session they are booked on."""

    heading: str
    text: str
    link: str
    overdue: bool = False
    # Sessions with places, as (event id, when and where): each becomes a Book button that
    # calls `learning.nudges.training_events.book`.
    places: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class DigestSection:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    """A summary of counts for a group (the learning group, an agency's training rep)."""

    title: str
    sections: tuple[DigestSection, ...]
    link: str


@dataclass(frozen=True)
class ActionReminder:
    """An action-plan item to its owner: due soon, overdue, or "has the change stuck?".

    Buttons carry `action_id` and `stage`; a press calls
    `learning.improvement.action_reminders.press_action_button`, and the message is rendered
    again from the action's state. `stage` is "before", "after" or "stuck".
    """

    action_id: int
    stage: str
    heading: str
    text: str
    link: str
    # Set once the owner has answered from the message: show it instead of the buttons.
    answered: str | None = None


@dataclass(frozen=True)
class PulseQuestion:
    """Weeks after learning reached someone: "have you used <title> in your practice?".

    Buttons carry `pulse_id` and an answer (`storage.models.evaluation.PulseAnswer` values);
    a press calls `learning.evaluation.pulses.answer_pulse`, and the message is rendered again.
    """

    pulse_id: int
    title: str
    # "learning nugget", "learning bulletin" or "course": what it was, in the person's words.
    what: str
    # Set once answered: show it instead of the buttons.
    answered: str | None = None


@dataclass(frozen=True)
class ReportAgainQuestion:
    """"You said, we did" to a chat reporter, with one optional question beneath it: would
    they report something like this again? Buttons carry only `ask` (a signed key of the
    report, `learning.evaluation.reporter_feedback`), never anything about the reporter."""

    text: str
    ask: str
    answered: str | None = None


@dataclass(frozen=True)
class CourseReaction:
    """After the register is marked, to someone who attended: "was <title> useful?".

    Buttons carry `booking_id` and "yes" or "no"; a press calls
    `learning.evaluation.course_reaction.answer_course_reaction`.
    """

    booking_id: int
    title: str
    answered: str | None = None


Notice = (ReportCard | TextNotice | NuggetNotice | TrainingReminder | Digest | ActionReminder
          | PulseQuestion | ReportAgainQuestion | CourseReaction)


class Messenger(Protocol):
    def send(self, address: dict[str, Any], notice: Notice) -> str:
        """Send and return the platform's message id; raise DeliveryError on failure."""

    def update(self, address: dict[str, Any], message_id: str, notice: Notice) -> None:
        """Replace a message sent earlier; raise DeliveryError on failure."""


def report_card(report: Report, settings: Settings, *, mention: str | None = None) -> ReportCard:
    assignee = report_assignee_name(report)
    return ReportCard(
        reference=report.reference,
        kind=label(report.kind),
        status=label(report.status),
        what_happened=masked_answer(report, "what_happened"),
        setting=label(report.setting),
        severity=label(report.potential_severity),
        agencies=tuple(a.name for a in report.agencies),
        urgent=report.urgent,
        notifiable=report.notifiable,
        acknowledgement_due=report.acknowledgement_due,
        notification_due=report.notification_due,
        rapid_review_due=report.rapid_review_due,
        assignee=assignee,
        dashboard_url=f"{settings.base_url.rstrip('/')}/dashboard/reports/{report.reference}",
        mention=mention,
    )


def report_assignee_name(report: Report) -> str | None:
    if report.assignee is None:
        return None
    return report.assignee.display_name or report.assignee.email
