"""The report form as a Slack modal: building it, reading it back, and showing its problems.

Block ids are the `ReportDraft` field names, so `check_draft`'s problems land next to the
question they belong to (`response_action: errors`); Slack itself keeps every answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from bot.slack.blocks import (
    Block,
    input_block,
    option,
    options,
    plain,
    section,
)
from bot.slack.escaping import inert, shortened
from bot.slack.ids import Callback
from bot.slack.receipt import receipt_message
from bot.slack.wording import anonymity_caveat, emergency_line
from learning.privacy.pii import Finding
from learning.reports.clean_text import clean_draft
from learning.reports.intake import (WHAT_HAPPENED_MAX, Problem, ReportDraft, Reporter,
                                     SubmissionResult)
from learning.reports.questions import Answer, Question, report_questions
from learning.settings import Settings
from storage.models import Agency
from storage.vocabulary import IdentityMode

PII_CHECKED = "pii_checked"
# Slack refuses a plain_text_input whose max_length is over 3000.
SLACK_TEXT_MAX = 3000
# The rest of what happened: the two boxes together hold what the web form's one box does.
MORE = "what_happened_more"
MORE_MAX = WHAT_HAPPENED_MAX - SLACK_TEXT_MAX
# Slack allows 10 radio buttons, and more than a handful read better as a menu.
_RADIOS_MAX = 5
# Slack shows a modal error under its block; longer text is cut off.
MODAL_ERROR_MAX = 300
TEXT_INPUT_MAX = 3000  # Slack refuses a plain_text_input max_length over 3000
# Problems about the reporter (name, email) belong beside the identity question.
_REPORTER_FIELDS = {"reporter_name", "reporter_email"}


def report_modal(settings: Settings, agencies: Sequence[Agency], *,
                 prefill: str = "") -> dict[str, Any]:
    """The whole form; the emergency contacts come first, before any question is answered."""
    blocks: list[Block] = [
        section(f":rotating_light: *{inert(emergency_line(settings))}*", block_id="emergency")]
    for question in report_questions():
        blocks += _asked(question, settings, agencies, prefill)
    return {"type": "modal", "callback_id": Callback.REPORT_MODAL.value,
            "title": plain("Report a near miss"), "submit": plain("Send report"),
            "close": plain("Cancel"), "blocks": blocks}


def _asked(question: Question, settings: Settings, agencies: Sequence[Agency],
           prefill: str) -> list[Block]:
    """The blocks that ask one question (none for agencies when there are none to choose)."""
    name, optional = question.field, not question.required
    if question.answer is Answer.LONG_TEXT:
        return _long_text(question, prefill if name == "what_happened" else "")
    if question.answer is Answer.DATE:
        element: dict[str, Any] = {"type": "datepicker", "action_id": name}
    elif question.answer is Answer.AGENCIES:
        if not agencies:
            return []
        element = {"type": "multi_static_select", "action_id": name,
                   "placeholder": plain("Choose any that apply"),
                   "options": [option(str(a.id), a.name) for a in agencies[:100]]}
    elif len(question.choices) > _RADIOS_MAX:
        element = {"type": "static_select", "action_id": name,
                   "placeholder": plain("Choose one"), "options": options(question.choices)}
    else:
        element = {"type": "radio_buttons", "action_id": name,
                   "options": options(question.choices)}
    blocks = [section(_choices_explained(question, settings), block_id=f"{name}_explained")] \
        if question.choice_hints else []
    return blocks + [input_block(name, question.wording, element, hint=question.hint or None,
                                 optional=optional)]


def _long_text(question: Question, prefill: str) -> list[Block]:
    limit = min(question.max_length or SLACK_TEXT_MAX, SLACK_TEXT_MAX)
    hint = question.hint
    split = (question.max_length or 0) > SLACK_TEXT_MAX
    if split:
        hint += f" This box holds {SLACK_TEXT_MAX} characters: carry on in the next one."
    blocks = [input_block(question.field, question.wording,
                          _text(question.field, limit, initial=prefill[:limit]),
                          hint=hint or None, optional=not question.required)]
    if split:
        blocks.append(input_block(MORE, "Anything more about what happened",
                                  _text(MORE, MORE_MAX, initial=prefill[limit:]), optional=True,
                                  hint=f"Up to {MORE_MAX} more characters."))
    if question.field == "what_happened":
        blocks.append(input_block(PII_CHECKED, "Personal details", {
            "type": "checkboxes", "action_id": PII_CHECKED,
            "options": [option("checked", "I have checked: nothing here identifies a child or "
                                          "family")]}, optional=True))
    return blocks


def _choices_explained(question: Question, settings: Settings) -> str:
    lines = [f"• *{inert(text)}*: {inert(question.choice_hints[value])}"
             for value, text in question.choices if value in question.choice_hints]
    explained = "\n".join(lines)
    if question.field == "identity_mode":
        explained = (f"*Named, confidential or anonymous?*\n{explained}\n"
                     f"_{inert(anonymity_caveat(settings))}_")
    return explained


def _text(action_id: str, limit: int, *, initial: str = "") -> dict[str, Any]:
    limit = min(limit, TEXT_INPUT_MAX)
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": action_id,
                               "multiline": True, "max_length": limit}
    if initial:
        element["initial_value"] = shortened(initial, limit)
    return element


def draft_from_view(view: dict[str, Any], reporter: Reporter | None = None) -> ReportDraft:
    """The answers in a submitted modal as a draft; unanswered questions stay empty."""
    values = view.get("state", {}).get("values", {})

    def entered(block_id: str) -> dict[str, Any]:
        return values.get(block_id, {}).get(block_id, {})

    answers = {q.field: _answer(q, entered(q.field)) for q in report_questions()}
    for flag in ("child_died_or_seriously_harmed", "abuse_or_neglect_suspected",
                 "looked_after_child_died"):
        answers[flag] = bool(answers.get(flag))
    return clean_draft(ReportDraft(**answers, what_happened_more=entered(MORE).get("value") or "",
                                   reporter=reporter or Reporter()))


def _answer(question: Question, got: dict[str, Any]) -> Any:
    """One answer as the draft holds it, from the element's state."""
    selected = (got.get("selected_option") or {}).get("value")
    if question.answer is Answer.YES_NO:
        return None if selected is None else selected == "yes"
    if question.answer is Answer.LONG_TEXT:
        return got.get("value") or ""
    if question.answer is Answer.DATE:
        return date.fromisoformat(got["selected_date"]) if got.get("selected_date") else None
    if question.answer is Answer.AGENCIES:
        return [int(o["value"]) for o in got.get("selected_options") or []
                if o["value"].isdigit()]
    return selected


