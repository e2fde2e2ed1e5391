"""Reading what a person typed (or the button they pressed) as the answer to a question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from learning.reports.questions import Answer, Question

SKIP_WORDS = {"skip", "none", "no", "n/a"}
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")


def read_answer(question: Question, said: str, *, agencies: Sequence[tuple[str, str]],
                today: date) -> tuple[Any, str | None]:
    """The answer as the draft holds it, or a message saying what to type instead."""
    lowered = said.lower()
    if question.answer is Answer.YES_NO:
        return _yes_or_no(lowered)
    if question.answer is Answer.DATE:
        return _date(lowered, today)
    if question.answer is Answer.AGENCIES:
        return _agencies(said, agencies)
    if question.answer is Answer.LONG_TEXT and not question.required and lowered in SKIP_WORDS:
        return "", None
    if question.answer is Answer.ONE_CHOICE:
        return choose(said, question.choices)
    return said, None


def choose(said: str, options: Sequence[tuple[str, str]]) -> tuple[str | None, str | None]:
    """A button's value, an option's label, or its number in the list, in that order."""
    lowered = said.strip().lower()
    for matches in (lambda n, v, t: lowered == v.lower(), lambda n, v, t: lowered == t.lower(),
                    lambda n, v, t: lowered == str(n)):
        for number, (value, text) in enumerate(options, start=1):
            if matches(number, value, text):
                return value, None
    return None, "Please choose one of the options (you can type its number)."


def _yes_or_no(lowered: str) -> tuple[bool | None, str | None]:
    if lowered in ("yes", "y"):
        return True, None
    if lowered in ("no", "n"):
        return False, None
    return None, "Please answer yes or no."


def _date(lowered: str, today: date) -> tuple[date | None, str | None]:
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


def _agencies(said: str, agencies: Sequence[tuple[str, str]]) -> tuple[list[int] | None,
                                                                        str | None]:
    if said.lower() in SKIP_WORDS:
        return [], None
    chosen: list[int] = []
    for part in said.replace(";", ",").split(","):
        value, problem = choose(part, agencies)
        if problem or value is None:
            return None, ("Please give the numbers of the agencies, separated by commas, "
                          "or \"none\".")
        chosen.append(int(value))
    return chosen, None
