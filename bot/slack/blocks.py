"""Small Block Kit builders. Text that a person typed must reach `mrkdwn` only through
`escaping.inert`; `plain` text is shown literally by Slack and needs no escaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.slack.escaping import shortened

Block = dict[str, Any]
# Slack's limits: plain text in options and buttons, header text, section text.
OPTION_TEXT_MAX = 75
BUTTON_TEXT_MAX = 75
HEADER_MAX = 150
SECTION_MAX = 3000
FIELD_MAX = 2000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100


def plain(text: str, limit: int | None = None) -> dict[str, Any]:
    return {"type": "plain_text", "text": shortened(text, limit) if limit else text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack must not turn names, #channels or addresses in report text into links
    # or mentions; our own mentions are written out in <...> form and still work.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_MAX)}


def section(text: str | None, *, block_id: str | None = None,
            fields: Sequence[str] = ()) -> Block:
    block: Block = {"type": "section"}
    if text is not None:
        block["text"] = mrkdwn(text)
    if fields:
        block["fields"] = [mrkdwn(field) for field in fields]
    if block_id:
        block["block_id"] = block_id
    return block


def line_sections(lines: Sequence[str], *, most: int, more: str) -> list[Block]:
    """Lines of mrkdwn (each under 3000 characters) packed into at most `most` sections of
    Slack's 3000; what does not fit is counted in a last line, `more` with `{count}` filled in.
    """
    chunks: list[list[str]] = [[]]
    for number, line in enumerate(lines):
        if _fits(chunks[-1], line):
            chunks[-1].append(line)
        elif len(chunks) < most:
            chunks.append([line])
        else:
            left = len(lines) - number
            while chunks[-1] and not _fits(chunks[-1], more.format(count=left)):
                chunks[-1].pop()
                left += 1
            chunks[-1].append(more.format(count=left))
            break
    return [section("\n".join(chunk)) for chunk in chunks if chunk]


def _fits(chunk: list[str], line: str) -> bool:
    return len("\n".join([*chunk, line])) <= SECTION_MAX


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def divider() -> Block:
    return {"type": "divider"}


def actions(elements: Iterable[dict[str, Any]], *, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def button(text: str, action_id: str, *, value: str | None = None, url: str | None = None,
           style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text, BUTTON_TEXT_MAX),
                               "action_id": action_id}
    if value is not None:
        element["value"] = value
    if url is not None:
        element["url"] = url
    if style is not None:
        element["style"] = style
    return element


def option(value: str, text: str) -> dict[str, Any]:
    return {"text": plain(text, OPTION_TEXT_MAX), "value": value}


def options(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    return [option(value, text) for value, text in pairs]


def input_block(block_id: str, label: str, element: dict[str, Any], *, hint: str | None = None,
                optional: bool = False) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
                    "element": element, "optional": optional}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block
