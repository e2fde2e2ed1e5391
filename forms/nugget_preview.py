"""The dashboard's preview of a nugget: what Slack, Teams and email will really show.

Slack's blocks and Teams' card come from the platforms' own renderers (handed in by app.py
as `services().nugget_renderings`), the email from `learning.nudges.briefing`; here they
are only drawn as HTML, every string escaped again and the whole sanitised.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from forms import services
from learning.messaging import NuggetNotice
from learning.nudges.briefing import briefing_html, briefing_text, sanitised

_SLACK_LINK = re.compile(r"<([^|>]+)\|([^>]*)>")
_SLACK_MARKS = ((re.compile(r"`([^`\n]+)`"), "code"), (re.compile(r"\*([^*\n]+)\*"), "strong"),
                (re.compile(r"(?<!\w)_([^_\n]+)_(?!\w)"), "em"))


@dataclass(frozen=True)
class Preview:
    slack: Markup
    teams: Markup
    email: Markup
    email_text: str


def preview(notice: NuggetNotice) -> Preview:
    renderings = services().nugget_renderings
    title = html.escape(notice.title)
    email = f'<p class="govuk-body govuk-!-font-weight-bold">{title}</p>' + \
        briefing_html(notice.briefing, heading_level=3)
    return Preview(slack=slack_html(renderings["slack"](notice)["blocks"]),
                   teams=teams_html(renderings["teams"](notice)),
                   email=Markup(sanitised(email)), email_text=briefing_text(notice.briefing))


def slack_html(blocks: list[dict[str, Any]]) -> Markup:
    out = []
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            out.append(f'<p class="govuk-body govuk-!-font-weight-bold">'
                       f'{html.escape(block["text"]["text"])}</p>')
        elif kind == "section" and "text" in block:
            lines = block["text"]["text"].split("\n")
            out += [f'<p class="govuk-body">{mrkdwn_html(line)}</p>' for line in lines if line]
        elif kind == "context":
            text = " ".join(mrkdwn_html(e.get("text", "")) for e in block["elements"])
            out.append(f'<p class="govuk-body-s">{text}</p>')
        elif kind == "actions":
            out.append(_buttons(e["text"]["text"] for e in block["elements"]))
    return Markup(sanitised("".join(out)))


def mrkdwn_html(text: str) -> str:
    """Slack mrkdwn drawn as HTML: links, bold, italic and code; Slack's own escapes undone."""
    out, position = [], 0
    for link in _SLACK_LINK.finditer(text):
        out.append(_styled(text[position:link.start()]))
        href = html.escape(_unescaped(link[1]), quote=True)
        out.append(f'<a class="govuk-link" href="{href}">{_styled(link[2])}</a>')
        position = link.end()
    out.append(_styled(text[position:]))
    return "".join(out)


def _unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _styled(text: str) -> str:
    shown = html.escape(_unescaped(text))
    for pattern, tag in _SLACK_MARKS:
        shown = pattern.sub(rf"<{tag}>\1</{tag}>", shown)
    return shown


def teams_html(card: dict[str, Any]) -> Markup:
    out = []
    for element in card["body"]:
        if element["type"] == "RichTextBlock":
            inner = "".join(_text_run(run) for run in element["inlines"])
            out.append(f'<p class="govuk-body">{inner}</p>')
        elif element["type"] == "Input.ChoiceSet":
            out.append(_buttons(choice["title"] for choice in element["choices"]))
    out.append(_buttons(action["title"] for action in card.get("actions", [])))
    return Markup(sanitised("".join(out)))


def _text_run(run: dict[str, Any]) -> str:
    shown = html.escape(run["text"])
    if run.get("fontType") == "Monospace":
        shown = f"<code>{shown}</code>"
    if run.get("italic"):
        shown = f"<em>{shown}</em>"
    if run.get("weight") == "Bolder":
        shown = f"<strong>{shown}</strong>"
    if run.get("selectAction"):
        href = html.escape(run["selectAction"]["url"], quote=True)
        shown = f'<a class="govuk-link" href="{href}">{shown}</a>'
    return shown


def _buttons(titles: Any) -> str:
    shown = " · ".join(f"[{html.escape(title)}]" for title in titles)
    return f'<p class="govuk-body-s">Buttons: {shown}</p>' if shown else ""
