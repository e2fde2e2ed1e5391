"""A 7-minute briefing in Slack mrkdwn: its parts as sections, every run of text made inert.

Only the links `learning.nudges.briefing` kept (further reading, https only) become Slack
links; everything else a lead typed is escaped, so `<!channel>`, `<@U123>` or `<url|text>`
in the Markdown reach Slack as the characters typed.
"""

from __future__ import annotations

from urllib.parse import quote

from bot.slack.blocks import SECTION_MAX, Block, line_sections
from bot.slack.escaping import inert_within
from learning.nudges.briefing import Briefing, Paragraph, Run, briefing_parts

# Sections per part: five parts of at most three keep a whole nugget well inside Slack's 50.
SECTIONS_PER_PART = 3
MORE = "…and more: open it in LearnLoop to read it all"
# What a Slack link needs escaped in its address: the characters that end or split it.
_URL_SAFE = "/:?=&#%+@;,.~-_!*'()[]$"


def briefing_blocks(briefing: Briefing) -> list[Block]:
    blocks: list[Block] = []
    for part in briefing_parts(briefing):
        lines = [f"*{part.heading}*"] + [paragraph_mrkdwn(p) for p in part.paragraphs]
        blocks += line_sections(lines, most=SECTIONS_PER_PART, more=MORE)
    return blocks


def paragraph_mrkdwn(paragraph: Paragraph, limit: int = SECTION_MAX - 100) -> str:
    """One paragraph or list item as one mrkdwn line, cut to fit `limit` characters."""
    line = f"{paragraph.marker} " if paragraph.marker else ""
    for run in paragraph.runs:
        room = limit - len(line)
        if room <= 1:
            return line.rstrip() + "…"
        line += run_mrkdwn(run, room)
    return line


def run_mrkdwn(run: Run, room: int) -> str:
    text = run.text.replace("\n", " ")
    core = text.strip()
    if not core:
        return " " if text else ""
    lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    if run.link:
        url = quote(run.link, safe=_URL_SAFE).replace("&", "&amp;")
        label = inert_within(core, max(room - len(url) - 3, 1)).replace("|", "¦")
        shown = f"<{url}|{label}>"
        if len(shown) <= room:
            return f"{lead}{shown}{tail}"
    marks = ("`" if run.code else "") + ("_" if run.italic else "") + ("*" if run.bold else "")
    body = inert_within(core, max(room - 2 * len(marks) - len(lead) - len(tail), 1))
    # Slack reads *bold* only with the marks against the words, so spaces stay outside them.
    return f"{lead}{marks}{body}{marks[::-1]}{tail}"
