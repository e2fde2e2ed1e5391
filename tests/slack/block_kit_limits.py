"""Slack's published Block Kit limits, checked the way Slack checks them before it accepts a view
or a message. The fake Slack refuses anything this finds, as the real one does.

From Slack's Block Kit reference: text objects 1-3000 characters; section text 3000, 10 fields
of 2000; header 150; button text 75, value 2000, url 3000; option text 75, value 150;
100 options in a select (10 in radio buttons and checkboxes); plain_text_input max_length
1-3000; action_id and block_id 255, action_ids unique within a block, block_ids unique within
a view or message; 25 elements in an actions block, 10 in a context; modal title, submit and
close 24; private_metadata 3000; 50 blocks in a message, 100 in a modal or Home tab.
"""

from __future__ import annotations

from typing import Any

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
_OPTIONS_MAX = {"static_select": 100, "multi_static_select": 100, "overflow": 5,
                "radio_buttons": 10, "checkboxes": 10}


def view_problems(view: dict[str, Any]) -> list[str]:
    """Every way `view` breaks Slack's rules for views.open, views.update, views.publish."""
    found: list[str] = []
    for name in ("title", "submit", "close"):
        if name in view:
            found += _text(view[name], f"/view/{name}", 24)
    if len(view.get("private_metadata", "")) > 3000:
        found.append("/view/private_metadata: over 3000 characters")
    if len(view.get("callback_id", "")) > 255:
        found.append("/view/callback_id: over 255 characters")
    return found + blocks_problems(view.get("blocks", []), VIEW_BLOCKS_MAX, "/view/blocks")


def blocks_problems(blocks: list[dict[str, Any]], most: int = MESSAGE_BLOCKS_MAX,
                    where: str = "/blocks") -> list[str]:
    found = [f"{where}: {len(blocks)} blocks, more than {most}"] if len(blocks) > most else []
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    found += [f"{where}: block_id {b!r} repeated" for b in set(block_ids)
              if block_ids.count(b) > 1]
    for number, block in enumerate(blocks):
        found += _block(block, f"{where}/{number}")
    return found


def _block(block: dict[str, Any], where: str) -> list[str]:
    found = _length(block.get("block_id"), f"{where}/block_id", 255)
    kind = block.get("type")
    if kind == "section":
        found += _section(block, where)
    elif kind == "header":
        found += _text(block.get("text"), f"{where}/text", 150)
    elif kind == "context":
        found += _elements(block.get("elements", []), where, 10)
    elif kind == "actions":
        found += _elements(block.get("elements", []), where, 25)
    elif kind == "input":
        found += _text(block.get("label"), f"{where}/label", 2000)
        if "hint" in block:
            found += _text(block["hint"], f"{where}/hint", 2000)
        found += _element(block.get("element", {}), f"{where}/element")
    return found


def _section(block: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    if "text" not in block and "fields" not in block:
        found.append(f"{where}: a section needs text or fields")
    if "text" in block:
        found += _text(block["text"], f"{where}/text", 3000)
    fields = block.get("fields", [])
    if len(fields) > 10:
        found.append(f"{where}/fields: more than 10")
    for number, field in enumerate(fields):
        found += _text(field, f"{where}/fields/{number}", 2000)
    if "accessory" in block:
        found += _element(block["accessory"], f"{where}/accessory")
    return found


def _elements(elements: list[dict[str, Any]], where: str, most: int) -> list[str]:
    found = [f"{where}/elements: more than {most}"] if len(elements) > most else []
    if not elements:
        found.append(f"{where}/elements: empty")
    action_ids = [e["action_id"] for e in elements if "action_id" in e]
    found += [f"{where}: action_id {a!r} repeated in one block" for a in set(action_ids)
              if action_ids.count(a) > 1]
    for number, element in enumerate(elements):
        found += _element(element, f"{where}/elements/{number}")
    return found


def _element(element: dict[str, Any], where: str) -> list[str]:
    kind = element.get("type")
    if kind in ("plain_text", "mrkdwn"):
        return _text(element, where, 3000)
    found = _length(element.get("action_id"), f"{where}/action_id", 255)
    if kind == "button":
        found += _text(element.get("text"), f"{where}/text", 75)
        found += _length(element.get("value"), f"{where}/value", 2000)
        found += _length(element.get("url"), f"{where}/url", 3000)
    elif kind == "plain_text_input":
        most = element.get("max_length", 3000)
        if not isinstance(most, int) or not 1 <= most <= 3000:
            found.append(f"{where}/max_length: {most!r} is not between 1 and 3000")
        if not 0 <= element.get("min_length", 0) <= 3000:
            found.append(f"{where}/min_length: not between 0 and 3000")
    elif kind in _OPTIONS_MAX:
        options = element.get("options", [])
        if not 1 <= len(options) <= _OPTIONS_MAX[kind]:
            found.append(f"{where}/options: {len(options)}, not 1 to {_OPTIONS_MAX[kind]}")
        for number, option in enumerate(options):
            found += _text(option.get("text"), f"{where}/options/{number}/text", 75)
            found += _length(option.get("value"), f"{where}/options/{number}/value", 150)
    if "placeholder" in element:
        found += _text(element["placeholder"], f"{where}/placeholder", 150)
    return found


def _text(text: Any, where: str, most: int) -> list[str]:
    if not isinstance(text, dict) or not isinstance(text.get("text"), str):
        return [f"{where}: a text object is required"]
    if not 1 <= len(text["text"]) <= most:
        return [f"{where}: {len(text['text'])} characters, not 1 to {most}"]
    return []


def _length(value: Any, where: str, most: int) -> list[str]:
    if isinstance(value, str) and len(value) > most:
        return [f"{where}: {len(value)} characters, more than {most}"]
    return []