def personal_details_checked(view: dict[str, Any]) -> bool:
    values = view.get("state", {}).get("values", {})
    return bool(values.get(PII_CHECKED, {}).get(PII_CHECKED, {}).get("selected_options"))


def personal_details_error(findings: dict[str, list[Finding]]) -> dict[str, str]:
    """The PII guard's warning, beside each text: it never changes what they wrote."""
    errors = {}
    for name, found in findings.items():
        kinds = sorted({f.label for f in found})
        errors[name] = (f"This looks like it includes {', '.join(kinds)}. Use a role, age band or "
                        f"locality instead, or tick the box below if it does not identify a "
                        f"child or family.")[:MODAL_ERROR_MAX]
    return errors


def modal_errors(problems: Iterable[Problem]) -> dict[str, str]:
    """`response_action: errors` for the problems, keyed by the block each belongs to."""
    errors: dict[str, str] = {}
    for problem in problems:
        block_id = "identity_mode" if problem.field in _REPORTER_FIELDS else problem.field
        errors[block_id] = f"{errors[block_id]} {problem.message}" if block_id in errors \
            else problem.message
    return errors


def sent_view(result: SubmissionResult, settings: Settings) -> dict[str, Any]:
    """What the modal turns into once the report is stored.

    An anonymous reporter's receipt stays in the modal, which Slack does not keep: a direct
    message would put their reference and case key in a history workspace owners can export.
    """
    if result.identity_mode is not IdentityMode.ANONYMOUS:
        blocks = [section(f"Thank you. Your reference is *{inert(result.reference)}*. I have "
                          f"sent you a message with what happens next.")]
    else:
        blocks = receipt_message(result, settings)["blocks"]
    return {"type": "modal", "callback_id": "report_sent", "title": plain("Report sent"),
            "close": plain("Done"), "blocks": blocks}
