"""A JSON Schema for the Adaptive Card elements LearnLoop sends, and a small validator for it.

Written from the Adaptive Cards 1.4 schema explorer, for exactly the elements we use. It is
stricter than Teams on purpose: TextBlock and FactSet (where Teams renders Markdown) are
not allowed at all, so user text can only ever sit in a TextRun, which is plain text; and
no `msteams` property (where mention entities live) may appear anywhere.
"""

from __future__ import annotations

import re
from typing import Any

STRING = {"type": "string"}
NONEMPTY = {"type": "string", "minLength": 1}
BOOLEAN = {"type": "boolean"}
DATA = {"type": "object"}
VERB = {"type": "string", "enum": ["submit_report", "acknowledge", "assign_to_me", "nugget",
                                   "save_preferences", "book_place",
                                   "action_plan", "pulse", "report_again",
                                   "course_useful"]}

SUBMIT = {"type": "object", "required": ["type", "title"], "additionalProperties": False,
          "properties": {"type": {"const": "Action.Submit"}, "title": NONEMPTY, "data": DATA}}

SCHEMA: dict[str, Any] = {
    "definitions": {
        "TextRun": {"type": "object", "required": ["type", "text"], "additionalProperties": False,
                    "properties": {
                        "type": {"const": "TextRun"}, "text": STRING,
                        "weight": {"enum": ["Lighter", "Default", "Bolder"]},
                        "color": {"enum": ["Default", "Dark", "Light", "Accent", "Good",
                                           "Warning", "Attention"]},
                        "size": {"enum": ["Small", "Default", "Medium", "Large", "ExtraLarge"]},
                        "isSubtle": BOOLEAN, "italic": BOOLEAN,
                        "fontType": {"enum": ["Default", "Monospace"]},
                        # A further-reading link: a run that opens an https address.
                        "selectAction": {"$ref": "Action.OpenUrl"}}},
        "RichTextBlock": {"type": "object", "required": ["type", "inlines"],
                          "additionalProperties": False,
                          "properties": {"type": {"const": "RichTextBlock"}, "id": STRING,
                                         "inlines": {"type": "array", "minItems": 1,
                                                     "items": {"$ref": "TextRun"}}}},
        "Choice": {"type": "object", "required": ["title", "value"], "additionalProperties": False,
                   "properties": {"title": NONEMPTY, "value": NONEMPTY}},
        "Input.ChoiceSet": {"type": "object", "required": ["type", "id", "choices"],
                            "additionalProperties": False,
                            "properties": {"type": {"const": "Input.ChoiceSet"}, "id": NONEMPTY,
                                           "label": STRING, "value": STRING,
                                           "style": {"enum": ["compact", "expanded"]},
                                           "isMultiSelect": BOOLEAN,
                                           "choices": {"type": "array", "minItems": 1,
                                                       "items": {"$ref": "Choice"}}}},
        "Input.Text": {"type": "object", "required": ["type", "id"], "additionalProperties": False,
                       "properties": {"type": {"const": "Input.Text"}, "id": NONEMPTY,
                                      "label": STRING, "value": STRING, "isMultiline": BOOLEAN,
                                      "maxLength": {"type": "integer"}}},
        "Input.Date": {"type": "object", "required": ["type", "id"], "additionalProperties": False,
                       "properties": {"type": {"const": "Input.Date"}, "id": NONEMPTY,
                                      "label": STRING,
                                      "value": {"type": "string", "pattern": "date"}}},
        # Input.Time's value is HH:MM, 24-hour (Adaptive Cards 1.4 schema).
        "Input.Time": {"type": "object", "required": ["type", "id"], "additionalProperties": False,
                       "properties": {"type": {"const": "Input.Time"}, "id": NONEMPTY,
                                      "label": STRING,
                                      "value": {"type": "string", "pattern": "time"}}},
        "Input.Toggle": {"type": "object", "required": ["type", "id", "title"],
                         "additionalProperties": False,
                         "properties": {"type": {"const": "Input.Toggle"}, "id": NONEMPTY,
                                        "title": NONEMPTY, "value": STRING, "valueOn": STRING,
                                        "valueOff": STRING}},
        "Element": {"oneOf": [{"$ref": name} for name in (
            "RichTextBlock", "Input.ChoiceSet", "Input.Text", "Input.Date", "Input.Time",
            "Input.Toggle")]},
        "Action.Submit": SUBMIT,
        "Action.Execute": {"type": "object", "required": ["type", "title", "verb", "fallback"],
                           "additionalProperties": False,
                           "properties": {"type": {"const": "Action.Execute"}, "title": NONEMPTY,
                                          "verb": VERB, "data": DATA,
                                          "fallback": {"$ref": "Action.Submit"}}},
        "Action.OpenUrl": {"type": "object", "required": ["type", "title", "url"],
                           "additionalProperties": False,
                           "properties": {"type": {"const": "Action.OpenUrl"}, "title": NONEMPTY,
                                          "url": {"type": "string", "pattern": "https"}}},
        "Action": {"oneOf": [{"$ref": name} for name in (
            "Action.Submit", "Action.Execute", "Action.OpenUrl")]},
        "AdaptiveCard": {"type": "object", "required": ["type", "version", "body"],
                         "additionalProperties": False,
                         "properties": {"type": {"const": "AdaptiveCard"},
                                        "version": {"enum": ["1.4"]},
                                        "body": {"type": "array", "minItems": 1,
                                                 "items": {"$ref": "Element"}},
                                        "actions": {"type": "array", "maxItems": 6,
                                                    "items": {"$ref": "Action"}}}},
        "Attachment": {"type": "object", "required": ["contentType", "content"],
                       "additionalProperties": False,
                       "properties": {"contentType": {"const": "application/vnd.microsoft.card"
                                                               ".adaptive"},
                                      "content": {"$ref": "AdaptiveCard"}}},
        # A message activity as we send it: one card, no text Teams would render as Markdown.
        "Message": {"type": "object", "required": ["type", "attachments"],
                    "additionalProperties": False,
                    "properties": {"type": {"const": "message"}, "id": STRING,
                                   "attachments": {"type": "array", "minItems": 1, "maxItems": 1,
                                                   "items": {"$ref": "Attachment"}}}},
    },
}

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}


