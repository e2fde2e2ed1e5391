"""The web form's answers as typed, carried from page to page in hidden fields.

Nothing is kept on the server until the report is sent, so an abandoned report leaves no
trace, and a failed page never loses what the reporter typed.
"""

from __future__ import annotations

from datetime import date

from werkzeug.datastructures import MultiDict

from learning.reports.clean_text import clean_text
from learning.reports.intake import Problem, ReportDraft, Reporter

TEXT_FIELDS = ("immediate_risk", "kind", "what_happened", "occurred_on-day", "occurred_on-month",
               "occurred_on-year", "setting", "what_stopped_harm", "potential_severity",
               "child_died_or_seriously_harmed", "abuse_or_neglect_suspected",
               "looked_after_child_died", "identity_mode",
               "reporter_name", "reporter_email", "reporter_job_title", "pii_checked")
LIST_FIELDS = ("agency_ids",)
LONG_TEXT_FIELDS = ("what_happened", "what_stopped_harm")
SHORT_MAX = 1000

Answers = dict[str, str | list[str]]


def blank_answers(**given: str) -> Answers:
    answers: Answers = {name: "" for name in TEXT_FIELDS}
    answers.update({name: [] for name in LIST_FIELDS})
    answers.update(given)
    return answers


def answers_from(form: MultiDict[str, str]) -> Answers:
    """The answers as sent, cleaned as they will be stored, so what is shown back is what is
    kept. Free text is kept whole (the body limit bounds it), so a "too long" message never
    loses the end of it; short answers are cut."""
    answers: Answers = {name: clean_text(form.get(name, "")) for name in TEXT_FIELDS}
    for name, value in answers.items():
        if name not in LONG_TEXT_FIELDS:
            answers[name] = value[:SHORT_MAX]
    for name in LIST_FIELDS:
        answers[name] = form.getlist(name)[:50]
    return answers


def hidden_fields(answers: Answers) -> list[tuple[str, str]]:
    """(name, value) pairs that carry every answer to the next page."""
    pairs: list[tuple[str, str]] = []
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        pairs.extend((name, v) for v in values)
    return pairs


def draft_from(answers: Answers) -> tuple[ReportDraft, list[Problem]]:
    """The draft for `learning.reports.intake`, plus the problems only the web form has (dates)."""
    occurred_on, date_problem = _date(answers)
    risk = answers.get("immediate_risk")
    draft = ReportDraft(
        immediate_risk={"yes": True, "no": False}.get(str(risk)),
        kind=_text(answers, "kind") or None,
        what_happened=_text(answers, "what_happened"),
        occurred_on=occurred_on,
        setting=_text(answers, "setting") or None,
        agency_ids=[int(a) for a in answers.get("agency_ids") or [] if str(a).isdigit()],
        what_stopped_harm=_text(answers, "what_stopped_harm"),
        potential_severity=_text(answers, "potential_severity") or None,
        child_died_or_seriously_harmed=_text(answers, "child_died_or_seriously_harmed") == "yes",
        abuse_or_neglect_suspected=_text(answers, "abuse_or_neglect_suspected") == "yes",
        looked_after_child_died=_text(answers, "looked_after_child_died") == "yes",
        identity_mode=_text(answers, "identity_mode") or None,
        reporter=Reporter(
            name=_text(answers, "reporter_name") or None,
            email=_text(answers, "reporter_email") or None,
            job_title=_text(answers, "reporter_job_title") or None,
        ),
    )
    return draft, [date_problem] if date_problem else []


def _text(answers: Answers, name: str) -> str:
    value = answers.get(name, "")
    return value if isinstance(value, str) else ""


def _date(answers: Answers) -> tuple[date | None, Problem | None]:
    parts = [_text(answers, f"occurred_on-{part}").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, None
    if not all(p.isdigit() for p in parts):
        return None, Problem("occurred_on", "The date it happened must include a day, month and "
                                            "year, in numbers")
    if len(parts[2]) != 4:
        return None, Problem("occurred_on", "Year must include 4 numbers")
    day, month, year = (int(p) for p in parts)
    try:
        return date(year, month, day), None
    except ValueError:
        return None, Problem("occurred_on", "The date it happened must be a real date")
