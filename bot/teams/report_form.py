"""The report as one Adaptive Card form: the chat conversation's questions, all at once.

The card is re-rendered with the answers as sent whenever something needs fixing, so
nothing typed is lost: problems from `check_draft` (the same rules as every channel) sit
under their questions, and personal details the PII guard finds are pointed out once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.teams import cards
from bot.teams.cards import Card, Verb
from learning.reports.clean_text import clean_text
from learning.reports.intake import Problem, ReportDraft, Reporter, SubmissionResult
from learning.reports.personal_details import details_to_check
from learning.reports.questions import Answer, Question, report_questions
from learning.settings import Settings
from storage.vocabulary import IdentityMode

FIELDS = tuple(q.field for q in report_questions())
START_WORDS = {"form", "card", "report form"}
# Few enough choices to show them all as buttons rather than a menu.
_EXPANDED_MAX = 3


def answers_from(data: dict[str, Any]) -> dict[str, str]:
    """The form's inputs as sent (Teams sends every input as a string)."""
    return {name: clean_text(str(data.get(name) or "")).strip() for name in FIELDS}


def draft_from(answers: dict[str, str], reporter: Reporter) -> ReportDraft:
    occurred: date | None
    try:
        occurred = date.fromisoformat(answers["occurred_on"])
    except ValueError:
        occurred = None
    return ReportDraft(
        immediate_risk={"yes": True, "no": False}.get(answers["immediate_risk"]),
        kind=answers["kind"] or None,
        what_happened=answers["what_happened"],
        occurred_on=occurred,
        setting=answers["setting"] or None,
        agency_ids=[int(part) for part in answers["agency_ids"].split(",")
                    if part.strip().isdigit()],
        what_stopped_harm=answers["what_stopped_harm"],
        potential_severity=answers["potential_severity"] or None,
        child_died_or_seriously_harmed=answers["child_died_or_seriously_harmed"] == "true",
        abuse_or_neglect_suspected=answers["abuse_or_neglect_suspected"] == "true",
        looked_after_child_died=answers.get("looked_after_child_died") == "true",
        identity_mode=answers["identity_mode"] or None,
        reporter=reporter if answers["identity_mode"] != IdentityMode.ANONYMOUS else Reporter(),
    )


def pii_warnings(draft: ReportDraft, answers: dict[str, str], *, today: date,
                 reviewed: str | None) -> list[str]:
    """What to point out, unless the reporter already saw it and sent the same text again."""
    warnings = []
    for name, findings in details_to_check(draft, today=today, checked=reviewed).items():
        typed = draft.told() if name == "what_happened" else answers[name]
        warnings.extend(f"{typed[f.start:f.end]!r} looks like {f.label}. {f.suggestion}"
                        for f in findings)
    return warnings


def form_card(settings: Settings, agencies: list[tuple[str, str]], *, caveat: str,
              answers: dict[str, str] | None = None, problems: list[Problem] = (),
              warnings: list[str] = (), reviewed: str | None = None) -> Card:
    answers = answers or {name: "" for name in FIELDS}
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(problem.message)
    body: list[Card] = [
        cards.warning(f"If a child is at immediate risk: {settings.emergency_contacts}"),
        cards.heading(f"Report to {settings.partnership_name}'s learning group"),
        cards.text("No one will be blamed for what you report. Describe roles, not names."),
    ]
    if problems:
        body.append(cards.warning("There is a problem: check the answers marked below."))
        body.extend(cards.warning(p.message) for p in problems
                    if p.field not in FIELDS)
    if warnings:
        body.append(cards.warning("Please check for details that could identify a child or "
                                  "family. Change them, or send the form again to keep them."))
        body.extend(cards.text(w) for w in warnings)
    for question in report_questions():
        if question.answer is Answer.AGENCIES and not agencies:
            continue
        body.append(_input(question, answers[question.field], agencies))
        body.extend(cards.text(f"{text}: {question.choice_hints[value]}", subtle=True)
                    for value, text in question.choices if value in question.choice_hints)
        body.extend(cards.warning(message) for message in by_field.get(question.field, []))
    body.append(cards.text(caveat, subtle=True))
    data: dict[str, Any] = {"reviewed": reviewed} if warnings and reviewed else {}
    return cards.card(body, [cards.execute("Send report", Verb.SUBMIT_REPORT, data)])


def _input(question: Question, value: str, agencies: list[tuple[str, str]]) -> Card:
    """One question as an Adaptive Card input, holding the answer as sent."""
    name, wording = question.field, question.wording
    if not question.required and question.answer is not Answer.AGENCIES:
        wording += " (optional)"
    if question.answer is Answer.LONG_TEXT:
        return cards.text_input(name, wording, value=value, multiline=True,
                                max_length=question.max_length)
    if question.answer is Answer.DATE:
        date_input: Card = {"type": "Input.Date", "id": name, "label": wording}
        if value:
            date_input["value"] = cards.plain(value)
        return date_input
    if question.answer is Answer.AGENCIES:
        return cards.choice_set(name, wording, agencies, value=value, multiple=True)
    if question.answer is Answer.YES_NO and not question.required:
        return {"type": "Input.Toggle", "id": name, "title": question.wording,
                "valueOn": "true", "valueOff": "false", "value": value or "false"}
    return cards.choice_set(name, wording, question.choices, value=value,
                            expanded=len(question.choices) <= _EXPANDED_MAX)


def submitted_card(result: SubmissionResult, settings: Settings) -> Card:
    body = [cards.heading(f"Thank you. Your reference is {result.reference}."),
            cards.text(f"The learning group will acknowledge it by "
                       f"{result.acknowledgement_due:%-d %B %Y}.")]
    if result.signposting:
        body.insert(0, cards.warning(f"Please act now: {result.signposting}"))
    if result.case_key:
        body.append(cards.text(
            f"Your case key is {result.case_key}. It is shown only once: keep it somewhere safe. "
            f"Use it at {settings.base_url.rstrip('/')}/follow-up to see progress and answer "
            f"questions."))
    return cards.card(body)
