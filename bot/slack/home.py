"""The App Home tab: how to report, a Report button, the person's own reports, the latest
learning nuggets sent to them, and their training that is due.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    divider,
    header,
    line_sections,
    section,
)
from bot.slack.escaping import inert, inert_within
from bot.slack.ids import Action
from bot.slack.wording import emergency_line
from learning.reports.labels import label
from learning.settings import Settings
from storage.models import Report
from storage.models.nudges import Nugget
from storage.models.training import TrainingRecord

# Sections per list: the Home tab holds at most 100 blocks, about 15 of them fixed.
SECTIONS_EACH = 5
NAME_MAX = 500  # a course name or nugget title, once escaped, on one line


def home_view(settings: Settings, reports: Sequence[Report], nuggets: Sequence[Nugget] = (),
              training: Sequence[TrainingRecord] = (), *, today: date | None = None,
              known: bool = False) -> dict[str, Any]:
    """`known`: the person is in LearnLoop's directory, so they have preferences to set."""
    buttons = [button("Report", Action.OPEN_REPORT_MODAL, value="home", style="primary")]
    if known:
        buttons.append(button("Your preferences", Action.OPEN_PREFERENCES, value="home"))
    blocks: list[Block] = [
        header(f"{settings.partnership_name}: report without blame"),
        section(f":rotating_light: *{inert(emergency_line(settings))}*"),
        section("Tell the learning group about a near miss, a concerning incident or good "
                "practice. It takes about two minutes, and no one will be blamed.\n"
                f"• Press *Report* below, or type `{inert(settings.slack_command)}` anywhere\n"
                "• Use *Report as near miss* from a message's ⋮ menu\n"
                "• Or send me a direct message saying *report*"),
        actions(buttons, block_id="home_report"),
        divider(),
        header("Your reports"),
        *_report_lines(reports, settings),
        divider(),
        header("Latest learning"),
        *_nugget_lines(nuggets, settings),
        header("Your training"),
        *_training_lines(training, today or date.today()),
    ]
    return {"type": "home", "blocks": blocks}


def _report_lines(reports: Sequence[Report], settings: Settings) -> list[Block]:
    if not reports:
        return [context("You have no named or confidential reports yet. Anonymous reports "
                        "never show here: follow them up with your case key.")]
    lines = [f"*{inert(r.reference)}* · {inert(label(r.kind))} · sent "
             f"{r.submitted_at.astimezone(settings.timezone):%-d %b %Y} · "
             f"*{inert(label(r.status))}*" for r in reports]
    return line_sections(lines, most=SECTIONS_EACH, more="…and {count} more in LearnLoop")


def _nugget_lines(nuggets: Sequence[Nugget], settings: Settings) -> list[Block]:
    if not nuggets:
        return [context("No learning nuggets yet. They will appear here when the learning "
                        "group shares them.")]
    base = settings.base_url.rstrip("/")
    lines = [f"• <{base}/learning/{n.id}|{inert_within(n.title, NAME_MAX)}>" for n in nuggets]
    return line_sections(lines, most=SECTIONS_EACH,
                         more=f"…and {{count}} more at <{base}/learning|LearnLoop>")


def _training_lines(records: Sequence[TrainingRecord], today: date) -> list[Block]:
    if not records:
        return [context("No training due. Courses and refreshers will appear here.")]
    lines = [f"• *{inert_within(r.course.name, NAME_MAX)}*: " + (
        f"overdue since {r.expires_on:%-d %B %Y}" if r.expires_on < today
        else f"refresh by {r.expires_on:%-d %B %Y}") for r in records]
    return line_sections(lines, most=SECTIONS_EACH, more="…and {count} more courses")
