"""The report as one Adaptive Card form: the chat conversation's questions, all at once.

The card is re-rendered with the answers as sent whenever something needs fixing, so
nothing typed is lost: problems from `check_draft` (the same rules as every channel) sit
under their questions, and personal details the PII guard finds are pointed out once.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from bot.conversation import YES_NO
from bot.teams import cards
from bot.teams.cards import Card, Verb
from learning.reports.intake import (
    WHAT_HAPPENED_MAX,
    WHAT_STOPPED_HARM_MAX,
    Problem,
    ReportDraft,
    Reporter,
    SubmissionResult,
    personal_details,
)
from learning.reports.labels import IDENTITY_EXPLAINED, choices, label
from learning.settings import Settings
from storage.vocabulary import IdentityMode, ReportKind, Setting, Severity

FIELDS = ("immediate_risk", "kind", "what_happened", "occurred_on", "setting", "agency_ids",
          "what_stopped_harm", "potential_severity", "child_died_or_seriously_harmed",
          "abuse_or_neglect_suspected", "identity_mode")
START_WORDS = {"form", "card", "report form"}


def answers_from(data: dict[str, Any]) -> dict[str, str]:
    """The form's inputs as sent (Teams sends every input as a string)."""
    return {name: str(data.get(name) or "").strip() for name in FIELDS}


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
        agency_ids=[int(part) for part in answers["agency_ids"].split(",") if part.strip().isdigit()],
        what_stopped_harm=answers["what_stopped_harm"],
        potential_severity=answers["potential_severity"] or None,
        child_died_or_seriously_harmed=answers["child_died_or_seriously_harmed"] == "true",
        abuse_or_neglect_suspected=answers["abuse_or_neglect_suspected"] == "true",
        identity_mode=answers["identity_mode"] or None,
        reporter=reporter if answers["identity_mode"] != IdentityMode.ANONYMOUS else Reporter(),
    )


def fingerprint(answers: dict[str, str]) -> str:
    """Stands for the free text as it was when the PII warnings were shown."""
    both = f"{answers['what_happened']}\x00{answers['what_stopped_harm']}".encode()
    return hashlib.sha256(both).hexdigest()[:16]


def pii_warnings(draft: ReportDraft, answers: dict[str, str], *, today: date,
                 reviewed: str | None) -> list[str]:
    """What to point out, unless the reporter already saw it and sent the same text again."""
    if reviewed == fingerprint(answers):
        return []
    warnings = []
    for name, findings in personal_details(draft, today=today).items():
        typed = answers[name]
        warnings.extend(f"{typed[f.start:f.end]!r} looks like {f.label}. {f.suggestion}"
                        for f in findings)
    return warnings


def form_card(settings: Settings, agencies: list[tuple[str, str]], *, caveat: str,
              answers: dict[str, str] | None = None, problems: list[Problem] = (),
              warnings: list[str] = ()) -> Card:
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

    def add(name: str, element: Card) -> None:
        body.append(element)
        body.extend(cards.warning(message) for message in by_field.get(name, []))

    add("immediate_risk", cards.choice_set(
        "immediate_risk", "Is a child at immediate risk of harm right now?", YES_NO,
        value=answers["immediate_risk"], expanded=True))
    add("kind", cards.choice_set("kind", "What are you reporting?", choices(ReportKind),
                                 value=answers["kind"], expanded=True))
    add("what_happened", cards.text_input(
        "what_happened", "What happened?", value=answers["what_happened"], multiline=True,
        max_length=WHAT_HAPPENED_MAX))
    date_input: Card = {"type": "Input.Date", "id": "occurred_on", "label": "When did it happen?"}
    if answers["occurred_on"]:
        date_input["value"] = cards.plain(answers["occurred_on"])
    add("occurred_on", date_input)
    add("setting", cards.choice_set("setting", "Where did it happen?", choices(Setting),
                                    value=answers["setting"]))
    if agencies:
        add("agency_ids", cards.choice_set("agency_ids", "Which agencies were involved?",
                                           agencies, value=answers["agency_ids"], multiple=True))
    add("what_stopped_harm", cards.text_input(
        "what_stopped_harm", "What stopped harm happening, or what went well? (optional)",
        value=answers["what_stopped_harm"], multiline=True, max_length=WHAT_STOPPED_HARM_MAX))
    add("potential_severity", cards.choice_set(
        "potential_severity", "If nothing had stopped it, how serious could it have been?",
        choices(Severity), value=answers["potential_severity"]))
    body.append(cards.text("For a concerning incident only:", subtle=True))
    for name, question in (("child_died_or_seriously_harmed", "A child died or suffered serious harm"),
                           ("abuse_or_neglect_suspected", "Abuse or neglect is known or suspected")):
        add(name, {"type": "Input.Toggle", "id": name, "title": question, "valueOn": "true",
                   "valueOff": "false", "value": answers[name] or "false"})
    add("identity_mode", cards.choice_set(
        "identity_mode", "How do you want to be identified?", choices(IdentityMode),
        value=answers["identity_mode"], expanded=True))
    body.extend(cards.text(f"{label(mode)}: {IDENTITY_EXPLAINED[mode]}", subtle=True)
                for mode in IdentityMode)
    body.append(cards.text(caveat, subtle=True))
    data: dict[str, Any] = {}
    if warnings:
        data["reviewed"] = fingerprint(answers)
    return cards.card(body, [cards.execute("Send report", Verb.SUBMIT_REPORT, data)])


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