def problems(instance: Any, definition: str = "AdaptiveCard") -> list[str]:
    """Every way `instance` breaks the named definition; empty when it is valid."""
    return _check(instance, {"$ref": definition}, "$")


def _check(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    if "$ref" in schema:
        return _check(value, SCHEMA["definitions"][schema["$ref"]], where)
    if "oneOf" in schema:
        return _check_one_of(value, schema["oneOf"], where)
    if not _has_type(value, schema):
        return [f"{where}: expected {schema['type']}"]
    found = _check_const_and_enum(value, schema, where)
    if isinstance(value, str):
        found.extend(_check_string(value, schema, where))
    if isinstance(value, list):
        found.extend(_check_array(value, schema, where))
    if isinstance(value, dict):
        found.extend(_check_object(value, schema, where))
    return found


def _check_one_of(value: Any, options: list[dict[str, Any]], where: str) -> list[str]:
    passing = [option for option in options if not _check(value, option, where)]
    return [] if len(passing) == 1 else [f"{where}: matches {len(passing)} of oneOf"]


def _has_type(value: Any, schema: dict[str, Any]) -> bool:
    """Whether `value` is of the schema's type (if it names one); a bool is not an integer."""
    expected = _TYPES.get(schema.get("type", ""))
    if not expected:
        return True
    return isinstance(value, expected) and isinstance(value, bool) == (expected is bool)


def _check_const_and_enum(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not one of {schema['enum']}")
    return found


def _check_string(value: str, schema: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    if len(value) < schema.get("minLength", 0):
        found.append(f"{where}: empty")
    if schema.get("pattern") == "date" and not _is_date(value):
        found.append(f"{where}: not YYYY-MM-DD")
    if schema.get("pattern") == "time" and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        found.append(f"{where}: not HH:MM")
    if schema.get("pattern") == "https" and not value.startswith("https://"):
        found.append(f"{where}: not an https URL")
    return found


def _check_array(value: list[Any], schema: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", 10**9):
        found.append(f"{where}: {len(value)} items")
    for number, item in enumerate(value):
        found.extend(_check(item, schema.get("items", {}), f"{where}[{number}]"))
    return found


def _check_object(value: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    properties = schema.get("properties", {})
    found.extend(f"{where}: missing {name}" for name in schema.get("required", [])
                 if name not in value)
    if schema.get("additionalProperties") is False:
        found.extend(f"{where}: unexpected {name}" for name in value if name not in properties)
    for name, item in value.items():
        if name in properties:
            found.extend(_check(item, properties[name], f"{where}.{name}"))
    return found


def _is_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10
