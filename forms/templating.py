"""What every template may call besides the GOV.UK macros: error messages in their shape, and
what the signed-in account may do (`can`), decided by `learning.reports.access.permissions`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from flask import Flask, has_request_context, render_template, request
from flask.templating import Environment
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from forms.auth import current_account
from forms.reads import request_reads
from learning.reports.access import Permissions, permissions
from learning.reports.bidi import controls_shown
from learning.reports.triage import is_closed
from learning.reports.unread import unread_reply_count

# Where an error summary link should land when the field's first input isn't named like it.
ANCHORS = {"occurred_on": "occurred_on-day", "agency_ids": "agency_ids",
           "paused_until": "paused_until-day", "from": "from-day", "to": "to-day"}


def error_for(problems: dict[str, str], field: str) -> dict[str, str] | None:
    """The `errorMessage` parameter of a GOV.UK component, or None when the field is fine."""
    return {"text": problems[field]} if field in problems else None


def anchor_for(field: str) -> str:
    """The id of the input a link about `field` should land on."""
    return ANCHORS.get(field, field)


def error_list(problems: dict[str, str]) -> list[dict[str, str]]:
    """The `errorList` of the GOV.UK error summary, in the order the problems were found."""
    return [{"text": message, "href": f"#{anchor_for(field)}"}
            for field, message in problems.items()]


class Templates(Environment):
    """Flask's template environment, each template's globals one plain dict: the
    environment's, set as the app is made, with the template's own over them.

    Jinja's own is a ChainMap over the two, and every `{% from ... import ... %}` looks each
    global up in it (about 20 us an import, and a dashboard page makes some twenty). Like
    Jinja's, a template does not see globals added after it was loaded; ours are all set in
    `create_app`, before any page is drawn."""

    def make_globals(self, d: dict[str, Any] | None) -> dict[str, Any]:
        return {**self.globals, **(d or {})}


def inert(text: object) -> Markup:
    """What a person typed, escaped, its direction controls shown inert and the whole isolated
    in <bdi>, so it can never reorder the page around it."""
    return Markup("<bdi>%s</bdi>") % escape(controls_shown("" if text is None else str(text)))


def option_items(pairs: list[tuple[str, str]], chosen: str | list[str] | None,
                 hints: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The `items` of GOV.UK radios or checkboxes, with what the person chose still chosen."""
    picked = set(chosen) if isinstance(chosen, list) else {chosen}
    hints = hints or {}
    return [{"value": value, "text": text, "checked": value in picked,
             "hint": {"text": hints[value]} if value in hints else None}
            for value, text in pairs]


def select_items(pairs: Sequence[tuple[str, str]], chosen: str | None,
                 blank: str | None = None) -> list[dict[str, Any]]:
    """The `items` of a GOV.UK select, optionally led by a blank "any" choice."""
    items = [{"value": "", "text": blank}] if blank is not None else []
    return items + [{"value": value, "text": text, "selected": value == chosen}
                    for value, text in pairs]


def agency_choices(names: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """The agencies (`learning.people.directory.agency_names`) as a filter's select offers
    them."""
    return [(str(agency_id), name) for agency_id, name in names]


def option_tags(items: list[dict[str, Any]]) -> Markup:
    """A select's <option>s, every value and text escaped: written here, not in a template
    loop, because the themes page's three lists hold some 85 of them."""
    return Markup("\n".join(
        f'<option value="{escape(item["value"])}"{" selected" if item.get("selected") else ""}>'
        f'{escape(item["text"])}</option>' for item in items))


_ERRORS = {
    400: ("Sorry, there is a problem with that request", "Go back and try again."),
    403: ("You do not have access to this page",
          "Ask a learning lead or your partnership admin if you need it."),
    404: ("Page not found", "Check the address, or go back to the page you came from."),
    413: ("That was too much to send at once", "Shorten what you wrote and try again."),
}


def _error_page(error: HTTPException) -> tuple[str, int]:
    title, advice = _ERRORS.get(error.code or 500,
                                ("Sorry, something went wrong", "Try again later."))
    return render_template("error.html", title=title, advice=advice), error.code or 500


def _account_rights() -> dict[str, Permissions]:
    # A page may pass its own `can` (one report's rights); Flask keeps the page's value.
    account = current_account() if has_request_context() else None
    return {"can": permissions(account)}


def unread_replies() -> int:
    """Reporters' replies nobody in the learning group has read: the count in the navigation."""
    account = current_account() if has_request_context() else None
    if account is None:
        return 0
    return unread_reply_count(request_reads().session, account)


def kept_url_for(app: Flask) -> Callable[..., str]:
    """Templates' `url_for`, each address built once per worker and then reused: a dashboard
    page links to some twenty addresses (the navigation, the assets), and Flask builds each
    afresh every time (about 6 us apiece). Only a plain address within a request is kept (the
    same endpoint and values under the same script root always give the same path); anything
    else (an absolute address, an anchor, a blueprint-relative endpoint, values that are not
    words or numbers, no request) is built by Flask as usual."""
    build = app.url_for

    @lru_cache(maxsize=1024)
    def kept(script_root: str, endpoint: str, values: tuple[tuple[str, str | int], ...]) -> str:
        # `script_root` is only part of the key: Flask reads it from the request itself.
        return build(endpoint, **dict(values))

    def url_for(endpoint: str, **values: Any) -> str:
        plain = (has_request_context() and not endpoint.startswith(".") and all(
            # Exactly str or int: True equals 1, and a str enum equals its value, but each
            # builds another address.
            not name.startswith("_") and type(value) in (str, int)
            for name, value in values.items()))
        if not plain:
            return build(endpoint, **values)
        return kept(request.script_root, endpoint, tuple(values.items()))

    return url_for


def add_template_helpers(app: Flask) -> None:
    for code in _ERRORS:
        app.register_error_handler(code, _error_page)
    app.context_processor(_account_rights)
    app.jinja_env.filters["inert"] = inert
    app.jinja_env.globals.update(error_for=error_for, error_list=error_list, anchor_for=anchor_for,
                                 option_items=option_items, select_items=select_items,
                                 option_tags=option_tags,
                                 is_closed=is_closed, unread_replies=unread_replies,
                                 url_for=kept_url_for(app))
