"""What every template may call besides the GOV.UK macros: error messages in their shape."""

from __future__ import annotations

from typing import Any

from flask import Flask

# Where an error summary link should land when the field's first input isn't named like it.
ANCHORS = {"occurred_on": "occurred_on-day", "agency_ids": "agency_ids"}


def error_for(problems: dict[str, str], field: str) -> dict[str, str] | None:
    """The `errorMessage` parameter of a GOV.UK component, or None when the field is fine."""
    return {"text": problems[field]} if field in problems else None


def error_list(problems: dict[str, str]) -> list[dict[str, str]]:
    """The `errorList` of the GOV.UK error summary, in the order the problems were found."""
    return [{"text": message, "href": f"#{ANCHORS.get(field, field)}"}
            for field, message in problems.items()]


def option_items(pairs: list[tuple[str, str]], chosen: str | list[str] | None,
                 hints: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The `items` of GOV.UK radios or checkboxes, with what the person chose still chosen."""
    picked = set(chosen) if isinstance(chosen, list) else {chosen}
    hints = hints or {}
    return [{"value": value, "text": text, "checked": value in picked,
             "hint": {"text": hints[value]} if value in hints else None}
            for value, text in pairs]


def add_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(error_for=error_for, error_list=error_list,
                                 option_items=option_items)
