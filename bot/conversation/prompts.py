"""What the conversation says: each question of the report as a chat prompt, and the summary
to check before sending."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from learning.reports.intake import SubmissionResult
from learning.reports.labels import label
from learning.reports.questions import Answer, Question
from storage.vocabulary import IdentityMode, ReportKind, Setting, Severity

CONFIRM = "confirm"
DATE_TYPED_AS = "today, yesterday or a date like 14/11/2026"


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
    # For the person's eyes only (an anonymous reporter's reference and case key): shown where
    # the platform keeps no copy when it can (a Slack ephemeral message), after `says`.
    private: tuple[str, ...] = ()


def prompt_for(question: Question, agencies: Sequence[tuple[str, str]], *,
               caveat: str) -> Prompt:
    """The question as the chat asks it; `caveat` is what the platform itself keeps."""
    wording, hints = question.wording, [question.hint] if question.hint else []
    if question.answer is Answer.DATE:
        hints.insert(0, DATE_TYPED_AS + ".")
    if question.answer is Answer.AGENCIES:
        return Prompt(question.field, f"{wording} Choose any, or \"none\".",
                      hint=" ".join(hints) or None, choices=tuple(agencies), multiple=True)
    if question.answer is Answer.LONG_TEXT and not question.required:
        wording += " (or \"skip\")"
    hints += [f"{text}: {question.choice_hints[value]}" for value, text in question.choices
              if value in question.choice_hints]
    if question.field == "identity_mode":
        hints.append(caveat)
    return Prompt(question.field, wording, hint=" ".join(hints) or None,
                  choices=question.choices)


def check_your_answers(answers: Mapping[str, Any]) -> Prompt:
    harm = [text for name, text in (
        ("child_died_or_seriously_harmed", "a child died or was seriously harmed"),
        ("abuse_or_neglect_suspected", "abuse or neglect is known or suspected"),
        ("looked_after_child_died", "a looked after child died"))
        if answers.get(name)]
    summary = [f"Kind: {label(ReportKind(answers['kind']))}",
               f"What happened: {answers['what_happened']}",
               f"When: {answers['occurred_on']}",
               f"Where: {label(Setting(answers['setting']))}",
               f"Could have been: {label(Severity(answers['potential_severity']))}",
               f"Serious harm, abuse or neglect: {'; '.join(harm) if harm else 'neither'}",
               f"Identity: {label(IdentityMode(answers['identity_mode']))}"]
    return Prompt(CONFIRM, "Check your answers:\n" + "\n".join(summary),
                  choices=(("send", "Send report"), ("restart", "Start again"),
                           ("cancel", "Cancel")))
