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
from learning.reports.intake import (WHAT_HAPPENED_MAX, WHAT_STOPPED_HARM_MAX, Problem, ReportDraft,
                             Reporter, SubmissionResult)
from learning.reports.labels import IDENTITY_EXPLAINED, choices, label
from learning.privacy.pii import Finding
from learning.settings import Settings
from storage.models import Agency
from storage.vocabulary import IdentityMode, ReportKind, Setting, Severity

YES_NO = (("yes", "Yes"), ("no", "No"))
PII_CHECKED = "pii_checked"
# Slack shows a modal error under its block; longer text is cut off.
MODAL_ERROR_MAX = 300
TEXT_INPUT_MAX = 3000  # Slack refuses a plain_text_input max_length over 3000
# Problems about the reporter (name, email) belong beside the identity question.
_REPORTER_FIELDS = {"reporter_name", "reporter_email"}


def report_modal(settings: Settings, agencies: Sequence[Agency], *, prefill: str = "") -> dict[str, Any]:
    """The whole form; the emergency contacts come first, before any question is answered."""
    blocks: list[Block] = [
        section(f":rotating_light: *{inert(emergency_line(settings))}*", block_id="emergency"),
        _radios("immediate_risk", "Is a child at immediate risk of harm right now?", YES_NO),
        _radios("kind", "What are you reporting?", choices(ReportKind)),
        input_block("what_happened", "What happened?", _text("what_happened", WHAT_HAPPENED_MAX,
                                                             initial=prefill),
                    hint="Describe roles, not names: \"the mother\", \"a child aged 5 to 10\"."),
        input_block(PII_CHECKED, "Personal details", {
            "type": "checkboxes", "action_id": PII_CHECKED,
            "options": [option("checked", "I have checked: nothing here identifies a child or "
                                          "family")]}, optional=True),
        input_block("occurred_on", "When did it happen?",
                    {"type": "datepicker", "action_id": "occurred_on"}),
        input_block("setting", "Where did it happen?", {
            "type": "static_select", "action_id": "setting",
            "placeholder": plain("Choose a setting"), "options": options(choices(Setting))}),
    ]
    if agencies:
        blocks.append(input_block("agency_ids", "Which agencies were involved?", {
            "type": "multi_static_select", "action_id": "agency_ids",
            "placeholder": plain("Choose any that apply"),
            "options": [option(str(a.id), a.name) for a in agencies[:100]]}, optional=True))
    blocks += [
        input_block("what_stopped_harm", "What stopped harm happening, or what went well?",
                    _text("what_stopped_harm", WHAT_STOPPED_HARM_MAX), optional=True),
        _radios("potential_severity", "If nothing had stopped it, how serious could it have been?",
                choices(Severity)),
        _radios("child_died_or_seriously_harmed",
                "For a concerning incident: did a child die or suffer serious harm?", YES_NO,
                optional=True),
        _radios("abuse_or_neglect_suspected",
                "For a concerning incident: is abuse or neglect known or suspected?", YES_NO,
                optional=True),
        section(_identity_explained(settings), block_id="identity_explained"),
        _radios("identity_mode", "How do you want to be identified?", choices(IdentityMode)),
    ]
    return {"type": "modal", "callback_id": Callback.REPORT_MODAL.value,
            "title": plain("Report a near miss"), "submit": plain("Send report"),
            "close": plain("Cancel"), "blocks": blocks}


def _identity_explained(settings: Settings) -> str:
    lines = [f"• *{label(mode)}*: {inert(IDENTITY_EXPLAINED[mode])}" for mode in IdentityMode]
    return "*Named, confidential or anonymous?*\n" + "\n".join(lines) + \
        f"\n_{inert(anonymity_caveat(settings))}_"


def _radios(block_id: str, question: str, pairs: Iterable[tuple[str, str]], *,
            optional: bool = False) -> Block:
    return input_block(block_id, question, {"type": "radio_buttons", "action_id": block_id,
                                            "options": options(pairs)}, optional=optional)


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

    def chosen(block_id: str) -> str | None:
        selected = values.get(block_id, {}).get(block_id, {}).get("selected_option")
        return selected["value"] if selected else None

    def typed(block_id: str) -> str:
        return values.get(block_id, {}).get(block_id, {}).get("value") or ""

    picked = values.get("agency_ids", {}).get("agency_ids", {}).get("selected_options") or []
    when = values.get("occurred_on", {}).get("occurred_on", {}).get("selected_date")
    risk = chosen("immediate_risk")
    return ReportDraft(
        immediate_risk=None if risk is None else risk == "yes",
        kind=chosen("kind"),
        what_happened=typed("what_happened"),
        occurred_on=date.fromisoformat(when) if when else None,
        setting=chosen("setting"),
        agency_ids=[int(o["value"]) for o in picked if o["value"].isdigit()],
        what_stopped_harm=typed("what_stopped_harm"),
        potential_severity=chosen("potential_severity"),
        child_died_or_seriously_harmed=chosen("child_died_or_seriously_harmed") == "yes",
        abuse_or_neglect_suspected=chosen("abuse_or_neglect_suspected") == "yes",
        identity_mode=chosen("identity_mode"),
        reporter=reporter or Reporter(),
    )


def personal_details_checked(view: dict[str, Any]) -> bool:
    values = view.get("state", {}).get("values", {})
    return bool(values.get(PII_CHECKED, {}).get(PII_CHECKED, {}).get("selected_options"))


def personal_details_error(findings: Sequence[Finding]) -> dict[str, str]:
    """The PII guard's warning, beside the text: it never changes what they wrote."""
    kinds = sorted({f.label for f in findings})
    return {"what_happened": (f"This looks like it includes {', '.join(kinds)}. Use a role, age "
                              f"band or locality instead, or tick the box below if it does not "
                              f"identify a child or family.")[:MODAL_ERROR_MAX]}


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
