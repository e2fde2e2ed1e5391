"""Slack mrkdwn escaping: every string a person typed goes through `inert` before Slack sees it.

Slack reads `<...>` as a mention, a channel-wide ping or a link, and `&` as the start of an
entity; escaping those three characters leaves the text exactly as typed but harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from learning.reports.bidi import controls_shown

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_UNESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def inert(text: str) -> str:
    """The text as Slack mrkdwn that shows it literally: no pings, mentions or links, and
    direction controls shown inert (learning.reports.bidi)."""
    return controls_shown(text).translate(_ESCAPES)


def as_typed(slack_text: str) -> str:
    """Slack's own escaped message text (e.g. from a message shortcut) back as plain text."""
    for entity, character in _UNESCAPES:
        slack_text = slack_text.replace(entity, character)
    return slack_text


def shortened(text: str, limit: int, *, tail: str = "…") -> str:
    """Slack refuses over-long text fields; cut at `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - len(tail)] + tail


def inert_within(text: str, limit: int, *, tail: str = "…") -> str:
    """`inert(text)`, cut (before escaping, so no entity is split) to fit `limit` characters."""
    escaped = inert(text)
    if len(escaped) <= limit:
        return escaped
    room, kept = limit - len(tail), 0
    for character in text:
        # "&" becomes five characters: count what each one costs once escaped.
        cost = len(inert(character))
        if cost > room:
            break
        room -= cost
        kept += 1
    return inert(text[:kept]) + tail


def inert_list(items: Sequence[str], limit: int, *, separator: str = ", ") -> str:
    """The items, each inert, joined while they fit `limit`; the rest counted ("and 12 more")."""
    shown: list[str] = []
    for number, item in enumerate(items):
        rest = len(items) - number - 1
        more = f"{separator}and {rest} more" if rest else ""
        candidate = separator.join([*shown, inert(item)])
        if len(candidate) + len(more) > limit:
            if not shown:  # one item longer than the room: shorten it instead
                return inert_within(item, limit - len(more)) + more
            return separator.join(shown) + f"{separator}and {len(items) - number} more"
        shown.append(inert(item))
    return separator.join(shown)
