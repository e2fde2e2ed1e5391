"""Taking a report in a chat: one message in, one turn out, the draft kept in between."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from bot.conversation.prompts import CONFIRM, Turn, check_your_answers, prompt_for
from bot.conversation.typed_answers import read_answer
from learning.people.directory import active_agencies
from learning.reports.chat_drafts import (forget_unfinished_report, keep_unfinished_report,
                                          send_chat_report, unfinished_report)
from learning.reports.clean_text import clean_text
from learning.reports.intake import InvalidReport, ReportDraft, Reporter, check_answers
from learning.reports.personal_details import checked_token, details_to_check
from learning.reports.questions import Answer, question, report_questions
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.vocabulary import Channel, IdentityMode

START_WORDS = {"report", "start", "near miss", "nearmiss", "new"}
CANCEL_WORDS = {"cancel", "stop", "quit"}
ORDER = [q.field for q in report_questions()] + [CONFIRM]
# Where the conversation keeps the personal-details token among the answers.
CHECKED = "pii_checked"


@dataclass
class _State:
    step: str
    answers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Context:
    uow: UnitOfWork
    settings: Settings
    today: date
    caveat: str

    def agencies(self) -> list[tuple[str, str]]:
        return [(str(a.id), a.name) for a in active_agencies(self.uow.session)]

    def prompt(self, step: str) -> Any:
        return prompt_for(question(step), self.agencies(), caveat=self.caveat)


def chat_key(settings: Settings, platform: str, user_id: str) -> str:
    """A keyed hash of the chat user: an unfinished draft is found again without storing who."""
    message = f"{platform}:{user_id}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


def help_text(settings: Settings) -> str:
    return (
        f"I take near-miss, concerning-incident and good-practice reports for "
        f"{settings.partnership_name}'s learning group, without blame. Say \"report\" to start "
        f"(about two minutes), or \"cancel\" at any time. If a child is at immediate risk: "
        f"{settings.emergency_contacts}"
    )


def not_saved_text(settings: Settings) -> str:
    """When the database is away: nothing has moved on, and nothing typed is lost."""
    return (
        "Sorry, LearnLoop could not save that just now, so your report has not moved on. What "
        "you wrote is still here in this chat: send it again in a few minutes and I will carry "
        "on from the last answer I saved. If a child is at immediate risk: "
        f"{settings.emergency_contacts}"
    )


def converse(uow: UnitOfWork, *, key: str, text: str,
             reporter: Reporter | Callable[[], Reporter], channel: Channel,
             settings: Settings, now: datetime, anonymity_caveat: str) -> Turn:
    """Take one message from the person and answer it; the draft is kept between messages.

    `reporter` may be a function: it is called only when a named or confidential report is
    sent, so a channel never looks up someone who chose to be anonymous.
    """
    context = _Context(uow, settings, now.astimezone(settings.timezone).date(), anonymity_caveat)
    stored = unfinished_report(uow, key)
    said = clean_text(text).strip()
    if said.lower() in CANCEL_WORDS:
        forget_unfinished_report(uow, key)
        return Turn(says=("Cancelled: nothing was sent. Say \"report\" to start again.",))
    if stored is None:
        if said.lower() not in START_WORDS:
            return Turn(says=(help_text(settings),))
        first = ORDER[0]
        keep_unfinished_report(uow, key, {"step": first, "answers": {}})
        return Turn(says=("Thank you for speaking up. No one will be blamed for what you report.",),
                    prompt=context.prompt(first))
    state = _State(**stored)
    if state.step == CONFIRM:
        return _confirm(context, key, state, said, reporter=reporter, channel=channel, now=now)
    turn, state = _answer(context, state, said)
    keep_unfinished_report(uow, key, {"step": state.step, "answers": state.answers})
    return turn


def _confirm(context: _Context, key: str, state: _State, said: str, *,
             reporter: Reporter | Callable[[], Reporter], channel: Channel,
             now: datetime) -> Turn:
    if said.lower() in ("send", "yes", "submit"):
        return _send(context, key, state, reporter=reporter, channel=channel, now=now)
    if said.lower() in ("restart", "start again"):
        keep_unfinished_report(context.uow, key, {"step": ORDER[0], "answers": {}})
        return Turn(prompt=context.prompt(ORDER[0]))
    return Turn(says=("Reply \"send\" to send the report, \"restart\" to start again or "
                      "\"cancel\" to stop.",), prompt=check_your_answers(state.answers))


def _answer(context: _Context, state: _State, said: str) -> tuple[Turn, _State]:
    step = state.step
    asked = question(step)
    value, problem = read_answer(asked, said, agencies=context.agencies(), today=context.today)
    if problem is None:
        draft = draft_of({**state.answers, step: value})
        problem = next((p.message for p in check_answers(context.uow.session, draft,
                                                         today=context.today)
                        if p.field == step), None)
    if problem is not None:
        return Turn(says=(problem,), prompt=context.prompt(step)), state

    answers = {**state.answers, step: value.isoformat() if isinstance(value, date) else value}
    if asked.answer is Answer.LONG_TEXT:
        warning = _personal_details_warning(step, value, answers, context.today)
        if warning:
            return Turn(says=(warning,), prompt=context.prompt(step)), replace(state,
                                                                               answers=answers)
    says: list[str] = []
    if step == "immediate_risk" and value:
        says.append(f"Please act now: {context.settings.emergency_contacts} "
                    f"Then carry on here if you can.")
    following = ORDER[ORDER.index(step) + 1]
    prompt = check_your_answers(answers) if following == CONFIRM else context.prompt(following)
    return Turn(says=tuple(says), prompt=prompt), replace(state, step=following, answers=answers)


def _personal_details_warning(step: str, text: str, answers: dict[str, Any],
                              today: date) -> str | None:
    """Warn once per version of the text; sending the same text again keeps it as written."""
    just_this = ReportDraft(**{step: text})
    findings = details_to_check(just_this, today=today, checked=answers.get(CHECKED))
    answers[CHECKED] = checked_token(just_this)
    if not findings:
        return None
    lines = [f"• {text[f.start:f.end]!r} looks like {f.label}. {f.suggestion}"
             for f in findings[step]]
    return ("Please check for details that could identify a child or family:\n" + "\n".join(lines)
            + "\nSend a new version, or send the same text again to keep it as it is.")


def draft_of(answers: dict[str, Any], reporter: Reporter | None = None) -> ReportDraft:
    occurred = answers.get("occurred_on")
    return ReportDraft(
        immediate_risk=answers.get("immediate_risk"),
        kind=answers.get("kind"),
        what_happened=answers.get("what_happened", ""),
        occurred_on=date.fromisoformat(occurred) if isinstance(occurred, str) else occurred,
        setting=answers.get("setting"),
        agency_ids=answers.get("agency_ids", []),
        what_stopped_harm=answers.get("what_stopped_harm", ""),
        potential_severity=answers.get("potential_severity"),
        child_died_or_seriously_harmed=bool(answers.get("child_died_or_seriously_harmed")),
        abuse_or_neglect_suspected=bool(answers.get("abuse_or_neglect_suspected")),
        looked_after_child_died=bool(answers.get("looked_after_child_died")),
        identity_mode=answers.get("identity_mode"),
        reporter=reporter or Reporter(),
    )


def _send(context: _Context, key: str, state: _State, *,
          reporter: Reporter | Callable[[], Reporter], channel: Channel, now: datetime) -> Turn:
    if state.answers.get("identity_mode") == IdentityMode.ANONYMOUS:
        reporter = Reporter()
    elif callable(reporter):
        reporter = reporter()
    try:
        result = send_chat_report(context.uow, key, draft_of(state.answers, reporter),
                                  channel=channel, settings=context.settings, now=now)
    except InvalidReport as invalid:
        return Turn(says=tuple(p.message for p in invalid.problems),
                    prompt=check_your_answers(state.answers))
    due = f"{result.acknowledgement_due:%-d %B %Y}"
    if not result.case_key:
        return Turn(says=(f"Thank you. Your reference is {result.reference}. The learning group "
                          f"will acknowledge it by {due}.",), result=result)
    # Anonymous: the reference and key would tie this chat to the report, so they are said
    # apart, where the platform can keep them out of the chat's history.
    return Turn(says=(f"Thank you. Your report has reached the learning group, who will "
                      f"acknowledge it by {due}. Your reference and case key come next, shown "
                      f"only to you.",), result=result,
                private=(f"Your reference is {result.reference}. Your case key is "
                         f"{result.case_key}. It is shown only once: keep it somewhere safe. Use "
                         f"it at {context.settings.base_url.rstrip('/')}/follow-up to see "
                         f"progress and answer questions.",))
