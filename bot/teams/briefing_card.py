"""A 7-minute briefing as Adaptive Card elements: one RichTextBlock per paragraph.

Every run a lead wrote is a TextRun, which Teams shows as plain text (no Markdown), with
bold and italic as the run's own properties. The only links are the ones
`learning.nudges.briefing` kept (further reading, https), as a run's OpenUrl action.
"""

from __future__ import annotations

from bot.teams import cards
from bot.teams.cards import Card
from learning.nudges.briefing import Briefing, Paragraph, Run, briefing_parts


def briefing_elements(briefing: Briefing) -> list[Card]:
    body: list[Card] = []
    for part in briefing_parts(briefing):
        body.append(cards.text(part.heading, weight="Bolder"))
        body += [_paragraph(paragraph) for paragraph in part.paragraphs]
    return body


def _paragraph(paragraph: Paragraph) -> Card:
    inlines = [{"type": "TextRun", "text": f"{paragraph.marker} "}] if paragraph.marker else []
    inlines += [_run(run) for run in paragraph.runs if cards.plain(run.text)]
    return {"type": "RichTextBlock", "inlines": inlines or [{"type": "TextRun", "text": " "}]}


def _run(run: Run) -> Card:
    found: Card = {"type": "TextRun", "text": cards.plain(run.text.replace("\n", " "))}
    if run.bold:
        found["weight"] = "Bolder"
    if run.italic:
        found["italic"] = True
    if run.code:
        found["fontType"] = "Monospace"
    if run.link:
        found["selectAction"] = {"type": "Action.OpenUrl", "url": run.link,
                                 "title": cards.plain(run.text)[:100] or "Open"}
    return found
