"""The questions of a report, in the order every channel asks them.

The web form, the Slack modal, the Teams card form and the chat conversation all render this
one list, so a question added, reworded or dropped here changes every channel at once. Each
`field` is the `ReportDraft` attribute its answer fills. Wording is the question as a person
reads it; a channel may add how to type the answer (a date's format) but never a different
question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from learning.reports.intake import WHAT_HAPPENED_MAX, WHAT_STOPPED_HARM_MAX
from learning.reports.labels import IDENTITY_EXPLAINED, KIND_EXPLAINED, choices
from storage.vocabulary import IdentityMode, ReportKind, Setting, Severity

YES_NO = (("yes", "Yes"), ("no", "No"))


class Answer(StrEnum):
    """The kind of answer a question takes, which decides the input a channel shows."""

    YES_NO = "yes_no"
    ONE_CHOICE = "one_choice"
    # The partnership's active agencies, known only when the question is shown.
    AGENCIES = "agencies"
    DATE = "date"
    LONG_TEXT = "long_text"
    SHORT_TEXT = "short_text"


class Asked(StrEnum):
    """When a question is asked."""

    # Before anything else, so the emergency contacts can follow a "yes" at once.
    FIRST = "first"
    # With the rest of the report, whatever kind of report it is.
    WITH_THE_REPORT = "with_the_report"
    # Only for a named or confidential report, and only where the channel does not already
    # know who the reporter is (the web form; chat platforms say who is writing).
    WHEN_NAMED_ON_THE_WEB = "when_named_on_the_web"


@dataclass(frozen=True)
class Question:
    field: str
    wording: str
    answer: Answer
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    # A line under a choice, by the choice's value.
    choice_hints: Mapping[str, str] = field(default_factory=dict)
    required: bool = True
    max_length: int | None = None
    asked: Asked = Asked.WITH_THE_REPORT


def _explained(explained: Mapping[StrEnum, str]) -> Mapping[str, str]:
    return MappingProxyType({member.value: text for member, text in explained.items()})


QUESTIONS: tuple[Question, ...] = (
    Question("immediate_risk", "Is a child at immediate risk of harm right now?", Answer.YES_NO,
             hint="This report is for learning, not for referrals. If a child is at risk, we "
                  "will tell you who to contact first.",
             choices=YES_NO, asked=Asked.FIRST),
    Question("kind", "What are you reporting?", Answer.ONE_CHOICE,
             choices=tuple(choices(ReportKind)), choice_hints=_explained(KIND_EXPLAINED)),
    Question("what_happened", "What happened?", Answer.LONG_TEXT,
             hint="What happened, in what order, and what made it hard. Describe roles, not "
                  "names: \"the mother\", \"a child aged 5 to 10\". Do not include names, dates "
                  "of birth, addresses or NHS numbers.",
             max_length=WHAT_HAPPENED_MAX),
    Question("occurred_on", "When did it happen?", Answer.DATE,
             hint="An approximate date is fine."),
    Question("setting", "Where did it happen?", Answer.ONE_CHOICE,
             choices=tuple(choices(Setting))),
    Question("agency_ids", "Which agencies were involved?", Answer.AGENCIES,
             hint="Choose all that apply, or none.", required=False),
    Question("what_stopped_harm", "What stopped harm happening, or what went well?",
             Answer.LONG_TEXT, required=False, max_length=WHAT_STOPPED_HARM_MAX),
    Question("potential_severity", "If nothing had stopped it, how serious could it have been?",
             Answer.ONE_CHOICE, choices=tuple(choices(Severity))),
    # Asked for every kind: a near miss can still leave a child seriously harmed. Both "yes"
    # makes the report notifiable (Working Together 2023).
    Question("child_died_or_seriously_harmed", "Did a child die or suffer serious harm?",
             Answer.YES_NO, choices=YES_NO, required=False,
             hint="If a child did and abuse or neglect is known or suspected, the learning group "
                  "must consider a notification to the national panel within 5 working days."),
    Question("abuse_or_neglect_suspected", "Is abuse or neglect known or suspected?",
             Answer.YES_NO, choices=YES_NO, required=False),
    # Notifiable to Ofsted on its own, abuse or neglect suspected or not (Working Together 2023).
    Question("looked_after_child_died", "Did a child who is looked after by a local authority die?",
             Answer.YES_NO, choices=YES_NO, required=False,
             hint="A child in care. If so, the learning group must consider notifying Ofsted and "
                  "the national panel within 5 working days."),
    Question("identity_mode", "How do you want to be identified?", Answer.ONE_CHOICE,
             choices=tuple(choices(IdentityMode)), choice_hints=_explained(IDENTITY_EXPLAINED)),
    Question("reporter_name", "Your name", Answer.SHORT_TEXT,
             asked=Asked.WHEN_NAMED_ON_THE_WEB),
    Question("reporter_email", "Your work email address", Answer.SHORT_TEXT,
             hint="So the learning group can reply to you.", asked=Asked.WHEN_NAMED_ON_THE_WEB),
    Question("reporter_job_title", "Your role", Answer.SHORT_TEXT, required=False,
             asked=Asked.WHEN_NAMED_ON_THE_WEB),
)

BY_FIELD: Mapping[str, Question] = MappingProxyType({q.field: q for q in QUESTIONS})


def report_questions() -> tuple[Question, ...]:
    """What every channel asks: the report itself, immediate risk first."""
    return tuple(q for q in QUESTIONS if q.asked is not Asked.WHEN_NAMED_ON_THE_WEB)


def reporter_questions() -> tuple[Question, ...]:
    """Who the reporter is, for a channel that cannot tell (the web form)."""
    return tuple(q for q in QUESTIONS if q.asked is Asked.WHEN_NAMED_ON_THE_WEB)


def question(field_name: str) -> Question:
    return BY_FIELD[field_name]
