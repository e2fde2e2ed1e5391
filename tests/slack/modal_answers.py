"""A submitted report modal's `view` as Slack sends it, built from answers like a person's."""

from __future__ import annotations

from itertools import count
from typing import Any

from tests.slack.conftest import PRIYA
from tests.slack.fake_slack import TEAM

# Slack gives every opened modal its own view id.
_VIEWS = count(1)
STRATEGY = ("A strategy discussion nearly went ahead without police because the invitation "
            "went to an old shared mailbox.")


def _chosen(value: str | None) -> dict[str, Any]:
    return {"type": "radio_buttons", "selected_option": (
        {"value": value, "text": {"type": "plain_text", "text": value}} if value else None)}


def state_values(*, immediate_risk: str | None = "no", kind: str | None = "near_miss",
                 what_happened: str | None = STRATEGY, occurred_on: str | None = "2026-11-16",
                 setting: str | None = "multi_agency_meeting", agency_ids: tuple[str, ...] = (),
                 what_stopped_harm: str | None = "The social worker phoned the duty sergeant.",
                 potential_severity: str | None = "severe", died: str | None = None,
                 abuse: str | None = None, identity_mode: str | None = "named",
                 pii_checked: bool = False, more: str | None = None) -> dict[str, Any]:
    return {
        "what_happened_more": {"what_happened_more": {"type": "plain_text_input", "value": more}},
        "immediate_risk": {"immediate_risk": _chosen(immediate_risk)},
        "kind": {"kind": _chosen(kind)},
        "what_happened": {"what_happened": {"type": "plain_text_input", "value": what_happened}},
        "occurred_on": {"occurred_on": {"type": "datepicker", "selected_date": occurred_on}},
        "setting": {"setting": {"type": "static_select", "selected_option": (
            {"value": setting, "text": {"type": "plain_text", "text": setting}}
            if setting else None)}},
        "agency_ids": {"agency_ids": {"type": "multi_static_select", "selected_options": [
            {"value": a, "text": {"type": "plain_text", "text": a}} for a in agency_ids]}},
        "what_stopped_harm": {"what_stopped_harm": {"type": "plain_text_input",
                                                    "value": what_stopped_harm}},
        "potential_severity": {"potential_severity": _chosen(potential_severity)},
        "child_died_or_seriously_harmed": {"child_died_or_seriously_harmed": _chosen(died)},
        "abuse_or_neglect_suspected": {"abuse_or_neglect_suspected": _chosen(abuse)},
        "identity_mode": {"identity_mode": _chosen(identity_mode)},
        "pii_checked": {"pii_checked": {"type": "checkboxes", "selected_options": (
            [{"value": "checked", "text": {"type": "plain_text", "text": "checked"}}]
            if pii_checked else [])}},
    }


def submission(user: str = PRIYA, **answers: Any) -> dict[str, Any]:
    return {"type": "view_submission", "user": {"id": user, "username": "someone",
                                                "name": "someone", "team_id": TEAM},
            "view": {"id": f"V0MODAL{next(_VIEWS):03d}", "type": "modal",
                     "callback_id": "report",
                     "hash": "1700000000.abc", "private_metadata": "",
                     "state": {"values": state_values(**answers)}}}
