"""A report as the learning group's Slack channel shows it: masked text, marks, triage buttons.

Built only from a `ReportCard`, which never holds the reporter. Every string from the report
is made inert, so nothing a reporter writes can ping a channel, mention anyone or forge a link.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.slack.blocks import (
    FIELD_MAX,
    MESSAGE_BLOCKS_MAX,
    SECTION_MAX,
    actions,
    button,
    header,
    line_sections,
    section,
)
from bot.slack.escaping import inert, inert_list, inert_within
from bot.slack.ids import Action
from learning.messaging import ReportCard, TextNotice

_USER_GROUP = re.compile(r"^S[A-Z0-9]{2,30}$")
LINE_MAX = 1000  # one line of a digest, once escaped


def card_message(card: ReportCard, *, oncall_group: str | None = None) -> dict[str, Any]:
    """`text` (the notification) and `blocks` for chat.postMessage or chat.update."""
    alert = card.urgent or card.notifiable
    group = card.mention or oncall_group
    mention = f" <!subteam^{group}>" if alert and group and _USER_GROUP.match(group) else ""
    title = f"{'Urgent: ' if alert else ''}{card.kind} {card.reference}"
    blocks = [header(title)]
    if alert:
        blocks.append(section(_alert(card) + mention))
    blocks += [
        section(inert_within(card.what_happened, SECTION_MAX)),
        section(None, fields=[
            f"*Status*\n{inert(card.status)}",
            f"*Where*\n{inert(card.setting)}",
            f"*Could have been*\n{inert(card.severity)}",
            f"*Agencies*\n{inert_list(card.agencies, FIELD_MAX - 20) or 'None given'}",
            f"*Acknowledge by*\n{_day(card.acknowledgement_due)}",
            f"*Assigned to*\n"
            f"{inert_within(card.assignee, FIELD_MAX - 20) if card.assignee else 'Nobody yet'}",
        ]),
        actions([
            button("Acknowledge", Action.ACKNOWLEDGE, value=card.reference, style="primary"),
            button("Assign to me", Action.ASSIGN_TO_ME, value=card.reference),
            button("Open in dashboard", Action.OPEN_DASHBOARD, url=card.dashboard_url),
        ], block_id=f"triage:{card.reference}"),
    ]
    return {"text": f"New report: {inert(title)}{mention}", "blocks": blocks}


def _alert(card: ReportCard) -> str:
    parts = [":rotating_light: *Urgent*"]
    if card.notifiable:
        parts.append("*Notifiable incident*")
        if card.notification_due:
            parts.append(f"notify by {_day(card.notification_due)}")
        if card.rapid_review_due:
            parts.append(f"rapid review by {_day(card.rapid_review_due)}")
    return " · ".join(parts)


def text_message(notice: TextNotice) -> dict[str, Any]:
    return {"text": inert_within(notice.text, SECTION_MAX),
            "blocks": [section(inert_within(notice.text, SECTION_MAX))]}


def read_only_message(notice: Any) -> dict[str, Any]:
    """Nuggets, training reminders and digests, read-only until their Slack buttons are built:
    the heading, the text (every line made inert) and a link to read it on the web.
    """
    heading = getattr(notice, "title", None) or getattr(notice, "heading", None) or "LearnLoop"
    body = getattr(notice, "body", None) or getattr(notice, "text", None) or ""
    blocks = [header(heading)]
    if body.strip():
        blocks.append(section(inert_within(body, SECTION_MAX)))
    lines: list[str] = []
    for part in getattr(notice, "sections", ()):
        lines.append(f"*{inert_within(part.heading, LINE_MAX)}*")
        lines += [f"• {inert_within(line, LINE_MAX)}" for line in part.lines]
    # A digest can have hundreds of lines: the message stays within Slack's 50 blocks.
    blocks += line_sections(lines, most=MESSAGE_BLOCKS_MAX - len(blocks) - 1,
                            more="…and {count} more lines in LearnLoop")
    link = getattr(notice, "web_url", None) or getattr(notice, "link", None)
    if link:
        blocks.append(actions([button("Open in LearnLoop", Action.OPEN_DASHBOARD, url=link)]))
    return {"text": inert(heading), "blocks": blocks}


def _day(day: date) -> str:
    return f"{day:%-d %B %Y}"
