"""The report, one question at a time: the chat conversation Slack, Teams and the web chat share.

It holds no platform code. An adapter passes in what the person typed (or the value of the
button they pressed) and renders the `Turn` it gets back: things to say, then a question
with optional choices. Answers are checked by the same rules as the web form
(`learning.reports.intake.check_draft`), and the report is sent through `submit_report`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from learning.reports.intake import (
    InvalidReport,
    ReportDraft,
    Reporter,
    SubmissionResult,
    check_draft,
    personal_details,
    submit_report,
)
from learning.reports.labels import IDENTITY_EXPLAINED, choices, label
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Agency, ChatConversation
from storage.vocabulary import Channel, IdentityMode, ReportKind, Setting, Severity

START_WORDS = {"report", "start", "near miss", "nearmiss", "new"}
CANCEL_WORDS = {"cancel", "stop", "quit"}
SKIP_WORDS = {"skip", "none", "no", "n/a"}
YES_NO = (("yes", "Yes"), ("no", "No"))
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")


@dataclass(frozen=True)
class Prompt:
    """A question: `field` is the answer it fills; choices are (value, label) pairs."""

    field: str
    question: str
    hint: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    multiple: bool = False


@dataclass(frozen=True)
class Turn:
    says: tuple[str, ...] = ()
    prompt: Prompt | None = None
    result: SubmissionResult | None = None


@dataclass
class _State:
    step: str
    answers: dict[str, Any] = field(default_factory=dict)


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


def converse(uow: UnitOfWork, *, key: str, text: str,
             reporter: Reporter | Callable[[], Reporter], channel: Channel,
             settings: Settings, now: datetime, anonymity_caveat: str) -> Turn:
    """Take one message from the person and answer it; the draft is kept between messages.

    `reporter` may be a function: it is called only when a named or confidential report is
    sent, so a channel never looks up someone who chose to be anonymous.
    """
    session = uow.session
    stored = session.scalar(select(ChatConversation).where(ChatConversation.chat_key == key))
    said = text.strip()
    if said.lower() in CANCEL_WORDS:
        if stored is not None:
            session.delete(stored)
            uow.commit()
        return Turn(says=("Cancelled: nothing was sent. Say \"report\" to start again.",))
    if stored is None:
        if said.lower() not in START_WORDS:
            return Turn(says=(help_text(settings),))
        stored = ChatConversation(chat_key=key, state={"step": "immediate_risk", "answers": {}})
        session.add(stored)
        uow.commit()
        return Turn(says=("Thank you for speaking up. No one will be blamed for what you report.",),
                    prompt=_prompt("immediate_risk", uow, anonymity_caveat))

    state = _State(**stored.state)
    today = now.astimezone(settings.timezone).date()
    turn, state = _answer(uow, state, said, settings=settings, today=today,
                          caveat=anonymity_caveat)
    if state.step == "submit":
        return _submit(uow, stored, state, reporter=reporter, channel=channel, settings=settings,
                       now=now)
    stored.state = {"step": state.step, "answers": state.answers}
    uow.commit()
    return turn


_ORDER = ["immediate_risk", "kind", "what_happened", "occurred_on", "setting", "agency_ids",
          "what_stopped_harm", "potential_severity", "child_died_or_seriously_harmed",
          "abuse_or_neglect_suspected", "identity_mode", "confirm"]


def _next_step(step: str, answers: dict[str, Any]) -> str:
    following = _ORDER[_ORDER.index(step) + 1]
    if following in ("child_died_or_seriously_harmed", "abuse_or_neglect_suspected") and \
            answers.get("kind") != ReportKind.CONCERNING_INCIDENT:
        return _next_step(following, answers)
    return following


def _answer(uow: UnitOfWork, state: _State, said: str, *, settings: Settings, today: date,
            caveat: str) -> tuple[Turn, _State]:
    step = state.step
    if step == "confirm":
        if said.lower() in ("send", "yes", "submit"):
            return Turn(), replace(state, step="submit")
        if said.lower() in ("restart", "start again"):
            return (Turn(prompt=_prompt("immediate_risk", uow, caveat)),
                    _State(step="immediate_risk"))
        return Turn(says=("Reply \"send\" to send the report, \"restart\" to start again or "
                          "\"cancel\" to stop.",), prompt=_confirm_prompt(state)), state

    value, problem = _parse(uow, step, said, today=today)
    if problem is None:
        draft = _draft({**state.answers, step: value})
        problem = next((p.message for p in check_draft(draft, today=today,
                                                        known_agency_ids=_agency_ids(uow))
                        if p.field == step), None)
    if problem is not None:
        return Turn(says=(problem,), prompt=_prompt(step, uow, caveat)), state

    answers = {**state.answers, step: value.isoformat() if isinstance(value, date) else value}
    says: list[str] = []
    if step == "immediate_risk" and value:
        says.append(f"Please act now: {settings.emergency_contacts} Then carry on here if you can.")
    # Warn once per version: sending the same text again keeps it as written.
    if step == "what_happened" and state.answers.get(step) != value:
        warning = _pii_warning(value, today)
        if warning:
            return (Turn(says=(warning,), prompt=_prompt(step, uow, caveat)),
                    replace(state, answers=answers))
    following = _next_step(step, answers)
    new_state = replace(state, step=following, answers=answers)
    prompt = _confirm_prompt(new_state) if following == "confirm" else _prompt(following, uow, caveat)
    return Turn(says=tuple(says), prompt=prompt), new_state


def _parse(uow: UnitOfWork, step: str, said: str, *, today: date) -> tuple[Any, str | None]:
    """The typed answer as the draft holds it, or a message saying what to type instead."""
    lowered = said.lower()
    if step in ("immediate_risk", "child_died_or_seriously_harmed", "abuse_or_neglect_suspected"):
        if lowered in ("yes", "y"):
            return True, None
        if lowered in ("no", "n"):
            return False, None
        return None, "Please answer yes or no."
    if step == "occurred_on":
        return _parse_date(lowered, today)
    if step == "agency_ids":
        return _parse_agencies(uow, said)
    if step == "what_stopped_harm":
        return ("" if lowered in SKIP_WORDS else said), None
    options = {"kind": ReportKind, "setting": Setting, "potential_severity": Severity,
               "identity_mode": IdentityMode}.get(step)
    if options is not None:
        return _choose(said, choices(options))
    return said, None


def _choose(said: str, options: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """A button's value, an option's label, or its number in the list, in that order."""
    lowered = said.strip().lower()
    for matches in (lambda n, v, t: lowered == v.lower(), lambda n, v, t: lowered == t.lower(),
                    lambda n, v, t: lowered == str(n)):
        for number, (value, text) in enumerate(options, start=1):
            if matches(number, value, text):
                return value, None
    return None, "Please choose one of the options (you can type its number)."


def _parse_date(lowered: str, today: date) -> tuple[date | None, str | None]:
    if lowered == "today":
        return today, None
    if lowered == "yesterday":
        return today - timedelta(days=1), None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(lowered, pattern).date(), None
        except ValueError:
            continue
    return None, "Please give the date as today, yesterday or a date such as 14/11/2026."


def _parse_agencies(uow: UnitOfWork, said: str) -> tuple[list[int] | None, str | None]:
    if said.lower() in SKIP_WORDS:
        return [], None
    agencies = _agencies(uow)
    chosen: list[int] = []
    for part in said.replace(";", ",").split(","):
        value, problem = _choose(part, [(str(a.id), a.name) for a in agencies])
        if problem:
            return None, "Please give the numbers of the agencies, separated by commas, or \"none\"."
        chosen.append(int(value))  # type: ignore[arg-type]
    return chosen, None


def _pii_warning(text: str, today: date) -> str | None:
    findings = personal_details(ReportDraft(what_happened=text), today=today)["what_happened"]
    if not findings:
        return None
    lines = [f"• {text[f.start:f.end]!r} looks like {f.label}. {f.suggestion}" for f in findings]
    return ("Please check for details that could identify a child or family:\n" + "\n".join(lines)
            + "\nSend a new version, or send the same text again to keep it as it is.")


def _prompt(step: str, uow: UnitOfWork, caveat: str) -> Prompt:
    if step == "immediate_risk":
        return Prompt(step, "Is a child at immediate risk of harm right now?", choices=YES_NO)
    if step == "kind":
        return Prompt(step, "What are you reporting?", choices=tuple(choices(ReportKind)))
    if step == "what_happened":
        return Prompt(step, "What happened? Describe roles, not names (\"the mother\", "
                            "\"a child aged 5 to 10\").")
    if step == "occurred_on":
        return Prompt(step, "When did it happen?", hint="today, yesterday or a date like 14/11/2026")
    if step == "setting":
        return Prompt(step, "Where did it happen?", choices=tuple(choices(Setting)))
    if step == "agency_ids":
        return Prompt(step, "Which agencies were involved? Choose any, or \"none\".",
                      choices=tuple((str(a.id), a.name) for a in _agencies(uow)), multiple=True)
    if step == "what_stopped_harm":
        return Prompt(step, "What stopped harm happening, or what went well? (or \"skip\")")
    if step == "potential_severity":
        return Prompt(step, "If nothing had stopped it, how serious could it have been?",
                      choices=tuple(choices(Severity)))
    if step == "child_died_or_seriously_harmed":
        return Prompt(step, "Did a child die or suffer serious harm?", choices=YES_NO)
    if step == "abuse_or_neglect_suspected":
        return Prompt(step, "Is abuse or neglect known or suspected?", choices=YES_NO)
    return Prompt(
        "identity_mode", "How do you want to be identified?",
        hint=" ".join(f"{label(m)}: {IDENTITY_EXPLAINED[m]}" for m in IdentityMode) + " " + caveat,
        choices=tuple(choices(IdentityMode)))


def _confirm_prompt(state: _State) -> Prompt:
    answers = state.answers
    summary = [f"Kind: {label(ReportKind(answers['kind']))}",
               f"What happened: {answers['what_happened']}",
               f"When: {answers['occurred_on']}",
               f"Where: {label(Setting(answers['setting']))}",
               f"Could have been: {label(Severity(answers['potential_severity']))}",
               f"Identity: {label(IdentityMode(answers['identity_mode']))}"]
    return Prompt("confirm", "Check your answers:\n" + "\n".join(summary),
                  choices=(("send", "Send report"), ("restart", "Start again"),
                           ("cancel", "Cancel")))


def _draft(answers: dict[str, Any], reporter: Reporter | None = None) -> ReportDraft:
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
        identity_mode=answers.get("identity_mode"),
        reporter=reporter or Reporter(),
    )


def _submit(uow: UnitOfWork, stored: ChatConversation, state: _State, *,
            reporter: Reporter | Callable[[], Reporter], channel: Channel, settings: Settings,
            now: datetime) -> Turn:
    if state.answers.get("identity_mode") == IdentityMode.ANONYMOUS:
        reporter = Reporter()
    elif callable(reporter):
        reporter = reporter()
    # The draft goes in the same commit as the report, so a retried "send" can't send twice.
    uow.session.delete(stored)
    try:
        result = submit_report(uow, _draft(state.answers, reporter), channel=channel,
                               settings=settings, now=now)
    except InvalidReport as invalid:
        return Turn(says=tuple(p.message for p in invalid.problems),
                    prompt=_confirm_prompt(state))
    says = [f"Thank you. Your reference is {result.reference}. The learning group will "
            f"acknowledge it by {result.acknowledgement_due:%-d %B %Y}."]
    if result.case_key:
        says.append(f"Your case key is {result.case_key}. It is shown only once: keep it "
                    f"somewhere safe. Use it at {settings.base_url.rstrip('/')}/follow-up to "
                    f"see progress and answer questions.")
    return Turn(says=tuple(says), result=result)


def _agencies(uow: UnitOfWork) -> list[Agency]:
    return list(uow.session.scalars(select(Agency).where(Agency.active).order_by(Agency.name)))


def _agency_ids(uow: UnitOfWork) -> set[int]:
    return {a.id for a in _agencies(uow)}
